import { RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { TrinoClusterOptions } from './trino-on-eks-props';

/** What `createTrinoCluster` made. */
export interface CreatedTrinoCluster {
  readonly vpc: ec2.IVpc;
  /** The VPC, when it was created here. */
  readonly createdVpc?: ec2.Vpc;
  readonly cluster: eks.Cluster;
  readonly secretsKey: kms.Key;
}

/**
 * A VPC (unless given) and an aws-eks-v2 EKS Auto Mode cluster for Trino: every control-plane log type on,
 * Kubernetes Secrets envelope-encrypted with a customer-managed KMS key (rotated), the API server private
 * unless asked otherwise, and the kubectl provider configured (every manifest and chart needs it).
 */
export function createTrinoCluster(scope: Construct, options: TrinoClusterOptions): CreatedTrinoCluster {
  let createdVpc: ec2.Vpc | undefined;
  let vpc = options.vpc;
  if (!vpc) {
    createdVpc = new ec2.Vpc(scope, 'Vpc', {
      maxAzs: 2,
      subnetConfiguration: [
        { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
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
    createdVpc.addFlowLog('FlowLog', { destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogGroup) });
    vpc = createdVpc;
  }
  const secretsKey = new kms.Key(scope, 'SecretsKey', {
    description: 'Envelope encryption of the Trino EKS cluster\'s Kubernetes Secrets',
    enableKeyRotation: true,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  const cluster = new eks.Cluster(scope, 'Cluster', {
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
  return { vpc, createdVpc, cluster, secretsKey };
}
