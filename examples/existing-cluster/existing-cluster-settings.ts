import { Construct } from 'constructs';

/** What the app needs to know about the cluster and buckets that already exist (from cdk.json's context). */
export interface ExistingClusterSettings {
  readonly account: string;
  readonly region: string;
  /** The EKS cluster (without Auto Mode: its nodes come from a managed node group and, for Trino, Karpenter). */
  readonly clusterName: string;
  readonly vpcId: string;
  readonly availabilityZones: string[];
  /** The private subnets nodes launch in. Tag them `karpenter.sh/discovery=<clusterName>` yourself. */
  readonly privateSubnetIds: string[];
  /** The cluster security group (`aws eks describe-cluster ... resourcesVpcConfig.clusterSecurityGroupId`). */
  readonly clusterSecurityGroupId: string;
  /** The cluster's IAM OIDC provider (IRSA). */
  readonly oidcProviderArn: string;
  /** The kubectl provider's Lambda function ARN and role (outputs of the stack that created the cluster). */
  readonly kubectlServiceToken: string;
  readonly kubectlRoleArn: string;
  /** The lake bucket (the warehouse is its `warehouse/` prefix), encrypted with this KMS key. */
  readonly lakeBucketName: string;
  readonly lakeKeyArn: string;
  /** A landing bucket Trino may only read (prefix `raw/`), SSE-S3. */
  readonly landingBucketName: string;
}

const KEYS: Array<keyof ExistingClusterSettings> = [
  'account', 'region', 'clusterName', 'vpcId', 'availabilityZones', 'privateSubnetIds', 'clusterSecurityGroupId',
  'oidcProviderArn', 'kubectlServiceToken', 'kubectlRoleArn', 'lakeBucketName', 'lakeKeyArn', 'landingBucketName',
];

/** Reads `existing-cluster:<key>` from the context (cdk.json, or `-c existing-cluster:<key>=...`). */
export function settingsFromContext(scope: Construct): ExistingClusterSettings {
  const settings: Record<string, unknown> = {};
  for (const key of KEYS) {
    const value = scope.node.tryGetContext(`existing-cluster:${key}`);
    if (value === undefined) throw new Error(`context existing-cluster:${key} is not set: add it to cdk.json or pass -c existing-cluster:${key}=...`);
    settings[key] = value;
  }
  return settings as unknown as ExistingClusterSettings;
}
