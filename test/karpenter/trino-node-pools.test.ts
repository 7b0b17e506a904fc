import { Duration, Size, Stack } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { importedClusterWithVpc } from './fixtures';
import { objectNamed } from './helpers';
import {
  Architecture, CapacityType, ConsolidationPolicy, InstanceStorePolicy, KarpenterNodePool, NodeClass, TaintEffect, TrinoNodePools,
} from '../../src';
import { newStack } from '../fixtures/clusters';
import { kubernetesObjects } from '../quality-gate/manifests';

function cluster(): { stack: Stack; cluster: eks.ICluster } {
  const stack = newStack();
  return { stack, cluster: importedClusterWithVpc(stack).cluster };
}

describe('the worker preset', () => {
  test('spot with on-demand fallback, consolidation when underutilized, the worker taint, limits for maxWorkers + 1 nodes', () => {
    const { cluster: c } = cluster();
    const props = TrinoNodePools.workers({ cluster: c, maxWorkers: 20 });
    expect(props).toEqual(expect.objectContaining({
      name: 'trino-workers',
      capacityTypes: [CapacityType.SPOT, CapacityType.ON_DEMAND],
      architectures: [Architecture.AMD64],
      instanceFamilies: ['r6i', 'r6a', 'r7i', 'r7a'],
      instanceSizes: ['4xlarge'],
      labels: { 'trino.io/role': 'worker' },
      taints: [{ key: 'trino.io/role', value: 'worker', effect: TaintEffect.NO_SCHEDULE }],
      consolidationPolicy: ConsolidationPolicy.WHEN_EMPTY_OR_UNDERUTILIZED,
      cpuLimit: 21 * 16,
    }));
    expect(props.memoryLimit!.toGibibytes()).toBe(21 * 128);
    expect(props.consolidateAfter!.toMinutes()).toBe(5);
    expect(props.terminationGracePeriod!.toHours()).toBe(1);
  });

  test('on the cluster: the NodePool as Karpenter reads it', () => {
    const { stack, cluster: c } = cluster();
    const workers = new KarpenterNodePool(stack, 'Workers', TrinoNodePools.workers({ cluster: c, maxWorkers: 3, instanceSize: '8xlarge', allowGraviton: true }));
    expect(workers.capacityTypes).toEqual([CapacityType.SPOT, CapacityType.ON_DEMAND]);
    expect(workers.terminationGracePeriod!.toHours()).toBe(1);
    const pool = objectNamed(kubernetesObjects(stack), 'NodePool', 'trino-workers');
    expect(pool.spec.limits).toEqual({ cpu: String(4 * 32), memory: `${4 * 256}Gi` });
    expect(pool.spec.template.spec.requirements).toEqual(expect.arrayContaining([
      { key: 'kubernetes.io/arch', operator: 'In', values: ['amd64', 'arm64'] },
      { key: 'eks.amazonaws.com/instance-family', operator: 'In', values: ['r6gd', 'r7gd', 'r8gd', 'r6id'] },
      { key: 'eks.amazonaws.com/instance-size', operator: 'In', values: ['8xlarge'] },
    ]));
    expect(pool.spec.template.spec.taints).toEqual([{ key: 'trino.io/role', value: 'worker', effect: 'NoSchedule' }]);
    expect(pool.spec.template.spec.terminationGracePeriod).toBe('1h');
    expect(pool.spec.disruption).toEqual({ consolidationPolicy: 'WhenEmptyOrUnderutilized', consolidateAfter: '5m' });
  });

  test('on-demand only when spot is off; own families and grace period', () => {
    const { cluster: c } = cluster();
    const props = TrinoNodePools.workers({ cluster: c, maxWorkers: 2, spot: false, instanceFamilies: ['r7iz'], terminationGracePeriod: Duration.minutes(20) });
    expect(props.capacityTypes).toEqual([CapacityType.ON_DEMAND]);
    expect(props.instanceFamilies).toEqual(['r7iz']);
    expect(props.terminationGracePeriod!.toMinutes()).toBe(20);
  });
});

describe('instance-store workers', () => {
  test('with Graviton allowed, workers default to the NVMe families (arm64 r6gd/r7gd/r8gd and x86 r6id)', () => {
    const props = TrinoNodePools.workers({ cluster: cluster().cluster, maxWorkers: 2, allowGraviton: true });
    expect(props.architectures).toEqual([Architecture.AMD64, Architecture.ARM64]);
    expect(props.instanceFamilies).toEqual(['r6gd', 'r7gd', 'r8gd', 'r6id']);
  });

  test('x86 only, on request: the documented alternative r6id', () => {
    const props = TrinoNodePools.workers({ cluster: cluster().cluster, maxWorkers: 2, instanceStore: true });
    expect(props.architectures).toEqual([Architecture.AMD64]);
    expect(props.instanceFamilies).toEqual(['r6id']);
  });

  test('Graviton without instance store on request: the plain memory-optimized families', () => {
    const props = TrinoNodePools.workers({ cluster: cluster().cluster, maxWorkers: 2, allowGraviton: true, instanceStore: false });
    expect(props.instanceFamilies).toEqual(['r6i', 'r6a', 'r7i', 'r7a', 'r6g', 'r7g', 'r8g']);
    expect(TrinoNodePools.workerLocalDisk({ cluster: cluster().cluster, maxWorkers: 2, allowGraviton: true, instanceStore: false })).toBeUndefined();
  });

  test.each([
    ['large', 118], ['4xlarge', 950], ['8xlarge', 1900], ['16xlarge', 3800],
  ])('the local disk of a %s worker is its %i GB instance store', (instanceSize, gb) => {
    const disk = TrinoNodePools.workerLocalDisk({ cluster: cluster().cluster, maxWorkers: 2, allowGraviton: true, instanceSize });
    expect(disk!.toMebibytes()).toBe(Math.floor(gb * 1e9 / 2 ** 20));
  });

  test('no local disk without instance store (the x86 default)', () => {
    expect(TrinoNodePools.workerLocalDisk({ cluster: cluster().cluster, maxWorkers: 2 })).toBeUndefined();
  });

  test('own families turn the instance-store default off', () => {
    const props = TrinoNodePools.workers({ cluster: cluster().cluster, maxWorkers: 2, allowGraviton: true, instanceFamilies: ['r7g'] });
    expect(props.instanceFamilies).toEqual(['r7g']);
  });

  test('an EC2NodeClass with RAID0 is accepted', () => {
    const nodeClass = NodeClass.ec2NodeClass({ instanceStorePolicy: InstanceStorePolicy.RAID0 });
    const props = TrinoNodePools.workers({ cluster: cluster().cluster, maxWorkers: 2, instanceStore: true, nodeClass });
    expect(props.instanceFamilies).toEqual(['r6id']);
    expect(props.memoryLimit).toEqual(Size.gibibytes(3 * 128));
  });

  test.each([
    ['own families with instanceStore', () => TrinoNodePools.workers({ cluster: cluster().cluster, maxWorkers: 2, instanceStore: true, instanceFamilies: ['r7g'] }),
      /^TrinoNodePools: instanceFamilies \(\["r7g"\]\) cannot be combined with instanceStore/],
    ['an EC2NodeClass without RAID0', () => TrinoNodePools.workers({ cluster: cluster().cluster, maxWorkers: 2, instanceStore: true, nodeClass: NodeClass.ec2NodeClass() }),
      /^TrinoNodePools: nodeClass \("an EC2NodeClass without instanceStorePolicy"\) must set instanceStorePolicy: InstanceStorePolicy.RAID0/],
  ])('bad input: %s', (_name, build, message) => {
    expect(build).toThrow(message);
  });
});

describe('the coordinator preset', () => {
  test('on-demand only, no consolidation while pods run (WhenEmpty), no taint, limits for maxNodes', () => {
    const { stack, cluster: c } = cluster();
    new KarpenterNodePool(stack, 'Coordinator', TrinoNodePools.coordinator({ cluster: c }));
    const pool = objectNamed(kubernetesObjects(stack), 'NodePool', 'trino-coordinator');
    expect(pool.spec.template.spec.requirements[0]).toEqual({ key: 'karpenter.sh/capacity-type', operator: 'In', values: ['on-demand'] });
    expect(pool.spec.disruption).toEqual({ consolidationPolicy: 'WhenEmpty', consolidateAfter: '10m' });
    expect(pool.spec.template.spec.taints).toBeUndefined();
    expect(pool.spec.template.metadata.labels).toEqual({ 'trino.io/role': 'coordinator' });
    expect(pool.spec.limits).toEqual({ cpu: String(3 * 8), memory: `${3 * 64}Gi` });
  });

  test('an expired coordinator node drains within a bound (its PDB would otherwise hold it forever)', () => {
    const { stack, cluster: c } = cluster();
    new KarpenterNodePool(stack, 'Coordinator', TrinoNodePools.coordinator({ cluster: c }));
    new KarpenterNodePool(stack, 'LongQueries', TrinoNodePools.coordinator({ cluster: c, name: 'long', terminationGracePeriod: Duration.hours(6) }));
    const objects = kubernetesObjects(stack);
    expect(objectNamed(objects, 'NodePool', 'trino-coordinator').spec.template.spec.terminationGracePeriod).toBe('1h');
    expect(objectNamed(objects, 'NodePool', 'long').spec.template.spec.terminationGracePeriod).toBe('6h');
  });
});

describe('bad input to the presets', () => {
  test.each([
    ['maxWorkers of zero', () => TrinoNodePools.workers({ cluster: cluster().cluster, maxWorkers: 0 }), /TrinoNodePools: maxWorkers \(0\) must be a whole number of at least 1/],
    ['a fractional maxWorkers', () => TrinoNodePools.workers({ cluster: cluster().cluster, maxWorkers: 2.5 }), /TrinoNodePools: maxWorkers \(2.5\) must be a whole number/],
    ['an unknown size', () => TrinoNodePools.workers({ cluster: cluster().cluster, maxWorkers: 2, instanceSize: 'huge' }), /TrinoNodePools: instanceSize \("huge"\) must be one of large, xlarge, 2xlarge/],
    ['no families', () => TrinoNodePools.coordinator({ cluster: cluster().cluster, instanceFamilies: [] }), /TrinoNodePools: instanceFamilies \(\[\]\) must name at least one family/],
    ['maxNodes of zero', () => TrinoNodePools.coordinator({ cluster: cluster().cluster, maxNodes: 0 }), /TrinoNodePools: maxNodes \(0\) must be a whole number of at least 1/],
  ])('%s', (_name, make, message) => {
    expect(make).toThrow(message);
  });
});
