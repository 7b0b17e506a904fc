import { Addon, Cluster, ICluster, IdentityType, ServiceAccount } from 'aws-cdk-lib/aws-eks-v2';
import { IRole, ManagedPolicy } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { BucketAccess, BucketGrant } from './bucket-grant';
import { bucketPolicyStatements, ResolvedBucketGrant } from './bucket-policy';
import { requireKubectlProvider, requireOpenIdConnectProvider } from '../private/cluster-checks';
import { validateRfc1123Label } from '../private/kubernetes-names';
import { acknowledgeObjectWildcards } from '../private/nag-acknowledgements';
import { isUnresolved, propError } from '../private/validation';

/** Whether the EKS Pod Identity agent must be installed for a Pod Identity service account. */
export enum PodIdentityAgent {
  /** Install the `eks-pod-identity-agent` add-on (once per cluster created in this app). */
  INSTALL = 'INSTALL',
  /** The cluster already runs the agent (an add-on installed elsewhere, or EKS Auto Mode). */
  EXISTING = 'EXISTING',
}

/** Properties of an {@link IrsaBucketAccess}. */
export interface IrsaBucketAccessProps {
  /**
   * The cluster the service account lives in: created in this app, or imported with
   * `Cluster.fromClusterAttributes` with a `kubectlProvider` (and an `openIdConnectProvider` for IRSA).
   */
  readonly cluster: ICluster;

  /** Namespace of the service account, an RFC 1123 label. The namespace must exist before the account is applied. */
  readonly namespace: string;

  /** Name of the service account, an RFC 1123 label. */
  readonly serviceAccountName: string;

  /** The buckets (and prefixes) the service account may read, or read and write. At least one. */
  readonly grants: BucketGrant[];

  /**
   * How pods get the role: IAM Roles for Service Accounts (trust on the cluster's OIDC provider,
   * `StringEquals` on `:aud` and `:sub`) or EKS Pod Identity (association, `pods.eks.amazonaws.com` trust).
   *
   * @default IdentityType.IRSA
   */
  readonly identityType?: IdentityType;

  /**
   * With Pod Identity, whether the agent add-on is installed by this construct or already runs.
   *
   * Only for imported clusters: a cluster created in this app installs the add-on once, itself.
   *
   * @default - must be set for Pod Identity on an imported cluster, whose add-ons this app cannot see
   */
  readonly podIdentityAgent?: PodIdentityAgent;
}

const CONSTRUCT = 'IrsaBucketAccess';

/**
 * A Kubernetes service account and an IAM role that only it can assume, granted exactly the
 * S3 access asked for: listing limited to the granted prefixes, object actions limited to
 * `bucket/prefix/*`, and the bucket's own KMS key usable only through S3.
 *
 * Make the workloads that use the account depend on this construct
 * (`chart.node.addDependency(access)`) so pods never start before the account, its role and
 * its policy exist.
 *
 * @example
 * declare const cluster: eks.Cluster;
 * declare const warehouse: s3.Bucket;
 * new IrsaBucketAccess(this, 'WorkerAccess', {
 *   cluster,
 *   namespace: 'trino',
 *   serviceAccountName: 'trino-worker',
 *   grants: [{ bucket: warehouse, prefixes: ['warehouse'], access: BucketAccess.READ_WRITE }],
 * });
 */
export class IrsaBucketAccess extends Construct {
  /** The Kubernetes service account (also the `IPrincipal` of its role). */
  public readonly serviceAccount: ServiceAccount;
  /** The IAM role the service account's pods assume. */
  public readonly role: IRole;
  /** The customer-managed policy holding the S3 and KMS permissions, attached to the role. */
  public readonly policy: ManagedPolicy;
  /** Name of the service account, for pod specs and Helm values. */
  public readonly serviceAccountName: string;
  /** Namespace of the service account. */
  public readonly namespace: string;
  /** How pods get the role. */
  public readonly identityType: IdentityType;

  constructor(scope: Construct, id: string, props: IrsaBucketAccessProps) {
    // Everything is validated before anything, this construct included, joins the tree.
    validateRfc1123Label(CONSTRUCT, 'namespace', props.namespace);
    validateRfc1123Label(CONSTRUCT, 'serviceAccountName', props.serviceAccountName);
    const grants = resolveGrants(props.grants);
    const identityType = props.identityType ?? IdentityType.IRSA;
    const installAgent = checkCluster(props.cluster, identityType, props.podIdentityAgent);
    super(scope, id);

    this.namespace = props.namespace;
    this.serviceAccountName = props.serviceAccountName;
    this.identityType = identityType;

    if (installAgent) {
      // Only for an imported cluster: a created one installs the add-on itself, once, when the
      // first Pod Identity service account asks for it.
      new Addon(this, 'PodIdentityAgent', { cluster: props.cluster, addonName: 'eks-pod-identity-agent' });
    }
    this.serviceAccount = new ServiceAccount(this, 'ServiceAccount', {
      cluster: props.cluster,
      name: props.serviceAccountName,
      namespace: props.namespace,
      identityType,
    });
    this.role = this.serviceAccount.role;

    this.policy = new ManagedPolicy(this, 'BucketAccessPolicy', {
      description: `S3 access of service account ${props.namespace}/${props.serviceAccountName}`,
      statements: bucketPolicyStatements(grants),
      roles: [this.role],
    });
    acknowledgeObjectWildcards(this.policy,
      'Object actions are granted on bucket/prefix/* for the prefixes the user named: S3 object ARNs cannot be ' +
      'listed one by one, the actions are explicit (no s3:*), and listing is limited to the same prefixes.');
  }
}

function resolveGrants(grants: BucketGrant[]): ResolvedBucketGrant[] {
  if (!grants || grants.length === 0) {
    throw propError(CONSTRUCT, 'grants', grants ?? [], 'must name at least one bucket');
  }
  const accessByLocation = new Map<string, BucketAccess>();
  return grants.map((grant, index) => {
    const prefixes = grant.prefixes?.map((prefix) => normalizePrefix(prefix, `grants[${index}].prefixes`));
    if (prefixes !== undefined && prefixes.length === 0) {
      throw propError(CONSTRUCT, `grants[${index}].prefixes`, [], 'must name at least one prefix; leave it unset to grant the whole bucket');
    }
    for (const prefix of prefixes ?? [undefined]) {
      const location = `${grant.bucket.bucketArn}/${prefix ?? '(whole bucket)'}`;
      const earlier = accessByLocation.get(location);
      if (earlier !== undefined && earlier !== grant.access) {
        throw propError(CONSTRUCT, `grants[${index}].access`, grant.access,
          `conflicts with ${earlier} granted earlier on the same bucket and prefix (${prefix ?? 'whole bucket'}); grant each location once`);
      }
      accessByLocation.set(location, grant.access);
    }
    return {
      bucketArn: grant.bucket.bucketArn,
      keyArn: grant.bucket.encryptionKey?.keyArn,
      region: grant.bucket.env.region,
      prefixes,
      access: grant.access,
    };
  });
}

function normalizePrefix(prefix: string, prop: string): string {
  if (isUnresolved(prefix)) return prefix;
  if (prefix.startsWith('/')) {
    throw propError(CONSTRUCT, prop, prefix, 'must not start with \'/\': S3 keys are relative to the bucket, e.g. "warehouse/sales"');
  }
  if (/[*?]/.test(prefix)) {
    throw propError(CONSTRUCT, prop, prefix, 'must not contain \'*\' or \'?\': name the prefix itself, access below it is granted');
  }
  const normalized = prefix.replace(/\/+$/, '');
  if (normalized === '') {
    throw propError(CONSTRUCT, prop, prefix, 'must not be empty; leave prefixes unset to grant the whole bucket');
  }
  return normalized;
}

/** Checks the cluster can host the account; returns whether the Pod Identity agent must be installed. */
function checkCluster(cluster: ICluster, identityType: IdentityType, agent: PodIdentityAgent | undefined): boolean {
  const created = cluster instanceof Cluster;
  requireKubectlProvider(CONSTRUCT, 'cluster', cluster);
  if (identityType === IdentityType.IRSA) {
    if (agent !== undefined) {
      throw propError(CONSTRUCT, 'podIdentityAgent', agent, 'applies only to identityType POD_IDENTITY');
    }
    requireOpenIdConnectProvider(CONSTRUCT, 'cluster', cluster, ', or use identityType POD_IDENTITY');
    return false;
  }
  if (created) {
    if (agent !== undefined) {
      throw propError(CONSTRUCT, 'podIdentityAgent', agent,
        'applies only to imported clusters: a cluster created in this app manages the eks-pod-identity-agent add-on itself');
    }
    return false;
  }
  if (agent === undefined) {
    throw propError(CONSTRUCT, 'podIdentityAgent', agent,
      'must be set for Pod Identity on an imported cluster: EXISTING if the cluster runs the eks-pod-identity-agent ' +
      'add-on (or is an Auto Mode cluster), INSTALL to install it here');
  }
  return agent === PodIdentityAgent.INSTALL;
}
