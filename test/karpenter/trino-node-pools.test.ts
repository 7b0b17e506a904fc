import { Duration, Stack } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { importedClusterWithVpc } from './fixtures';
import { objectNamed } from './helpers';
import { Architecture, CapacityType, ConsolidationPolicy, KarpenterNodePool, TaintEffect, TrinoNodePools } from '../../src';
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
      { key: 'eks.amazonaws.com/instance-family', operator: 'In', values: ['r6i', 'r6a', 'r7i', 'r7a', 'r6g', 'r7g', 'r8g'] },
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
