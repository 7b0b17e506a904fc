import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { TrinoClusterOptions } from './trino-on-eks-props';
import { KarpenterController } from '../karpenter/karpenter-controller';

/** The options of running Trino in a cluster of the app (created elsewhere, or imported). */
export interface ExistingClusterOptions {
  /**
   * The cluster's self-managed Karpenter, when it runs without EKS Auto Mode (e.g. `new KarpenterController(this,
   * 'Karpenter', { cluster })`): the Trino node pools get EC2NodeClasses it serves.
   *
   * @default - the cluster runs EKS Auto Mode with its built-in node pools
   */
  readonly karpenter?: KarpenterController;
}

/** The EKS cluster Trino runs in: one TrinoOnEks creates, or one that exists. */
export class TrinoCluster {
  /** A VPC and an EKS cluster created by TrinoOnEks (EKS Auto Mode unless `compute` says otherwise). */
  public static create(options: TrinoClusterOptions): TrinoCluster {
    return new TrinoCluster(options, undefined, undefined);
  }

  /**
   * A cluster created elsewhere in the app, or imported with `Cluster.fromClusterAttributes` with a kubectl provider
   * and an OpenID Connect provider (IRSA). It must run EKS Auto Mode with its built-in node pools (the Trino pools then
   * use Auto Mode's `default` NodeClass), or self-managed Karpenter passed as `karpenter`.
   */
  public static existing(cluster: eks.ICluster, options: ExistingClusterOptions = {}): TrinoCluster {
    return new TrinoCluster(undefined, cluster, options.karpenter);
  }

  /** How the cluster is created, when TrinoOnEks creates it. */
  public readonly createOptions?: TrinoClusterOptions;
  /** The existing cluster, when there is one. */
  public readonly existingCluster?: eks.ICluster;
  /** The existing cluster's self-managed Karpenter, when it has one. */
  public readonly karpenter?: KarpenterController;

  private constructor(createOptions: TrinoClusterOptions | undefined, existingCluster: eks.ICluster | undefined,
    karpenter: KarpenterController | undefined) {
    this.createOptions = createOptions;
    this.existingCluster = existingCluster;
    this.karpenter = karpenter;
  }
}
