import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { isUnresolved, propError, validateWholeNumber } from '../private/validation';

const CONSTRUCT = 'TrinoClusterCompute';
// The rules KarpenterController and KarpenterNodePool apply, checked here so that bad input creates nothing.
const KARPENTER_VERSION = /^1\.[0-9]+\.[0-9]+$/;
const AMI_ALIAS = /^(al2023|bottlerocket)@(latest|v[0-9][0-9.]*)$/;

/** Self-managed Karpenter on a cluster TrinoOnEks creates without EKS Auto Mode. */
export interface SelfManagedKarpenterOptions {
  /**
   * The Karpenter chart version (a 1.x release).
   *
   * @default KarpenterController.DEFAULT_VERSION
   */
  readonly version?: string;

  /**
   * Instance type of the managed node group that runs what Karpenter cannot run on its own nodes: the
   * Karpenter controller itself, CoreDNS and the other cluster add-ons.
   *
   * @default m7i.large (2 vCPUs, 8 GiB)
   */
  readonly systemNodeInstanceType?: ec2.InstanceType;

  /**
   * Nodes in that group (two keep the controller available while one is replaced).
   *
   * @default 2
   */
  readonly systemNodes?: number;

  /**
   * The AMI alias of the Trino nodes' EC2NodeClasses: `al2023@<version>` or `bottlerocket@<version>`. Pin a
   * version in production: with `latest`, every AMI release drifts and replaces the nodes.
   *
   * @default 'al2023@latest'
   */
  readonly amiAlias?: string;
}

/** How the nodes of a cluster TrinoOnEks creates are provisioned. */
export class TrinoClusterCompute {
  /** EKS Auto Mode: AWS runs Karpenter; the Trino pools use Auto Mode's `default` NodeClass. */
  public static autoMode(): TrinoClusterCompute {
    return new TrinoClusterCompute(undefined);
  }

  /**
   * Self-managed Karpenter: the cluster is created without Auto Mode (no per-instance Auto Mode fee), with a
   * small managed node group for the system pods; TrinoOnEks installs `KarpenterController` and gives each Trino
   * pool an EC2NodeClass.
   */
  public static selfManagedKarpenter(options: SelfManagedKarpenterOptions = {}): TrinoClusterCompute {
    const systemNodes = options.systemNodes ?? 2;
    validateWholeNumber(CONSTRUCT, 'selfManagedKarpenter.systemNodes', systemNodes, 1, ' (the Karpenter controller cannot run on the nodes it launches)');
    if (options.version !== undefined && !isUnresolved(options.version) && !KARPENTER_VERSION.test(options.version)) {
      throw propError(CONSTRUCT, 'selfManagedKarpenter.version', options.version, 'must be a Karpenter 1.x chart version such as 1.14.1');
    }
    if (options.amiAlias !== undefined && !isUnresolved(options.amiAlias) && !AMI_ALIAS.test(options.amiAlias)) {
      throw propError(CONSTRUCT, 'selfManagedKarpenter.amiAlias', options.amiAlias,
        'must be al2023@<version> or bottlerocket@<version>, the version being "latest" or a release such as v20251117');
    }
    return new TrinoClusterCompute(options);
  }

  /** The self-managed Karpenter options, when this is not Auto Mode. */
  public readonly selfManagedKarpenterOptions?: SelfManagedKarpenterOptions;

  private constructor(selfManagedKarpenter: SelfManagedKarpenterOptions | undefined) {
    this.selfManagedKarpenterOptions = selfManagedKarpenter;
  }
}
