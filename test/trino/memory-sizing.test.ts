import { Size } from 'aws-cdk-lib';
import { TrinoMemory } from '../../src/trino';

const mib = (size: Size) => size.toMebibytes();

describe('the memory rule on Graviton general-purpose nodes (one Trino pod per node)', () => {
  // node GiB, vCPUs, reserve, container, heap, headroom, query memory per node (MiB), CPU request (m)
  test.each([
    [16, 4, 3818, 12544, 9984, 3072, 6912, 3670],
    [32, 8, 5047, 27648, 22016, 6656, 15360, 7660],
    [64, 16, 7505, 57856, 46080, 13824, 32256, 15640],
    [128, 32, 12420, 118528, 94720, 28416, 66304, 31600],
    [256, 64, 22250, 239872, 191744, 57600, 134144, 63520],
  ])('a %i GiB / %i vCPU node', (nodeGib, vcpus, reserve, container, heap, headroom, perNode, cpu) => {
    const memory = TrinoMemory.forNode({ nodeMemory: Size.gibibytes(nodeGib), nodeVcpus: vcpus });
    expect({
      reserve: mib(memory.systemReserved),
      container: mib(memory.containerMemory),
      heap: mib(memory.heap),
      headroom: mib(memory.heapHeadroom),
      perNode: mib(memory.maxMemoryPerNode),
      cpu: memory.containerCpuMillis,
    }).toEqual({ reserve, container, heap, headroom, perNode, cpu });
  });

  test.each([16, 32, 64, 128, 256])('keeps Trino\'s invariants on a %i GiB node', (nodeGib) => {
    const memory = TrinoMemory.forNode({ nodeMemory: Size.gibibytes(nodeGib), nodeVcpus: 4 });
    // Trino refuses to start when query.max-memory-per-node + memory.heap-headroom-per-node > heap.
    expect(mib(memory.maxMemoryPerNode) + mib(memory.heapHeadroom)).toBeLessThanOrEqual(mib(memory.heap));
    expect(mib(memory.heapHeadroom)).toBeGreaterThanOrEqual(0.3 * mib(memory.heap));
    expect(mib(memory.heap)).toBeLessThanOrEqual(0.8 * mib(memory.containerMemory));
    expect(mib(memory.containerMemory) - mib(memory.heap)).toBeGreaterThanOrEqual(2048);
    expect(mib(memory.containerMemory) + mib(memory.systemReserved)).toBeLessThanOrEqual(nodeGib * 1024);
  });

  test('renders the worked example of the doc comment (64 GiB node, 10 workers)', () => {
    const memory = TrinoMemory.forNode({ nodeMemory: Size.gibibytes(64), nodeVcpus: 16 });
    expect(memory.xmxOption).toBe('-Xmx45G');
    expect(memory.containerMemoryQuantity).toBe('57856Mi');
    expect(memory.containerCpuQuantity).toBe('15640m');
    expect(memory.perNodeProperties).toEqual({ 'memory.heap-headroom-per-node': '13824MB', 'query.max-memory-per-node': '32256MB' });
    expect(memory.queryMaxMemory(10).toGibibytes()).toBe(315);
  });
});

describe('the memory rule with explicit inputs', () => {
  test('a smaller heap than computed is kept, and headroom and query memory follow it', () => {
    const memory = TrinoMemory.forNode({ nodeMemory: Size.gibibytes(64), nodeVcpus: 16, heap: Size.gibibytes(40) });
    expect(memory.xmxOption).toBe('-Xmx40G');
    expect(mib(memory.heapHeadroom)).toBe(12288);
    expect(mib(memory.maxMemoryPerNode)).toBe(28672);
  });

  test('more pods per node and heavier DaemonSets enlarge the system reserve', () => {
    const memory = TrinoMemory.forNode({ nodeMemory: Size.gibibytes(64), nodeVcpus: 16, maxPodsPerNode: 234, daemonSetMemory: Size.gibibytes(2) });
    expect(mib(memory.systemReserved)).toBe(4916 + 255 + 11 * 234 + 100 + 2048);
  });

  test('an explicit system reserve replaces the computed one (a process on a workstation); a small heap keeps 1 GiB of headroom', () => {
    const memory = TrinoMemory.forNode({ nodeMemory: Size.gibibytes(4), nodeVcpus: 2, systemReserved: Size.mebibytes(0) });
    // 30% of the 2 GiB heap would be 768 MiB: the floor of 1 GiB applies.
    expect([mib(memory.containerMemory), mib(memory.heap), mib(memory.heapHeadroom), mib(memory.maxMemoryPerNode)])
      .toEqual([4096, 2048, 1024, 1024]);
  });

  test('the headroom floor does not change a production node (30% of its heap is more)', () => {
    const memory = TrinoMemory.forNode({ nodeMemory: Size.gibibytes(16), nodeVcpus: 4 });
    expect(mib(memory.heapHeadroom)).toBe(Math.ceil(mib(memory.heap) * 0.3 / 256) * 256);
    expect(mib(memory.heapHeadroom)).toBeGreaterThan(1024);
  });
});

describe('the memory rule refuses what cannot work', () => {
  test('a heap larger than the worker\'s memory, naming the heap and the most the node allows', () => {
    expect(() => TrinoMemory.forNode({ nodeMemory: Size.gibibytes(64), nodeVcpus: 16, heap: Size.gibibytes(56) })).toThrow(
      'TrinoMemory: heap ("56 GiB") exceeds what the node can give the heap: a 64 GiB node leaves 56.5 GiB for the container ' +
      '(7505 MiB reserved for the system), and at least 2 GiB of it must stay outside the heap, so the heap can be at most 54.5 GiB');
  });

  test('a heap smaller than 2 GiB', () => {
    expect(() => TrinoMemory.forNode({ nodeMemory: Size.gibibytes(16), nodeVcpus: 4, heap: Size.mebibytes(1536) }))
      .toThrow(/^TrinoMemory: heap \("1.5 GiB"\) must be at least 2 GiB: Trino keeps at least 1 GiB of it as headroom/);
  });

  test('a node too small for a Trino container', () => {
    expect(() => TrinoMemory.forNode({ nodeMemory: Size.gibibytes(4), nodeVcpus: 2 })).toThrow(
      /TrinoMemory: nodeMemory \("4 GiB"\) leaves 1 GiB for the Trino container after 2897 MiB reserved for the system; .*choose a larger node/);
  });

  test('a size that is not whole mebibytes', () => {
    expect(() => TrinoMemory.forNode({ nodeMemory: Size.kibibytes(1536), nodeVcpus: 2 }))
      .toThrow('TrinoMemory: nodeMemory ("1.5 MiB") must be a whole, non-negative number of mebibytes');
  });

  test('no vCPUs', () => {
    expect(() => TrinoMemory.forNode({ nodeMemory: Size.gibibytes(16), nodeVcpus: 0 })).toThrow('TrinoMemory: nodeVcpus (0) must be more than zero');
  });

  test('query.max-memory for no workers (scale to zero still needs the most workers it runs)', () => {
    const memory = TrinoMemory.forNode({ nodeMemory: Size.gibibytes(16), nodeVcpus: 4 });
    expect(() => memory.queryMaxMemory(0)).toThrow(/TrinoMemory: workerCount \(0\) must be a whole number of at least 1/);
  });
});
