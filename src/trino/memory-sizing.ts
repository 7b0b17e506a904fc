import { Size } from 'aws-cdk-lib';
import { jvmSize, trinoDataSize } from './trino-units';
import { describeMebibytes, wholeMebibytes } from '../private/units';
import { propError, validateWholeNumber } from '../private/validation';

/** The node a Trino pod runs on, one Trino pod per node, and how to size the pod on it. */
export interface TrinoMemoryOptions {
  /** Memory of the node, as the instance type advertises it (e.g. 64 GiB for an m7g.4xlarge). */
  readonly nodeMemory: Size;

  /** vCPUs of the node (e.g. 16 for an m7g.4xlarge). */
  readonly nodeVcpus: number;

  /**
   * JVM heap (`-Xmx`), when the computed one does not suit.
   *
   * It must leave at least 2 GiB of the container outside the heap, and be at least 2 GiB.
   *
   * @default - 80% of the container memory, and at least 2 GiB less than it
   */
  readonly heap?: Size;

  /**
   * Pods the node may run, which sets the kubelet's memory reservation (255 MiB + 11 MiB per pod).
   *
   * @default 110
   */
  readonly maxPodsPerNode?: number;

  /**
   * Memory requested on each node by DaemonSets (CNI, kube-proxy, CSI drivers, log and metric agents).
   *
   * @default Size.gibibytes(1)
   */
  readonly daemonSetMemory?: Size;

  /**
   * All node memory that is not the Trino container's, replacing the computed reserve (virtual machine
   * overhead, kubelet reservation, eviction threshold and DaemonSets). `Size.mebibytes(0)` for a process
   * on a workstation, where `nodeMemory` is the memory given to that process.
   *
   * @default - 7.5% of nodeMemory + (255 MiB + 11 MiB × maxPodsPerNode) + 100 MiB + daemonSetMemory
   */
  readonly systemReserved?: Size;
}

// The rule's constants, in MiB unless said otherwise.
const VM_OVERHEAD_FRACTION = 0.075;
const KUBE_RESERVED_BASE = 255;
const KUBE_RESERVED_PER_POD = 11;
const EVICTION_THRESHOLD = 100;
const DEFAULT_MAX_PODS = 110;
const DEFAULT_DAEMONSET_MEMORY = 1024;
const HEAP_FRACTION = 0.8;
const MIN_OFF_HEAP = 2048;
const MIN_HEAP = 2048;
const HEADROOM_FRACTION = 0.3;
const MIN_HEADROOM = 1024;
const ROUNDING = 256;
const DAEMONSET_CPU_MILLIS = 250;

/**
 * Memory (and CPU) of a Trino pod on a node of a given size: the container request and limit, the JVM
 * heap, `memory.heap-headroom-per-node`, `query.max-memory-per-node` and, given the workers,
 * `query.max-memory`.
 *
 * The rule (every step rounds to 256 MiB, in the safe direction):
 * 1. **System reserve** = 7.5% of the node (Karpenter's `vmMemoryOverheadPercent` default: what the
 *    hypervisor and kernel keep) + kubelet reservation 255 MiB + 11 MiB × max pods (the formula EKS AMIs and
 *    Karpenter use) + 100 MiB hard-eviction threshold + DaemonSet memory (1 GiB by default). Karpenter
 *    chooses the instance type with the same estimate of allocatable memory, so a pod sized this way fits
 *    the node size it was sized for instead of pushing Karpenter to the next size up. (EKS Auto Mode's
 *    managed Karpenter is assumed to reserve no more; `systemReserved` overrides the estimate.)
 * 2. **Container memory** = node − reserve, rounded down; the request equals the limit (Guaranteed QoS for
 *    memory: the kubelet never evicts Trino to make room, and the JVM never grows past what was scheduled).
 * 3. **Heap** = 80% of the container, but at least 2 GiB less than it, rounded down. Trino's deployment
 *    docs (installation/deployment.html, "JVM config") recommend 70 to 85% of the memory for `-Xmx` and
 *    say the rest is needed for the operating system and the JVM's off-heap memory (thread stacks, the
 *    512 MiB code cache, metaspace, GC structures, direct buffers of the S3 and HTTP clients). Measured
 *    against the whole node this gives 61% (16 GiB) to 73% (256 GiB): the kubelet and DaemonSets take the
 *    share the docs leave to the operating system.
 * 4. **Heap headroom** (`memory.heap-headroom-per-node`) = 30% of the heap, rounded up: Trino's default
 *    (admin/properties-resource-management.html), the heap kept for allocations Trino does not track; and at
 *    least 1 GiB, which only matters for heaps under 3.4 GiB (a node of 16 GiB or more never sees it). Measured on
 *    Trino 476: with a 1 GiB heap (512 MiB headroom), a join with spill off took the JVM to OutOfMemoryError before
 *    it reached the 512 MB query limit; with 768 MiB it failed cleanly on the limit. Hence also a 2 GiB minimum heap.
 * 5. **Query memory per node** (`query.max-memory-per-node`) = heap − headroom: the largest value Trino
 *    accepts at startup (it refuses a max-memory-per-node + headroom larger than the heap; the exact sum is
 *    accepted: checked on a real 476 server at -Xmx45G and -Xmx9984M). One query may
 *    then use the node's whole user-memory pool; the cluster-wide `query.max-memory` and resource groups
 *    are the per-query limits, and the low-memory killer resolves contention.
 * 6. **Query memory** (`query.max-memory`) = workers × query memory per node: one query may use every
 *    worker's pool. Give the most workers the cluster runs; with fewer running, a large query waits for
 *    memory or is killed by the low-memory killer rather than failing a static limit.
 * 7. **CPU request** = vCPUs − the kubelet's CPU reservation (6% of the first core, 1% of the second, 0.5%
 *    of the third and fourth, 0.25% of the rest) − 250m for DaemonSets, rounded down to 10m. No CPU limit:
 *    CFS throttling stalls Trino's drivers and its heartbeats.
 *
 * Worked example, a 64 GiB / 16 vCPU worker (m7g.4xlarge), 10 workers: reserve = 4916 + 1465 + 100 + 1024
 * = 7505 MiB; container = 65536 − 7505 = 58031, rounded down to 57856 MiB (56.5 GiB); heap = 80% = 46284.8,
 * rounded down to 46080 MiB (`-Xmx45G`); headroom = 30% = 13824 MiB (13.5 GiB); query memory per node =
 * 32256 MiB (31.5 GiB); `query.max-memory` = 315 GiB; CPU request = 16000 − 110 − 250 = 15640m.
 */
export class TrinoMemory {
  /** Sizes a Trino pod for a node. */
  public static forNode(options: TrinoMemoryOptions): TrinoMemory {
    return TrinoMemory._compute(options, 'TrinoMemory', '');
  }

  /**
   * @internal The rule, with errors naming the caller's construct and prop path (e.g. `workerNode.`).
   */
  public static _compute(options: TrinoMemoryOptions, construct: string, propPrefix: string): TrinoMemory {
    const prop = (name: string) => `${propPrefix}${name}`;
    const node = wholeMebibytes(options.nodeMemory, construct, prop('nodeMemory'));
    if (node <= 0) {
      throw propError(construct, prop('nodeMemory'), describeMebibytes(node), 'must be more than zero');
    }
    if (!(options.nodeVcpus > 0)) {
      throw propError(construct, prop('nodeVcpus'), options.nodeVcpus, 'must be more than zero');
    }
    const maxPods = options.maxPodsPerNode ?? DEFAULT_MAX_PODS;
    if (!Number.isInteger(maxPods) || maxPods < 1) {
      throw propError(construct, prop('maxPodsPerNode'), maxPods, 'must be a whole number of pods, at least 1');
    }

    const reserve = options.systemReserved !== undefined
      ? wholeMebibytes(options.systemReserved, construct, prop('systemReserved'))
      : Math.ceil(node * VM_OVERHEAD_FRACTION) + KUBE_RESERVED_BASE + KUBE_RESERVED_PER_POD * maxPods + EVICTION_THRESHOLD
        + (options.daemonSetMemory !== undefined ? wholeMebibytes(options.daemonSetMemory, construct, prop('daemonSetMemory')) : DEFAULT_DAEMONSET_MEMORY);
    const container = floorTo(node - reserve, ROUNDING);
    if (container < MIN_HEAP + MIN_OFF_HEAP) {
      throw propError(construct, prop('nodeMemory'), describeMebibytes(node),
        `leaves ${describeMebibytes(Math.max(container, 0))} for the Trino container after ${describeMebibytes(reserve)} reserved for the system; ` +
        `Trino needs at least ${describeMebibytes(MIN_HEAP + MIN_OFF_HEAP)} (2 GiB heap + 2 GiB off-heap): choose a larger node`);
    }

    let heap: number;
    if (options.heap !== undefined) {
      heap = wholeMebibytes(options.heap, construct, prop('heap'));
      if (heap > container - MIN_OFF_HEAP) {
        throw propError(construct, prop('heap'), describeMebibytes(heap),
          `exceeds what the node can give the heap: a ${describeMebibytes(node)} node leaves ${describeMebibytes(container)} for the container ` +
          `(${describeMebibytes(reserve)} reserved for the system), and at least 2 GiB of it must stay outside the heap, ` +
          `so the heap can be at most ${describeMebibytes(container - MIN_OFF_HEAP)}; lower heap or choose a larger node`);
      }
      if (heap < MIN_HEAP) {
        throw propError(construct, prop('heap'), describeMebibytes(heap),
          'must be at least 2 GiB: Trino keeps at least 1 GiB of it as headroom for memory it does not track, and queries need the rest');
      }
    } else {
      heap = floorTo(Math.min(container * HEAP_FRACTION, container - MIN_OFF_HEAP), ROUNDING);
    }
    const headroom = Math.max(ceilTo(heap * HEADROOM_FRACTION, ROUNDING), MIN_HEADROOM);
    const cpuMillis = Math.max(100, floorTo(options.nodeVcpus * 1000 - kubeReservedCpuMillis(options.nodeVcpus) - DAEMONSET_CPU_MILLIS, 10));

    return new TrinoMemory(node, reserve, container, heap, headroom, cpuMillis);
  }

  /** Memory of the node the pod was sized for. */
  public readonly nodeMemory: Size;
  /** Node memory left out of the container: virtual machine overhead, kubelet, eviction threshold, DaemonSets. */
  public readonly systemReserved: Size;
  /** The container's memory request and limit (the same value). */
  public readonly containerMemory: Size;
  /** The JVM heap, `-Xmx`. */
  public readonly heap: Size;
  /** `memory.heap-headroom-per-node`. */
  public readonly heapHeadroom: Size;
  /** `query.max-memory-per-node`. */
  public readonly maxMemoryPerNode: Size;
  /** The container's CPU request, in millicores (no CPU limit is set). */
  public readonly containerCpuMillis: number;

  private readonly heapMib: number;
  private readonly headroomMib: number;
  private readonly containerMib: number;

  private constructor(node: number, reserve: number, container: number, heap: number, headroom: number, cpuMillis: number) {
    this.nodeMemory = Size.mebibytes(node);
    this.systemReserved = Size.mebibytes(reserve);
    this.containerMemory = Size.mebibytes(container);
    this.heap = Size.mebibytes(heap);
    this.heapHeadroom = Size.mebibytes(headroom);
    this.maxMemoryPerNode = Size.mebibytes(heap - headroom);
    this.containerCpuMillis = cpuMillis;
    this.heapMib = heap;
    this.headroomMib = headroom;
    this.containerMib = container;
  }

  /**
   * `query.max-memory` for a cluster of workers sized like this pod: workers × `query.max-memory-per-node`.
   *
   * @param workerCount the most workers the cluster runs (at least 1)
   */
  public queryMaxMemory(workerCount: number): Size {
    validateWholeNumber('TrinoMemory', 'workerCount', workerCount, 1, ': query.max-memory is sized for the most workers the cluster runs, even when it scales to zero');
    return Size.mebibytes(workerCount * (this.heapMib - this.headroomMib));
  }

  /** `-Xmx` as the JVM spells it, e.g. `-Xmx45G`. */
  public get xmxOption(): string {
    return `-Xmx${jvmSize(this.heapMib)}`;
  }

  /** The container memory as a Kubernetes quantity, e.g. `57856Mi`. */
  public get containerMemoryQuantity(): string {
    return this.containerMib % 1024 === 0 ? `${this.containerMib / 1024}Gi` : `${this.containerMib}Mi`;
  }

  /** The container CPU request as a Kubernetes quantity, e.g. `15640m`. */
  public get containerCpuQuantity(): string {
    return `${this.containerCpuMillis}m`;
  }

  /** `memory.heap-headroom-per-node` and `query.max-memory-per-node` as Trino spells them. */
  public get perNodeProperties(): Record<string, string> {
    return {
      'memory.heap-headroom-per-node': trinoDataSize(this.headroomMib),
      'query.max-memory-per-node': trinoDataSize(this.heapMib - this.headroomMib),
    };
  }
}

/** The kubelet CPU reservation of EKS AMIs and Karpenter, in millicores. */
function kubeReservedCpuMillis(vcpus: number): number {
  const steps: Array<[number, number]> = [[1, 0.06], [1, 0.01], [2, 0.005], [Infinity, 0.0025]];
  let left = vcpus;
  let reserved = 0;
  for (const [cores, fraction] of steps) {
    const counted = Math.min(left, cores);
    reserved += counted * 1000 * fraction;
    left -= counted;
    if (left <= 0) break;
  }
  return Math.ceil(reserved);
}

function floorTo(value: number, step: number): number {
  return Math.floor(value / step) * step;
}

function ceilTo(value: number, step: number): number {
  return Math.ceil(value / step) * step;
}
