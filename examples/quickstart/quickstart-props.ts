import { Duration } from 'aws-cdk-lib';
import { BucketAccess, Catalog, GracefulShutdownWorkersOptions, TrinoVersion } from 'cdk-trino-on-eks';

// The quickstart's settings in one place, with no construct in sight: the CDK app (quickstart-stack.ts)
// deploys them, and the library's local stack can run the same settings on a workstation. Only the
// metastore URI and the bucket name differ between the two, so they are parameters.

/** The Trino release. 476 is the newest release the local stack can download, so both runtimes agree. */
export const QUICKSTART_TRINO_VERSION = TrinoVersion.V476;

/** The key prefix of the warehouse (managed Hive and Iceberg tables) in the lake bucket. */
export const QUICKSTART_WAREHOUSE_PREFIX = 'warehouse';

/** Workers at most. */
export const QUICKSTART_MAX_WORKERS = 2;

/** Worker nodes: memory-optimized 2xlarge (8 vCPUs, 64 GiB; r6i/r6a/r7i/r7a), spot first. */
export const QUICKSTART_WORKER_INSTANCE_SIZE = '2xlarge';

/** The coordinator node: memory-optimized xlarge (4 vCPUs, 32 GiB), on demand. */
export const QUICKSTART_COORDINATOR_INSTANCE_SIZE = 'xlarge';

/**
 * Graceful worker shutdown: 2 x 10 s grace + 1 min longest task + 30 s margin = 110 s, which fits the
 * two-minute spot interruption notice.
 */
export const QUICKSTART_GRACEFUL_SHUTDOWN: GracefulShutdownWorkersOptions = {
  gracePeriod: Duration.seconds(10),
  longestTask: Duration.minutes(1),
};

/**
 * The catalogs: Hive and Iceberg, read-write on the warehouse through the Hive Metastore, and the TPC-H
 * generator (the source of the sample data).
 */
export function quickstartCatalogs(metastoreUri: string, lakeBucketName: string): Catalog[] {
  const warehouse = { bucketName: lakeBucketName, prefixes: [QUICKSTART_WAREHOUSE_PREFIX], access: BucketAccess.READ_WRITE };
  return [
    Catalog.hive({ metastoreUri, storageAccess: [warehouse] }),
    Catalog.iceberg({ metastoreUri, storageAccess: [warehouse] }),
    Catalog.tpch(),
  ];
}

/**
 * The sample data the quickstart loads once Trino is up: TPC-H's `tiny` scale (a few MB) written into the
 * warehouse as a Hive table (Parquet) and an Iceberg table.
 */
export const QUICKSTART_SAMPLE_DATA_SQL = [
  'CREATE SCHEMA IF NOT EXISTS hive.samples',
  'CREATE TABLE IF NOT EXISTS hive.samples.nation WITH (format = \'PARQUET\') AS SELECT * FROM tpch.tiny.nation',
  'CREATE SCHEMA IF NOT EXISTS iceberg.iceberg_samples',
  'CREATE TABLE IF NOT EXISTS iceberg.iceberg_samples.orders AS SELECT * FROM tpch.tiny.orders',
];
