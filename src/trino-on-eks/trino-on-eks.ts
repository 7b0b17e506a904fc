import { CfnOutput, Fn, RemovalPolicy, Size, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { IBucket } from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { TrinoChartValues } from './chart-values';
import { mergeHelmValues } from './helm-values-guard';
import { storageGrants } from './storage-grants';
import { TRINO_CHART } from './trino-chart';
import { createTrinoCluster } from './trino-cluster';
import { TrinoOnEksProps } from './trino-on-eks-props';
import { SECRETS_STORE_ADDON, secretsStoreAddonConfiguration, sharedSecretProviderClass } from './trino-secrets';
import { GracefulShutdownWorkers } from '../graceful-shutdown/graceful-shutdown-workers';
import { workerChartValues } from '../graceful-shutdown/worker-shutdown-manifests';
import { BucketAccess } from '../irsa-bucket-access/bucket-grant';
import { IrsaBucketAccess } from '../irsa-bucket-access/irsa-bucket-access';
import { deepMerge } from '../karpenter/deep-merge';
import { KarpenterNodePool } from '../karpenter/karpenter-node-pool';
import { TrinoNodePools } from '../karpenter/trino-node-pools';
import { HiveMetastoreService } from '../metastore/hive-metastore-service';
import { METASTORE_THRIFT_PORT } from '../metastore/metastore-site';
import { validateRfc1123Label } from '../private/kubernetes-names';
import { acknowledgeRules } from '../private/nag-acknowledgements';
import { propError } from '../private/validation';
import { Catalog } from '../trino/catalog';
import { TrinoMemory, TrinoMemoryOptions } from '../trino/memory-sizing';
import { ObjectStorage } from '../trino/object-storage';
import { TrinoConfiguration } from '../trino/trino-configuration';
import { TrinoVersion } from '../trino/trino-version';

const CONSTRUCT = 'TrinoOnEks';
/** The chart release, `fullnameOverride` and service account name. */
const RELEASE = 'trino';
const HTTP_PORT = 8080;
const SHARED_SECRET_KEY = 'shared-secret';
const SHARED_SECRET_NAME = 'trino-internal-shared-secret';
const SECRET_PROVIDER_CLASS = 'trino-secrets';
/**
 * vCPUs of the memory-optimized sizes the Trino node pools use (8 GiB of memory per vCPU), the same table as
 * TrinoNodePools': the pods are sized for the node the pool will launch.
 */
const VCPUS: Record<string, number> = {
  'large': 2, 'xlarge': 4, '2xlarge': 8, '4xlarge': 16, '8xlarge': 32, '12xlarge': 48, '16xlarge': 64, '24xlarge': 96,
};
const GIBIBYTES_PER_VCPU = 8;

/**
 * Production Trino on Amazon EKS in one construct: (optionally) a VPC and an EKS Auto Mode cluster, Karpenter
 * node pools for the coordinator (on-demand) and the workers (spot first), an optional Hive Metastore, one
 * service account granted exactly the S3 locations of the catalogs, the internal shared secret generated in
 * Secrets Manager and delivered by the Secrets Store CSI driver, the official Trino Helm chart (pinned) with
 * values rendered from a validated TrinoConfiguration, and the workers' graceful shutdown contract.
 *
 * @example
 * declare const lake: s3.Bucket;
 * declare const kubectlLayer: lambda.ILayerVersion;
 * new TrinoOnEks(this, 'Trino', {
 *   clusterOptions: { kubectlLayer },
 *   warehouse: WarehouseLocation.fromBucket(lake, 'warehouse'),
 *   maxWorkers: 4,
 * });
 */
export class TrinoOnEks extends Construct {
  /** The Thrift URI of the metastore TrinoOnEks creates for `warehouse` (for catalogs passed in `catalogs`). */
  public static readonly CREATED_METASTORE_URI = `thrift://hive-metastore.hive-metastore.svc.cluster.local:${METASTORE_THRIFT_PORT}`;

  /** The cluster Trino runs in. */
  public readonly cluster: eks.ICluster;
  /** The VPC created for the cluster, when one was. */
  public readonly vpc?: ec2.IVpc;
  /** The KMS key encrypting the created cluster's Kubernetes Secrets. */
  public readonly clusterSecretsKey?: kms.IKey;
  /** Trino's namespace. */
  public readonly namespace: string;
  /** The namespace manifest. */
  public readonly namespaceManifest: eks.KubernetesManifest;
  /** The Hive Metastore, when one was created or passed in. */
  public readonly metastore?: HiveMetastoreService;
  /** The coordinator's NodePool (on-demand, no consolidation while pods run). */
  public readonly coordinatorNodePool: KarpenterNodePool;
  /** The workers' NodePool (spot first, tainted, terminationGracePeriod = the shutdown budget). */
  public readonly workerNodePool: KarpenterNodePool;
  /** The workers' shutdown contract and PodDisruptionBudget. */
  public readonly gracefulShutdown: GracefulShutdownWorkers;
  /** The rendered Trino configuration. */
  public readonly configuration: TrinoConfiguration;
  /** The generated `internal-communication.shared-secret`, in Secrets Manager. */
  public readonly sharedSecret: secretsmanager.Secret;
  /** The KMS key encrypting the shared secret. */
  public readonly sharedSecretKey: kms.Key;
  /** The Secrets Store CSI driver and AWS provider add-on, when installed here. */
  public readonly secretsStoreAddon?: eks.Addon;
  /** The SecretProviderClass that syncs the shared secret into the Secret the pods read. */
  public readonly secretProviderClass: eks.KubernetesManifest;
  /** The service account coordinator and workers run as. */
  public readonly serviceAccount: eks.ServiceAccount;
  /** The service account's S3 access, when a catalog needs storage. */
  public readonly bucketAccess?: IrsaBucketAccess;
  /** The IAM role of the service account. */
  public readonly role: iam.IRole;
  /** The buckets the role is granted access to. */
  public readonly grantedBuckets: IBucket[];
  /** The Helm values the chart is installed with (the generated ones, then helmValues). */
  public readonly helmValues: Record<string, any>;
  /** The Trino Helm chart release. */
  public readonly chart: eks.HelmChart;
  /** The coordinator's address inside the cluster, e.g. `http://trino.trino.svc.cluster.local:8080`. */
  public readonly coordinatorUri: string;

  constructor(scope: Construct, id: string, props: TrinoOnEksProps) {
    // Everything that needs no construct is validated before this construct joins the tree.
    const namespace = props.namespace ?? 'trino';
    validateRfc1123Label(CONSTRUCT, 'namespace', namespace);
    if (props.cluster && props.clusterOptions) {
      throw propError(CONSTRUCT, 'clusterOptions', 'set', 'applies only when TrinoOnEks creates the cluster; remove it or remove cluster');
    }
    if (!props.cluster && !props.clusterOptions) {
      throw propError(CONSTRUCT, 'clusterOptions', undefined,
        'is required when no cluster is given: pass { kubectlLayer: new KubectlV35Layer(this, \'Kubectl\') } (from @aws-cdk/lambda-layer-kubectl-v35), or pass cluster');
    }
    if (props.metastore && props.warehouse) {
      throw propError(CONSTRUCT, 'warehouse', 'set', 'creates a metastore, but metastore is given too; pass one of them');
    }
    const maxWorkers = props.maxWorkers ?? 3;
    if (!Number.isInteger(maxWorkers) || maxWorkers < 1) {
      throw propError(CONSTRUCT, 'maxWorkers', maxWorkers, 'must be a whole number of at least 1');
    }
    const minWorkers = props.minWorkers ?? maxWorkers;
    if (!Number.isInteger(minWorkers) || minWorkers < 0) {
      throw propError(CONSTRUCT, 'minWorkers', minWorkers, 'must be a whole number of at least 0');
    }
    if (minWorkers > maxWorkers) {
      throw propError(CONSTRUCT, 'minWorkers', minWorkers, `must not exceed maxWorkers (${maxWorkers})`);
    }
    if (minWorkers !== maxWorkers) {
      throw propError(CONSTRUCT, 'minWorkers', minWorkers,
        `must equal maxWorkers (${maxWorkers}): without autoscaling the cluster runs a fixed number of workers; leave minWorkers unset`);
    }
    const workerSize = props.workerInstanceSize ?? '4xlarge';
    const coordinatorSize = props.coordinatorInstanceSize ?? '2xlarge';
    const workerNode = nodeOf('workerInstanceSize', workerSize);
    const coordinatorNode = nodeOf('coordinatorInstanceSize', coordinatorSize);
    if (props.workerHeap !== undefined) {
      checkHeap(props.workerHeap, workerSize, workerNode);
    }
    const version = props.version ?? TrinoVersion.LATEST;
    if (!TrinoVersion.SUPPORTED.includes(version)) {
      throw propError(CONSTRUCT, 'version', String(version),
        `must be a supported Trino release: ${TrinoVersion.SUPPORTED.map((v) => v.version).join(', ')}`);
    }
    super(scope, id);
    this.namespace = namespace;
    const region = Stack.of(this).region;

    // The warehouse bucket (an import when the warehouse is a URI) and the catalogs, before any resource.
    const warehouseBucket = props.warehouse?.bucket(this);
    const metastoreUri = props.metastore?.thriftUri ?? (props.warehouse ? TrinoOnEks.CREATED_METASTORE_URI : undefined);
    const catalogs = props.catalogs ?? defaultCatalogs(metastoreUri, warehouseLocation(props, warehouseBucket));
    const glue = catalogs.filter((catalog) => catalog.glueRegion !== undefined);
    if (glue.length > 0) {
      throw propError(CONSTRUCT, 'catalogs', glue.map((c) => c.name),
        'use the AWS Glue Data Catalog, which TrinoOnEks does not grant yet; use a Hive Metastore (warehouse or metastore) for now');
    }
    const shutdownOptions = props.gracefulShutdown ?? {};
    this.configuration = new TrinoConfiguration({
      version,
      discoveryUri: `http://${RELEASE}:${HTTP_PORT}`,
      httpPort: HTTP_PORT,
      coordinatorNode,
      workerNode: { ...workerNode, heap: props.workerHeap },
      maxWorkers,
      catalogs,
      objectStorage: ObjectStorage.aws(region),
      gracefulShutdown: {
        gracePeriod: shutdownOptions.gracePeriod,
        longestTask: shutdownOptions.longestTask,
        margin: shutdownOptions.margin,
        terminationGracePeriod: shutdownOptions.terminationGracePeriod,
      },
    });
    const budget = this.configuration.gracefulShutdown!;
    const offered = [...(props.buckets ?? []), ...(warehouseBucket ? [warehouseBucket] : [])];
    const grants = storageGrants(CONSTRUCT, this.configuration.storageAccess, offered);
    this.grantedBuckets = unique(grants.map((grant) => grant.bucket));

    const coordinatorPoolName = 'trino-coordinator';
    const workerPoolName = 'trino-workers';
    const chartValues = new TrinoChartValues(this.configuration, {
      name: RELEASE,
      namespace,
      serviceAccountName: RELEASE,
      sharedSecret: { secretName: SHARED_SECRET_NAME, key: SHARED_SECRET_KEY },
      secretProviderClassName: SECRET_PROVIDER_CLASS,
      coordinatorScheduling: { nodeSelector: { 'karpenter.sh/nodepool': coordinatorPoolName } },
      workerScheduling: {
        nodeSelector: { 'karpenter.sh/nodepool': workerPoolName },
        tolerations: [{ key: TrinoNodePools.WORKER_TAINT.key, value: TrinoNodePools.WORKER_TAINT.value, effect: TrinoNodePools.WORKER_TAINT.effect }],
      },
    });
    const generated = deepMerge(chartValues.values, workerChartValues(budget));
    this.helmValues = mergeHelmValues(CONSTRUCT, generated, props.helmValues);
    this.coordinatorUri = `http://${chartValues.names.service}.${namespace}.svc.cluster.local:${HTTP_PORT}`;

    // The cluster.
    if (props.cluster) {
      this.cluster = props.cluster;
    } else {
      const created = createTrinoCluster(this, props.clusterOptions!);
      this.cluster = created.cluster;
      this.vpc = created.vpc;
      this.clusterSecretsKey = created.secretsKey;
    }
    const cluster = this.cluster;

    this.namespaceManifest = new eks.KubernetesManifest(this, 'Namespace', {
      cluster,
      manifest: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace, labels: { 'app.kubernetes.io/part-of': 'trino' } } }],
    });

    if (props.metastore) {
      this.metastore = props.metastore;
    } else if (props.warehouse) {
      this.metastore = new HiveMetastoreService(this, 'Metastore', {
        cluster,
        warehouse: props.warehouse,
        clients: [{ namespace, podLabels: { 'app.kubernetes.io/name': 'trino' } }],
      });
    }

    // Node pools: the worker pool may not force-drain a node before a worker's shutdown budget is over.
    this.coordinatorNodePool = new KarpenterNodePool(this, 'CoordinatorNodePool', TrinoNodePools.coordinator({
      cluster, instanceSize: coordinatorSize, name: coordinatorPoolName,
    }));
    this.workerNodePool = new KarpenterNodePool(this, 'WorkerNodePool', TrinoNodePools.workers({
      cluster,
      instanceSize: workerSize,
      maxWorkers,
      name: workerPoolName,
      spot: props.spotWorkers ?? true,
      terminationGracePeriod: budget.terminationGracePeriod,
    }));
    this.gracefulShutdown = new GracefulShutdownWorkers(this, 'GracefulShutdown', {
      ...shutdownOptions,
      cluster,
      namespace,
      releaseName: RELEASE,
      workerNodePool: this.workerNodePool,
    });
    this.gracefulShutdown.node.addDependency(this.namespaceManifest);

    // The internal shared secret: generated by Secrets Manager, never in the template.
    this.sharedSecretKey = new kms.Key(this, 'SharedSecretKey', {
      description: `Trino ${namespace}: internal-communication.shared-secret`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.sharedSecret = new secretsmanager.Secret(this, 'SharedSecret', {
      description: `Trino ${namespace}: internal-communication.shared-secret (coordinator and workers authenticate each other with it)`,
      encryptionKey: this.sharedSecretKey,
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });
    acknowledgeRules(this.sharedSecret, [
      'AwsSolutions-SMG4', 'NIST.800.53.R5-SecretsManagerRotationEnabled', 'HIPAA.Security-SecretsManagerRotationEnabled',
      'PCI.DSS.321-SecretsManagerRotationEnabled',
    ], 'Trino reads internal-communication.shared-secret once at startup and every node must hold the same value: ' +
      'an automatic rotation would split the cluster until all pods restart. It never leaves the cluster (node-to-node ' +
      'authentication only), is encrypted with a customer-managed key, and is rotated by a rolling redeploy.');

    // The service account, its S3 access, and read access to the shared secret (the CSI driver uses the pod's role).
    if (grants.length > 0) {
      this.bucketAccess = new IrsaBucketAccess(this, 'ServiceAccount', { cluster, namespace, serviceAccountName: RELEASE, grants });
      this.bucketAccess.node.addDependency(this.namespaceManifest);
      this.serviceAccount = this.bucketAccess.serviceAccount;
    } else {
      this.serviceAccount = new eks.ServiceAccount(this, 'ServiceAccount', { cluster, namespace, name: RELEASE });
      this.serviceAccount.node.addDependency(this.namespaceManifest);
    }
    this.role = this.serviceAccount.role;
    const secretAccess = new iam.ManagedPolicy(this, 'SharedSecretAccess', {
      description: `Trino ${namespace}: read the internal shared secret (through the Secrets Store CSI driver)`,
      roles: [this.role],
      statements: [
        new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], resources: [this.sharedSecret.secretArn] }),
        new iam.PolicyStatement({
          actions: ['kms:Decrypt'],
          resources: [this.sharedSecretKey.keyArn],
          conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${region}.amazonaws.com` } },
        }),
      ],
    });

    if (props.installSecretsStoreDriver ?? true) {
      this.secretsStoreAddon = new eks.Addon(this, 'SecretsStoreCsiDriver', {
        cluster,
        addonName: SECRETS_STORE_ADDON,
        configurationValues: secretsStoreAddonConfiguration(),
      });
    }
    this.secretProviderClass = new eks.KubernetesManifest(this, 'SecretProviderClass', {
      cluster,
      manifest: [sharedSecretProviderClass({
        namespace,
        secretProviderClassName: SECRET_PROVIDER_CLASS,
        kubernetesSecretName: SHARED_SECRET_NAME,
        key: SHARED_SECRET_KEY,
        secretArn: this.sharedSecret.secretArn,
        region,
        usePodIdentity: this.bucketAccess?.identityType === eks.IdentityType.POD_IDENTITY,
      })],
    });
    this.secretProviderClass.node.addDependency(this.namespaceManifest);
    if (this.secretsStoreAddon) this.secretProviderClass.node.addDependency(this.secretsStoreAddon);

    // The chart, after everything its pods need.
    this.chart = new eks.HelmChart(this, 'Chart', {
      cluster,
      namespace,
      release: RELEASE,
      ...(props.chartAsset
        ? { chartAsset: props.chartAsset }
        : { repository: TRINO_CHART.repository, chart: TRINO_CHART.name }),
      version: props.chartVersion ?? TRINO_CHART.version,
      values: this.helmValues,
      createNamespace: false,
    });
    this.chart.node.addDependency(this.namespaceManifest, this.bucketAccess ?? this.serviceAccount, secretAccess,
      this.secretProviderClass, this.sharedSecret, this.coordinatorNodePool, this.workerNodePool);
    if (this.metastore && this.metastore.node.scope === this) this.chart.node.addDependency(this.metastore);

    new CfnOutput(this, 'CoordinatorService', { description: 'Trino coordinator inside the cluster (kubectl port-forward svc/trino 8080)', value: this.coordinatorUri });
    new CfnOutput(this, 'RoleArn', { description: 'IAM role of Trino\'s service account', value: this.role.roleArn });
    if (this.grantedBuckets.length > 0) {
      new CfnOutput(this, 'Buckets', { description: 'Buckets Trino is granted access to', value: Fn.join(',', this.grantedBuckets.map((b) => b.bucketName)) });
    }
  }
}

function nodeOf(prop: string, size: string): TrinoMemoryOptions {
  const vcpus = VCPUS[size];
  if (vcpus === undefined) {
    throw propError(CONSTRUCT, prop, size, `must be one of ${Object.keys(VCPUS).join(', ')} (memory-optimized sizes; pods are sized for the node)`);
  }
  return { nodeMemory: Size.gibibytes(vcpus * GIBIBYTES_PER_VCPU), nodeVcpus: vcpus };
}

/** The heap must fit the worker node by TrinoMemory's rule; the error says so in this construct's words. */
function checkHeap(heap: Size, size: string, node: TrinoMemoryOptions): void {
  try {
    TrinoMemory.forNode({ ...node, heap });
  } catch (error) {
    const reason = String((error as Error).message).replace(/^TrinoMemory: heap \([^)]*\) /, '');
    throw propError(CONSTRUCT, 'workerHeap', `${heap.toMebibytes()} MiB`, `must fit a ${size} worker node: it ${reason}`);
  }
}

function warehouseLocation(props: TrinoOnEksProps, warehouseBucket: IBucket | undefined): { bucketName: string; prefix: string } | undefined {
  if (props.warehouse && warehouseBucket) return { bucketName: warehouseBucket.bucketName, prefix: props.warehouse.prefix };
  if (props.metastore) {
    const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(props.metastore.warehouseUri);
    if (match) return { bucketName: match[1], prefix: match[2] };
  }
  return undefined;
}

function defaultCatalogs(metastoreUri: string | undefined, warehouse: { bucketName: string; prefix: string } | undefined): Catalog[] {
  if (metastoreUri === undefined || warehouse === undefined) return [];
  return [Catalog.iceberg({
    metastoreUri,
    storageAccess: [{ bucketName: warehouse.bucketName, prefixes: [warehouse.prefix], access: BucketAccess.READ_WRITE }],
  })];
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}
