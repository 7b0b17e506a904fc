import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { Catalog } from '../trino/catalog';

/**
 * Admits Trino's nodes to the databases of the catalogs that name one (`connectable`): an ingress rule from the cluster
 * security group, which EKS Auto Mode and the library's NodeClasses give every node and which Trino's pods use (no
 * security groups for pods), on the database's port. Trino's NetworkPolicies restrict ingress only, so the pods'
 * connections out to the database need no rule there.
 */
export function admitToCatalogDatabases(cluster: eks.ICluster, catalogs: Catalog[]): void {
  for (const catalog of catalogs) {
    const access = catalog.databaseAccess;
    if (!access) continue;
    access.connectable.connections.allowFrom(cluster.clusterSecurityGroup, ec2.Port.tcp(access.port), `Trino catalog ${catalog.name}`);
  }
}
