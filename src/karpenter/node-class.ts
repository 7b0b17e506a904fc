import { Size } from 'aws-cdk-lib';
import { IRole } from 'aws-cdk-lib/aws-iam';
import { IKey } from 'aws-cdk-lib/aws-kms';
import { SelectorTerm } from './selector-term';

/** How Karpenter uses the instance store (local NVMe) of instance types that have one. */
export enum InstanceStorePolicy {
  /**
   * Stripe all instance-store disks into one RAID0 array and use it for the kubelet and
   * containers' ephemeral storage: fast local disk for Trino's spill and file-system cache.
   */
  RAID0 = 'RAID0',
}

/** The EBS volume EKS Auto Mode nodes use for ephemeral storage. */
export interface EphemeralStorage {
  /** Size of the volume, whole gibibytes (1 to 59000). */
  readonly size: Size;

  /**
   * Provisioned IOPS (3000 to 16000).
   *
   * @default 3000
   */
  readonly iops?: number;

  /**
   * Provisioned throughput in MiB/s (125 to 1000).
   *
   * @default 125
   */
  readonly throughput?: number;

  /**
   * Customer-managed KMS key encrypting the volume (the volume is always encrypted).
   *
   * @default - the AWS managed key for EBS
   */
  readonly kmsKey?: IKey;
}

/** A custom EKS Auto Mode `NodeClass` (`eks.amazonaws.com/v1`). */
export interface AutoModeNodeClassProps {
  /** Name of the NodeClass, an RFC 1123 label other than `default` (which EKS owns). */
  readonly name: string;

  /**
   * The IAM role of the nodes. A role other than the cluster's Auto Mode node role gets an `EC2`
   * access entry with the `AmazonEKSAutoNodePolicy`, so its nodes can join.
   *
   * @default - the cluster's Auto Mode node role (clusters created in this app only)
   */
  readonly role?: IRole;

  /**
   * Whether this construct creates the `EC2` access entry of `role`. Set it to false when the role
   * already has one (e.g. it is the Auto Mode node role of an imported cluster): a second entry
   * for the same role fails to deploy.
   *
   * @default - true when `role` is set and is not the Auto Mode node role of a cluster created in this app
   */
  readonly createAccessEntry?: boolean;

  /**
   * The subnets nodes are placed in.
   *
   * @default - the cluster's private subnets (clusters created in this app only)
   */
  readonly subnets?: SelectorTerm[];

  /**
   * The security groups of the nodes.
   *
   * @default - the cluster security group (clusters created in this app only)
   */
  readonly securityGroups?: SelectorTerm[];

  /**
   * The ephemeral storage volume of each node.
   *
   * @default - Auto Mode's default (80 GiB, 3000 IOPS, 125 MiB/s)
   */
  readonly ephemeralStorage?: EphemeralStorage;

  /**
   * Tags for the EC2 resources of the nodes.
   *
   * @default - none
   */
  readonly tags?: Record<string, string>;

  /**
   * Fields of the NodeClass this API does not model, deep-merged into the object last
   * (objects merged key by key, arrays and values replaced, `null` removes a key).
   *
   * @default - none
   */
  readonly overrides?: Record<string, any>;
}

/** An `EC2NodeClass` (`karpenter.k8s.aws/v1`) for self-managed Karpenter. */
export interface Ec2NodeClassProps {
  /**
   * Name of the EC2NodeClass, an RFC 1123 label.
   *
   * @default - the name of the NodePool
   */
  readonly name?: string;

  /**
   * The AMI alias: `al2023@<version>` or `bottlerocket@<version>` (`latest` or `v20251117`-style).
   * Pin a version in production: with `latest`, every AMI release drifts and replaces all nodes.
   *
   * @default 'al2023@latest'
   */
  readonly amiAlias?: string;

  /**
   * The subnets nodes are placed in. At least one term.
   *
   * @default - subnets tagged `karpenter.sh/discovery` with the controller's `discoveryTagValue` (it tags the
   * private subnets), or with the cluster name when there is no controller
   */
  readonly subnets?: SelectorTerm[];

  /**
   * The security groups of the nodes. At least one term.
   *
   * @default - with a controller: its discovery-tagged node security group and the cluster security group;
   * otherwise the security groups tagged `karpenter.sh/discovery: <cluster name>`
   */
  readonly securityGroups?: SelectorTerm[];

  /**
   * The IAM role of the nodes (Karpenter creates the instance profile). With a controller, a role
   * other than its node role is added to it: the controller may pass it, and it gets an `EC2_LINUX`
   * access entry (see `createAccessEntry`).
   *
   * @default - the controller's node role
   */
  readonly role?: IRole;

  /**
   * Whether the controller creates the `EC2_LINUX` access entry of `role`. Set it to false when the
   * role already has one (e.g. a managed node group's role): a second entry fails to deploy.
   *
   * @default true
   */
  readonly createAccessEntry?: boolean;

  /**
   * IMDSv2 hop limit (IMDSv2 is always required). 1 keeps pods that do not use the host network
   * away from the node's credentials: pods get AWS access through IRSA or Pod Identity instead.
   * Use 2 only for pods that must reach the instance metadata (e.g. an agent without Pod Identity).
   *
   * @default 1
   */
  readonly metadataHopLimit?: number;

  /**
   * Size of the root (al2023) or data (Bottlerocket) volume: an encrypted gp3 volume, whole gibibytes.
   *
   * @default Size.gibibytes(100)
   */
  readonly rootVolumeSize?: Size;

  /**
   * Customer-managed KMS key encrypting the volume (the volume is always encrypted).
   *
   * @default - the AWS managed key for EBS
   */
  readonly rootVolumeKmsKey?: IKey;

  /**
   * Use the instance store of instance types that have one (e.g. r7gd, r6id) as ephemeral storage,
   * for Trino's spill and file-system cache.
   *
   * @default - instance stores are not used
   */
  readonly instanceStorePolicy?: InstanceStorePolicy;

  /**
   * Tags for the EC2 resources of the nodes.
   *
   * @default - none
   */
  readonly tags?: Record<string, string>;

  /**
   * Fields of the EC2NodeClass this API does not model, deep-merged into the object last
   * (objects merged key by key, arrays and values replaced, `null` removes a key).
   *
   * @default - none
   */
  readonly overrides?: Record<string, any>;
}

/** Where a node class belongs. */
export enum NodeClassRuntime {
  /** EKS Auto Mode (AWS-managed Karpenter). */
  AUTO_MODE = 'AUTO_MODE',
  /** Karpenter installed in the cluster (e.g. by `KarpenterController`). */
  SELF_MANAGED = 'SELF_MANAGED',
}

/**
 * The node class a NodePool launches nodes with: the EKS Auto Mode `NodeClass` (the built-in
 * `default` or a custom one), or an `EC2NodeClass` for self-managed Karpenter.
 */
export class NodeClass {
  /** The built-in EKS Auto Mode NodeClass `default` (the cluster's subnets, security group and node role). */
  public static autoMode(): NodeClass {
    return new NodeClass(NodeClassRuntime.AUTO_MODE, undefined, undefined);
  }

  /** A custom EKS Auto Mode NodeClass, created with the pool. */
  public static autoModeCustom(props: AutoModeNodeClassProps): NodeClass {
    return new NodeClass(NodeClassRuntime.AUTO_MODE, props, undefined);
  }

  /** An EC2NodeClass for self-managed Karpenter, created with the pool. */
  public static ec2NodeClass(props: Ec2NodeClassProps = {}): NodeClass {
    return new NodeClass(NodeClassRuntime.SELF_MANAGED, undefined, props);
  }

  /** Where this node class belongs. */
  public readonly runtime: NodeClassRuntime;
  /** The custom Auto Mode NodeClass, if this is one. */
  public readonly autoModeCustomProps?: AutoModeNodeClassProps;
  /** The EC2NodeClass, if this is one. */
  public readonly ec2NodeClassProps?: Ec2NodeClassProps;

  private constructor(runtime: NodeClassRuntime, autoModeCustom: AutoModeNodeClassProps | undefined, ec2: Ec2NodeClassProps | undefined) {
    this.runtime = runtime;
    this.autoModeCustomProps = autoModeCustom;
    this.ec2NodeClassProps = ec2;
  }
}
