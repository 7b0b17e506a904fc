import { Duration, Size } from 'aws-cdk-lib';
import { BucketAccess } from '../src/irsa-bucket-access/bucket-grant';
import {
  Catalog, ObjectStorage, TrinoConfigurationOptions, TrinoMemoryOptions, TrinoVersion,
} from '../src/trino';

// The quickstart's Trino settings, in one place: the examples/quickstart app deploys them to EKS and the
// local stack runs them on loopback. Only what differs between the two runtimes is a parameter (the
// endpoints, and the node sizes: an EKS node versus a share of one workstation); every other setting is
// here, so the configuration that is run locally is the configuration that is deployed.

/** The bucket the quickstart's catalogs keep their tables in. */
export const QUICKSTART_WAREHOUSE_BUCKET = 'trino-quickstart-lake';

/** The key prefix of the warehouse in that bucket. */
export const QUICKSTART_WAREHOUSE_PREFIX = 'warehouse';

/** The workers the quickstart runs at most (and the local stack runs). */
export const QUICKSTART_MAX_WORKERS = 2;

/** Where the quickstart's requests go: the only part that is not the same on EKS and on the workstation. */
export interface QuickstartEndpoints {
  /** Amazon S3 (`ObjectStorage.aws`) on EKS, the emulator on loopback locally. */
  readonly objectStorage: ObjectStorage;
  /** The metastore's Thrift URI. */
  readonly metastoreUri: string;
  /** The coordinator's URI as the workers reach it. */
  readonly discoveryUri: string;
}

/** The node sizes; the defaults are the EKS quickstart's instance types. */
export interface QuickstartNodes {
  /**
   * @default - 16 GiB, 4 vCPUs (an m7g.xlarge)
   */
  readonly coordinatorNode?: TrinoMemoryOptions;
  /**
   * @default - 32 GiB, 8 vCPUs (an m7g.2xlarge)
   */
  readonly workerNode?: TrinoMemoryOptions;
}

/**
 * The Trino release of the quickstart.
 *
 * 476, not TrinoVersion.LATEST: the local stack downloads the server from Maven Central, which (as the
 * build machines reach it) serves io.trino:trino-server and trino-cli only at 476; the renderers produce
 * 476's property names (`fs.native-s3.enabled`, no `s3.auth-type`).
 */
export const QUICKSTART_TRINO_VERSION = TrinoVersion.V476;

/** The quickstart's warehouse, read-write, as the lakehouse catalogs and the metastore need it. */
export function quickstartWarehouseAccess() {
  return [{ bucketName: QUICKSTART_WAREHOUSE_BUCKET, prefixes: [QUICKSTART_WAREHOUSE_PREFIX], access: BucketAccess.READ_WRITE }];
}

/**
 * The quickstart's Trino configuration options: Hive and Iceberg catalogs on the warehouse through the
 * Hive Metastore, the TPC-H generator, graceful worker shutdown, queries that wait for workers when the
 * cluster has scaled to zero.
 */
export function quickstartTrinoOptions(endpoints: QuickstartEndpoints, nodes: QuickstartNodes = {}): TrinoConfigurationOptions {
  return {
    version: QUICKSTART_TRINO_VERSION,
    environment: 'quickstart',
    discoveryUri: endpoints.discoveryUri,
    coordinatorNode: nodes.coordinatorNode ?? { nodeMemory: Size.gibibytes(16), nodeVcpus: 4 },
    workerNode: nodes.workerNode ?? { nodeMemory: Size.gibibytes(32), nodeVcpus: 8 },
    maxWorkers: QUICKSTART_MAX_WORKERS,
    objectStorage: endpoints.objectStorage,
    catalogs: [
      Catalog.hive({ metastoreUri: endpoints.metastoreUri, storageAccess: quickstartWarehouseAccess() }),
      Catalog.iceberg({ metastoreUri: endpoints.metastoreUri, storageAccess: quickstartWarehouseAccess() }),
      Catalog.tpch(),
    ],
    // 2 × 10 s + 1 min + 30 s margin = 110 s: fits the two-minute spot interruption notice.
    gracefulShutdown: { gracePeriod: Duration.seconds(10), longestTask: Duration.minutes(1) },
    scaleToZero: { requiredWorkers: 1, maxWait: Duration.minutes(5) },
  };
}
