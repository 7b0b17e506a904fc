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
