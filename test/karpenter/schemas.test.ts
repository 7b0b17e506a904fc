import { Duration, Size, Stack } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { IMPORTED_CLUSTER_SG, IMPORTED_SUBNET_IDS, importedClusterWithVpc, selfManagedCluster } from './fixtures';
import { importedSelfManaged, isAutoModeNodeClass, objectNamed, withExampleIds } from './helpers';
import {
  Architecture, CapacityType, ConsolidationPolicy, DisruptionReason, InstanceStorePolicy, KarpenterController, KarpenterNodePool,
  KarpenterNodePoolOptions, NodeClass, Requirement, RequirementOperator, SelectorTerm, TaintEffect, TrinoNodePools,
} from '../../src';
import { newStack } from '../fixtures/clusters';
import { expectValidKubernetesObjects, kubernetesObjects, schemaProblems } from '../quality-gate/manifests';
import { qualityGateTests } from '../quality-gate/quality-gate';

/** Option combinations for a self-managed pool (EC2NodeClass + NodePool), by pool name. */
function selfManagedCombinations(stack: Stack): Record<string, Partial<KarpenterNodePoolOptions>> {
  const key = new kms.Key(stack, 'VolumeKey', { enableKeyRotation: true });
  return {
    'defaults': {},
    'spot-graviton-families': {
      capacityTypes: [CapacityType.SPOT, CapacityType.ON_DEMAND],
      architectures: [Architecture.ARM64, Architecture.AMD64],
      instanceCategories: ['r', 'm'],
      instanceFamilies: ['r7g', 'r8g', 'r7i'],
      instanceSizes: ['4xlarge', '8xlarge'],
      instanceGenerationAbove: 6,
      zones: ['eu-west-1a', 'eu-west-1b'],
    },
    'bottlerocket-raid0': {
      nodeClass: NodeClass.ec2NodeClass({
        amiAlias: 'bottlerocket@v1.50.0',
        metadataHopLimit: 2,
        rootVolumeSize: Size.gibibytes(200),
        rootVolumeKmsKey: key,
        instanceStorePolicy: InstanceStorePolicy.RAID0,
        tags: { team: 'analytics' },
      }),
    },
    'taints-limits-budgets': {
      labels: { 'trino.io/role': 'worker' },
      taints: [{ key: 'trino.io/role', value: 'worker', effect: TaintEffect.NO_SCHEDULE }, { key: 'dedicated', effect: TaintEffect.NO_EXECUTE }],
      weight: 50,
      cpuLimit: 640,
      memoryLimit: Size.gibibytes(5120),
      consolidationPolicy: ConsolidationPolicy.WHEN_EMPTY,
      consolidateAfter: Duration.minutes(5),
      disruptionBudgets: [
        { nodes: '10%' },
        { nodes: '0', reasons: [DisruptionReason.UNDERUTILIZED, DisruptionReason.DRIFTED], schedule: '0 9 * * mon-fri', duration: Duration.hours(8) },
      ],
      expireAfter: Duration.days(7),
      terminationGracePeriod: Duration.hours(1),
    },
    'never-consolidate': { consolidationPolicy: ConsolidationPolicy.NEVER, memoryLimit: Size.mebibytes(1536) },
    'custom-requirements': {
      requirements: [
        Requirement.of('karpenter.k8s.aws/instance-local-nvme', RequirementOperator.EXISTS),
        Requirement.of('karpenter.k8s.aws/instance-hypervisor', RequirementOperator.DOES_NOT_EXIST),
        Requirement.of('node.kubernetes.io/instance-type', RequirementOperator.NOT_IN, ['r7i.metal-24xl']),
        Requirement.of('karpenter.k8s.aws/instance-cpu', RequirementOperator.LT, ['65']),
        Requirement.of('karpenter.k8s.aws/instance-family', RequirementOperator.IN, ['r6i', 'r7i', 'r6a'], 2),
      ],
    },
    'explicit-selectors': {
      nodeClass: NodeClass.ec2NodeClass({
        name: 'explicit-selectors-class',
        subnets: IMPORTED_SUBNET_IDS.map((id) => SelectorTerm.fromId(id)),
        securityGroups: [SelectorTerm.fromId(IMPORTED_CLUSTER_SG), SelectorTerm.fromTags({ 'team': 'analytics', 'karpenter.sh/discovery': 'analytics' })],
        role: iam.Role.fromRoleName(stack, 'OtherNodeRole', 'other-node-role'),
      }),
    },
    'overrides': {
      nodeClass: NodeClass.ec2NodeClass({ overrides: { spec: { kubelet: { maxPods: 58 }, detailedMonitoring: true } } }),
      overrides: { spec: { template: { spec: { startupTaints: [{ key: 'ebs.csi.aws.com/agent-not-ready', effect: 'NoExecute' }] } } } },
    },
  };
}

describe('every NodePool and EC2NodeClass a self-managed pool can emit validates against the Karpenter v1 schemas', () => {
  const combinations: Record<string, Partial<KarpenterNodePoolOptions>> = {};
  let stack: Stack;
  let objects: any[];
  let problems: { object: string; error: string }[];
  beforeAll(() => {
    let cluster: eks.ICluster;
    let controller: KarpenterController;
    ({ stack, cluster, controller } = importedSelfManaged());
    Object.assign(combinations, selfManagedCombinations(stack));
    for (const [name, options] of Object.entries(combinations)) {
      new KarpenterNodePool(stack, `Pool-${name}`, { cluster, controller, name, ...options });
    }
    new KarpenterNodePool(stack, 'PresetWorkers', TrinoNodePools.workers({ cluster, controller, maxWorkers: 20, allowGraviton: true }));
    new KarpenterNodePool(stack, 'PresetCoordinator', TrinoNodePools.coordinator({ cluster, controller }));
    objects = kubernetesObjects(stack).filter((o) => o.kind !== 'ServiceAccount');
    problems = schemaProblems(withExampleIds(objects));
  });

  test.each(Object.keys(selfManagedCombinations(newStack())).concat(['trino-workers', 'trino-coordinator']))('%s', (name) => {
    const pool = objectNamed(objects, 'NodePool', name);
    const nodeClassName = pool.spec.template.spec.nodeClassRef.name;
    objectNamed(objects, 'EC2NodeClass', nodeClassName);
    expect(problems.filter((p) => p.object.endsWith(` ${name}`) || p.object.endsWith(` ${nodeClassName}`))).toEqual([]);
  });

  test('the whole set: a NodePool per combination and preset (validated as a whole by the quality gate below)', () => {
    expect(objects.filter((o) => o.kind === 'NodePool')).toHaveLength(Object.keys(combinations).length + 2);
  });

  test('the schema check can fail: an invalid budget is caught', () => {
    const pool = objectNamed(objects, 'NodePool', 'defaults');
    const broken = { ...pool, spec: { ...pool.spec, disruption: { ...pool.spec.disruption, budgets: [{ nodes: 'ten' }] } } };
    expect(schemaProblems([broken])).toEqual([expect.objectContaining({ object: 'karpenter.sh/v1/NodePool defaults' })]);
  });

  // The whole stack (an imported cluster); selector IDs known only at deploy time stand in as example IDs.
  qualityGateTests(() => ({ stack, scope: stack }), { kubernetesObjects: { prepare: withExampleIds } });
});

describe('a self-managed pool on a created cluster (deploy-time subnet and security group IDs)', () => {
  let stack: Stack;
  let controller: KarpenterController;
  let pool: KarpenterNodePool;
  beforeAll(() => {
    stack = newStack();
    const cluster = selfManagedCluster(stack);
    controller = new KarpenterController(stack, 'Karpenter', { cluster });
    pool = new KarpenterNodePool(stack, 'Workers', TrinoNodePools.workers({ cluster, controller, maxWorkers: 4 }));
  });

  test('an EC2NodeClass and a NodePool besides the service account (validated once the deploy-time IDs stand in as example IDs, below)', () => {
    const objects = kubernetesObjects(stack).filter((o) => o.kind !== 'ServiceAccount');
    expect(objects.map((o) => o.kind).sort()).toEqual(['EC2NodeClass', 'NodePool']);
  });

  // What the controller and the pool create (the created cluster is not the library's).
  qualityGateTests(() => ({ stack, scope: [controller, pool] }), { kubernetesObjects: { prepare: withExampleIds } });
});

describe('every NodePool an EKS Auto Mode pool can emit validates; the Auto Mode NodeClass has no schema package', () => {
  let stack: Stack;
  let objects: any[];
  beforeAll(() => {
    stack = newStack();
    const { cluster } = importedClusterWithVpc(stack);
    const custom = NodeClass.autoModeCustom({
      name: 'trino-local-disk',
      role: iam.Role.fromRoleName(stack, 'AutoNodeRole', 'auto-node-role'),
      subnets: IMPORTED_SUBNET_IDS.map((id) => SelectorTerm.fromId(id)),
      securityGroups: [SelectorTerm.fromId(IMPORTED_CLUSTER_SG)],
      ephemeralStorage: { size: Size.gibibytes(500), iops: 6000, throughput: 500 },
    });
    new KarpenterNodePool(stack, 'Defaults', { cluster, name: 'auto-defaults' });
    new KarpenterNodePool(stack, 'Custom', {
      cluster,
      name: 'auto-custom',
      nodeClass: custom,
      capacityTypes: [CapacityType.SPOT, CapacityType.ON_DEMAND],
      architectures: [Architecture.ARM64],
      instanceFamilies: ['r7g'],
      requirements: [Requirement.of('eks.amazonaws.com/instance-local-nvme', RequirementOperator.GT, ['100'])],
      consolidationPolicy: ConsolidationPolicy.NEVER,
    });
    new KarpenterNodePool(stack, 'Workers', TrinoNodePools.workers({ cluster, maxWorkers: 10 }));
    new KarpenterNodePool(stack, 'Coordinator', TrinoNodePools.coordinator({ cluster, allowGraviton: true }));
    objects = kubernetesObjects(stack);
  });

  test('four NodePools besides the Auto Mode NodeClass (which the quality gate below leaves out explicitly: no schema to check it against)', () => {
    const nodePools = objects.filter((o) => !isAutoModeNodeClass(o));
    expect(nodePools.map((o) => o.metadata.name).sort()).toEqual(['auto-custom', 'auto-defaults', 'trino-coordinator', 'trino-workers']);
  });

  test('without the exclusion the gate refuses the NodeClass rather than passing it unchecked', () => {
    expect(() => expectValidKubernetesObjects(objects)).toThrow(/eks.amazonaws.com\/v1\/NodeClass trino-local-disk: no schema is known/);
  });

  test('the Auto Mode NodeClass has the fields of the EKS user guide\'s Node Class Specification', () => {
    expect(objectNamed(objects, 'NodeClass', 'trino-local-disk')).toEqual({
      apiVersion: 'eks.amazonaws.com/v1',
      kind: 'NodeClass',
      metadata: { name: 'trino-local-disk', labels: expect.objectContaining({ 'app.kubernetes.io/managed-by': 'cdk-trino-on-eks' }) },
      spec: {
        role: 'auto-node-role',
        subnetSelectorTerms: IMPORTED_SUBNET_IDS.map((id) => ({ id })),
        securityGroupSelectorTerms: [{ id: IMPORTED_CLUSTER_SG }],
        ephemeralStorage: { size: '500Gi', iops: 6000, throughput: 500 },
      },
    });
  });

  qualityGateTests(() => ({ stack, scope: stack }), { kubernetesObjects: { withoutSchema: ['NodeClass'] } });
});

