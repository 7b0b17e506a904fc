import { Duration } from 'aws-cdk-lib';
import { BucketAccess, Catalog, CatalogStorageAccess, TrinoOnEksProps, TrinoVersion } from 'cdk-trino-on-eks';

// The quickstart's Trino in one place, with no construct in sight: the CDK app (quickstart-stack.ts) deploys it,
// and the library's local stack resolves the same props through TrinoOnEks's own resolver and runs them on a
// workstation, changing only endpoints, ports, directories and node sizes. What depends on where it runs (the
// metastore's address, the lake bucket's name) is a parameter.

/**
 * The Trino release: the library's default, which the local stack runs too (assembled from Maven Central's module
 * jars, scripts/trino-assemble.sh).
 */
export const QUICKSTART_TRINO_VERSION = TrinoVersion.LATEST;

/** The key prefix of the warehouse (managed Hive and Iceberg tables) in the lake bucket. */
export const QUICKSTART_WAREHOUSE_PREFIX = 'warehouse';

/** Workers at most. */
export const QUICKSTART_MAX_WORKERS = 2;

/** Where the quickstart's tables live: the metastore's Thrift URI and the lake bucket. */
export interface QuickstartLake {
  readonly metastoreUri: string;
  readonly bucketName: string;
}

/** The props of TrinoOnEks that make the quickstart's Trino (the app adds the cluster, the metastore and the network). */
export type QuickstartTrinoProps = Pick<TrinoOnEksProps, 'version' | 'catalogs' | 'workers' | 'coordinator'>;

/**
 * The quickstart's Trino: Hive and Iceberg catalogs read-write on the warehouse through the Hive Metastore and the
 * TPC-H generator (the source of the sample data); Graviton memory-optimized 2xlarge workers (8 vCPUs, 64 GiB) with
 * NVMe for the file-system cache and spill, spot first, following the queries (KEDA) down to none when idle; graceful
 * worker shutdown of 2 x 10 s grace + 1 min longest task + 30 s margin = 110 s, which fits the two-minute spot
 * interruption notice; an on-demand xlarge coordinator (4 vCPUs, 32 GiB).
 */
export function quickstartTrino(lake: QuickstartLake): QuickstartTrinoProps {
  return {
    version: QUICKSTART_TRINO_VERSION,
    catalogs: quickstartCatalogs(lake.metastoreUri, lake.bucketName),
    workers: {
      maxCount: QUICKSTART_MAX_WORKERS,
      instanceSize: '2xlarge',
      graviton: true,
      gracefulShutdown: { gracePeriod: Duration.seconds(10), longestTask: Duration.minutes(1) },
      // A query arriving when no worker runs waits for one instead of failing.
      autoscaling: {},
    },
    coordinator: { instanceSize: 'xlarge' },
  };
}

/** The warehouse, read-write: what the lakehouse catalogs and the metastore need. */
export function quickstartWarehouseAccess(bucketName: string): CatalogStorageAccess[] {
  return [{ bucketName, prefixes: [QUICKSTART_WAREHOUSE_PREFIX], access: BucketAccess.READ_WRITE }];
}

/** The catalogs: Hive and Iceberg on the warehouse through the Hive Metastore, and TPC-H. */
export function quickstartCatalogs(metastoreUri: string, lakeBucketName: string): Catalog[] {
  const warehouse = quickstartWarehouseAccess(lakeBucketName);
  return [
    Catalog.hive({ metastoreUri, storageAccess: warehouse }),
    Catalog.iceberg({ metastoreUri, storageAccess: warehouse }),
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
