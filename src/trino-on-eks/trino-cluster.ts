import { RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { CfnAddon } from 'aws-cdk-lib/aws-eks';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct, IConstruct } from 'constructs';
import { SelfManagedKarpenterOptions } from './trino-cluster-compute';
import { TrinoClusterOptions } from './trino-on-eks-props';
import { KarpenterController } from '../karpenter/karpenter-controller';
import { acknowledgeFinding, acknowledgeRules, flattenReference } from '../private/nag-acknowledgements';

/** What `createTrinoCluster` made. */
export interface CreatedTrinoCluster {
  readonly vpc: ec2.IVpc;
  /** The VPC, when it was created here. */
  readonly createdVpc?: ec2.Vpc;
  readonly cluster: eks.Cluster;
  readonly secretsKey: kms.Key;
  /** What turns on NetworkPolicy enforcement: Auto Mode's ConfigMap, or the VPC CNI add-on configured for it. */
  readonly networkPolicyEnforcement: Construct;
  /** The self-managed Karpenter controller, when the cluster runs without Auto Mode. */
  readonly karpenter?: KarpenterController;
  /** The EC2NodeClass AMI alias of the Trino pools, with self-managed Karpenter. */
  readonly amiAlias?: string;
}

/**
 * The ConfigMap that turns on the network policy controller of EKS Auto Mode: without it the nodes enforce no
 * NetworkPolicy, and Trino's and the metastore's policies would be silently ignored. The node agent then
 * enforces them with Auto Mode's defaults (DefaultAllow for pods no policy selects), so the built-in
 * NodeClass needs no change (docs.aws.amazon.com/eks/latest/userguide/auto-net-pol.html).
 */
export function autoModeNetworkPolicyController(): Record<string, any> {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'amazon-vpc-cni', namespace: 'kube-system' },
    data: { 'enable-network-policy-controller': 'true' },
  };
}

/**
 * A VPC (unless given) and an aws-eks-v2 EKS Auto Mode cluster for Trino (or, with
 * `TrinoClusterCompute.selfManagedKarpenter()`, a cluster with a system node group and KarpenterController): every control-plane log type on,
 * Kubernetes Secrets envelope-encrypted with a customer-managed KMS key (rotated), the API server private
 * unless asked otherwise, the kubectl provider configured (every manifest and chart needs it), and
 * NetworkPolicies enforced.
 */
export function createTrinoCluster(scope: Construct, options: TrinoClusterOptions): CreatedTrinoCluster {
  let createdVpc: ec2.Vpc | undefined;
  let vpc = options.vpc;
  if (!vpc) {
    createdVpc = new ec2.Vpc(scope, 'Vpc', {
      maxAzs: 2,
      // Nothing here uses the default security group: its rules are removed (by aws-cdk-lib's custom resource, at
      // deployment), so a resource placed in it by mistake gets no traffic.
      restrictDefaultSecurityGroup: true,
      subnetConfiguration: [
        // Only the NAT gateways (with their Elastic IPs) live here: nothing gets a public address on launch.
        { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24, mapPublicIpOnLaunch: false },
        { name: 'Private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 20 },
        // The metastore database needs no route out.
        { name: 'Isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
    });
    const flowLogKey = new kms.Key(scope, 'FlowLogKey', {
      description: 'Trino VPC flow logs',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const flowLogGroup = new logs.LogGroup(scope, 'FlowLogs', {
      retention: logs.RetentionDays.ONE_YEAR,
      encryptionKey: flowLogKey,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    flowLogKey.grantEncryptDecrypt(new iam.ServicePrincipal(`logs.${createdVpc.stack.region}.amazonaws.com`));
    const delivery = flowLogDelivery(scope, flowLogGroup);
    const flowLog = createdVpc.addFlowLog('FlowLog', { destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogGroup, delivery.role) });
    flowLog.node.addDependency(delivery.policy);
    acknowledgeVpcFindings(createdVpc);
    vpc = createdVpc;
  }
  const secretsKey = new kms.Key(scope, 'SecretsKey', {
    description: 'Envelope encryption of the Trino EKS cluster\'s Kubernetes Secrets',
    enableKeyRotation: true,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  const karpenter = options.compute?.selfManagedKarpenterOptions;
  const cluster = new eks.Cluster(scope, 'Cluster', {
    ...(karpenter ? systemNodeGroup(karpenter) : {}),
    version: options.kubernetesVersion ?? eks.KubernetesVersion.V1_35,
    vpc,
    endpointAccess: options.endpointAccess ?? eks.EndpointAccess.PRIVATE,
    secretsEncryptionKey: secretsKey,
    clusterLogging: [
      eks.ClusterLoggingTypes.API,
      eks.ClusterLoggingTypes.AUDIT,
      eks.ClusterLoggingTypes.AUTHENTICATOR,
      eks.ClusterLoggingTypes.CONTROLLER_MANAGER,
      eks.ClusterLoggingTypes.SCHEDULER,
    ],
    kubectlProviderOptions: { kubectlLayer: options.kubectlLayer },
  });
  acknowledgeClusterFindings(cluster);
  if (!karpenter) {
    // Applied (not created): the ConfigMap may already exist on the cluster.
    const networkPolicyEnforcement = new eks.KubernetesManifest(scope, 'NetworkPolicyController', {
      cluster, manifest: [autoModeNetworkPolicyController()], overwrite: true,
    });
    return { vpc, createdVpc, cluster, secretsKey, networkPolicyEnforcement };
  }
  const controller = new KarpenterController(scope, 'Karpenter', { cluster, version: karpenter.version });
  const networkPolicyEnforcement = vpcCniWithNetworkPolicies(scope, cluster);
  return { vpc, createdVpc, cluster, secretsKey, karpenter: controller, amiAlias: karpenter.amiAlias, networkPolicyEnforcement };
}

/** Without Auto Mode: a managed node group for the pods Karpenter cannot launch nodes for (itself, CoreDNS). */
function systemNodeGroup(options: SelfManagedKarpenterOptions): Partial<eks.ClusterProps> {
  return {
    defaultCapacityType: eks.DefaultCapacityType.NODEGROUP,
    defaultCapacity: options.systemNodes ?? 2,
    defaultCapacityInstance: options.systemNodeInstanceType ?? new ec2.InstanceType('m7i.large'),
  };
}

/**
 * The VPC CNI as a managed add-on with its network policy agent on (`enableNetworkPolicy`): the cluster's
 * nodes then enforce NetworkPolicies. It takes over the self-managed VPC CNI EKS bootstraps (`OVERWRITE`).
 */
function vpcCniWithNetworkPolicies(scope: Construct, cluster: eks.Cluster): eks.Addon {
  const addon = new eks.Addon(scope, 'VpcCni', {
    cluster,
    addonName: 'vpc-cni',
    configurationValues: { enableNetworkPolicy: 'true' },
  });
  (addon.node.defaultChild as CfnAddon).resolveConflicts = 'OVERWRITE';
  return addon;
}

/**
 * The role VPC Flow Logs delivers with, its permissions in a customer-managed policy: given to the flow log without
 * policy updates, so that aws-cdk-lib adds no inline policy of its own (the same statement).
 */
function flowLogDelivery(scope: Construct, logGroup: logs.LogGroup): { role: iam.IRole; policy: iam.ManagedPolicy } {
  const role = new iam.Role(scope, 'FlowLogRole', {
    assumedBy: new iam.ServicePrincipal('vpc-flow-logs.amazonaws.com'),
    description: 'Trino VPC flow logs: deliver to their log group',
  });
  const policy = new iam.ManagedPolicy(scope, 'FlowLogPolicy', {
    description: 'Trino VPC flow logs: write to their log group only',
    roles: [role],
    statements: [new iam.PolicyStatement({
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
      resources: [logGroup.logGroupArn],
    })],
  });
  return { role: role.withoutPolicyUpdates(), policy };
}

const NIST = 'NIST.800.53.R5';
const HIPAA = 'HIPAA.Security';
const PCI = 'PCI.DSS.321';
const inAllCompliancePacks = (rule: string) => [`${NIST}-${rule}`, `${HIPAA}-${rule}`, `${PCI}-${rule}`];

function acknowledgeVpcFindings(vpc: ec2.Vpc): void {
  for (const subnet of vpc.publicSubnets) {
    const route = subnet.node.tryFindChild('DefaultRoute');
    if (route) {
      acknowledgeRules(route, inAllCompliancePacks('VPCNoUnrestrictedRouteToIGW'),
        'The public subnets hold only the NAT gateways, which need a route to the internet gateway; Trino, the ' +
        'metastore and its database run in private and isolated subnets, and nothing gets a public address on launch.');
    }
  }
}

/**
 * What a bare aws-eks-v2 Auto Mode cluster raises that the library cannot change: the AWS-managed policies Auto
 * Mode requires on the cluster and node roles, and the kubectl provider functions aws-eks-v2 defines.
 */
function acknowledgeClusterFindings(cluster: eks.Cluster): void {
  const clusterRole = cluster.node.tryFindChild('Role');
  if (clusterRole) {
    acknowledgeRules(clusterRole, ['AmazonEKSClusterPolicy', 'AmazonEKSComputePolicy', 'AmazonEKSBlockStoragePolicy',
      'AmazonEKSLoadBalancingPolicy', 'AmazonEKSNetworkingPolicy'].map((p) => `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${p}]`),
    'EKS Auto Mode requires exactly these AWS-managed policies on the cluster role (docs.aws.amazon.com/eks/latest/userguide/auto-cluster-iam-role.html); ' +
      'AWS keeps them in step with what Auto Mode manages, which a copied customer-managed policy would not be.');
  }
  const nodeRole = cluster.node.tryFindChild('ClusternodePoolRole');
  if (nodeRole) {
    acknowledgeRules(nodeRole, ['AmazonEKSWorkerNodePolicy', 'AmazonEC2ContainerRegistryReadOnly']
      .map((p) => `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${p}]`),
    'The EKS Auto Mode node role needs these AWS-managed policies (join the cluster, pull images from ECR), as EKS documents them.');
  }
  const systemNodeRole = cluster.node.tryFindChild('NodegroupDefaultCapacity')?.node.tryFindChild('NodeGroupRole');
  if (systemNodeRole) {
    acknowledgeRules(systemNodeRole, ['AmazonEKSWorkerNodePolicy', 'AmazonEKS_CNI_Policy', 'AmazonEC2ContainerRegistryReadOnly']
      .map((p) => `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${p}]`),
    'The managed node group that runs the Karpenter controller and the cluster add-ons needs the AWS-managed policies EKS ' +
      'documents for node roles (join the cluster, pod networking by the VPC CNI, pulling images from ECR); AWS maintains them.');
  }
  const kubectl = cluster.node.tryFindChild('KubectlProvider');
  if (kubectl) {
    const reason = 'The kubectl provider is defined by aws-eks-v2 and invoked only by CloudFormation during deployments: ' +
      'its functions, runtime and roles (AWS-managed Lambda execution policies, invoke permission on the handler\'s ' +
      'versions) are the library\'s, a failed call fails the deployment (no dead-letter queue needed), and it runs in ' +
      'the VPC\'s private subnets when the API endpoint is private.';
    // PCI DSS 3.2.1 has no concurrency or dead-letter queue rule.
    acknowledgeRules(kubectl, [
      'AwsSolutions-L1', ...inAllCompliancePacks('IAMNoInlinePolicy'),
      `${NIST}-LambdaConcurrency`, `${HIPAA}-LambdaConcurrency`, `${NIST}-LambdaDLQ`, `${HIPAA}-LambdaDLQ`,
    ], reason);
    const roles = [kubectl.node.tryFindChild('Handler')?.node.tryFindChild('ServiceRole'),
      kubectl.node.tryFindChild('Provider')?.node.tryFindChild('framework-onEvent')?.node.tryFindChild('ServiceRole')];
    for (const role of roles.filter((r): r is IConstruct => r !== undefined)) {
      // cdk-nag names each managed policy finding after the resolved ARN (one is an Fn::If), known once resolved.
      role.node.addValidation({
        validate: () => {
          const arns = cluster.stack.resolve((role.node.defaultChild as iam.CfnRole).managedPolicyArns) ?? [];
          for (const arn of arns as unknown[]) {
            acknowledgeFinding(role, `AwsSolutions-IAM4[Policy::${flattenReference(arn)}]`, reason);
          }
          return [];
        },
      });
    }
    const onEventPolicy = kubectl.node.tryFindChild('Provider')?.node.tryFindChild('framework-onEvent')
      ?.node.tryFindChild('ServiceRole')?.node.tryFindChild('DefaultPolicy');
    const handler = kubectl.node.tryFindChild('Handler');
    if (onEventPolicy && handler) {
      onEventPolicy.node.addValidation({
        validate: () => {
          const logicalId = (handler.node.defaultChild as any)?.logicalId;
          const id = cluster.stack.resolve(logicalId);
          acknowledgeFinding(onEventPolicy, `AwsSolutions-IAM5[Resource::<${id}.Arn>:*]`,
            'The provider framework may invoke any version of the kubectl handler function (Arn:*), and nothing else.');
          return [];
        },
      });
    }
  }
}
