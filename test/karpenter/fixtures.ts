import { KubectlV35Layer } from '@aws-cdk/lambda-layer-kubectl-v35';
import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IMPORTED_CLUSTER_NAME } from '../fixtures/clusters';

/** Literal IDs of the imported VPC, so selectors and tags are checkable as written. */
export const IMPORTED_VPC_ID = 'vpc-0123456789abcdef0';
export const IMPORTED_SUBNET_IDS = ['subnet-0aaaaaaaaaaaaaaa1', 'subnet-0bbbbbbbbbbbbbbb2'];
export const IMPORTED_CLUSTER_SG = 'sg-0cccccccccccccc03';

/**
 * An aws-eks-v2 cluster created without EKS Auto Mode: a managed node group (two m5.large) runs the
 * Karpenter controller, which must not run on nodes it manages itself.
 */
export function selfManagedCluster(stack: Stack): eks.Cluster {
  return new eks.Cluster(stack, 'Cluster', {
    version: eks.KubernetesVersion.V1_35,
    defaultCapacityType: eks.DefaultCapacityType.NODEGROUP,
    kubectlProviderOptions: { kubectlLayer: new KubectlV35Layer(stack, 'KubectlLayer') },
  });
}

/** An Auto Mode cluster without the built-in node pools (so no `default` NodeClass exists). */
export function autoModeClusterWithoutBuiltInPools(stack: Stack): eks.Cluster {
  return new eks.Cluster(stack, 'Cluster', {
    version: eks.KubernetesVersion.V1_35,
    compute: { nodePools: [] },
    kubectlProviderOptions: { kubectlLayer: new KubectlV35Layer(stack, 'KubectlLayer') },
  });
}

/**
 * A cluster imported by name with everything Karpenter needs: kubectl provider, OIDC provider,
 * cluster security group, and its VPC (imported too, with literal subnet IDs).
 */
export function importedClusterWithVpc(stack: Stack): { cluster: eks.ICluster; vpc: ec2.IVpc } {
  const vpc = ec2.Vpc.fromVpcAttributes(stack, 'ImportedVpc', {
    vpcId: IMPORTED_VPC_ID,
    availabilityZones: ['eu-west-1a', 'eu-west-1b'],
    privateSubnetIds: IMPORTED_SUBNET_IDS,
  });
  const cluster = eks.Cluster.fromClusterAttributes(stack, 'ImportedCluster', {
    clusterName: IMPORTED_CLUSTER_NAME,
    vpc,
    clusterSecurityGroupId: IMPORTED_CLUSTER_SG,
    openIdConnectProvider: iam.OpenIdConnectProvider.fromOpenIdConnectProviderArn(stack, 'Oidc',
      'arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE0123456789'),
    kubectlProvider: eks.KubectlProvider.fromKubectlProviderAttributes(stack, 'KubectlProvider', {
      serviceToken: 'arn:aws:lambda:eu-west-1:111122223333:function:kubectl-provider',
      role: iam.Role.fromRoleArn(stack, 'KubectlRole', 'arn:aws:iam::111122223333:role/kubectl-provider'),
    }),
  });
  return { cluster, vpc };
}
