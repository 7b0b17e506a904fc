import {
  QUICKSTART_MAX_WORKERS, QUICKSTART_SAMPLE_DATA_SQL, QUICKSTART_TRINO_VERSION, QUICKSTART_WAREHOUSE_PREFIX, quickstartTrino,
  quickstartWarehouseAccess as warehouseAccess,
} from '../examples/quickstart/quickstart-props';
import { CatalogStorageAccess, ObjectStorage, TrinoConfigurationOptions, TrinoMemoryOptions } from '../src/trino';
import { resolveTrinoWorkload } from '../src/trino-on-eks/trino-on-eks-model';

// The quickstart as the local stack runs it: the example app's own props (examples/quickstart/quickstart-props.ts),
// resolved by TrinoOnEks's resolver, with only what differs on a workstation changed here: the endpoints, and the
// node sizes (an EKS node versus a share of one workstation). Ports and directories are the plan's.

export { QUICKSTART_MAX_WORKERS, QUICKSTART_SAMPLE_DATA_SQL, QUICKSTART_TRINO_VERSION, QUICKSTART_WAREHOUSE_PREFIX };

/** The bucket the local quickstart keeps its tables in (the S3 emulator's). */
export const QUICKSTART_WAREHOUSE_BUCKET = 'trino-quickstart-lake';

/** The quickstart's warehouse, read-write, as the lakehouse catalogs and the metastore need it. */
export function quickstartWarehouseAccess(): CatalogStorageAccess[] {
  return warehouseAccess(QUICKSTART_WAREHOUSE_BUCKET);
}

/** Where the quickstart's requests go: the only part that is not the same on EKS and on the workstation. */
export interface QuickstartEndpoints {
  /** Amazon S3 (`ObjectStorage.aws`) on EKS, the emulator on loopback locally. */
  readonly objectStorage: ObjectStorage;
  /** The metastore's Thrift URI. */
  readonly metastoreUri: string;
  /** The coordinator's URI as the workers reach it. */
  readonly discoveryUri: string;
}

/** The node sizes, when they differ from the EKS quickstart's instances. */
export interface QuickstartNodes {
  /** @default - the quickstart's coordinator instance */
  readonly coordinatorNode?: TrinoMemoryOptions;
  /** @default - the quickstart's worker instance */
  readonly workerNode?: TrinoMemoryOptions;
}

/**
 * The configuration options TrinoOnEks renders for the quickstart, with the endpoints (and node sizes) given. The region
 * only names Amazon S3's, which the endpoints replace.
 */
export function quickstartTrinoOptions(endpoints: QuickstartEndpoints, nodes: QuickstartNodes = {}): TrinoConfigurationOptions {
  const props = quickstartTrino({ metastoreUri: endpoints.metastoreUri, bucketName: QUICKSTART_WAREHOUSE_BUCKET });
  const resolved = resolveTrinoWorkload(props, 'us-east-1', [QUICKSTART_WAREHOUSE_BUCKET]).configurationOptions;
  return {
    ...resolved,
    objectStorage: endpoints.objectStorage,
    discoveryUri: endpoints.discoveryUri,
    ...(nodes.coordinatorNode ? { coordinatorNode: nodes.coordinatorNode } : {}),
    ...(nodes.workerNode ? { workerNode: nodes.workerNode } : {}),
  };
}
