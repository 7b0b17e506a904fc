import { CfnOutput, Duration, Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { BucketAccess, Catalog, KarpenterController, TrinoCluster, TrinoMetastore, TrinoOnEks, WarehouseLocation } from 'cdk-trino-on-eks';
import { Construct } from 'constructs';
import { ExistingClusterSettings } from './existing-cluster-settings';

export interface ExistingClusterStackProps extends StackProps {
  readonly settings: ExistingClusterSettings;
}

/** The key prefixes Trino uses in the existing buckets. */
const WAREHOUSE_PREFIX = 'warehouse';
const GLUE_PREFIX = 'glue';
const LANDING_PREFIX = 'raw';

/**
 * Trino on a cluster that already exists and runs no EKS Auto Mode: self-managed Karpenter (installed here)
 * launches Trino's nodes; a Hive Metastore (RDS PostgreSQL) keeps its warehouse in an existing KMS-encrypted
 * lake bucket; an Iceberg catalog on the AWS Glue Data Catalog sits beside it; an existing landing bucket is
 * read-only. Workers scale to zero when no query runs.
 */
export class ExistingClusterStack extends Stack {
  public readonly trino: TrinoOnEks;

  constructor(scope: Construct, id: string, props: ExistingClusterStackProps) {
    super(scope, id, props);
    const s = props.settings;

    // The existing cluster, imported with what the constructs need: its VPC and cluster security group
    // (Karpenter's nodes, the metastore's database), the OIDC provider (IRSA) and the kubectl provider.
    const vpc = ec2.Vpc.fromVpcAttributes(this, 'Vpc', {
      vpcId: s.vpcId,
      availabilityZones: s.availabilityZones,
      privateSubnetIds: s.privateSubnetIds,
    });
    const cluster = eks.Cluster.fromClusterAttributes(this, 'Cluster', {
      clusterName: s.clusterName,
      vpc,
      clusterSecurityGroupId: s.clusterSecurityGroupId,
      openIdConnectProvider: iam.OpenIdConnectProvider.fromOpenIdConnectProviderArn(this, 'Oidc', s.oidcProviderArn),
      kubectlProvider: eks.KubectlProvider.fromKubectlProviderAttributes(this, 'KubectlProvider', {
        serviceToken: s.kubectlServiceToken,
        role: iam.Role.fromRoleArn(this, 'KubectlRole', s.kubectlRoleArn),
      }),
    });

    // The existing buckets. With the lake's KMS key, the grants include kms:Decrypt/GenerateDataKey through S3 only.
    const lake = s3.Bucket.fromBucketAttributes(this, 'Lake', {
      bucketName: s.lakeBucketName,
      encryptionKey: kms.Key.fromKeyArn(this, 'LakeKey', s.lakeKeyArn),
    });
    const landing = s3.Bucket.fromBucketName(this, 'Landing', s.landingBucketName);

    // Self-managed Karpenter (IRSA, since the cluster's OIDC provider is known); Trino's node pools use it.
    const karpenter = new KarpenterController(this, 'Karpenter', { cluster, identityType: eks.IdentityType.IRSA });

    const metastoreUri = TrinoOnEks.CREATED_METASTORE_URI;
    const warehouse = { bucketName: lake.bucketName, prefixes: [WAREHOUSE_PREFIX], access: BucketAccess.READ_WRITE };
    this.trino = new TrinoOnEks(this, 'Trino', {
      cluster: TrinoCluster.existing(cluster, { karpenter }),
      // Creates the Hive Metastore (RDS PostgreSQL, private, encrypted, rotated credentials) for this warehouse.
      metastore: TrinoMetastore.create({ warehouse: WarehouseLocation.fromBucket(lake, WAREHOUSE_PREFIX) }),
      catalogs: [
        Catalog.hive({ metastoreUri, storageAccess: [warehouse] }),
        Catalog.iceberg({ metastoreUri, storageAccess: [warehouse] }),
        // Iceberg tables registered in the AWS Glue Data Catalog of this account and region (Athena and EMR see them too).
        Catalog.icebergOnGlue({
          name: 'glue',
          glueRegion: this.region,
          storageAccess: [{ bucketName: lake.bucketName, prefixes: [GLUE_PREFIX], access: BucketAccess.READ_WRITE }],
        }),
        // Read-only: Trino may neither write the landing data nor change its tables.
        Catalog.hive({
          name: 'landing',
          metastoreUri,
          storageAccess: [{ bucketName: landing.bucketName, prefixes: [LANDING_PREFIX], access: BucketAccess.READ }],
        }),
      ],
      buckets: [lake, landing],
      coordinator: { instanceSize: 'xlarge' },
      workers: {
        instanceSize: '2xlarge',
        maxCount: 4,
        // KEDA runs 0 to 4 workers on the queued and running queries; a query waits up to 5 minutes for the first one.
        autoscaling: {},
        // Workers finish their tasks before their node goes: 2 x 30 s grace + 5 min longest task + 30 s margin.
        gracefulShutdown: { gracePeriod: Duration.seconds(30), longestTask: Duration.minutes(5) },
      },
      // The cluster may already run the Secrets Store CSI driver add-on: then set installSecretsStoreDriver: false.
    });

    new CfnOutput(this, 'ClusterName', { description: 'The EKS cluster Trino runs in', value: cluster.clusterName });
  }
}
