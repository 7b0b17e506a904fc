import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Cluster, ICluster } from 'aws-cdk-lib/aws-eks-v2';
import { propError } from './validation';

// What a construct needs of an EKS cluster, checked before the construct joins the tree: aws-eks-v2 only finds out
// when the first manifest or service account is added, with an error that names none of the user's props.

/** Manifests and Helm charts need a kubectl provider. */
export function requireKubectlProvider(construct: string, prop: string, cluster: ICluster): void {
  if (!cluster.kubectlProvider) {
    throw propError(construct, prop, cluster.clusterName, cluster instanceof Cluster
      ? 'has no kubectl provider: create it with kubectlProviderOptions: { kubectlLayer }'
      : 'was imported without a kubectl provider: pass kubectlProvider to Cluster.fromClusterAttributes');
  }
}

/** IRSA service accounts need the cluster's OpenID Connect provider. */
export function requireOpenIdConnectProvider(construct: string, prop: string, cluster: ICluster, alternative: string): void {
  try {
    void cluster.openIdConnectProvider;
  } catch {
    throw propError(construct, prop, cluster.clusterName,
      `was imported without an OpenID Connect provider, which IRSA needs: pass openIdConnectProvider to Cluster.fromClusterAttributes${alternative}`);
  }
}

/** The cluster's VPC, or an error naming the prop that would give it. */
export function requireClusterVpc(construct: string, prop: string, cluster: ICluster, remedy: string): ec2.IVpc {
  try {
    return cluster.vpc;
  } catch {
    throw propError(construct, prop, cluster.clusterName, `was imported without its VPC: ${remedy}`);
  }
}

/** The cluster security group (the nodes of EKS Auto Mode), or an error naming the prop that would give it. */
export function requireClusterSecurityGroup(construct: string, prop: string, cluster: ICluster, remedy: string): ec2.ISecurityGroup {
  try {
    return cluster.clusterSecurityGroup;
  } catch {
    throw propError(construct, prop, cluster.clusterName, `was imported without its cluster security group: ${remedy}`);
  }
}
