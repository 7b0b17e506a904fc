// Over 500 lines on purpose: the NodePool's public options (about 250 lines, each field documented for jsii's four
// languages) live next to the one function that validates and resolves them, so a new field is added, checked and
// rendered in one place; the manifest itself is written by node-pool-manifest.ts.
import { Duration, Size, SizeRoundingBehavior, Stack, Token } from 'aws-cdk-lib';
import { CfnAccessEntry } from 'aws-cdk-lib/aws-eks';
import { ICluster, KubernetesManifest } from 'aws-cdk-lib/aws-eks-v2';
import { IRole, Role } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { autoModeNodeClassManifest, ResolvedAutoModeNodeClass } from './auto-mode-node-class-manifest';
import { clusterRuntime, ClusterRuntime } from './cluster-runtime';
import { ec2NodeClassManifest, ResolvedEc2NodeClass } from './ec2-node-class-manifest';
import type { KarpenterController } from './karpenter-controller';
import { karpenterDuration } from './karpenter-duration';
import { AutoModeNodeClassProps, Ec2NodeClassProps, InstanceStorePolicy, NodeClass, NodeClassRuntime } from './node-class';
import { nodePoolManifest, RenderedBudget, RenderedTaint, ResolvedNodePool } from './node-pool-manifest';
import { RenderedRequirement } from './rendered-requirement';
import { Architecture, CapacityType, Requirement } from './requirements';
import { SelectorTerm } from './selector-term';
import { requireKubectlProvider } from '../private/cluster-checks';
import { isRfc1123Label, RFC_1123_LABEL_RULE } from '../private/kubernetes-names';
import { wholeGibibytes } from '../private/units';
import { isUnresolved, propError, validateWholeNumber, validateWholeNumberRange } from '../private/validation';

/** When Karpenter may replace or remove nodes to save cost. */
export enum ConsolidationPolicy {
  /** Only nodes without workload pods (DaemonSets aside) are removed: nothing that runs is moved. */
  WHEN_EMPTY = 'WhenEmpty',
  /** Empty nodes are removed and underutilized ones replaced by cheaper or fewer nodes. */
  WHEN_EMPTY_OR_UNDERUTILIZED = 'WhenEmptyOrUnderutilized',
  /** No consolidation at all (`consolidateAfter: Never`); expiry, drift and interruption still replace nodes. */
  NEVER = 'Never',
}

/** Effect of a node taint on pods that do not tolerate it. */
export enum TaintEffect {
  /** Not scheduled on the node. */
  NO_SCHEDULE = 'NoSchedule',
  /** Scheduled on the node only when nothing else fits. */
  PREFER_NO_SCHEDULE = 'PreferNoSchedule',
  /** Not scheduled, and evicted if already running. */
  NO_EXECUTE = 'NoExecute',
}

/** A taint on every node of the pool. */
export interface NodeTaint {
  /** The taint key, e.g. `trino.io/role`. */
  readonly key: string;
  /**
   * The taint value.
   *
   * @default - no value
   */
  readonly value?: string;
  /** What happens to pods that do not tolerate the taint. */
  readonly effect: TaintEffect;
}

/** A reason Karpenter disrupts nodes, to which a budget can be limited. */
export enum DisruptionReason {
  /** Consolidation of underutilized nodes. */
  UNDERUTILIZED = 'Underutilized',
  /** Removal of empty nodes. */
  EMPTY = 'Empty',
  /** Replacement of nodes that no longer match their NodePool or node class (e.g. a new AMI). */
  DRIFTED = 'Drifted',
}

/** At most this many nodes of the pool may be disrupted at once (in the schedule's windows, for the reasons named). */
export interface DisruptionBudget {
  /** A node count (`'0'` blocks) or a percentage of the pool's nodes (`'10%'`). */
  readonly nodes: string;
  /**
   * The disruption reasons the budget applies to.
   *
   * @default - all reasons
   */
  readonly reasons?: DisruptionReason[];
  /**
   * A cron schedule (UTC) opening the budget's window, e.g. `'0 9 * * mon-fri'`; needs `duration`.
   *
   * @default - the budget always applies
   */
  readonly schedule?: string;
  /**
   * How long the window stays open after each `schedule` tick, in whole minutes.
   *
   * @default - the budget always applies
   */
  readonly duration?: Duration;
}

/** Options of a {@link KarpenterNodePool}. */
export interface KarpenterNodePoolOptions {
  /** Name of the NodePool, an RFC 1123 label (it becomes the `karpenter.sh/nodepool` node label). */
  readonly name: string;

  /**
   * The node class the pool launches nodes with.
   *
   * @default - with a `controller`, an EC2NodeClass of the same name with the controller's defaults;
   * otherwise the Auto Mode NodeClass `default`
   */
  readonly nodeClass?: NodeClass;

  /**
   * The self-managed Karpenter controller serving this pool: the pool and its EC2NodeClass are
   * applied after it (its CRDs, webhooks, node role and access entry exist first), and the
   * EC2NodeClass defaults to its node role and discovery-tagged subnets and security group.
   *
   * @default - none: EKS Auto Mode, or Karpenter installed outside this app
   */
  readonly controller?: KarpenterController;

  /**
   * Capacity types. Spot and on-demand together: Karpenter prefers spot and falls back to on-demand.
   *
   * @default [CapacityType.ON_DEMAND]
   */
  readonly capacityTypes?: CapacityType[];

  /**
   * CPU architectures. Arm64 (Graviton) needs multi-architecture images for every pod on the pool.
   *
   * @default [Architecture.AMD64]
   */
  readonly architectures?: Architecture[];

  /**
   * Instance categories, e.g. `['r']` for memory-optimized.
   *
   * @default ['c', 'm', 'r']
   */
  readonly instanceCategories?: string[];

  /**
   * Instance families, e.g. `['r7i', 'r7g']`.
   *
   * @default - any family of the categories
   */
  readonly instanceFamilies?: string[];

  /**
   * Only instance generations newer than this.
   *
   * @default 5 (sixth generation and newer)
   */
  readonly instanceGenerationAbove?: number;

  /**
   * Instance sizes, e.g. `['4xlarge']`.
   *
   * @default - any size
   */
  readonly instanceSizes?: string[];

  /**
   * Availability zones.
   *
   * @default - every zone the node class's subnets are in
   */
  readonly zones?: string[];

  /**
   * More requirements, added after the ones above.
   *
   * @default - none
   */
  readonly requirements?: Requirement[];

  /**
   * Labels on every node of the pool.
   *
   * @default - none
   */
  readonly labels?: Record<string, string>;

  /**
   * Taints on every node of the pool, so only pods that tolerate them run there.
   *
   * @default - none
   */
  readonly taints?: NodeTaint[];

  /**
   * Priority among NodePools that fit a pod (1 to 100, higher first).
   *
   * @default - no weight (lowest priority)
   */
  readonly weight?: number;

  /**
   * Most vCPUs the pool's nodes may have in total.
   *
   * @default - no limit
   */
  readonly cpuLimit?: number;

  /**
   * Most memory the pool's nodes may have in total.
   *
   * @default - no limit
   */
  readonly memoryLimit?: Size;

  /**
   * When Karpenter may consolidate nodes.
   *
   * @default ConsolidationPolicy.WHEN_EMPTY_OR_UNDERUTILIZED
   */
  readonly consolidationPolicy?: ConsolidationPolicy;

  /**
   * How long a node must have been empty or underutilized before it is consolidated.
   * Not allowed with `ConsolidationPolicy.NEVER`.
   *
   * @default Duration.seconds(0)
   */
  readonly consolidateAfter?: Duration;

  /**
   * Disruption budgets.
   *
   * @default - Karpenter's default: 10% of the nodes at a time
   */
  readonly disruptionBudgets?: DisruptionBudget[];

  /**
   * Age at which a node is replaced, whatever runs on it (security patching). At least
   * `terminationGracePeriod`; on EKS Auto Mode at most 21 days, the lifetime Auto Mode enforces.
   *
   * @default - Duration.days(30) with self-managed Karpenter (Karpenter's default), Duration.days(14) on EKS Auto Mode (Auto Mode's default)
   */
  readonly expireAfter?: Duration;

  /**
   * Longest a node may take to drain before it is terminated anyway: pods whose own termination
   * grace is longer are cut short. Must cover Trino's graceful worker shutdown.
   *
   * @default - none: self-managed Karpenter waits for every pod; EKS Auto Mode applies 24 hours
   */
  readonly terminationGracePeriod?: Duration;

  /**
   * Fields of the NodePool this API does not model, deep-merged into the object last
   * (objects merged key by key, arrays and values replaced, `null` removes a key).
   * The keys the typed props write: `spec.template`, `spec.disruption`, `spec.limits`, `spec.weight`.
   *
   * @default - none
   */
  readonly overrides?: Record<string, any>;
}

/** Properties of a {@link KarpenterNodePool}. */
export interface KarpenterNodePoolProps extends KarpenterNodePoolOptions {
  /** The cluster (created in this app, or imported with a kubectl provider). */
  readonly cluster: ICluster;
}

const CONSTRUCT = 'KarpenterNodePool';
const DEFAULT_CATEGORIES = ['c', 'm', 'r'];
/** EKS Auto Mode replaces every node after at most 21 days. */
const AUTO_MODE_MAX_LIFETIME = Duration.days(21);
const AMI_ALIAS = /^(al2023|bottlerocket)@(latest|v[0-9][0-9.]*)$/;

/**
 * A Karpenter `NodePool` (`karpenter.sh/v1`) with typed requirements, taints, limits and
 * disruption settings, and its node class: the EKS Auto Mode `NodeClass` (built-in or custom)
 * or an `EC2NodeClass` for self-managed Karpenter.
 *
 * @example
 * declare const cluster: eks.Cluster;
 * new KarpenterNodePool(this, 'Workers', {
 *   cluster,
 *   name: 'trino-workers',
 *   capacityTypes: [CapacityType.SPOT, CapacityType.ON_DEMAND],
 *   instanceCategories: ['r'],
 *   cpuLimit: 320,
 *   taints: [{ key: 'trino.io/role', value: 'worker', effect: TaintEffect.NO_SCHEDULE }],
 * });
 */
export class KarpenterNodePool extends Construct {
  /** Name of the NodePool. */
  public readonly nodePoolName: string;
  /** Name of the node class the pool references. */
  public readonly nodeClassName: string;
  /** Where the pool's node class belongs. */
  public readonly runtime: NodeClassRuntime;
  /** The NodePool manifest. */
  public readonly nodePoolManifest: KubernetesManifest;
  /** The node class manifest, when the pool creates one (custom Auto Mode NodeClass or EC2NodeClass). */
  public readonly nodeClassManifest?: KubernetesManifest;
  /** The capacity types the pool may launch (what workload contracts such as spot interruption depend on). */
  public readonly capacityTypes: CapacityType[];
  /** How long Karpenter waits for a draining node's pods before it force-deletes them, when set. */
  public readonly terminationGracePeriod?: Duration;

  constructor(scope: Construct, id: string, props: KarpenterNodePoolProps) {
    // Everything is validated and resolved before anything, this construct included, joins the tree.
    const runtime = clusterRuntime(props.cluster);
    requireKubectlProvider(CONSTRUCT, 'cluster', props.cluster);
    const nodeClass = props.nodeClass ?? (props.controller ? NodeClass.ec2NodeClass() : NodeClass.autoMode());
    checkRuntime(nodeClass, runtime, props.controller);
    validateName('name', props.name);
    const autoMode = nodeClass.runtime === NodeClassRuntime.AUTO_MODE;
    const plan = planNodeClass(nodeClass, props, runtime);
    const pool = resolvePool(props, autoMode, plan.ref);
    super(scope, id);

    this.nodePoolName = props.name;
    this.nodeClassName = plan.ref.name;
    this.runtime = nodeClass.runtime;
    this.capacityTypes = [...(props.capacityTypes ?? [CapacityType.ON_DEMAND])];
    this.terminationGracePeriod = props.terminationGracePeriod;

    let nodeClassObject: Record<string, any> | undefined;
    if (plan.ec2) {
      nodeClassObject = ec2NodeClassManifest(plan.ec2(this));
    } else if (plan.autoModeCustom) {
      nodeClassObject = autoModeNodeClassManifest(plan.autoModeCustom(this));
    }
    if (nodeClassObject) {
      this.nodeClassManifest = new KubernetesManifest(this, 'NodeClass', { cluster: props.cluster, manifest: [nodeClassObject] });
    }
    this.nodePoolManifest = new KubernetesManifest(this, 'NodePool', { cluster: props.cluster, manifest: [nodePoolManifest(pool)] });
    if (this.nodeClassManifest) this.nodePoolManifest.node.addDependency(this.nodeClassManifest);
    if (props.controller) {
      // The CRDs and webhooks come with the chart; the node role's access entry must exist before a node joins.
      this.node.addDependency(props.controller);
    }
  }
}

function validateName(prop: string, name: string): void {
  if (!isUnresolved(name) && !isRfc1123Label(name)) throw propError(CONSTRUCT, prop, name, RFC_1123_LABEL_RULE);
}

/** A node class on the wrong runtime, or a self-managed option on an Auto Mode pool, fails here. */
function checkRuntime(nodeClass: NodeClass, runtime: ClusterRuntime, controller: KarpenterController | undefined): void {
  const autoModeClass = nodeClass.runtime === NodeClassRuntime.AUTO_MODE;
  if (autoModeClass && controller) {
    throw propError(CONSTRUCT, 'controller', controller.node.path,
      'applies only to self-managed Karpenter: an EKS Auto Mode pool (NodeClass.autoMode/autoModeCustom) is served by EKS; ' +
      'drop controller or use NodeClass.ec2NodeClass()');
  }
  if (runtime.created && runtime.autoMode === true && !autoModeClass) {
    throw propError(CONSTRUCT, 'nodeClass', 'NodeClass.ec2NodeClass()',
      'is for self-managed Karpenter, but the cluster runs EKS Auto Mode: use NodeClass.autoMode() or NodeClass.autoModeCustom()');
  }
  if (runtime.created && runtime.autoMode === false && autoModeClass) {
    throw propError(CONSTRUCT, 'nodeClass', nodeClass.autoModeCustomProps ? 'NodeClass.autoModeCustom()' : 'NodeClass.autoMode()',
      'needs EKS Auto Mode, which the cluster does not run: use NodeClass.ec2NodeClass() with a KarpenterController');
  }
  if (autoModeClass && !nodeClass.autoModeCustomProps && runtime.created && runtime.builtInNodePools === false) {
    throw propError(CONSTRUCT, 'nodeClass', 'NodeClass.autoMode()',
      'references the Auto Mode NodeClass "default", which EKS creates only with the built-in node pools (compute.nodePools is empty): ' +
      'use NodeClass.autoModeCustom()');
  }
}

interface NodeClassPlan {
  readonly ref: { group: string; kind: string; name: string };
  /** Finishes the EC2NodeClass inside the pool (role names need a scope). */
  readonly ec2?: (scope: Construct) => ResolvedEc2NodeClass;
  /** Finishes the custom Auto Mode NodeClass inside the pool. */
  readonly autoModeCustom?: (scope: Construct) => ResolvedAutoModeNodeClass;
}

function planNodeClass(nodeClass: NodeClass, props: KarpenterNodePoolProps, runtime: ClusterRuntime): NodeClassPlan {
  if (nodeClass.ec2NodeClassProps) return planEc2NodeClass(nodeClass.ec2NodeClassProps, props);
  if (nodeClass.autoModeCustomProps) return planAutoModeCustom(nodeClass.autoModeCustomProps, props, runtime);
  return { ref: { group: 'eks.amazonaws.com', kind: 'NodeClass', name: 'default' } };
}

function planEc2NodeClass(ec2: Ec2NodeClassProps, props: KarpenterNodePoolProps): NodeClassPlan {
  const name = ec2.name ?? props.name;
  validateName('nodeClass.name', name);
  const amiAlias = ec2.amiAlias ?? 'al2023@latest';
  if (!isUnresolved(amiAlias) && !AMI_ALIAS.test(amiAlias)) {
    throw propError(CONSTRUCT, 'nodeClass.amiAlias', amiAlias,
      'must be al2023@<version> or bottlerocket@<version>, the version being "latest" or a release such as v20251117');
  }
  const controller = props.controller;
  const clusterName = props.cluster.clusterName;
  const subnets = ec2.subnets ?? controller?._defaultSubnetTerms() ?? [discoveryTerm(clusterName)];
  if (subnets.length === 0) {
    throw propError(CONSTRUCT, 'nodeClass.subnets', [], 'must select at least one subnet (an EC2NodeClass without subnets launches nothing); leave it unset for the discovery-tagged subnets');
  }
  const securityGroups = ec2.securityGroups ?? controller?._defaultSecurityGroupTerms() ?? [discoveryTerm(clusterName)];
  if (securityGroups.length === 0) {
    throw propError(CONSTRUCT, 'nodeClass.securityGroups', [],
      'must select at least one security group (an EC2NodeClass without security groups launches nothing); leave it unset for the discovery-tagged security groups');
  }
  const role = ec2.role ?? controller?.nodeRole;
  if (!role) {
    throw propError(CONSTRUCT, 'nodeClass.role', undefined,
      'must be set when no controller is given: the node role (with an EC2_LINUX access entry) Karpenter launches nodes with');
  }
  const hopLimit = ec2.metadataHopLimit ?? 1;
  if (hopLimit !== 1 && hopLimit !== 2) {
    throw propError(CONSTRUCT, 'nodeClass.metadataHopLimit', hopLimit,
      'must be 1 (pods cannot reach the instance metadata; the secure default) or 2 (pods without host network can)');
  }
  const volumeSize = ec2.rootVolumeSize ?? Size.gibibytes(100);
  const volumeGibibytes = wholeGibibytes(volumeSize);
  if (volumeGibibytes === undefined || volumeGibibytes < 1 || volumeGibibytes > 59000) {
    throw propError(CONSTRUCT, 'nodeClass.rootVolumeSize', `${volumeSize.toMebibytes()} MiB`, 'must be a whole number of gibibytes from 1 to 59000');
  }
  if (ec2.instanceStorePolicy !== undefined && ec2.instanceStorePolicy !== InstanceStorePolicy.RAID0) {
    throw propError(CONSTRUCT, 'nodeClass.instanceStorePolicy', ec2.instanceStorePolicy, 'must be InstanceStorePolicy.RAID0');
  }
  checkNodeClassTags(ec2.tags, false);
  if (ec2.createAccessEntry !== undefined && !controller) {
    throw propError(CONSTRUCT, 'nodeClass.createAccessEntry', ec2.createAccessEntry,
      'applies only with a controller, which creates the access entry; without one, create it where the role is managed');
  }
  return {
    ref: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name },
    ec2: () => {
      // A role of its own must be passable by the controller, and its nodes must be able to join.
      if (controller && role !== controller.nodeRole) controller.addNodeRole(role, ec2.createAccessEntry ?? true);
      return {
        name,
        amiAlias,
        roleName: role.roleName,
        subnetSelectorTerms: subnets.map((t) => t._render()),
        securityGroupSelectorTerms: securityGroups.map((t) => t._render()),
        metadataHopLimit: hopLimit,
        volumeGibibytes,
        volumeKmsKeyArn: ec2.rootVolumeKmsKey?.keyArn,
        raid0InstanceStore: ec2.instanceStorePolicy === InstanceStorePolicy.RAID0,
        tags: ec2.tags,
        overrides: ec2.overrides,
      };
    },
  };
}

function planAutoModeCustom(custom: AutoModeNodeClassProps, props: KarpenterNodePoolProps, runtime: ClusterRuntime): NodeClassPlan {
  validateName('nodeClass.name', custom.name);
  if (custom.name === 'default') {
    throw propError(CONSTRUCT, 'nodeClass.name', custom.name, 'must not be "default": EKS owns the built-in NodeClass of that name');
  }
  const created = runtime.created;
  if (!custom.role && !runtime.autoModeNodeRoleArn) {
    throw propError(CONSTRUCT, 'nodeClass.role', undefined,
      created
        ? 'must be set: the cluster has no Auto Mode node role (its built-in node pools are off)'
        : 'must be set for an imported cluster: the node role its Auto Mode nodes run with');
  }
  if (custom.createAccessEntry === true && !custom.role) {
    throw propError(CONSTRUCT, 'nodeClass.createAccessEntry', true, 'needs role: the access entry is for the role given there');
  }
  const cluster = props.cluster;
  const subnets = custom.subnets ?? (created ? cluster.vpc.privateSubnets.map((s) => SelectorTerm.fromSubnet(s)) : undefined);
  if (subnets === undefined || subnets.length === 0) {
    throw propError(CONSTRUCT, 'nodeClass.subnets', subnets ?? undefined,
      created ? 'must select at least one subnet' : 'must be set for an imported cluster: at least one subnet selector term');
  }
  const securityGroups = custom.securityGroups ?? (created ? [SelectorTerm.fromId(cluster.clusterSecurityGroupId)] : undefined);
  if (securityGroups === undefined || securityGroups.length === 0) {
    throw propError(CONSTRUCT, 'nodeClass.securityGroups', securityGroups ?? undefined,
      created ? 'must select at least one security group' : 'must be set for an imported cluster: at least one security group selector term');
  }
  checkNodeClassTags(custom.tags, true);
  const storage = custom.ephemeralStorage;
  let ephemeralStorage: ResolvedAutoModeNodeClass['ephemeralStorage'];
  if (storage) {
    const gibibytes = wholeGibibytes(storage.size);
    if (gibibytes === undefined || gibibytes < 1 || gibibytes > 59000) {
      throw propError(CONSTRUCT, 'nodeClass.ephemeralStorage.size', `${storage.size.toMebibytes()} MiB`, 'must be a whole number of gibibytes from 1 to 59000');
    }
    checkRange('nodeClass.ephemeralStorage.iops', storage.iops, 3000, 16000);
    checkRange('nodeClass.ephemeralStorage.throughput', storage.throughput, 125, 1000);
    ephemeralStorage = { gibibytes, iops: storage.iops, throughput: storage.throughput, kmsKeyArn: storage.kmsKey?.keyArn };
  }
  return {
    ref: { group: 'eks.amazonaws.com', kind: 'NodeClass', name: custom.name },
    autoModeCustom: (scope) => {
      const role = custom.role ?? Role.fromRoleArn(scope, 'AutoModeNodeRole', runtime.autoModeNodeRoleArn!);
      if (custom.role && (custom.createAccessEntry ?? custom.role.roleArn !== runtime.autoModeNodeRoleArn)) {
        grantAutoModeNodeAccess(scope, props.cluster, custom.role);
      }
      return {
        name: custom.name,
        roleName: role.roleName,
        subnetSelectorTerms: subnets.map((t) => t._render()),
        securityGroupSelectorTerms: securityGroups.map((t) => t._render()),
        ephemeralStorage,
        tags: custom.tags,
        overrides: custom.overrides,
      };
    },
  };
}

/**
 * Nodes of a custom Auto Mode NodeClass with their own role join through an `EC2` access entry
 * with the `AmazonEKSAutoNodePolicy` (EKS user guide, "Create node class access entry"). The L1
 * is used because aws-eks-v2's AccessEntry refuses access policies on `EC2` entries.
 */
function grantAutoModeNodeAccess(scope: Construct, cluster: ICluster, role: IRole): void {
  new CfnAccessEntry(scope, 'NodeAccessEntry', {
    clusterName: cluster.clusterName,
    principalArn: role.roleArn,
    type: 'EC2',
    accessPolicies: [{
      policyArn: `arn:${Stack.of(scope).partition}:eks::aws:cluster-access-policy/AmazonEKSAutoNodePolicy`,
      accessScope: { type: 'cluster' },
    }],
  });
}

function checkRange(prop: string, value: number | undefined, min: number, max: number): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  validateWholeNumberRange(CONSTRUCT, prop, value, min, max);
}

function discoveryTerm(clusterName: string): SelectorTerm {
  return SelectorTerm.fromTags({ 'karpenter.sh/discovery': clusterName });
}

function resolvePool(props: KarpenterNodePoolProps, autoMode: boolean, nodeClassRef: NodeClassPlan['ref']): ResolvedNodePool {
  const capacityTypes = props.capacityTypes ?? [CapacityType.ON_DEMAND];
  if (capacityTypes.length === 0) {
    throw propError(CONSTRUCT, 'capacityTypes', [], 'must name at least one capacity type (SPOT, ON_DEMAND, RESERVED); SPOT and ON_DEMAND together prefer spot');
  }
  const architectures = props.architectures ?? [Architecture.AMD64];
  if (architectures.length === 0) {
    throw propError(CONSTRUCT, 'architectures', [], 'must name at least one architecture (AMD64, ARM64)');
  }
  const typed: Array<[string, Requirement | undefined]> = [
    ['capacityTypes', Requirement.capacityTypes(dedupe(capacityTypes))],
    ['architectures', Requirement.architectures(dedupe(architectures))],
    ['instanceCategories', listRequirement('instanceCategories', props.instanceCategories ?? DEFAULT_CATEGORIES, Requirement.instanceCategories)],
    ['instanceFamilies', listRequirement('instanceFamilies', props.instanceFamilies, Requirement.instanceFamilies)],
    ['instanceGenerationAbove', generationRequirement(props.instanceGenerationAbove ?? 5)],
    ['instanceSizes', listRequirement('instanceSizes', props.instanceSizes, Requirement.instanceSizes)],
    ['zones', listRequirement('zones', props.zones, (zones) => Requirement.zones(zones))],
  ];
  const requirements: RenderedRequirement[] = [];
  for (const [prop, requirement] of typed) {
    if (requirement) requirements.push(requirement._render(autoMode, prop));
  }
  (props.requirements ?? []).forEach((requirement, index) => requirements.push(requirement._render(autoMode, `requirements[${index}]`)));

  for (const key of Object.keys(props.labels ?? {})) checkLabelKey(key);

  const taints: RenderedTaint[] = (props.taints ?? []).map((taint, index) => {
    if (!taint.key) throw propError(CONSTRUCT, `taints[${index}].key`, taint.key, 'must be a non-empty label-style key, e.g. trino.io/role');
    return { key: taint.key, ...(taint.value !== undefined ? { value: taint.value } : {}), effect: taint.effect };
  });

  if (props.weight !== undefined) checkRange('weight', props.weight, 1, 100);
  const cpuLimit = props.cpuLimit;
  if (cpuLimit !== undefined && !Token.isUnresolved(cpuLimit) && !(cpuLimit > 0)) {
    throw propError(CONSTRUCT, 'cpuLimit', cpuLimit, 'must be a positive number of vCPUs; leave it unset for no limit');
  }
  let memoryLimit: string | undefined;
  if (props.memoryLimit !== undefined) {
    const mebibytes = props.memoryLimit.toMebibytes({ rounding: SizeRoundingBehavior.FLOOR });
    if (!(mebibytes > 0)) {
      throw propError(CONSTRUCT, 'memoryLimit', `${mebibytes} MiB`, 'must be positive; leave it unset for no limit');
    }
    memoryLimit = mebibytes % 1024 === 0 ? `${mebibytes / 1024}Gi` : `${mebibytes}Mi`;
  }

  const policy = props.consolidationPolicy ?? ConsolidationPolicy.WHEN_EMPTY_OR_UNDERUTILIZED;
  if (policy === ConsolidationPolicy.NEVER && props.consolidateAfter !== undefined) {
    throw propError(CONSTRUCT, 'consolidateAfter', props.consolidateAfter.toHumanString(),
      'is ignored by consolidationPolicy NEVER (it is written as consolidateAfter: Never): remove it, or pick WHEN_EMPTY / WHEN_EMPTY_OR_UNDERUTILIZED');
  }
  const budgets = (props.disruptionBudgets ?? []).map((budget, index) => resolveBudget(budget, `disruptionBudgets[${index}]`));

  const expireAfter = props.expireAfter ?? (autoMode ? Duration.days(14) : Duration.days(30));
  const grace = props.terminationGracePeriod;
  // Before any toSeconds(), which throws CDK's own error for a fraction of a second.
  for (const [prop, duration] of [['expireAfter', expireAfter], ['terminationGracePeriod', grace], ['consolidateAfter', props.consolidateAfter]] as const) {
    if (duration !== undefined && (duration.toMilliseconds() % 1000 !== 0 || duration.toMilliseconds() < (prop === 'consolidateAfter' ? 0 : 1000))) {
      throw propError(CONSTRUCT, prop, duration.toHumanString(), 'must be a whole number of seconds (at least one, except consolidateAfter)');
    }
  }
  if (autoMode && expireAfter.toSeconds() > AUTO_MODE_MAX_LIFETIME.toSeconds()) {
    throw propError(CONSTRUCT, 'expireAfter', expireAfter.toHumanString(),
      'must be at most 21 days on EKS Auto Mode, which replaces its nodes after 21 days whatever the NodePool says');
  }
  if (grace !== undefined && expireAfter.toSeconds() < grace.toSeconds()) {
    throw propError(CONSTRUCT, 'expireAfter', expireAfter.toHumanString(),
      `must not be shorter than terminationGracePeriod (${grace.toHumanString()}): a node would expire before it could drain`);
  }

  return {
    name: props.name,
    nodeClassRef,
    requirements,
    labels: { ...(props.labels ?? {}) },
    taints,
    weight: props.weight,
    cpuLimit: cpuLimit !== undefined ? String(cpuLimit) : undefined,
    memoryLimit,
    consolidationPolicy: policy === ConsolidationPolicy.NEVER ? ConsolidationPolicy.WHEN_EMPTY : policy,
    consolidateAfter: policy === ConsolidationPolicy.NEVER ? 'Never' : karpenterDuration(props.consolidateAfter ?? Duration.seconds(0)),
    budgets,
    expireAfter: karpenterDuration(expireAfter),
    terminationGracePeriod: grace !== undefined ? karpenterDuration(grace) : undefined,
    overrides: props.overrides,
  };
}

/** Karpenter's CRD refuses these node labels in a NodePool template: Karpenter or the kubelet sets them. */
function checkLabelKey(key: string): void {
  const domain = key.includes('/') ? key.split('/')[0] : '';
  if (domain.endsWith('karpenter.sh') || domain.endsWith('karpenter.k8s.aws') || key === 'kubernetes.io/hostname') {
    throw propError(CONSTRUCT, 'labels', key,
      'is a label Karpenter or the kubelet sets (domains karpenter.sh and karpenter.k8s.aws, kubernetes.io/hostname): use a label of your own domain');
  }
}

/**
 * Tags the node class may not set: Karpenter and EKS tag with them to find what they own
 * (the EC2NodeClass and Auto Mode NodeClass CRDs refuse them).
 */
function checkNodeClassTags(tags: Record<string, string> | undefined, autoMode: boolean): void {
  const restricted = autoMode
    ? ['karpenter.sh/provisioner-name', 'karpenter.sh/nodepool', 'karpenter.sh/nodeclaim', 'karpenter.sh/managed-by', 'eks.amazonaws.com/nodeclass']
    : ['karpenter.sh/nodepool', 'karpenter.sh/nodeclaim', 'karpenter.k8s.aws/ec2nodeclass', 'eks:eks-cluster-name'];
  for (const [key, value] of Object.entries(tags ?? {})) {
    if (key === '' || value === '') {
      throw propError(CONSTRUCT, 'nodeClass.tags', `${key}=${value}`, 'must have non-empty keys and values');
    }
    if (key.startsWith('kubernetes.io/cluster/') || restricted.includes(key)) {
      throw propError(CONSTRUCT, 'nodeClass.tags', key, `is reserved for Karpenter and EKS (kubernetes.io/cluster/*, ${restricted.join(', ')})`);
    }
  }
}

function listRequirement(prop: string, values: string[] | undefined, make: (values: string[]) => Requirement): Requirement | undefined {
  if (values === undefined) return undefined;
  if (values.length === 0) {
    throw propError(CONSTRUCT, prop, [], 'must hold at least one value; leave it unset for no restriction');
  }
  return make(dedupe(values));
}

function generationRequirement(generation: number): Requirement {
  validateWholeNumber(CONSTRUCT, 'instanceGenerationAbove', generation, 0);
  return Requirement.instanceGenerationAbove(generation);
}

const BUDGET_NODES = /^((100|[0-9]{1,2})%|[0-9]+)$/;

function resolveBudget(budget: DisruptionBudget, prop: string): RenderedBudget {
  if (!BUDGET_NODES.test(budget.nodes)) {
    throw propError(CONSTRUCT, `${prop}.nodes`, budget.nodes, 'must be a node count ("0" blocks disruption) or a percentage from "0%" to "100%"');
  }
  if ((budget.schedule === undefined) !== (budget.duration === undefined)) {
    throw propError(CONSTRUCT, budget.schedule === undefined ? `${prop}.schedule` : `${prop}.duration`, undefined,
      'must be set together with its partner: a budget window needs both schedule and duration');
  }
  let duration: string | undefined;
  if (budget.duration !== undefined) {
    const seconds = budget.duration.toSeconds();
    if (seconds < 60 || seconds % 60 !== 0) {
      throw propError(CONSTRUCT, `${prop}.duration`, budget.duration.toHumanString(), 'must be a whole number of minutes, at least one');
    }
    duration = seconds % 3600 === 0 ? `${seconds / 3600}h` : `${seconds / 60}m`;
  }
  if (budget.reasons !== undefined && budget.reasons.length === 0) {
    throw propError(CONSTRUCT, `${prop}.reasons`, [], 'must name at least one reason; leave it unset for all reasons');
  }
  return {
    nodes: budget.nodes,
    ...(budget.reasons ? { reasons: dedupe(budget.reasons) } : {}),
    ...(budget.schedule !== undefined ? { schedule: budget.schedule } : {}),
    ...(duration !== undefined ? { duration } : {}),
  };
}

function dedupe<T>(values: T[]): T[] {
  return [...new Set(values)];
}
