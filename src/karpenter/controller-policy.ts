import * as iam from 'aws-cdk-lib/aws-iam';

/** What the controller's permissions are scoped to. */
export interface ControllerPolicyScope {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  readonly clusterName: string;
  readonly clusterArn: string;
  readonly nodeRoleArn: string;
  readonly queueArn: string;
  /**
   * ARN pattern of the cluster's VPC (any owner account, so shared VPCs work; VPC IDs are unique),
   * when known: launches may then only use its subnets and security groups.
   */
  readonly vpcArn?: string;
  /**
   * Wraps a condition block whose keys may hold tokens (the cluster name in a tag key):
   * CloudFormation cannot resolve a key, so such blocks go through `CfnJson`.
   */
  readonly conditionBlock: (id: string, block: Record<string, any>) => any;
}

/** A group of statements that becomes one managed policy (Karpenter's own split, which keeps each under the size limit). */
export interface ControllerPolicyGroup {
  readonly id: string;
  readonly description: string;
  readonly statements: iam.PolicyStatement[];
}

/**
 * Why a statement needs a wildcard resource, by Sid: the reasons the library acknowledges
 * AwsSolutions-IAM5 with. Each one is either an API without resource-level permissions or
 * resources that do not exist yet and are scoped by tag conditions instead.
 */
export const WILDCARD_REASONS: Record<string, string> = {
  AllowScopedEC2InstanceAccessActions:
    'RunInstances/CreateFleet must reference the AMI, snapshot, capacity reservation and placement group ' +
    'that Karpenter picks at launch time from the EC2NodeClass; the ARNs are limited to this region.',
  AllowScopedEC2NetworkAccessActions:
    'RunInstances/CreateFleet must reference the subnets and security groups Karpenter picks at launch time from the EC2NodeClass ' +
    'selectors; limited to this region, and to the cluster VPC (ec2:Vpc) when it is known.',
  AllowScopedEC2LaunchTemplateAccessActions:
    'Launch templates are created by Karpenter at run time; use is limited to templates tagged as owned by this cluster and a NodePool.',
  AllowScopedEC2InstanceActionsWithTags:
    'Instances, volumes, network interfaces, fleets and launch templates do not exist before the launch; creation is allowed only ' +
    'with request tags that mark them as this cluster\'s and a NodePool\'s.',
  AllowScopedResourceCreationTagging:
    'Tagging is allowed only at creation (ec2:CreateAction) of resources requested with this cluster\'s and a NodePool\'s tags.',
  AllowScopedResourceTagging:
    'Only instances already tagged as this cluster\'s and a NodePool\'s may be tagged, and only with the Name, nodeclaim and cluster-name keys.',
  AllowScopedDeletion: 'Only instances and launch templates tagged as this cluster\'s and a NodePool\'s may be terminated or deleted.',
  AllowScopedInstanceProfileCreationActions:
    'Karpenter creates one instance profile per EC2NodeClass at run time; creation requires this cluster\'s, region\'s and an EC2NodeClass\'s tags.',
  AllowScopedInstanceProfileTagActions: 'Only instance profiles tagged as this cluster\'s and an EC2NodeClass\'s may be re-tagged, with the same tags.',
  AllowScopedInstanceProfileActions:
    'Only instance profiles tagged as this cluster\'s, this region\'s and an EC2NodeClass\'s may get the node role, lose it or be deleted.',
  AllowRegionalReadActions:
    'EC2 Describe* calls do not support resource-level permissions; they are read-only and limited to this region by aws:RequestedRegion.',
  AllowSSMReadActions: 'Only the public AWS service parameters (/aws/service/*) that resolve the EKS-optimized AMI aliases.',
  AllowPricingReadActions: 'pricing:GetProducts does not support resource-level permissions; it reads public price lists.',
  AllowUnscopedInstanceProfileListAction: 'iam:ListInstanceProfiles does not support resource-level permissions; it is read-only.',
  AllowInstanceProfileReadActions: 'Instance profiles are named by Karpenter at run time; reading them is all this statement allows.',
};

/**
 * The controller policy of Karpenter's reference CloudFormation (getting started, v1.14), with
 * its tag conditions, plus: subnets and security groups limited to the cluster VPC when known,
 * and no zonal-shift permission (the setting is off).
 */
export function controllerPolicyGroups(s: ControllerPolicyScope): ControllerPolicyGroup[] {
  const ec2 = (resource: string, account = '*') => `arn:${s.partition}:ec2:${s.region}:${account}:${resource}`;
  const clusterTag = `kubernetes.io/cluster/${s.clusterName}`;
  const instanceProfiles = `arn:${s.partition}:iam::${s.account}:instance-profile/*`;
  const createdResources = ['fleet/*', 'instance/*', 'volume/*', 'network-interface/*', 'launch-template/*', 'spot-instances-request/*'].map((r) => ec2(r));
  const ownedByNodePool = (id: string) => ({
    StringEquals: s.conditionBlock(id, { [`aws:ResourceTag/${clusterTag}`]: 'owned' }),
    StringLike: { 'aws:ResourceTag/karpenter.sh/nodepool': '*' },
  });

  const launchStatements = [
    new iam.PolicyStatement({
      sid: 'AllowScopedEC2InstanceAccessActions',
      actions: ['ec2:RunInstances', 'ec2:CreateFleet'],
      resources: [`arn:${s.partition}:ec2:${s.region}::image/*`, `arn:${s.partition}:ec2:${s.region}::snapshot/*`,
        ec2('capacity-reservation/*'), ec2('placement-group/*')],
    }),
    new iam.PolicyStatement({
      sid: 'AllowScopedEC2NetworkAccessActions',
      actions: ['ec2:RunInstances', 'ec2:CreateFleet'],
      resources: [ec2('security-group/*'), ec2('subnet/*')],
      conditions: s.vpcArn ? { ArnLike: { 'ec2:Vpc': s.vpcArn } } : undefined,
    }),
    new iam.PolicyStatement({
      sid: 'AllowScopedEC2LaunchTemplateAccessActions',
      actions: ['ec2:RunInstances', 'ec2:CreateFleet'],
      resources: [ec2('launch-template/*')],
      conditions: ownedByNodePool('LaunchTemplateOwned'),
    }),
    new iam.PolicyStatement({
      sid: 'AllowScopedEC2InstanceActionsWithTags',
      actions: ['ec2:RunInstances', 'ec2:CreateFleet', 'ec2:CreateLaunchTemplate'],
      resources: createdResources,
      conditions: {
        StringEquals: s.conditionBlock('CreateRequestTags', {
          [`aws:RequestTag/${clusterTag}`]: 'owned',
          'aws:RequestTag/eks:eks-cluster-name': s.clusterName,
        }),
        StringLike: { 'aws:RequestTag/karpenter.sh/nodepool': '*' },
      },
    }),
    new iam.PolicyStatement({
      sid: 'AllowScopedResourceCreationTagging',
      actions: ['ec2:CreateTags'],
      resources: createdResources,
      conditions: {
        StringEquals: s.conditionBlock('CreationTagging', {
          [`aws:RequestTag/${clusterTag}`]: 'owned',
          'aws:RequestTag/eks:eks-cluster-name': s.clusterName,
          'ec2:CreateAction': ['RunInstances', 'CreateFleet', 'CreateLaunchTemplate'],
        }),
        StringLike: { 'aws:RequestTag/karpenter.sh/nodepool': '*' },
      },
    }),
    new iam.PolicyStatement({
      sid: 'AllowScopedResourceTagging',
      actions: ['ec2:CreateTags'],
      resources: [ec2('instance/*')],
      conditions: {
        ...ownedByNodePool('InstanceOwned'),
        'StringEqualsIfExists': { 'aws:RequestTag/eks:eks-cluster-name': s.clusterName },
        'ForAllValues:StringEquals': { 'aws:TagKeys': ['eks:eks-cluster-name', 'karpenter.sh/nodeclaim', 'Name'] },
      },
    }),
    new iam.PolicyStatement({
      sid: 'AllowScopedDeletion',
      actions: ['ec2:TerminateInstances', 'ec2:DeleteLaunchTemplate'],
      resources: [ec2('instance/*'), ec2('launch-template/*')],
      conditions: ownedByNodePool('DeletionOwned'),
    }),
  ];

  const profileRequestTags = {
    [`aws:RequestTag/${clusterTag}`]: 'owned',
    'aws:RequestTag/eks:eks-cluster-name': s.clusterName,
    'aws:RequestTag/topology.kubernetes.io/region': s.region,
  };
  const profileResourceTags = {
    [`aws:ResourceTag/${clusterTag}`]: 'owned',
    'aws:ResourceTag/topology.kubernetes.io/region': s.region,
  };
  const iamStatements = [
    new iam.PolicyStatement({
      sid: 'AllowPassingInstanceRole',
      actions: ['iam:PassRole'],
      resources: [s.nodeRoleArn],
      conditions: { StringEquals: { 'iam:PassedToService': ['ec2.amazonaws.com', 'ec2.amazonaws.com.cn'] } },
    }),
    new iam.PolicyStatement({
      sid: 'AllowScopedInstanceProfileCreationActions',
      actions: ['iam:CreateInstanceProfile'],
      resources: [instanceProfiles],
      conditions: {
        StringEquals: s.conditionBlock('ProfileCreation', profileRequestTags),
        StringLike: { 'aws:RequestTag/karpenter.k8s.aws/ec2nodeclass': '*' },
      },
    }),
    new iam.PolicyStatement({
      sid: 'AllowScopedInstanceProfileTagActions',
      actions: ['iam:TagInstanceProfile'],
      resources: [instanceProfiles],
      conditions: {
        StringEquals: s.conditionBlock('ProfileTagging', { ...profileResourceTags, ...profileRequestTags }),
        StringLike: { 'aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass': '*', 'aws:RequestTag/karpenter.k8s.aws/ec2nodeclass': '*' },
      },
    }),
    new iam.PolicyStatement({
      sid: 'AllowScopedInstanceProfileActions',
      actions: ['iam:AddRoleToInstanceProfile', 'iam:RemoveRoleFromInstanceProfile', 'iam:DeleteInstanceProfile'],
      resources: [instanceProfiles],
      conditions: {
        StringEquals: s.conditionBlock('ProfileOwned', profileResourceTags),
        StringLike: { 'aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass': '*' },
      },
    }),
  ];

  const clusterStatements = [
    new iam.PolicyStatement({ sid: 'AllowAPIServerEndpointDiscovery', actions: ['eks:DescribeCluster'], resources: [s.clusterArn] }),
    new iam.PolicyStatement({
      sid: 'AllowInterruptionQueueActions',
      actions: ['sqs:DeleteMessage', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage'],
      resources: [s.queueArn],
    }),
  ];

  const discoveryStatements = [
    new iam.PolicyStatement({
      sid: 'AllowRegionalReadActions',
      actions: ['ec2:DescribeCapacityReservations', 'ec2:DescribeImages', 'ec2:DescribeInstances', 'ec2:DescribeInstanceStatus',
        'ec2:DescribeInstanceTypeOfferings', 'ec2:DescribeInstanceTypes', 'ec2:DescribeLaunchTemplates', 'ec2:DescribePlacementGroups',
        'ec2:DescribeSecurityGroups', 'ec2:DescribeSpotPriceHistory', 'ec2:DescribeSubnets'],
      resources: ['*'],
      conditions: { StringEquals: { 'aws:RequestedRegion': s.region } },
    }),
    new iam.PolicyStatement({
      sid: 'AllowSSMReadActions',
      actions: ['ssm:GetParameter'],
      resources: [`arn:${s.partition}:ssm:${s.region}::parameter/aws/service/*`],
    }),
    new iam.PolicyStatement({ sid: 'AllowPricingReadActions', actions: ['pricing:GetProducts'], resources: ['*'] }),
    new iam.PolicyStatement({ sid: 'AllowUnscopedInstanceProfileListAction', actions: ['iam:ListInstanceProfiles'], resources: ['*'] }),
    new iam.PolicyStatement({ sid: 'AllowInstanceProfileReadActions', actions: ['iam:GetInstanceProfile'], resources: [instanceProfiles] }),
  ];

  return [
    { id: 'NodeLifecyclePolicy', description: 'Karpenter controller: launch, tag and terminate this cluster\'s nodes', statements: launchStatements },
    { id: 'IamIntegrationPolicy', description: 'Karpenter controller: pass the node role, manage this cluster\'s instance profiles', statements: iamStatements },
    { id: 'ClusterIntegrationPolicy', description: 'Karpenter controller: discover the API endpoint, read the interruption queue', statements: clusterStatements },
    { id: 'ResourceDiscoveryPolicy', description: 'Karpenter controller: read instance types, prices, AMIs, subnets and security groups', statements: discoveryStatements },
  ];
}
