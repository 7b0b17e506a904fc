import { Annotations, CfnJson, Names, Stack, Tags, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import {
  AccessEntry, AccessEntryType, Addon, Cluster, HelmChart, ICluster, IdentityType, KubernetesManifest, ServiceAccount,
} from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { clusterRuntime } from './cluster-runtime';
import { controllerPolicyGroups, WILDCARD_REASONS } from './controller-policy';
import { InterruptionQueue } from './interruption-queue';
import { SelectorTerm } from './selector-term';
import { PodIdentityAgent } from '../irsa-bucket-access/irsa-bucket-access';
import { requireKubectlProvider } from '../private/cluster-checks';
import { deepMerge } from '../private/deep-merge';
import { validateRfc1123Label } from '../private/kubernetes-names';
import { acknowledgeFinding, acknowledgeRules, flattenReference } from '../private/nag-acknowledgements';
import { propError } from '../private/validation';

/** Properties of a {@link KarpenterController}. */
export interface KarpenterControllerProps {
  /**
   * A cluster without EKS Auto Mode (Auto Mode runs Karpenter itself), created in this app with
   * a managed node group for the controller, or imported with a kubectl provider and its VPC.
   */
  readonly cluster: ICluster;

  /**
   * Version of the Karpenter chart (`oci://public.ecr.aws/karpenter/karpenter`), a 1.x release.
   *
   * @default KarpenterController.DEFAULT_VERSION
   */
  readonly version?: string;

  /**
   * Namespace of the controller; created unless it is `kube-system`.
   *
   * @default 'kube-system' (Karpenter's documented default)
   */
  readonly namespace?: string;

  /**
   * How the controller gets its IAM role.
   *
   * @default IdentityType.POD_IDENTITY
   */
  readonly identityType?: IdentityType;

  /**
   * With Pod Identity on an imported cluster: whether the agent add-on is installed here or already runs.
   *
   * @default - must be set for Pod Identity on an imported cluster
   */
  readonly podIdentityAgent?: PodIdentityAgent;

  /**
   * The VPC the nodes run in.
   *
   * @default - the cluster's VPC
   */
  readonly vpc?: ec2.IVpc;

  /**
   * The subnets tagged `karpenter.sh/discovery: <cluster name>`, where nodes are launched by default.
   * Subnets imported into this app cannot be tagged by it: a warning says so, tag them yourself.
   *
   * @default - the VPC's private subnets with egress
   */
  readonly nodeSubnets?: ec2.SubnetSelection;

  /**
   * Chart values this construct does not model, deep-merged last (objects merged key by key,
   * arrays and values replaced, `null` removes a key). The keys this construct writes:
   * `settings.clusterName`, `settings.interruptionQueue`, `serviceAccount`, `controller.resources`.
   *
   * @default - none
   */
  readonly helmValues?: Record<string, any>;
}

const CONSTRUCT = 'KarpenterController';
const SERVICE_ACCOUNT = 'karpenter';
const DISCOVERY_TAG = 'karpenter.sh/discovery';

/**
 * Self-managed Karpenter for clusters without EKS Auto Mode: the controller chart (pinned, from
 * its OCI registry) and its IAM role (Pod Identity or IRSA) with Karpenter's scoped policy, the
 * encrypted TLS-only interruption queue fed by EventBridge, the node role with its `EC2_LINUX`
 * access entry, a node security group, and the discovery tags on the node subnets and that group.
 *
 * Pass it as `controller` to each `KarpenterNodePool`: pools are applied after it.
 *
 * @example
 * declare const cluster: eks.Cluster; // defaultCapacityType: NODEGROUP
 * const karpenter = new KarpenterController(this, 'Karpenter', { cluster });
 * new KarpenterNodePool(this, 'Workers', { cluster, controller: karpenter, name: 'trino-workers' });
 */
export class KarpenterController extends Construct {
  /** The Karpenter chart version installed when none is given (the latest 1.x release, checked November 2026). */
  public static readonly DEFAULT_VERSION = '1.14.1';
  /** The chart's OCI repository. */
  public static readonly CHART_REPOSITORY = 'oci://public.ecr.aws/karpenter/karpenter';

  /** Name of the cluster Karpenter serves. */
  public readonly clusterName: string;
  /**
   * Value of the `karpenter.sh/discovery` tag on the node subnets and security group: the cluster
   * name when it is known at synthesis, else a name unique to the cluster construct in its stack
   * (tagging the cluster's own subnets with its deploy-time name would be a dependency cycle).
   */
  public readonly discoveryTagValue: string;
  /** Namespace of the controller. */
  public readonly namespace: string;
  /** The chart version installed. */
  public readonly version: string;
  /** The controller's service account and its role. */
  public readonly serviceAccount: ServiceAccount;
  /** The controller's IAM role. */
  public readonly controllerRole: iam.IRole;
  /** The managed policies of the controller role. */
  public readonly controllerPolicies: iam.ManagedPolicy[];
  /** The role of the nodes Karpenter launches. */
  public readonly nodeRole: iam.Role;
  /** The `EC2_LINUX` access entry that lets the nodes join. */
  public readonly nodeAccessEntry: AccessEntry;
  /** Security group of the nodes (besides the cluster security group), tagged for discovery. */
  public readonly nodeSecurityGroup: ec2.SecurityGroup;
  /** The interruption queue and its rules. */
  public readonly interruption: InterruptionQueue;
  /** The Karpenter Helm release. */
  public readonly chart: HelmChart;

  private readonly clusterSecurityGroupId?: string;
  private readonly cluster: ICluster;
  private readonly iamIntegrationPolicy: iam.ManagedPolicy;
  private readonly extraNodeRoles = new Set<string>();

  constructor(scope: Construct, id: string, props: KarpenterControllerProps) {
    // Everything is validated before anything, this construct included, joins the tree.
    const cluster = props.cluster;
    const runtime = clusterRuntime(cluster);
    if (runtime.autoMode === true) {
      throw propError(CONSTRUCT, 'cluster', cluster.clusterName,
        'runs EKS Auto Mode, which manages Karpenter itself: use KarpenterNodePool with NodeClass.autoMode() instead, ' +
        'or create the cluster with defaultCapacityType NODEGROUP');
    }
    requireKubectlProvider(CONSTRUCT, 'cluster', cluster);
    const version = props.version ?? KarpenterController.DEFAULT_VERSION;
    if (!Token.isUnresolved(version) && !/^1\.[0-9]+\.[0-9]+$/.test(version)) {
      throw propError(CONSTRUCT, 'version', version, 'must be a Karpenter 1.x chart version such as 1.14.1 (the karpenter.sh/v1 APIs this library writes)');
    }
    const namespace = props.namespace ?? 'kube-system';
    validateRfc1123Label(CONSTRUCT, 'namespace', namespace);
    const identityType = props.identityType ?? IdentityType.POD_IDENTITY;
    const installAgent = checkIdentity(cluster, identityType, props.podIdentityAgent);
    const vpc = props.vpc ?? clusterVpc(cluster);
    super(scope, id);

    const stack = Stack.of(this);
    this.clusterName = cluster.clusterName;
    this.discoveryTagValue = Token.isUnresolved(cluster.clusterName) ? Names.uniqueResourceName(cluster, { maxLength: 128 }) : cluster.clusterName;
    this.namespace = namespace;
    this.version = version;
    this.clusterSecurityGroupId = clusterSecurityGroupId(cluster);
    this.cluster = cluster;

    this.interruption = new InterruptionQueue(this, 'Interruption');

    this.nodeRole = new iam.Role(this, 'NodeRole', {
      description: 'Nodes launched by Karpenter',
      assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
      managedPolicies: NODE_POLICIES.map((name) => iam.ManagedPolicy.fromAwsManagedPolicyName(name)),
    });
    acknowledgeRules(this.nodeRole, NODE_POLICIES.map((name) => `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${name}]`),
      'The AWS managed policies Karpenter documents for EKS worker nodes: kubelet registration (AmazonEKSWorkerNodePolicy), ' +
      'pod networking by the VPC CNI on the node (AmazonEKS_CNI_Policy), image pulls (AmazonEC2ContainerRegistryPullOnly) and ' +
      'Session Manager access instead of SSH (AmazonSSMManagedInstanceCore). AWS maintains them as the node APIs evolve.');
    this.nodeAccessEntry = new AccessEntry(this, 'NodeAccessEntry', {
      cluster,
      principal: this.nodeRole.roleArn,
      accessEntryType: AccessEntryType.EC2_LINUX,
      accessPolicies: [],
    });

    this.nodeSecurityGroup = new ec2.SecurityGroup(this, 'NodeSecurityGroup', {
      vpc,
      description: 'Nodes launched by Karpenter (with the cluster security group)',
      allowAllOutbound: true,
    });
    Tags.of(this.nodeSecurityGroup).add(DISCOVERY_TAG, this.discoveryTagValue);
    tagSubnets(this, vpc.selectSubnets(props.nodeSubnets ?? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }).subnets, this.discoveryTagValue);

    if (namespace !== 'kube-system') {
      const namespaceManifest = new KubernetesManifest(this, 'Namespace', {
        cluster,
        manifest: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } }],
      });
      this.serviceAccount = this.createServiceAccount(cluster, namespace, identityType, installAgent);
      this.serviceAccount.node.addDependency(namespaceManifest);
    } else {
      this.serviceAccount = this.createServiceAccount(cluster, namespace, identityType, installAgent);
    }
    this.controllerRole = this.serviceAccount.role;

    this.controllerPolicies = controllerPolicyGroups({
      partition: stack.partition,
      region: stack.region,
      account: stack.account,
      clusterName: this.clusterName,
      clusterArn: cluster.clusterArn,
      nodeRoleArn: this.nodeRole.roleArn,
      queueArn: this.interruption.queue.queueArn,
      vpcArn: vpcArnOf(stack, vpc),
      conditionBlock: (blockId, block) => this.conditionBlock(blockId, block),
    }).map((group) => {
      const policy = new iam.ManagedPolicy(this, group.id, {
        description: group.description,
        statements: group.statements,
        roles: [this.controllerRole],
      });
      acknowledgeWildcards(policy);
      return policy;
    });
    this.iamIntegrationPolicy = this.controllerPolicies[1];

    const values = deepMerge({
      settings: { clusterName: this.clusterName, interruptionQueue: this.interruption.queue.queueName },
      serviceAccount: { create: false, name: SERVICE_ACCOUNT },
      controller: {
        resources: { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } },
      },
    }, props.helmValues);
    this.chart = new HelmChart(this, 'Chart', {
      cluster,
      chart: 'karpenter',
      repository: KarpenterController.CHART_REPOSITORY,
      version,
      release: 'karpenter',
      namespace,
      createNamespace: false,
      wait: true,
      values,
    });
    // The controller starts with its account, role, policies and queue in place (and, with Pod
    // Identity on a created cluster, the agent add-on the cluster installs for the account).
    this.chart.node.addDependency(this.serviceAccount, ...this.controllerPolicies, this.interruption);
    const agent = identityType === IdentityType.POD_IDENTITY && cluster instanceof Cluster ? cluster.eksPodIdentityAgent : undefined;
    if (agent) this.chart.node.addDependency(agent);
  }

  /**
   * Lets Karpenter launch nodes with another role than `nodeRole`: `iam:PassRole` (to EC2 only) on
   * it and, unless the role already has one, an `EC2_LINUX` access entry. KarpenterNodePool calls
   * this for an EC2NodeClass with its own role; calling it twice for a role changes nothing.
   *
   * @param role the node role
   * @param createAccessEntry false when the role already has an access entry (e.g. a managed node group's role)
   */
  public addNodeRole(role: iam.IRole, createAccessEntry: boolean = true): void {
    if (role === this.nodeRole || this.extraNodeRoles.has(role.roleArn)) return;
    this.extraNodeRoles.add(role.roleArn);
    const index = this.extraNodeRoles.size;
    this.iamIntegrationPolicy.addStatements(new iam.PolicyStatement({
      sid: `AllowPassingNodeRole${index}`,
      actions: ['iam:PassRole'],
      resources: [role.roleArn],
      conditions: { StringEquals: { 'iam:PassedToService': ['ec2.amazonaws.com', 'ec2.amazonaws.com.cn'] } },
    }));
    if (createAccessEntry) {
      new AccessEntry(this, `NodeAccessEntry${index}`, {
        cluster: this.cluster,
        principal: role.roleArn,
        accessEntryType: AccessEntryType.EC2_LINUX,
        accessPolicies: [],
      });
    }
  }

  /** @internal Subnet selector terms of an EC2NodeClass that names none. */
  public _defaultSubnetTerms(): SelectorTerm[] {
    return [SelectorTerm.fromTags({ [DISCOVERY_TAG]: this.discoveryTagValue })];
  }

  /** @internal Security group selector terms of an EC2NodeClass that names none: the node group and the cluster group. */
  public _defaultSecurityGroupTerms(): SelectorTerm[] {
    return [
      SelectorTerm.fromTags({ [DISCOVERY_TAG]: this.discoveryTagValue }),
      ...(this.clusterSecurityGroupId ? [SelectorTerm.fromId(this.clusterSecurityGroupId)] : []),
    ];
  }

  private createServiceAccount(cluster: ICluster, namespace: string, identityType: IdentityType, installAgent: boolean): ServiceAccount {
    const serviceAccount = new ServiceAccount(this, 'ServiceAccount', { cluster, name: SERVICE_ACCOUNT, namespace, identityType });
    if (installAgent) {
      serviceAccount.node.addDependency(new Addon(this, 'PodIdentityAgent', { cluster, addonName: 'eks-pod-identity-agent' }));
    }
    return serviceAccount;
  }

  /** A condition block as is, or through CfnJson when a key holds a token (the cluster name of a created cluster). */
  private conditionBlock(id: string, block: Record<string, any>): any {
    if (!Object.keys(block).some((key) => Token.isUnresolved(key))) return block;
    return new CfnJson(this, `${id}Condition`, { value: block });
  }
}

const NODE_POLICIES = ['AmazonEKSWorkerNodePolicy', 'AmazonEKS_CNI_Policy', 'AmazonEC2ContainerRegistryPullOnly', 'AmazonSSMManagedInstanceCore'];

function checkIdentity(cluster: ICluster, identityType: IdentityType, agent: PodIdentityAgent | undefined): boolean {
  const created = cluster instanceof Cluster;
  if (identityType === IdentityType.IRSA) {
    if (agent !== undefined) throw propError(CONSTRUCT, 'podIdentityAgent', agent, 'applies only to identityType POD_IDENTITY');
    try {
      void cluster.openIdConnectProvider;
    } catch {
      throw propError(CONSTRUCT, 'cluster', cluster.clusterName,
        'was imported without an OpenID Connect provider, which IRSA needs: pass openIdConnectProvider, or use identityType POD_IDENTITY');
    }
    return false;
  }
  if (created) {
    if (agent !== undefined) {
      throw propError(CONSTRUCT, 'podIdentityAgent', agent, 'applies only to imported clusters: a created cluster installs the agent add-on itself');
    }
    return false;
  }
  if (agent === undefined) {
    throw propError(CONSTRUCT, 'podIdentityAgent', agent,
      'must be set for Pod Identity on an imported cluster: EXISTING if it runs the eks-pod-identity-agent add-on, INSTALL to install it here');
  }
  return agent === PodIdentityAgent.INSTALL;
}

function clusterVpc(cluster: ICluster): ec2.IVpc {
  try {
    return cluster.vpc;
  } catch {
    throw propError(CONSTRUCT, 'vpc', undefined,
      'must be set: the cluster was imported without its VPC (pass vpc here or to Cluster.fromClusterAttributes)');
  }
}

function clusterSecurityGroupId(cluster: ICluster): string | undefined {
  try {
    return cluster.clusterSecurityGroupId;
  } catch {
    return undefined;
  }
}

function vpcArnOf(stack: Stack, vpc: ec2.IVpc): string {
  return stack.formatArn({ service: 'ec2', account: '*', resource: 'vpc', resourceName: vpc.vpcId });
}

function tagSubnets(scope: Construct, subnets: ec2.ISubnet[], value: string): void {
  if (subnets.length === 0) {
    throw propError(CONSTRUCT, 'nodeSubnets', '(selection)', 'selects no subnet of the VPC: Karpenter needs at least one subnet to launch nodes in');
  }
  for (const subnet of subnets) {
    if (ec2.Subnet.isVpcSubnet(subnet)) {
      Tags.of(subnet).add(DISCOVERY_TAG, value);
    } else {
      Annotations.of(scope).addWarningV2('cdk-trino-on-eks:karpenter-untagged-subnet',
        `Subnet ${Token.isUnresolved(subnet.subnetId) ? '(imported)' : subnet.subnetId} was imported and cannot be tagged here: ` +
        `tag it ${DISCOVERY_TAG}=${value} yourself, or give the EC2NodeClass explicit subnets.`);
    }
  }
}

/**
 * Acknowledges AwsSolutions-IAM5 for each wildcard resource of the policy with the reason of the
 * statements that use it (see WILDCARD_REASONS). Done in the validation phase, when cdk-nag's
 * finding ids (resolved resources) are final. A wildcard in a statement without a reason stays a finding.
 */
function acknowledgeWildcards(policy: iam.ManagedPolicy): void {
  policy.node.addValidation({
    validate: () => {
      const document = Stack.of(policy).resolve(policy.document.toJSON());
      const reasons = new Map<string, Set<string>>();
      for (const statement of document?.Statement ?? []) {
        const reason = WILDCARD_REASONS[statement.Sid];
        if (!reason) continue;
        for (const resource of [statement.Resource].flat()) {
          const flat = flattenReference(resource);
          if (!flat.includes('*')) continue;
          const id = `AwsSolutions-IAM5[Resource::${flat}]`;
          reasons.set(id, (reasons.get(id) ?? new Set()).add(reason));
        }
      }
      for (const [id, why] of reasons) acknowledgeFinding(policy, id, [...why].join(' '));
      return [];
    },
  });
}
