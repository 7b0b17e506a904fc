import { Duration, Size, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { autoModeClusterWithoutBuiltInPools, IMPORTED_CLUSTER_SG, IMPORTED_SUBNET_IDS, importedClusterWithVpc, selfManagedCluster } from './fixtures';
import { objectNamed } from './helpers';
import {
  Architecture, CapacityType, ConsolidationPolicy, KarpenterController, KarpenterNodePool, KarpenterNodePoolProps, NodeClass,
  NodeClassRuntime, Requirement, RequirementOperator, SelectorTerm,
} from '../../src';
import { createdCluster, newStack } from '../fixtures/clusters';
import { kubernetesObjects } from '../quality-gate/manifests';
import { qualityGateTests } from '../quality-gate/quality-gate';

const MANAGED_BY = expect.objectContaining({ 'app.kubernetes.io/managed-by': 'cdk-trino-on-eks' });

describe('an Auto Mode pool with defaults, on a cluster created with Auto Mode', () => {
  let stack: Stack;
  let pool: KarpenterNodePool;
  beforeAll(() => {
    stack = newStack();
    pool = new KarpenterNodePool(stack, 'Pool', { cluster: createdCluster(stack), name: 'general' });
  });

  test('references the built-in NodeClass and uses the Auto Mode label keys', () => {
    expect(kubernetesObjects(stack)).toEqual([{
      apiVersion: 'karpenter.sh/v1',
      kind: 'NodePool',
      metadata: { name: 'general', labels: MANAGED_BY },
      spec: {
        template: {
          spec: {
            nodeClassRef: { group: 'eks.amazonaws.com', kind: 'NodeClass', name: 'default' },
            requirements: [
              { key: 'karpenter.sh/capacity-type', operator: 'In', values: ['on-demand'] },
              { key: 'kubernetes.io/arch', operator: 'In', values: ['amd64'] },
              { key: 'eks.amazonaws.com/instance-category', operator: 'In', values: ['c', 'm', 'r'] },
              { key: 'eks.amazonaws.com/instance-generation', operator: 'Gt', values: ['5'] },
            ],
            expireAfter: '336h',
          },
        },
        disruption: { consolidationPolicy: 'WhenEmptyOrUnderutilized', consolidateAfter: '0s' },
      },
    }]);
  });

  test('creates no node class and exposes what it made', () => {
    expect(pool.nodeClassManifest).toBeUndefined();
    expect(pool.nodePoolName).toBe('general');
    expect(pool.nodeClassName).toBe('default');
    expect(pool.runtime).toBe(NodeClassRuntime.AUTO_MODE);
    expect(pool.capacityTypes).toEqual([CapacityType.ON_DEMAND]);
    expect(pool.terminationGracePeriod).toBeUndefined();
  });

  qualityGateTests(() => ({ stack, scope: pool }));
});

describe('Auto Mode pools on an imported cluster: the whole stack', () => {
  let stack: Stack;
  beforeAll(() => {
    stack = newStack();
    const { cluster } = importedClusterWithVpc(stack);
    new KarpenterNodePool(stack, 'Default', { cluster, name: 'general', capacityTypes: [CapacityType.SPOT, CapacityType.ON_DEMAND] });
    new KarpenterNodePool(stack, 'Custom', {
      cluster,
      name: 'local-disk',
      nodeClass: NodeClass.autoModeCustom({
        name: 'local-disk',
        role: iam.Role.fromRoleArn(stack, 'NodeRole', 'arn:aws:iam::111122223333:role/auto-nodes'),
        subnets: IMPORTED_SUBNET_IDS.map((id) => SelectorTerm.fromId(id)),
        securityGroups: [SelectorTerm.fromId(IMPORTED_CLUSTER_SG)],
        ephemeralStorage: { size: Size.gibibytes(200) },
      }),
    });
  });

  test('a custom node role gets an EC2 access entry with the AmazonEKSAutoNodePolicy', () => {
    Template.fromStack(stack).hasResourceProperties('AWS::EKS::AccessEntry', {
      ClusterName: 'analytics',
      PrincipalArn: 'arn:aws:iam::111122223333:role/auto-nodes',
      Type: 'EC2',
      AccessPolicies: [{
        AccessScope: { Type: 'cluster' },
        PolicyArn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':eks::aws:cluster-access-policy/AmazonEKSAutoNodePolicy']] },
      }],
    });
  });

  test('the node class is applied before the pool that references it', () => {
    const resources = Template.fromStack(stack).toJSON().Resources;
    const custom = stack.node.findChild('Custom') as KarpenterNodePool;
    expect(resources[stack.getLogicalId(custom.nodePoolManifest.node.defaultChild as any)].DependsOn)
      .toContain(stack.getLogicalId(custom.nodeClassManifest!.node.defaultChild as any));
  });

  // The whole stack (an imported cluster): its template is kept for cfn-lint too.
  qualityGateTests(() => ({ stack, scope: stack }), { kubernetesObjects: { withoutSchema: ['NodeClass'] } });
});

describe('a custom Auto Mode NodeClass whose role already has its access entry', () => {
  test('createAccessEntry false: no second entry for the same role', () => {
    const stack = newStack();
    const { cluster } = importedClusterWithVpc(stack);
    new KarpenterNodePool(stack, 'Pool', {
      cluster,
      name: 'existing-role',
      nodeClass: NodeClass.autoModeCustom({
        name: 'existing-role',
        role: iam.Role.fromRoleArn(stack, 'NodeRole', 'arn:aws:iam::111122223333:role/cluster-auto-nodes'),
        createAccessEntry: false,
        subnets: [SelectorTerm.fromTags({ 'kubernetes.io/role/internal-elb': '1' })],
        securityGroups: [SelectorTerm.fromId(IMPORTED_CLUSTER_SG)],
      }),
    });
    Template.fromStack(stack).resourceCountIs('AWS::EKS::AccessEntry', 0);
    expect(objectNamed(kubernetesObjects(stack), 'NodeClass', 'existing-role').spec.role).toBe('cluster-auto-nodes');
  });
});

describe('a custom Auto Mode NodeClass on a created cluster', () => {
  test('defaults to the cluster node role, its private subnets and the cluster security group, with no extra access entry', () => {
    const stack = newStack();
    const cluster = createdCluster(stack);
    new KarpenterNodePool(stack, 'Pool', { cluster, name: 'custom', nodeClass: NodeClass.autoModeCustom({ name: 'custom-class' }) });
    const nodeClass = objectNamed(kubernetesObjects(stack), 'NodeClass', 'custom-class');
    expect(nodeClass.spec.role).toBe('CFN-TOKEN');
    expect(nodeClass.spec.subnetSelectorTerms).toEqual(cluster.vpc.privateSubnets.map(() => ({ id: 'CFN-TOKEN' })));
    expect(nodeClass.spec.securityGroupSelectorTerms).toEqual([{ id: 'CFN-TOKEN' }]);
    const template = Template.fromStack(stack);
    expect(template.findResources('AWS::EKS::AccessEntry', { Properties: { Type: 'EC2' } })).toEqual({});
    // The role name is the cluster's Auto Mode node role, read from its ARN.
    const manifest = JSON.stringify(Object.values(template.findResources('Custom::AWSCDK-EKS-KubernetesResource'))
      .map((r: any) => r.Properties.Manifest).find((m: any) => JSON.stringify(m).includes('custom-class')));
    expect(manifest).toMatch(/ClusterClusternodePoolRole[0-9A-F]+/);
  });
});

describe('the escape hatch', () => {
  test('is merged last: it adds fields, replaces typed ones, and null removes', () => {
    const stack = newStack();
    const { cluster } = importedClusterWithVpc(stack);
    new KarpenterNodePool(stack, 'Pool', {
      cluster,
      name: 'tuned',
      consolidateAfter: Duration.minutes(1),
      overrides: {
        spec: {
          template: { spec: { expireAfter: 'Never', startupTaints: [{ key: 'x', effect: 'NoSchedule' }] } },
          disruption: { consolidateAfter: null },
        },
      },
    });
    const pool = objectNamed(kubernetesObjects(stack), 'NodePool', 'tuned');
    expect(pool.spec.template.spec.expireAfter).toBe('Never');
    expect(pool.spec.template.spec.startupTaints).toEqual([{ key: 'x', effect: 'NoSchedule' }]);
    expect(pool.spec.template.spec.requirements).toHaveLength(4);
    expect(pool.spec.disruption).toEqual({ consolidationPolicy: 'WhenEmptyOrUnderutilized' });
  });
});

describe('requirements name attributes; the pool writes the label key of its runtime', () => {
  test.each([
    [false, 'karpenter.k8s.aws/instance-family'],
    [true, 'eks.amazonaws.com/instance-family'],
  ])('auto mode %s: %s', (autoMode, key) => {
    expect(Requirement.instanceFamilies(['r7g'])._render(autoMode, 'p')).toEqual({ key, operator: 'In', values: ['r7g'] });
  });

  test('operators without values, with one integer, and minValues', () => {
    expect(Requirement.of('a', RequirementOperator.EXISTS)._render(false, 'p')).toEqual({ key: 'a', operator: 'Exists' });
    expect(Requirement.of('a', RequirementOperator.DOES_NOT_EXIST)._render(true, 'p')).toEqual({ key: 'a', operator: 'DoesNotExist' });
    expect(Requirement.of('a', RequirementOperator.LT, ['8'])._render(false, 'p')).toEqual({ key: 'a', operator: 'Lt', values: ['8'] });
    expect(Requirement.of('a', RequirementOperator.IN, ['x', 'y'], 2)._render(false, 'p')).toEqual({ key: 'a', operator: 'In', values: ['x', 'y'], minValues: 2 });
    expect(Requirement.zones(['eu-west-1a'])._render(true, 'p').key).toBe('topology.kubernetes.io/zone');
  });
});

type PropsFactory = (stack: Stack) => KarpenterNodePoolProps;
const onAutoMode = (extra: Partial<KarpenterNodePoolProps>): PropsFactory => (stack) => ({ cluster: createdCluster(stack), name: 'pool', ...extra });
const onImported = (extra: Partial<KarpenterNodePoolProps>): PropsFactory => (stack) => ({ cluster: importedClusterWithVpc(stack).cluster, name: 'pool', ...extra });
const withController = (extra: (stack: Stack) => Partial<KarpenterNodePoolProps>): PropsFactory => (stack) => {
  const cluster = selfManagedCluster(stack);
  return { cluster, controller: new KarpenterController(stack, 'Karpenter', { cluster }), name: 'pool', ...extra(stack) };
};

describe('bad input: a synth-time error naming the prop, the value and what is allowed; nothing created', () => {
  const cases: Array<[string, PropsFactory, RegExp]> = [
    ['a name that is not a Kubernetes name', onImported({ name: 'Trino_Workers' }), /KarpenterNodePool: name \("Trino_Workers"\) must be an RFC 1123 label/],
    ['an empty capacity-type list', onImported({ capacityTypes: [] }), /KarpenterNodePool: capacityTypes \(\[\]\) must name at least one capacity type \(SPOT, ON_DEMAND, RESERVED\)/],
    ['an empty architecture list', onImported({ architectures: [] }), /KarpenterNodePool: architectures \(\[\]\) must name at least one architecture \(AMD64, ARM64\)/],
    ['an empty instance-category list', onImported({ instanceCategories: [] }), /KarpenterNodePool: instanceCategories \(\[\]\) must hold at least one value; leave it unset/],
    ['operator In without values', onImported({ requirements: [Requirement.of('node.kubernetes.io/instance-type', RequirementOperator.IN, [])] }),
      /KarpenterNodePool: requirements\[0\].values \(\[\]\) must hold at least one value: operator In compares the label with a list/],
    ['operator Exists with values', onImported({ requirements: [Requirement.of('example.com/gpu', RequirementOperator.EXISTS, ['true'])] }),
      /KarpenterNodePool: requirements\[0\].values \(\["true"\]\) must be empty: operator Exists only tests whether the label exists/],
    ['operator Gt with a non-integer', onImported({ requirements: [Requirement.of('eks.amazonaws.com/instance-cpu', RequirementOperator.GT, ['four'])] }),
      /KarpenterNodePool: requirements\[0\].values \(\["four"\]\) must be exactly one non-negative integer: operator Gt/],
    ['operator Lt with a negative value', onImported({ requirements: [Requirement.of('eks.amazonaws.com/instance-cpu', RequirementOperator.LT, ['-1'])] }),
      /KarpenterNodePool: requirements\[0\].values \(\["-1"\]\) must be exactly one non-negative integer: operator Lt/],
    ['a label Karpenter sets', onImported({ labels: { 'karpenter.sh/capacity-type': 'spot' } }),
      /KarpenterNodePool: labels \("karpenter.sh\/capacity-type"\) is a label Karpenter or the kubelet sets/],
    ['an EC2NodeClass tag Karpenter owns', withController(() => ({ nodeClass: NodeClass.ec2NodeClass({ tags: { 'karpenter.sh/nodepool': 'x' } }) })),
      /KarpenterNodePool: nodeClass.tags \("karpenter.sh\/nodepool"\) is reserved for Karpenter and EKS/],
    ['an Auto Mode NodeClass tag EKS owns', onAutoMode({ nodeClass: NodeClass.autoModeCustom({ name: 'custom', tags: { 'kubernetes.io/cluster/x': 'owned' } }) }),
      /KarpenterNodePool: nodeClass.tags \("kubernetes.io\/cluster\/x"\) is reserved for Karpenter and EKS/],
    ['minValues above the number of values', onImported({ requirements: [Requirement.of('eks.amazonaws.com/instance-family', RequirementOperator.IN, ['r7i'], 2)] }),
      /KarpenterNodePool: requirements\[0\].minValues \(2\) applies only to operator In with at least that many values \(operator In, 1 values\)/],
    ['a CPU limit of zero', onImported({ cpuLimit: 0 }), /KarpenterNodePool: cpuLimit \(0\) must be a positive number of vCPUs/],
    ['a negative CPU limit', onImported({ cpuLimit: -8 }), /KarpenterNodePool: cpuLimit \(-8\) must be a positive number of vCPUs/],
    ['a memory limit of zero', onImported({ memoryLimit: Size.gibibytes(0) }), /KarpenterNodePool: memoryLimit \("0 MiB"\) must be positive/],
    ['consolidateAfter with consolidation NEVER', onImported({ consolidationPolicy: ConsolidationPolicy.NEVER, consolidateAfter: Duration.minutes(5) }),
      /KarpenterNodePool: consolidateAfter \("5 minutes"\) is ignored by consolidationPolicy NEVER/],
    ['expireAfter shorter than terminationGracePeriod', onImported({ expireAfter: Duration.hours(1), terminationGracePeriod: Duration.hours(2) }),
      /KarpenterNodePool: expireAfter \("1 hour"\) must not be shorter than terminationGracePeriod \(2 hours\)/],
    ['expireAfter beyond the 21-day lifetime of Auto Mode nodes', onImported({ expireAfter: Duration.days(30) }),
      /KarpenterNodePool: expireAfter \("30 days"\) must be at most 21 days on EKS Auto Mode/],
    ['weight out of range', onImported({ weight: 0 }), /KarpenterNodePool: weight \(0\) must be a whole number from 1 to 100/],
    ['a budget that is neither a count nor a percentage', onImported({ disruptionBudgets: [{ nodes: 'ten' }] }),
      /KarpenterNodePool: disruptionBudgets\[0\].nodes \("ten"\) must be a node count/],
    ['a budget schedule without duration', onImported({ disruptionBudgets: [{ nodes: '0', schedule: '@daily' }] }),
      /KarpenterNodePool: disruptionBudgets\[0\].duration \(not set\) must be set together with its partner/],
    ['an EC2NodeClass without subnet selectors', withController(() => ({ nodeClass: NodeClass.ec2NodeClass({ subnets: [] }) })),
      /KarpenterNodePool: nodeClass.subnets \(\[\]\) must select at least one subnet/],
    ['an EC2NodeClass without security-group selectors', withController(() => ({ nodeClass: NodeClass.ec2NodeClass({ securityGroups: [] }) })),
      /KarpenterNodePool: nodeClass.securityGroups \(\[\]\) must select at least one security group/],
    ['an EC2NodeClass without role or controller', onImported({ nodeClass: NodeClass.ec2NodeClass() }),
      /KarpenterNodePool: nodeClass.role \(not set\) must be set when no controller is given/],
    ['createAccessEntry on an EC2NodeClass without controller', onImported({ nodeClass: NodeClass.ec2NodeClass({ role: iam.Role.fromRoleName(new Stack(), 'R', 'r'), createAccessEntry: true }) }),
      /KarpenterNodePool: nodeClass.createAccessEntry \(true\) applies only with a controller/],
    ['an AMI alias of another family', withController(() => ({ nodeClass: NodeClass.ec2NodeClass({ amiAlias: 'al2@latest' }) })),
      /KarpenterNodePool: nodeClass.amiAlias \("al2@latest"\) must be al2023@<version> or bottlerocket@<version>/],
    ['an IMDS hop limit of 3', withController(() => ({ nodeClass: NodeClass.ec2NodeClass({ metadataHopLimit: 3 }) })),
      /KarpenterNodePool: nodeClass.metadataHopLimit \(3\) must be 1 \(pods cannot reach the instance metadata; the secure default\) or 2/],
    ['a root volume that is not whole gibibytes', withController(() => ({ nodeClass: NodeClass.ec2NodeClass({ rootVolumeSize: Size.mebibytes(1536) }) })),
      /KarpenterNodePool: nodeClass.rootVolumeSize \("1536 MiB"\) must be a whole number of gibibytes from 1 to 59000/],
    ['an EC2NodeClass on an Auto Mode cluster', onAutoMode({ nodeClass: NodeClass.ec2NodeClass({ role: undefined }) }),
      /KarpenterNodePool: nodeClass \("NodeClass.ec2NodeClass\(\)"\) is for self-managed Karpenter, but the cluster runs EKS Auto Mode/],
    ['the Auto Mode NodeClass on a cluster without Auto Mode', (stack) => ({ cluster: selfManagedCluster(stack), name: 'pool', nodeClass: NodeClass.autoMode() }),
      /KarpenterNodePool: nodeClass \("NodeClass.autoMode\(\)"\) needs EKS Auto Mode, which the cluster does not run/],
    ['a controller on an Auto Mode pool', withController(() => ({ nodeClass: NodeClass.autoMode() })),
      /KarpenterNodePool: controller \("Test\/Karpenter"\) applies only to self-managed Karpenter/],
    ['a self-managed label key on an Auto Mode pool', onAutoMode({ requirements: [Requirement.of('karpenter.k8s.aws/instance-family', RequirementOperator.IN, ['r7i'])] }),
      /KarpenterNodePool: requirements\[0\].key \("karpenter.k8s.aws\/instance-family"\) is a self-managed Karpenter label, which EKS Auto Mode nodes do not carry: use eks.amazonaws.com\/instance-family/],
    ['an Auto Mode label key on a self-managed pool', withController(() => ({ requirements: [Requirement.of('eks.amazonaws.com/instance-size', RequirementOperator.IN, ['4xlarge'])] })),
      /KarpenterNodePool: requirements\[0\].key \("eks.amazonaws.com\/instance-size"\) is an EKS Auto Mode label, which self-managed Karpenter nodes do not carry: use karpenter.k8s.aws\/instance-size/],
    ['a custom Auto Mode NodeClass named default', onAutoMode({ nodeClass: NodeClass.autoModeCustom({ name: 'default' }) }),
      /KarpenterNodePool: nodeClass.name \("default"\) must not be "default": EKS owns the built-in NodeClass/],
    ['a custom Auto Mode NodeClass without role on an imported cluster', onImported({ nodeClass: NodeClass.autoModeCustom({ name: 'custom' }) }),
      /KarpenterNodePool: nodeClass.role \(not set\) must be set for an imported cluster/],
    ['createAccessEntry without a role', onAutoMode({ nodeClass: NodeClass.autoModeCustom({ name: 'custom', createAccessEntry: true }) }),
      /KarpenterNodePool: nodeClass.createAccessEntry \(true\) needs role/],
    ['the default NodeClass when the built-in node pools are off', (stack) => ({ cluster: autoModeClusterWithoutBuiltInPools(stack), name: 'pool' }),
      /KarpenterNodePool: nodeClass \("NodeClass.autoMode\(\)"\) references the Auto Mode NodeClass "default", which EKS creates only with the built-in node pools/],
  ];

  test.each(cases)('%s', (_name, props, message) => {
    const stack = newStack();
    const resolved = props(stack);
    const before = stack.node.findAll().length;
    expect(() => new KarpenterNodePool(stack, 'Pool', resolved)).toThrow(message);
    expect(stack.node.tryFindChild('Pool')).toBeUndefined();
    expect(stack.node.findAll().length).toBe(before);
  });

  test('a valid pool on the same inputs is accepted (the factories themselves are sound)', () => {
    for (const factory of [onAutoMode({}), onImported({ nodeClass: NodeClass.autoMode() }), withController(() => ({}))]) {
      const stack = newStack();
      expect(() => new KarpenterNodePool(stack, 'Pool', factory(stack))).not.toThrow();
    }
  });
});

describe('architectures and capacity types are written as given, deduplicated', () => {
  test('spot and on-demand, both architectures', () => {
    const stack = newStack();
    const { cluster } = importedClusterWithVpc(stack);
    new KarpenterNodePool(stack, 'Pool', {
      cluster,
      name: 'mixed',
      capacityTypes: [CapacityType.SPOT, CapacityType.ON_DEMAND, CapacityType.SPOT],
      architectures: [Architecture.ARM64, Architecture.AMD64],
    });
    const requirements = objectNamed(kubernetesObjects(stack), 'NodePool', 'mixed').spec.template.spec.requirements;
    expect(requirements.slice(0, 2)).toEqual([
      { key: 'karpenter.sh/capacity-type', operator: 'In', values: ['spot', 'on-demand'] },
      { key: 'kubernetes.io/arch', operator: 'In', values: ['arm64', 'amd64'] },
    ]);
  });
});
