import { CfnOutput, Duration, RemovalPolicy, Size, Stack, StackProps, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import {
  BucketAccess, Catalog, GracefulShutdownBudget, GracefulShutdownWorkers, HiveMetastoreService, IrsaBucketAccess,
  KarpenterController, KarpenterNodePool, ObjectStorage, TrinoChartValues, TrinoConfiguration, TrinoNodePools, TrinoVersion,
  WarehouseLocation,
} from 'cdk-trino-on-eks';
import { Construct } from 'constructs';
import { ExistingClusterSettings } from './existing-cluster-settings';

export interface ExistingClusterStackProps extends StackProps {
  readonly settings: ExistingClusterSettings;
}

const NAMESPACE = 'trino';
const RELEASE = 'trino';
const HTTP_PORT = 8080;
const COORDINATOR_POOL = 'trino-coordinator';
const WORKER_POOL = 'trino-workers';
const SHARED_SECRET = { secretName: 'trino-internal-shared-secret', key: 'shared-secret' };
const SECRET_PROVIDER_CLASS = 'trino-secrets';
const MAX_WORKERS = 4;

/**
 * Trino on a cluster that already exists and runs no EKS Auto Mode: self-managed Karpenter (installed here)
 * launches the coordinator and worker nodes; the Hive Metastore (RDS PostgreSQL) keeps its warehouse in an
 * existing KMS-encrypted lake bucket; Trino also reads an existing landing bucket.
 *
 * TrinoOnEks expects Auto Mode's node classes, so this app composes the library's building blocks itself:
 * KarpenterController + KarpenterNodePool, HiveMetastoreService, TrinoConfiguration + TrinoChartValues,
 * IrsaBucketAccess and GracefulShutdownWorkers.
 */
export class ExistingClusterStack extends Stack {
  constructor(scope: Construct, id: string, props: ExistingClusterStackProps) {
    super(scope, id, props);
    const s = props.settings;

    // The existing cluster, imported with everything the constructs need: its VPC and cluster security group
    // (Karpenter, the metastore's database), the OIDC provider (IRSA) and the kubectl provider (manifests, charts).
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

    // The existing buckets. The lake's KMS key is passed so that grants include kms:Decrypt/GenerateDataKey
    // (only through S3) on that key.
    const lake = s3.Bucket.fromBucketAttributes(this, 'Lake', {
      bucketName: s.lakeBucketName,
      encryptionKey: kms.Key.fromKeyArn(this, 'LakeKey', s.lakeKeyArn),
    });
    const landing = s3.Bucket.fromBucketName(this, 'Landing', s.landingBucketName);

    // Self-managed Karpenter (IRSA, since the cluster's OIDC provider is known) and Trino's two node pools.
    const controller = new KarpenterController(this, 'Karpenter', { cluster, identityType: eks.IdentityType.IRSA });
    const shutdown = GracefulShutdownBudget.compute({ gracePeriod: Duration.seconds(30), longestTask: Duration.minutes(5) });
    const coordinatorPool = new KarpenterNodePool(this, 'CoordinatorPool', TrinoNodePools.coordinator({
      cluster, controller, instanceSize: 'xlarge', name: COORDINATOR_POOL,
    }));
    const workerPool = new KarpenterNodePool(this, 'WorkerPool', TrinoNodePools.workers({
      cluster, controller, instanceSize: '2xlarge', maxWorkers: MAX_WORKERS, name: WORKER_POOL,
      terminationGracePeriod: shutdown.terminationGracePeriod,
    }));

    // The Hive Metastore on RDS PostgreSQL, with its warehouse in the existing lake bucket.
    const metastore = new HiveMetastoreService(this, 'Metastore', {
      cluster,
      vpc,
      warehouse: WarehouseLocation.fromBucket(lake, 'warehouse'),
      clients: [{ namespace: NAMESPACE, podLabels: { 'app.kubernetes.io/name': 'trino' } }],
    });

    // TODO(lead, after the Glue branch merges): add the AWS Glue Data Catalog beside the metastore, e.g.
    //   Catalog.icebergOnGlue({ glueRegion: s.region, storageAccess: [...] }), with its Glue grants.

    // Trino's configuration: Hive and Iceberg on the metastore, the landing bucket read-only, graceful shutdown.
    const warehouse = { bucketName: lake.bucketName, prefixes: ['warehouse'], access: BucketAccess.READ_WRITE };
    const configuration = new TrinoConfiguration({
      version: TrinoVersion.LATEST,
      discoveryUri: `http://${RELEASE}:${HTTP_PORT}`,
      httpPort: HTTP_PORT,
      // The r-family sizes of the two pools (8 GiB per vCPU): the pods are sized to fit them.
      coordinatorNode: { nodeMemory: Size.gibibytes(32), nodeVcpus: 4 },
      workerNode: { nodeMemory: Size.gibibytes(64), nodeVcpus: 8 },
      maxWorkers: MAX_WORKERS,
      objectStorage: ObjectStorage.aws(this.region),
      catalogs: [
        Catalog.hive({ metastoreUri: metastore.thriftUri, storageAccess: [warehouse] }),
        Catalog.iceberg({ metastoreUri: metastore.thriftUri, storageAccess: [warehouse] }),
        Catalog.hive({
          name: 'landing',
          metastoreUri: metastore.thriftUri,
          storageAccess: [{ bucketName: landing.bucketName, prefixes: ['raw'], access: BucketAccess.READ }],
        }),
      ],
      gracefulShutdown: { gracePeriod: shutdown.gracePeriod, longestTask: shutdown.longestTask },
    });

    const namespace = new eks.KubernetesManifest(this, 'Namespace', {
      cluster,
      manifest: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE } }],
    });

    // One service account for coordinator and workers, granted exactly what the catalogs name.
    const buckets = new Map([[lake.bucketName, lake], [landing.bucketName, landing]]);
    const access = new IrsaBucketAccess(this, 'TrinoAccess', {
      cluster,
      namespace: NAMESPACE,
      serviceAccountName: RELEASE,
      grants: configuration.storageAccess.map((a) => ({ bucket: buckets.get(a.bucketName)!, prefixes: a.prefixes, access: a.access })),
    });
    access.node.addDependency(namespace);

    // The internal shared secret: generated in Secrets Manager, synced into a Kubernetes Secret by the Secrets
    // Store CSI driver (installed below) when a Trino pod mounts the SecretProviderClass.
    const secretKey = new kms.Key(this, 'SharedSecretKey', { enableKeyRotation: true, removalPolicy: RemovalPolicy.RETAIN });
    const sharedSecret = new secretsmanager.Secret(this, 'SharedSecret', {
      description: 'Trino internal-communication.shared-secret',
      encryptionKey: secretKey,
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });
    Validations.of(sharedSecret).acknowledge(...['AwsSolutions-SMG4', 'NIST.800.53.R5-SecretsManagerRotationEnabled',
      'HIPAA.Security-SecretsManagerRotationEnabled', 'PCI.DSS.321-SecretsManagerRotationEnabled'].map((ruleId) => ({
      id: ruleId,
      reason: 'Every Trino node must hold the same shared secret, read at startup: rotate it with a rolling redeploy, not automatically.',
    })));
    const secretAccess = new iam.ManagedPolicy(this, 'SharedSecretAccess', {
      roles: [access.serviceAccount.role],
      statements: [
        new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], resources: [sharedSecret.secretArn] }),
        new iam.PolicyStatement({
          actions: ['kms:Decrypt'],
          resources: [secretKey.keyArn],
          conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${this.region}.amazonaws.com` } },
        }),
      ],
    });
    // Remove this add-on if the cluster already runs it; it must then sync secrets and tolerate the worker taint.
    const csiDriver = new eks.Addon(this, 'SecretsStoreCsiDriver', {
      cluster,
      addonName: 'aws-secrets-store-csi-driver-provider',
      configurationValues: {
        'tolerations': [{ operator: 'Exists' }],
        'secrets-store-csi-driver': { syncSecret: { enabled: true }, linux: { tolerations: [{ operator: 'Exists' }] } },
      },
    });
    const secretProviderClass = new eks.KubernetesManifest(this, 'SecretProviderClass', {
      cluster,
      manifest: [{
        apiVersion: 'secrets-store.csi.x-k8s.io/v1',
        kind: 'SecretProviderClass',
        metadata: { name: SECRET_PROVIDER_CLASS, namespace: NAMESPACE },
        spec: {
          provider: 'aws',
          parameters: { region: this.region, objects: JSON.stringify([{ objectName: sharedSecret.secretArn, objectAlias: SHARED_SECRET.key }]) },
          secretObjects: [{ secretName: SHARED_SECRET.secretName, type: 'Opaque', data: [{ objectName: SHARED_SECRET.key, key: SHARED_SECRET.key }] }],
        },
      }],
    });
    secretProviderClass.node.addDependency(namespace, csiDriver);

    // Workers drain before their node goes: PodDisruptionBudget, and a pool that waits as long as the pods.
    const gracefulShutdown = new GracefulShutdownWorkers(this, 'GracefulShutdown', {
      cluster,
      namespace: NAMESPACE,
      releaseName: RELEASE,
      gracePeriod: shutdown.gracePeriod,
      longestTask: shutdown.longestTask,
      workerNodePool: workerPool,
    });
    gracefulShutdown.node.addDependency(namespace);

    // The official chart, with values rendered from the configuration.
    const values = new TrinoChartValues(configuration, {
      name: RELEASE,
      namespace: NAMESPACE,
      serviceAccountName: RELEASE,
      sharedSecret: SHARED_SECRET,
      secretProviderClassName: SECRET_PROVIDER_CLASS,
      coordinatorScheduling: { nodeSelector: { 'karpenter.sh/nodepool': COORDINATOR_POOL } },
      workerScheduling: {
        nodeSelector: { 'karpenter.sh/nodepool': WORKER_POOL },
        tolerations: [{ key: TrinoNodePools.WORKER_TAINT.key, value: TrinoNodePools.WORKER_TAINT.value, effect: TrinoNodePools.WORKER_TAINT.effect }],
      },
    });
    const chart = new eks.HelmChart(this, 'Trino', {
      cluster,
      namespace: NAMESPACE,
      release: RELEASE,
      repository: TrinoChartValues.CHART.repository,
      chart: TrinoChartValues.CHART.name,
      version: TrinoChartValues.CHART.version,
      values: values.values,
      createNamespace: false,
    });
    chart.node.addDependency(namespace, access, secretAccess, secretProviderClass, sharedSecret, coordinatorPool, workerPool, metastore);

    new CfnOutput(this, 'CoordinatorService', { value: `http://${RELEASE}.${NAMESPACE}.svc.cluster.local:${HTTP_PORT}` });
    new CfnOutput(this, 'TrinoRoleArn', { value: access.serviceAccount.role.roleArn });
  }
}
