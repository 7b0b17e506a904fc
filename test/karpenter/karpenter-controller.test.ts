import { Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IMPORTED_VPC_ID, importedClusterWithVpc, selfManagedCluster } from './fixtures';
import { importedSelfManaged, withExampleIds } from './helpers';
import { KarpenterController, KarpenterControllerProps, KarpenterNodePool, NodeClass, PodIdentityAgent, TrinoNodePools } from '../../src';
import { INTERRUPTION_EVENTS } from '../../src/karpenter/interruption-events';
import { createdCluster, IMPORTED_CLUSTER_NAME, importedCluster, newStack } from '../fixtures/clusters';
import { nagFindings } from '../quality-gate/nag';
import { qualityGateTests } from '../quality-gate/quality-gate';

const CLUSTER_TAG = `kubernetes.io/cluster/${IMPORTED_CLUSTER_NAME}`;
const partitionArn = (rest: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, rest]] });

function statementsOf(template: Template, logicalIdPrefix: string): any[] {
  const policies = Object.entries(template.findResources('AWS::IAM::ManagedPolicy')).filter(([id]) => id.startsWith(logicalIdPrefix));
  expect(policies).toHaveLength(1);
  return (policies[0][1] as any).Properties.PolicyDocument.Statement;
}

describe('self-managed Karpenter on an imported cluster (Pod Identity, literal cluster name)', () => {
  let stack: Stack;
  let controller: KarpenterController;
  let pool: KarpenterNodePool;
  let template: Template;
  let resources: Record<string, any>;
  beforeAll(() => {
    let cluster: eks.ICluster;
    ({ stack, cluster, controller } = importedSelfManaged());
    pool = new KarpenterNodePool(stack, 'Workers', TrinoNodePools.workers({ cluster, controller, maxWorkers: 2 }));
    template = Template.fromStack(stack);
    resources = template.toJSON().Resources;
  });

  test('the controller role has exactly the four scoped policies, and only Pod Identity can assume it', () => {
    const roleId = stack.getLogicalId(controller.controllerRole.node.defaultChild as any);
    const attached = Object.entries(template.findResources('AWS::IAM::ManagedPolicy'))
      .filter(([, p]: any) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
      .map(([id]) => id.replace(/[0-9A-F]{8}$/, ''));
    expect(attached.sort()).toEqual(['KarpenterClusterIntegrationPolicy', 'KarpenterIamIntegrationPolicy', 'KarpenterNodeLifecyclePolicy', 'KarpenterResourceDiscoveryPolicy']);
    expect(resources[roleId].Properties.AssumeRolePolicyDocument.Statement.map((s: any) => s.Principal))
      .toEqual(expect.arrayContaining([{ Service: 'pods.eks.amazonaws.com' }]));
    expect(resources[roleId].Properties.AssumeRolePolicyDocument.Statement.every((s: any) => s.Principal.Service === 'pods.eks.amazonaws.com')).toBe(true);
    template.hasResourceProperties('AWS::EKS::PodIdentityAssociation', {
      ClusterName: IMPORTED_CLUSTER_NAME, Namespace: 'kube-system', ServiceAccount: 'karpenter', RoleArn: { 'Fn::GetAtt': [roleId, 'Arn'] },
    });
  });

  test('launches: AMIs and snapshots of the region, subnets and security groups of the cluster VPC only', () => {
    const statements = statementsOf(template, 'KarpenterNodeLifecyclePolicy');
    expect(statements.map((s) => s.Sid)).toEqual(['AllowScopedEC2InstanceAccessActions', 'AllowScopedEC2NetworkAccessActions',
      'AllowScopedEC2LaunchTemplateAccessActions', 'AllowScopedEC2InstanceActionsWithTags', 'AllowScopedResourceCreationTagging',
      'AllowScopedResourceTagging', 'AllowScopedDeletion']);
    expect(statements[0]).toEqual({
      Sid: 'AllowScopedEC2InstanceAccessActions',
      Effect: 'Allow',
      Action: ['ec2:RunInstances', 'ec2:CreateFleet'],
      Resource: [partitionArn(':ec2:eu-west-1::image/*'), partitionArn(':ec2:eu-west-1::snapshot/*'),
        partitionArn(':ec2:eu-west-1:*:capacity-reservation/*'), partitionArn(':ec2:eu-west-1:*:placement-group/*')],
    });
    expect(statements[1].Condition).toEqual({ ArnLike: { 'ec2:Vpc': partitionArn(`:ec2:eu-west-1:*:vpc/${IMPORTED_VPC_ID}`) } });
  });

  test('creating, tagging and deleting EC2 resources needs this cluster\'s ownership tag and a NodePool tag', () => {
    const statements = statementsOf(template, 'KarpenterNodeLifecyclePolicy');
    const owned = { StringEquals: { [`aws:ResourceTag/${CLUSTER_TAG}`]: 'owned' }, StringLike: { 'aws:ResourceTag/karpenter.sh/nodepool': '*' } };
    expect(statements[2].Condition).toEqual(owned);
    expect(statements[3].Condition).toEqual({
      StringEquals: { [`aws:RequestTag/${CLUSTER_TAG}`]: 'owned', 'aws:RequestTag/eks:eks-cluster-name': IMPORTED_CLUSTER_NAME },
      StringLike: { 'aws:RequestTag/karpenter.sh/nodepool': '*' },
    });
    expect(statements[4].Condition.StringEquals['ec2:CreateAction']).toEqual(['RunInstances', 'CreateFleet', 'CreateLaunchTemplate']);
    expect(statements[5].Condition['ForAllValues:StringEquals']).toEqual({ 'aws:TagKeys': ['eks:eks-cluster-name', 'karpenter.sh/nodeclaim', 'Name'] });
    expect(statements[6]).toEqual(expect.objectContaining({ Action: ['ec2:TerminateInstances', 'ec2:DeleteLaunchTemplate'], Condition: owned }));
    expect(JSON.stringify(statements)).not.toMatch(/"Action":"ec2:\*"|"Resource":"\*"/);
  });

  test('passes only the node role, only to EC2; instance profiles only with this cluster\'s tags', () => {
    const statements = statementsOf(template, 'KarpenterIamIntegrationPolicy');
    expect(statements[0]).toEqual({
      Sid: 'AllowPassingInstanceRole',
      Effect: 'Allow',
      Action: 'iam:PassRole',
      Resource: { 'Fn::GetAtt': [stack.getLogicalId(controller.nodeRole.node.defaultChild as any), 'Arn'] },
      Condition: { StringEquals: { 'iam:PassedToService': ['ec2.amazonaws.com', 'ec2.amazonaws.com.cn'] } },
    });
    for (const statement of statements.slice(1)) {
      expect(statement.Resource).toEqual(partitionArn(':iam::111122223333:instance-profile/*'));
      expect(Object.keys(statement.Condition.StringEquals)).toEqual(expect.arrayContaining([expect.stringContaining(CLUSTER_TAG)]));
    }
  });

  test('reads the interruption queue and describes its own cluster, nothing else', () => {
    const queueId = stack.getLogicalId(controller.interruption.queue.node.defaultChild as any);
    expect(statementsOf(template, 'KarpenterClusterIntegrationPolicy')).toEqual([
      { Sid: 'AllowAPIServerEndpointDiscovery', Effect: 'Allow', Action: 'eks:DescribeCluster', Resource: partitionArn(':eks:eu-west-1:111122223333:cluster/analytics') },
      { Sid: 'AllowInterruptionQueueActions', Effect: 'Allow', Action: ['sqs:DeleteMessage', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage'], Resource: { 'Fn::GetAtt': [queueId, 'Arn'] } },
    ]);
  });

  test('Resource "*" only where the API has no resource-level permissions, EC2 reads limited to the region', () => {
    const wide = Object.values(template.findResources('AWS::IAM::ManagedPolicy'))
      .flatMap((p: any) => p.Properties.PolicyDocument.Statement)
      .filter((s: any) => s.Resource === '*');
    expect(wide.map((s: any) => s.Sid)).toEqual(['AllowRegionalReadActions', 'AllowPricingReadActions', 'AllowUnscopedInstanceProfileListAction']);
    expect(wide[0].Condition).toEqual({ StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } });
    expect(wide[0].Action.every((a: string) => a.startsWith('ec2:Describe'))).toBe(true);
    expect(JSON.stringify(template.toJSON())).not.toMatch(/arc-zonal-shift/);
  });

  test('the interruption queue: SQS-managed encryption, TLS only, five-minute retention', () => {
    template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 300 });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([{
          Action: 'sqs:*',
          Effect: 'Deny',
          Principal: { AWS: '*' },
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          Resource: Match.anyValue(),
        }]),
      },
    });
  });

  test('one EventBridge rule per interruption event, each with its source and detail type, feeding the queue', () => {
    const queueArn = { 'Fn::GetAtt': [stack.getLogicalId(controller.interruption.queue.node.defaultChild as any), 'Arn'] };
    const rules = Object.values(template.findResources('AWS::Events::Rule')).map((r: any) => r.Properties);
    expect(rules.map((r) => r.EventPattern)).toEqual([
      { 'source': ['aws.health'], 'detail-type': ['AWS Health Event'] },
      { 'source': ['aws.ec2'], 'detail-type': ['EC2 Spot Instance Interruption Warning'] },
      { 'source': ['aws.ec2'], 'detail-type': ['EC2 Instance Rebalance Recommendation'] },
      { 'source': ['aws.ec2'], 'detail-type': ['EC2 Instance State-change Notification'] },
      { 'source': ['aws.ec2'], 'detail-type': ['EC2 Capacity Reservation Instance Interruption Warning'] },
    ]);
    expect(rules.every((r) => JSON.stringify(r.Targets) === JSON.stringify([{ Arn: queueArn, Id: 'Target0' }]))).toBe(true);
    expect(INTERRUPTION_EVENTS).toHaveLength(rules.length);
  });

  test('EventBridge may send to the queue only from these rules', () => {
    const statement = template.toJSON().Resources[stack.getLogicalId(controller.interruption.queue.node.findChild('Policy').node.defaultChild as any)]
      .Properties.PolicyDocument.Statement.filter((s: any) => s.Effect === 'Allow');
    const ruleIds = controller.interruption.rules.map((r) => stack.getLogicalId(r.node.defaultChild as any));
    expect(statement.map((s: any) => s.Condition.ArnEquals['aws:SourceArn']['Fn::GetAtt'][0])).toEqual(ruleIds);
    expect(statement.every((s: any) => s.Principal.Service === 'events.amazonaws.com')).toBe(true);
  });

  test('the node role joins through an EC2_LINUX access entry, with no access policy', () => {
    template.hasResourceProperties('AWS::EKS::AccessEntry', {
      ClusterName: IMPORTED_CLUSTER_NAME,
      Type: 'EC2_LINUX',
      PrincipalArn: { 'Fn::GetAtt': [stack.getLogicalId(controller.nodeRole.node.defaultChild as any), 'Arn'] },
      AccessPolicies: [],
    });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' } }] },
      ManagedPolicyArns: ['AmazonEKSWorkerNodePolicy', 'AmazonEKS_CNI_Policy', 'AmazonEC2ContainerRegistryPullOnly', 'AmazonSSMManagedInstanceCore']
        .map((name) => partitionArn(`:iam::aws:policy/${name}`)),
    });
  });

  test('the node security group carries the discovery tag; imported subnets get a warning instead', () => {
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      VpcId: IMPORTED_VPC_ID,
      Tags: [{ Key: 'karpenter.sh/discovery', Value: IMPORTED_CLUSTER_NAME }],
    });
    const warnings = controller.node.metadata.filter((m) => m.type === 'aws:cdk:warning').map((m) => String(m.data));
    expect(warnings).toEqual([expect.stringMatching(/Subnet subnet-0aaaaaaaaaaaaaaa1 was imported/), expect.stringMatching(/Subnet subnet-0bbbbbbbbbbbbbbb2 was imported/)]);
  });

  test('the pinned chart from the OCI registry, with the cluster name and the interruption queue', () => {
    const queueId = stack.getLogicalId(controller.interruption.queue.node.defaultChild as any);
    template.hasResourceProperties('Custom::AWSCDK-EKS-HelmChart', {
      Chart: 'karpenter',
      Repository: 'oci://public.ecr.aws/karpenter/karpenter',
      Version: KarpenterController.DEFAULT_VERSION,
      Release: 'karpenter',
      Namespace: 'kube-system',
      Wait: true,
      Values: {
        'Fn::Join': ['', [
          '{"settings":{"clusterName":"analytics","interruptionQueue":"',
          { 'Fn::GetAtt': [queueId, 'QueueName'] },
          '"},"serviceAccount":{"create":false,"name":"karpenter"},"controller":{"resources":{"requests":{"cpu":"1","memory":"1Gi"},"limits":{"cpu":"1","memory":"1Gi"}}}}',
        ]],
      },
    });
    expect(KarpenterController.DEFAULT_VERSION).toMatch(/^1\.[0-9]+\.[0-9]+$/);
  });

  test('order: account, role, policies and queue before the chart; the chart and the access entry before the node class and pool', () => {
    const id = (c: any) => stack.getLogicalId(c.node.defaultChild);
    const chartDeps: string[] = resources[id(controller.chart)].DependsOn;
    expect(chartDeps).toEqual(expect.arrayContaining([
      id(controller.controllerRole), ...controller.controllerPolicies.map(id), id(controller.interruption.queue),
      expect.stringMatching(/^KarpenterServiceAccountmanifest/), expect.stringMatching(/^KarpenterServiceAccountAssociation/),
    ]));
    for (const manifest of [pool.nodeClassManifest!, pool.nodePoolManifest]) {
      expect(resources[id(manifest)].DependsOn).toEqual(expect.arrayContaining([id(controller.chart), id(controller.nodeAccessEntry)]));
    }
    expect(resources[id(pool.nodePoolManifest)].DependsOn).toContain(id(pool.nodeClassManifest!));
  });

  // The whole stack (an imported cluster): its template is kept for cfn-lint too.
  qualityGateTests(() => ({ stack, scope: stack }));
});

describe('self-managed Karpenter on a cluster created without Auto Mode', () => {
  let stack: Stack;
  let controller: KarpenterController;
  let template: Template;
  beforeAll(() => {
    stack = newStack();
    const cluster = selfManagedCluster(stack);
    controller = new KarpenterController(stack, 'Karpenter', { cluster });
    new KarpenterNodePool(stack, 'Coordinator', TrinoNodePools.coordinator({ cluster, controller }));
    template = Template.fromStack(stack);
  });

  test('condition keys holding the cluster name go through CfnJson; the policy references its value', () => {
    const clusterRef = stack.resolve((stack.node.findChild('Cluster') as eks.Cluster).clusterName);
    const cfnJson = Object.values(template.findResources('Custom::AWSCDKCfnJson')).map((r: any) => r.Properties.Value);
    expect(cfnJson.length).toBe(8);
    expect(cfnJson).toContainEqual({ 'Fn::Join': ['', ['{"aws:ResourceTag/kubernetes.io/cluster/', clusterRef, '":"owned"}']] });
    const lifecycle = statementsOf(template, 'KarpenterNodeLifecyclePolicy');
    expect(lifecycle[2].Condition.StringEquals).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^KarpenterLaunchTemplateOwnedCondition/), 'Value'] });
  });

  test('Pod Identity: the cluster installs the agent add-on, and the chart waits for it', () => {
    const addons = template.findResources('AWS::EKS::Addon', { Properties: { AddonName: 'eks-pod-identity-agent' } });
    expect(Object.keys(addons)).toHaveLength(1);
    const chart = template.toJSON().Resources[stack.getLogicalId(controller.chart.node.defaultChild as any)];
    expect(chart.DependsOn).toContain(Object.keys(addons)[0]);
  });

  test('the private subnets carry the discovery tag (a synthesis-time name: the deploy-time cluster name would be a cycle)', () => {
    expect(controller.discoveryTagValue).toMatch(/^TestCluster[0-9A-F]{8}$/);
    const tagged = Object.values(template.findResources('AWS::EC2::Subnet'))
      .filter((s: any) => (s.Properties.Tags as any[]).some((t) => t.Key === 'karpenter.sh/discovery' && t.Value === controller.discoveryTagValue));
    const privateSubnets = Object.values(template.findResources('AWS::EC2::Subnet'))
      .filter((s: any) => (s.Properties.Tags as any[]).some((t) => t.Key === 'aws-cdk:subnet-type' && t.Value === 'Private'));
    expect(tagged).toHaveLength(privateSubnets.length);
    expect(tagged.length).toBeGreaterThan(0);
  });

  test('the EC2NodeClass selects the discovery-tagged subnets and node group, and the cluster security group', () => {
    const nodeClass = Object.values(template.findResources('Custom::AWSCDK-EKS-KubernetesResource'))
      .map((r: any) => JSON.stringify(stack.resolve(r.Properties.Manifest)))
      .find((m) => m.includes('EC2NodeClass'))!;
    const value = controller.discoveryTagValue;
    expect(nodeClass).toContain(`\\"subnetSelectorTerms\\":[{\\"tags\\":{\\"karpenter.sh/discovery\\":\\"${value}\\"}}]`);
    expect(nodeClass).toContain(`\\"securityGroupSelectorTerms\\":[{\\"tags\\":{\\"karpenter.sh/discovery\\":\\"${value}\\"}},{\\"id\\":\\"",{"Fn::GetAtt":["Cluster`);
    template.hasResourceProperties('AWS::EC2::SecurityGroup', { Tags: [{ Key: 'karpenter.sh/discovery', Value: value }] });
  });

  // What the controller and the pool create (the created cluster is not the library's); the cluster security group's
  // ID is known only at deploy time and stands in as an example ID.
  qualityGateTests(() => ({ stack, scope: [controller, stack.node.findChild('Coordinator')] }), { kubernetesObjects: { prepare: withExampleIds } });
});

describe('IRSA instead of Pod Identity', () => {
  test('the trust is the cluster OIDC provider, for kube-system/karpenter only, through CfnJson', () => {
    const stack = newStack();
    const cluster = selfManagedCluster(stack);
    new KarpenterController(stack, 'Karpenter', { cluster, identityType: eks.IdentityType.IRSA });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EKS::PodIdentityAssociation', 0);
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: { StringEquals: { 'Fn::GetAtt': [Match.stringLikeRegexp('^KarpenterServiceAccountConditionJson'), 'Value'] } },
        })],
      },
    });
    template.hasResourceProperties('Custom::AWSCDKCfnJson', {
      Value: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(':sub":"system:serviceaccount:kube-system:karpenter"')])] },
    });
  });

  test('a namespace of its own is created before the service account', () => {
    const stack = newStack();
    const cluster = selfManagedCluster(stack);
    const controller = new KarpenterController(stack, 'Karpenter', { cluster, namespace: 'karpenter' });
    const resources = Template.fromStack(stack).toJSON().Resources;
    const accountId = Object.keys(resources).find((id) => id.startsWith('KarpenterServiceAccountmanifest'))!;
    expect(resources[accountId].DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^KarpenterNamespace/)]));
    expect(controller.namespace).toBe('karpenter');
  });
});

describe('the IAM5 acknowledgements are per statement, not per policy', () => {
  test('a wildcard added to a controller policy by someone else is still a finding', () => {
    const { controller } = importedSelfManaged();
    controller.controllerPolicies[0].addStatements(new iam.PolicyStatement({
      sid: 'SomethingElse', actions: ['ec2:StopInstances'], resources: ['arn:aws:ec2:eu-west-1:111122223333:volume/*'],
    }));
    const iam5 = nagFindings(controller).filter((f) => f.rule.startsWith('AwsSolutions-IAM5'));
    expect(iam5.map((f) => f.rule)).toEqual(['AwsSolutions-IAM5[Resource::arn:aws:ec2:eu-west-1:111122223333:volume/*]']);
  });

  test('each acknowledged wildcard carries the reason of the statements that use it', () => {
    const { controller } = importedSelfManaged();
    nagFindings(controller); // synthesizes: the acknowledgements are made in the validation phase
    const acknowledged: Record<string, string> = Object.assign({}, ...controller.controllerPolicies.flatMap((p) => p.node.metadata)
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .map((m) => m.data));
    expect(acknowledged['AwsSolutions-IAM5[Resource::*]']).toMatch(/Describe\* calls do not support resource-level permissions.*pricing:GetProducts.*ListInstanceProfiles/s);
    expect(acknowledged['AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ec2:eu-west-1:*:launch-template/*]'])
      .toMatch(/tagged as owned by this cluster/);
  });
});

describe('an EC2NodeClass with a role of its own', () => {
  test('the controller may pass it, and it gets one EC2_LINUX access entry however many pools use it', () => {
    const { stack, cluster, controller } = importedSelfManaged();
    const role = iam.Role.fromRoleArn(stack, 'SpillNodes', 'arn:aws:iam::111122223333:role/spill-nodes');
    for (const name of ['spill-a', 'spill-b']) {
      new KarpenterNodePool(stack, name, { cluster, controller, name, nodeClass: NodeClass.ec2NodeClass({ role }) });
    }
    const template = Template.fromStack(stack);
    expect(statementsOf(template, 'KarpenterIamIntegrationPolicy')).toContainEqual({
      Sid: 'AllowPassingNodeRole1',
      Effect: 'Allow',
      Action: 'iam:PassRole',
      Resource: 'arn:aws:iam::111122223333:role/spill-nodes',
      Condition: { StringEquals: { 'iam:PassedToService': ['ec2.amazonaws.com', 'ec2.amazonaws.com.cn'] } },
    });
    expect(Object.values(template.findResources('AWS::EKS::AccessEntry')).map((e: any) => e.Properties.PrincipalArn))
      .toEqual([expect.objectContaining({ 'Fn::GetAtt': expect.anything() }), 'arn:aws:iam::111122223333:role/spill-nodes']);
  });

  test('createAccessEntry false: passable, but no second access entry (a managed node group role has one)', () => {
    const { stack, cluster, controller } = importedSelfManaged();
    const role = iam.Role.fromRoleArn(stack, 'GroupNodes', 'arn:aws:iam::111122223333:role/nodegroup');
    new KarpenterNodePool(stack, 'Pool', { cluster, controller, name: 'shared-role', nodeClass: NodeClass.ec2NodeClass({ role, createAccessEntry: false }) });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EKS::AccessEntry', 1);
    expect(statementsOf(template, 'KarpenterIamIntegrationPolicy').map((s) => s.Sid)).toContain('AllowPassingNodeRole1');
  });
});

describe('helm values escape hatch', () => {
  test('is merged last: new keys added, modelled keys overridable, null removes', () => {
    const { stack, cluster } = (() => {
      const s = newStack();
      return { stack: s, ...importedClusterWithVpc(s) };
    })();
    new KarpenterController(stack, 'Karpenter', {
      cluster,
      podIdentityAgent: PodIdentityAgent.EXISTING,
      helmValues: { replicas: 3, settings: { featureGates: { nodeRepair: true } }, controller: { resources: null } },
    });
    const values = Template.fromStack(stack).toJSON().Resources;
    const chart = Object.values(values).find((r: any) => r.Type === 'Custom::AWSCDK-EKS-HelmChart') as any;
    const json = chart.Properties.Values['Fn::Join'][1].map((p: any) => (typeof p === 'string' ? p : 'QUEUE')).join('');
    expect(JSON.parse(json)).toEqual({
      settings: { clusterName: 'analytics', interruptionQueue: 'QUEUE', featureGates: { nodeRepair: true } },
      serviceAccount: { create: false, name: 'karpenter' },
      controller: {},
      replicas: 3,
    });
  });
});

describe('bad input: a synth-time error naming the prop, the value and what is allowed, nothing created', () => {
  const cases: Array<[string, (stack: Stack) => KarpenterControllerProps, RegExp]> = [
    ['an Auto Mode cluster', (s) => ({ cluster: createdCluster(s) }), /KarpenterController: cluster \(.*\) runs EKS Auto Mode, which manages Karpenter itself/],
    ['a chart version that is not 1.x', (s) => ({ cluster: selfManagedCluster(s), version: '0.37.0' }), /KarpenterController: version \("0.37.0"\) must be a Karpenter 1.x chart version/],
    ['a namespace that is not an RFC 1123 label', (s) => ({ cluster: selfManagedCluster(s), namespace: 'Karpenter' }), /KarpenterController: namespace \("Karpenter"\) must be an RFC 1123 label/],
    ['Pod Identity on an imported cluster without podIdentityAgent', (s) => ({ cluster: importedClusterWithVpc(s).cluster }), /KarpenterController: podIdentityAgent \(not set\) must be set for Pod Identity on an imported cluster/],
    ['podIdentityAgent on a created cluster', (s) => ({ cluster: selfManagedCluster(s), podIdentityAgent: PodIdentityAgent.INSTALL }), /KarpenterController: podIdentityAgent \("INSTALL"\) applies only to imported clusters/],
    ['podIdentityAgent with IRSA', (s) => ({ cluster: selfManagedCluster(s), identityType: eks.IdentityType.IRSA, podIdentityAgent: PodIdentityAgent.EXISTING }), /KarpenterController: podIdentityAgent \("EXISTING"\) applies only to identityType POD_IDENTITY/],
    ['IRSA on an imported cluster without OIDC provider', (s) => ({ cluster: importedCluster(s, { withOidc: false }), identityType: eks.IdentityType.IRSA }), /KarpenterController: cluster \("analytics"\) was imported without an OpenID Connect provider/],
    ['an imported cluster without its VPC', (s) => ({ cluster: importedCluster(s), podIdentityAgent: PodIdentityAgent.EXISTING }), /KarpenterController: vpc \(not set\) must be set: the cluster was imported without its VPC/],
    ['an imported cluster without kubectl provider', (s) => ({ cluster: importedCluster(s, { withKubectl: false }), podIdentityAgent: PodIdentityAgent.EXISTING }), /KarpenterController: cluster \("analytics"\) was imported without a kubectl provider/],
  ];

  test.each(cases)('%s', (_name, props, message) => {
    const stack = newStack();
    const resolved = props(stack);
    expect(() => new KarpenterController(stack, 'Karpenter', resolved)).toThrow(message);
    expect(stack.node.tryFindChild('Karpenter')).toBeUndefined();
  });
});
