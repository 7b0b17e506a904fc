import { Size } from 'aws-cdk-lib';

/**
 * The memory-optimized instance sizes (r-families: 8 GiB of memory per vCPU) the Trino node pools launch,
 * by size name. One table for the pools' limits and for the Trino pods sized to fit those nodes.
 */
const VCPUS: Record<string, number> = {
  'large': 2, 'xlarge': 4, '2xlarge': 8, '4xlarge': 16, '8xlarge': 32, '12xlarge': 48, '16xlarge': 64, '24xlarge': 96,
};
const GIBIBYTES_PER_VCPU = 8;

/** A memory-optimized node of one size. */
export interface MemoryOptimizedNode {
  readonly vcpus: number;
  readonly memory: Size;
}

/** The sizes known, for error messages. */
export const MEMORY_OPTIMIZED_SIZES: readonly string[] = Object.keys(VCPUS);

/** vCPUs and memory of a size, or undefined when the size is not one of {@link MEMORY_OPTIMIZED_SIZES}. */
export function memoryOptimizedNode(size: string): MemoryOptimizedNode | undefined {
  const vcpus = VCPUS[size];
  return vcpus === undefined ? undefined : { vcpus, memory: Size.gibibytes(vcpus * GIBIBYTES_PER_VCPU) };
}

/**
 * The memory-optimized families with a local NVMe instance store, 8 GiB per vCPU like the rest: Graviton
 * (arm64) r6gd, r7gd and r8gd, and the x86 alternative r6id (Intel). They have the same instance store at
 * every size (EC2 instance-type specifications, "Instance store volumes"), so one table gives the disk of a
 * node whichever of them Karpenter launches. x2gd (16 GiB per vCPU) and r5d/r5ad/r5dn (smaller disks) are
 * left out for that reason.
 */
export const GRAVITON_INSTANCE_STORE_FAMILIES: readonly string[] = ['r6gd', 'r7gd', 'r8gd'];
export const AMD64_INSTANCE_STORE_FAMILIES: readonly string[] = ['r6id'];

/** Instance store of those families by size, in decimal gigabytes as EC2 lists it (RAID0 of all disks). */
const INSTANCE_STORE_GB: Record<string, number> = {
  'large': 118, 'xlarge': 237, '2xlarge': 474, '4xlarge': 950, '8xlarge': 1900, '12xlarge': 2850, '16xlarge': 3800, '24xlarge': 5700,
};

/** The instance store of a size of the families above (whole MiB, rounded down), or undefined for an unknown size. */
export function instanceStoreSize(size: string): Size | undefined {
  const gb = INSTANCE_STORE_GB[size];
  return gb === undefined ? undefined : Size.mebibytes(Math.floor(gb * 1e9 / 2 ** 20));
}
