import { Duration, Size } from 'aws-cdk-lib';
import { ICluster } from 'aws-cdk-lib/aws-eks-v2';
import type { KarpenterController } from './karpenter-controller';
import { ConsolidationPolicy, KarpenterNodePoolProps, NodeTaint, TaintEffect } from './karpenter-node-pool';
import {
  AMD64_INSTANCE_STORE_FAMILIES, GRAVITON_INSTANCE_STORE_FAMILIES, MEMORY_OPTIMIZED_SIZES, MemoryOptimizedNode,
  instanceStoreSize, memoryOptimizedNode,
} from './memory-optimized-sizes';
import { InstanceStorePolicy, NodeClass, NodeClassRuntime } from './node-class';
import { Architecture, CapacityType } from './requirements';
import { propError, validateWholeNumber } from '../private/validation';

/** Options shared by the Trino node pool presets. */
export interface TrinoNodePoolCommonOptions {
  /** The cluster. */
  readonly cluster: ICluster;

  /**
   * The node class.
   *
   * @default - see KarpenterNodePoolOptions.nodeClass
   */
  readonly nodeClass?: NodeClass;

  /**
   * The self-managed Karpenter controller, when the cluster does not run EKS Auto Mode.
   *
   * @default - none (EKS Auto Mode)
   */
  readonly controller?: KarpenterController;

  /**
   * Also allow Graviton (arm64) memory-optimized families. Trino's images are multi-architecture;
   * every other image on the pool must be too.
   *
   * @default false
   */
  readonly allowGraviton?: boolean;

  /**
   * Instance size of every node (one Trino process per node; Trino expects identical workers).
   *
   * @default '4xlarge' for workers (16 vCPUs, 128 GiB), '2xlarge' for the coordinator (8 vCPUs, 64 GiB)
   */
  readonly instanceSize?: string;

  /**
   * Instance families, replacing the preset's memory-optimized ones.
   *
   * @default - r6i, r6a, r7i, r7a (and r6g, r7g, r8g with allowGraviton); instance-store workers: r6id (and r6gd, r7gd, r8gd with allowGraviton)
   */
  readonly instanceFamilies?: string[];
}

/** Options of the Trino worker pool preset. */
export interface TrinoWorkerPoolOptions extends TrinoNodePoolCommonOptions {
  /** Most Trino workers that run at once: the pool's CPU and memory limits are computed from it. */
  readonly maxWorkers: number;

  /**
   * Name of the NodePool.
   *
   * @default 'trino-workers'
   */
  readonly name?: string;

  /**
   * Spot first with on-demand fallback (true), or on-demand only.
   *
   * @default true
   */
  readonly spot?: boolean;

  /**
   * Only instance types with a local NVMe instance store, for Trino's file-system cache and spill: Graviton r6gd,
   * r7gd, r8gd (with allowGraviton) and the x86 alternative r6id, all with the same disk at a given size (950 GB
   * at 4xlarge; see `TrinoNodePools.workerLocalDisk`). They cost about 10 to 15% more than r6g/r7g/r8g/r6i and
   * make repeated reads of the same S3 files local. EKS Auto Mode formats the instance store (RAID0) as the
   * node's ephemeral storage by itself when it is larger than the NodeClass's ephemeral storage (always, with
   * the default NodeClass's 80 GiB); an EC2NodeClass needs `instanceStorePolicy: InstanceStorePolicy.RAID0`.
   * Incompatible with `instanceFamilies`.
   *
   * @default - true with allowGraviton and no instanceFamilies, false otherwise
   */
  readonly instanceStore?: boolean;

  /**
   * Longest a worker node may take to drain (Trino's graceful shutdown must fit in it).
   *
   * @default Duration.hours(1)
   */
  readonly terminationGracePeriod?: Duration;
}

/** Options of the Trino coordinator pool preset. */
export interface TrinoCoordinatorPoolOptions extends TrinoNodePoolCommonOptions {
  /**
   * Name of the NodePool.
   *
   * @default 'trino-coordinator'
   */
  readonly name?: string;

  /**
   * Most nodes the pool may have (the coordinator, the metastore, and room to replace one).
   *
   * @default 3
   */
  readonly maxNodes?: number;

  /**
   * Longest an expired or drifted coordinator node may take to drain. The coordinator's PodDisruptionBudget
   * (and `karpenter.sh/do-not-disrupt`) block its eviction, so without this bound a node that must go (expiry is
   * forceful) would wait for an operator forever; after it, Karpenter evicts the coordinator anyway, so pick it
   * longer than your longest query.
   *
   * @default Duration.hours(1)
   */
  readonly terminationGracePeriod?: Duration;
}

const CONSTRUCT = 'TrinoNodePools';
const AMD64_FAMILIES = ['r6i', 'r6a', 'r7i', 'r7a'];
const GRAVITON_FAMILIES = ['r6g', 'r7g', 'r8g'];

/**
 * Karpenter NodePool presets for Trino, usable as they are:
 * `new KarpenterNodePool(this, 'Workers', TrinoNodePools.workers({ cluster, maxWorkers: 20 }))`.
 */
export class TrinoNodePools {
  /** The node label holding the Trino role (`coordinator` or `worker`). */
  public static readonly ROLE_LABEL = 'trino.io/role';

  /** The taint of worker nodes: only pods that tolerate it (Trino workers) run there. */
  public static readonly WORKER_TAINT: NodeTaint = { key: 'trino.io/role', value: 'worker', effect: TaintEffect.NO_SCHEDULE };

  /**
   * Workers: spot first with on-demand fallback, memory-optimized instances of one size,
   * consolidation of empty and underutilized nodes after five minutes (so a pause between queries
   * does not churn nodes), the worker taint, and limits for `maxWorkers` nodes plus one being replaced.
   */
  public static workers(options: TrinoWorkerPoolOptions): KarpenterNodePoolProps {
    const maxWorkers = options.maxWorkers;
    validateWholeNumber(CONSTRUCT, 'maxWorkers', maxWorkers, 1);
    const size = options.instanceSize ?? '4xlarge';
    const node = nodeOf(size);
    const nodes = maxWorkers + 1;
    const instanceStore = workerInstanceStore(options);
    const graviton = options.allowGraviton ?? false;
    return {
      ...common(options, size),
      ...(instanceStore
        ? { instanceFamilies: [...(graviton ? GRAVITON_INSTANCE_STORE_FAMILIES : []), ...AMD64_INSTANCE_STORE_FAMILIES] }
        : {}),
      name: options.name ?? 'trino-workers',
      capacityTypes: (options.spot ?? true) ? [CapacityType.SPOT, CapacityType.ON_DEMAND] : [CapacityType.ON_DEMAND],
      labels: { [TrinoNodePools.ROLE_LABEL]: 'worker' },
      taints: [TrinoNodePools.WORKER_TAINT],
      cpuLimit: nodes * node.vcpus,
      memoryLimit: Size.gibibytes(nodes * node.memory.toGibibytes()),
      consolidationPolicy: ConsolidationPolicy.WHEN_EMPTY_OR_UNDERUTILIZED,
      consolidateAfter: Duration.minutes(5),
      terminationGracePeriod: options.terminationGracePeriod ?? Duration.hours(1),
    };
  }

  /**
   * The local disk every node of the worker preset has (its instance store, RAID0 of all its disks), or
   * undefined when the preset does not ask for instance-store types. What `TrinoConfiguration`'s
   * `localStorage.diskSize` is for these workers.
   */
  public static workerLocalDisk(options: TrinoWorkerPoolOptions): Size | undefined {
    return workerInstanceStore(options) ? instanceStoreSize(options.instanceSize ?? '4xlarge') : undefined;
  }

  /**
   * The coordinator (and the metastore): on-demand only, memory-optimized instances of one size,
   * and no consolidation while pods run (`WhenEmpty`): a coordinator moved is every running query failed.
   */
  public static coordinator(options: TrinoCoordinatorPoolOptions): KarpenterNodePoolProps {
    const maxNodes = options.maxNodes ?? 3;
    validateWholeNumber(CONSTRUCT, 'maxNodes', maxNodes, 1);
    const size = options.instanceSize ?? '2xlarge';
    const node = nodeOf(size);
    return {
      ...common(options, size),
      name: options.name ?? 'trino-coordinator',
      capacityTypes: [CapacityType.ON_DEMAND],
      labels: { [TrinoNodePools.ROLE_LABEL]: 'coordinator' },
      cpuLimit: maxNodes * node.vcpus,
      memoryLimit: Size.gibibytes(maxNodes * node.memory.toGibibytes()),
      consolidationPolicy: ConsolidationPolicy.WHEN_EMPTY,
      consolidateAfter: Duration.minutes(10),
      terminationGracePeriod: options.terminationGracePeriod ?? Duration.hours(1),
    };
  }

  private constructor() {}
}

/** Whether the worker preset asks for instance-store types, validated against the other options. */
function workerInstanceStore(options: TrinoWorkerPoolOptions): boolean {
  const instanceStore = options.instanceStore ?? ((options.allowGraviton ?? false) && options.instanceFamilies === undefined);
  if (!instanceStore) return false;
  if (options.instanceFamilies !== undefined) {
    throw propError(CONSTRUCT, 'instanceFamilies', options.instanceFamilies,
      'cannot be combined with instanceStore: the preset chooses the instance-store families (whose disk size it knows); ' +
      'set instanceStore to false, or leave instanceFamilies out');
  }
  const ec2 = options.nodeClass?.runtime === NodeClassRuntime.SELF_MANAGED ? options.nodeClass.ec2NodeClassProps : undefined;
  if (options.nodeClass?.runtime === NodeClassRuntime.SELF_MANAGED && ec2?.instanceStorePolicy !== InstanceStorePolicy.RAID0) {
    throw propError(CONSTRUCT, 'nodeClass', 'an EC2NodeClass without instanceStorePolicy',
      'must set instanceStorePolicy: InstanceStorePolicy.RAID0 for instanceStore workers: otherwise Karpenter leaves the instance store ' +
      'unused and the cache and spill land on the root volume; or set instanceStore to false');
  }
  return true;
}

function nodeOf(size: string): MemoryOptimizedNode {
  const node = memoryOptimizedNode(size);
  if (node === undefined) {
    throw propError(CONSTRUCT, 'instanceSize', size, `must be one of ${MEMORY_OPTIMIZED_SIZES.join(', ')} (the pool limits are computed from it)`);
  }
  return node;
}

function common(options: TrinoNodePoolCommonOptions, size: string) {
  const graviton = options.allowGraviton ?? false;
  if (options.instanceFamilies !== undefined && options.instanceFamilies.length === 0) {
    throw propError(CONSTRUCT, 'instanceFamilies', [], 'must name at least one family; leave it unset for the memory-optimized defaults');
  }
  return {
    cluster: options.cluster,
    nodeClass: options.nodeClass,
    controller: options.controller,
    architectures: graviton ? [Architecture.AMD64, Architecture.ARM64] : [Architecture.AMD64],
    instanceFamilies: options.instanceFamilies ?? (graviton ? [...AMD64_FAMILIES, ...GRAVITON_FAMILIES] : AMD64_FAMILIES),
    instanceSizes: [size],
  };
}
