import { Annotations, CfnOutput, Duration, Fn, RemovalPolicy, Size, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { IBucket } from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct, IConstruct } from 'constructs';
import { TrinoChartValues } from './chart-values';
import { coordinatorPodDisruptionBudget, coordinatorProtectionValues } from './coordinator-protection';
import { grantGlueCatalogs } from './glue-access';
import { mergeHelmValues } from './helm-values-guard';
import { resolveNetworkPolicies, TrinoNetworkPolicyPlan } from './network-policies';
import { PasswordUsers } from './password-users';
import { storageGrants } from './storage-grants';
import { JMX_EXPORTER_PORT, TRINO_CHART } from './trino-chart';
import { createTrinoCluster } from './trino-cluster';
import { loadBalancerObjects, resolveLoadBalancer } from './trino-endpoint';
import { TrinoOnEksProps } from './trino-on-eks-props';
import { SECRETS_STORE_ADDON, SyncedSecret, secretProviderClass, secretsStoreAddonConfiguration } from './trino-secrets';
import {
  KEDA_CHART, ResolvedWorkerAutoscaling, metricsAuthenticationObjects, queryAwareAutoscaling, refuseUnmanagedAutoscaling,
  resolveWorkerAutoscaling,
} from './worker-autoscaling';
import { GracefulShutdownWorkers } from '../graceful-shutdown/graceful-shutdown-workers';
import { BucketAccess } from '../irsa-bucket-access/bucket-grant';
import { IrsaBucketAccess } from '../irsa-bucket-access/irsa-bucket-access';
import { KarpenterController } from '../karpenter/karpenter-controller';
import { KarpenterNodePool } from '../karpenter/karpenter-node-pool';
import { MEMORY_OPTIMIZED_SIZES, instanceStoreSize, memoryOptimizedNode } from '../karpenter/memory-optimized-sizes';
import { InstanceStorePolicy, NodeClass } from '../karpenter/node-class';
import { TrinoNodePools } from '../karpenter/trino-node-pools';
import { HiveMetastoreService } from '../metastore/hive-metastore-service';
import { METASTORE_THRIFT_PORT } from '../metastore/metastore-site';
import { deepMerge } from '../private/deep-merge';
import { validateRfc1123Label } from '../private/kubernetes-names';
import { acknowledgeRules } from '../private/nag-acknowledgements';
import { statefulRemovalPolicy } from '../private/removal-policy';
import { secretReadStatements } from '../private/secret-read';
import { propError, validateWholeNumber } from '../private/validation';
import { AuthenticationType, oauth2Properties, validatePasswordUsers } from '../trino/authentication';
import { Catalog } from '../trino/catalog';
import { TrinoMemory, TrinoMemoryOptions } from '../trino/memory-sizing';
import { ObjectStorage } from '../trino/object-storage';
import { RetryPolicy } from '../trino/server-config';
import { TrinoConfiguration, TrinoConfigurationOptions } from '../trino/trino-configuration';
import { TrinoVersion } from '../trino/trino-version';

const CONSTRUCT = 'TrinoOnEks';
/** The chart release, `fullnameOverride` and service account name. */
const RELEASE = 'trino';
const HTTP_PORT = 8080;
const SHARED_SECRET_KEY = 'shared-secret';
const SHARED_SECRET_NAME = 'trino-internal-shared-secret';
const SECRET_PROVIDER_CLASS = 'trino-secrets';
const COORDINATOR_SECRET_PROVIDER_CLASS = 'trino-coordinator-secrets';
const OAUTH2_CLIENT_SECRET_NAME = 'trino-oauth2-client-secret';
const OAUTH2_CLIENT_SECRET_KEY = 'client-secret';
/** The Kubernetes Secret with Trino's password file (key `password.db`, the chart's `auth.passwordAuthSecret`). */
const PASSWORD_FILE_SECRET_NAME = 'trino-password-file';
const PASSWORD_FILE_KEY = 'password.db';
const COORDINATOR_POOL = 'trino-coordinator';
const WORKER_POOL = 'trino-workers';
/** The ConfigMap and TriggerAuthentication KEDA reads the coordinator's metrics with. */
const KEDA_AUTHENTICATION = 'trino-keda-metrics';
/** The chart's selector labels of the release (templates/_helpers.tpl `trino.selectorLabels`; no nameOverride). */
const CHART_SELECTOR_LABELS = { 'app.kubernetes.io/name': 'trino', 'app.kubernetes.io/instance': RELEASE };

/**
 * Production Trino on Amazon EKS in one construct: (optionally) a VPC and an EKS cluster (Auto Mode, or
 * self-managed Karpenter with `clusterOptions.compute`), Karpenter
 * node pools for the coordinator (on-demand) and the workers (spot first), an optional Hive Metastore, one
 * service account granted exactly the S3 locations of the catalogs, the internal shared secret generated in
 * Secrets Manager and delivered by the Secrets Store CSI driver, the official Trino Helm chart (pinned) with
 * values rendered from a validated TrinoConfiguration, and the workers' graceful shutdown contract. Optionally
 * password authentication (users' passwords generated in Secrets Manager, the coordinator's password file of
 * PBKDF2 hashes written by a small Lambda function) or OAuth 2.0 sign-in at an OpenID Connect provider, an
 * HTTPS endpoint (an Application Load Balancer created by EKS Auto Mode) and file access control with typed rules.
 *
 * One service account for coordinator and workers: chart 1.42.2 has a single `serviceAccount` value, which both
 * Deployments use (`trino.serviceAccountName` in templates/deployment-coordinator.yaml and deployment-worker.yaml),
 * so the two roles cannot hold different IAM roles. The shared role is still least privilege, because both roles
 * need the same grants: the coordinator lists and reads the catalogs' files to plan splits and reads and writes
 * table metadata (Iceberg commits, Hive partitions), the workers read and write the data files; and both read
 * the shared secret.
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
  /** What makes the created cluster enforce NetworkPolicies: Auto Mode's `amazon-vpc-cni` ConfigMap, or the VPC CNI add-on. */
  public readonly networkPolicyEnforcement?: IConstruct;
  /** Trino's namespace. */
  public readonly namespace: string;
  /** The namespace manifest. */
  public readonly namespaceManifest: eks.KubernetesManifest;
  /** The Hive Metastore, when one was created or passed in. */
  public readonly metastore?: HiveMetastoreService;
  /** The self-managed Karpenter controller serving the Trino pools, when the cluster runs without Auto Mode. */
  public readonly karpenter?: KarpenterController;
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
  /** The exchange bucket of fault-tolerant execution, when it is on. */
  public readonly exchangeBucket?: s3.Bucket;
  /** The KMS key encrypting the shared secret. */
  public readonly sharedSecretKey: kms.Key;
  /** The Secrets Store CSI driver and AWS provider add-on, when installed here. */
  public readonly secretsStoreAddon?: eks.Addon;
  /** The SecretProviderClass every Trino pod mounts: it syncs the shared secret into the Secret the pods read. */
  public readonly secretProviderClass: eks.KubernetesManifest;
  /** With password authentication: the SecretProviderClass only the coordinator mounts, which syncs the password file. */
  public readonly coordinatorSecretProviderClass?: eks.KubernetesManifest;
  /** The service account coordinator and workers run as (the chart has one for both roles). */
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
  /** KEDA, when autoscaling is on and KEDA is installed here. */
  public readonly kedaChart?: eks.HelmChart;
  /** The ConfigMap and TriggerAuthentication the worker ScaledObject reads the coordinator's metrics with, when autoscaling is on. */
  public readonly autoscalingAuthentication?: eks.KubernetesManifest;
  /** The Glue Data Catalog permissions of the role, when a catalog uses Glue. */
  public readonly glueAccess?: iam.ManagedPolicy;
  /** The coordinator's PodDisruptionBudget, when `protectCoordinator` is on. */
  public readonly coordinatorDisruptionBudget?: eks.KubernetesManifest;
  /** The role-specific NetworkPolicies (coordinator clients, KEDA, metrics scrapers), when any peer needs one. */
  public readonly networkPolicies?: eks.KubernetesManifest;
  /**
   * With password authentication: each user's secret in Secrets Manager (JSON `username`, `password`), in the
   * order of `authentication`'s users. Grant a person `secretsmanager:GetSecretValue` on theirs (and `kms:Decrypt`
   * on `passwordKey`) to let them read their password; put a new value to change it.
   */
  public readonly userSecrets: secretsmanager.ISecret[];
  /** With password authentication: the key encrypting the users' secrets and the password file. */
  public readonly passwordKey?: kms.IKey;
  /** With password authentication: the password file (PBKDF2 hashes only) the coordinator reads. */
  public readonly passwordFileSecret?: secretsmanager.ISecret;
  /** With password authentication: the function that writes the password file from the users' secrets. */
  public readonly passwordFileWriter?: lambda.IFunction;
  /** The Ingress (with its IngressClass and IngressClassParams) of the load balancer endpoint, when there is one. */
  public readonly endpointManifest?: eks.KubernetesManifest;
  /** The HTTPS address clients connect to (`https://<load balancer DNS name>`), when there is a load balancer endpoint. */
  public readonly endpointUrl?: string;

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
    if (props.karpenter && !props.cluster) {
      throw propError(CONSTRUCT, 'karpenter', props.karpenter.node.path,
        'applies only to an imported cluster; for a created one use clusterOptions.compute: TrinoClusterCompute.selfManagedKarpenter()');
    }
    if (props.karpenter && props.cluster && !Token.isUnresolved(props.cluster.clusterName)
      && !Token.isUnresolved(props.karpenter.clusterName) && props.karpenter.clusterName !== props.cluster.clusterName) {
      throw propError(CONSTRUCT, 'karpenter', props.karpenter.clusterName, `must serve the cluster Trino runs in (${props.cluster.clusterName})`);
    }
    if (props.metastore && props.warehouse) {
      throw propError(CONSTRUCT, 'warehouse', 'set', 'creates a metastore, but metastore is given too; pass one of them');
    }
    const maxWorkers = props.maxWorkers ?? 3;
    validateWholeNumber(CONSTRUCT, 'maxWorkers', maxWorkers, 1);
    const minWorkers = props.minWorkers ?? (props.autoscaling ? 0 : maxWorkers);
    validateWholeNumber(CONSTRUCT, 'minWorkers', minWorkers, 0);
    if (minWorkers > maxWorkers) {
      throw propError(CONSTRUCT, 'minWorkers', minWorkers, `must not exceed maxWorkers (${maxWorkers})`);
    }
    if (minWorkers !== maxWorkers && !props.autoscaling) {
      throw propError(CONSTRUCT, 'minWorkers', minWorkers,
        `must equal maxWorkers (${maxWorkers}): without autoscaling the cluster runs a fixed number of workers; leave minWorkers unset or turn on autoscaling`);
    }
    const autoscaling = props.autoscaling ? resolveWorkerAutoscaling(CONSTRUCT, props.autoscaling, minWorkers, maxWorkers) : undefined;
    const workerSize = props.workerInstanceSize ?? '4xlarge';
    const coordinatorSize = props.coordinatorInstanceSize ?? '2xlarge';
    const workerNode = nodeOf('workerInstanceSize', workerSize);
    const coordinatorNode = nodeOf('coordinatorInstanceSize', coordinatorSize);
    if (props.workerHeap !== undefined) {
      checkHeap(props.workerHeap, workerSize, workerNode);
    }
    const gravitonWorkers = props.gravitonWorkers ?? false;
    const workerInstanceStore = props.workerInstanceStore ?? gravitonWorkers;
    const workerDisk = workerInstanceStore ? instanceStoreSize(workerSize) : undefined;
    if (!workerDisk && props.fileSystemCache !== undefined && props.fileSystemCache._kind !== 'off') {
      throw propError(CONSTRUCT, 'fileSystemCache', props.fileSystemCache._kind === 'auto' ? 'FileSystemCache.auto()' : 'FileSystemCache.of(...)',
        'needs workers with a local disk: set workerInstanceStore (or gravitonWorkers) to true, or leave fileSystemCache out');
    }
    const version = props.version ?? TrinoVersion.LATEST;
    if (!TrinoVersion.SUPPORTED.includes(version)) {
      throw propError(CONSTRUCT, 'version', String(version),
        `must be a supported Trino release: ${TrinoVersion.SUPPORTED.map((v) => v.version).join(', ')}`);
    }
    const fte = props.faultTolerantExecution;
    const retryPolicy = fte ? (fte.retryPolicy ?? RetryPolicy.TASK) : RetryPolicy.NONE;
    if (fte && retryPolicy === RetryPolicy.NONE) {
      throw propError(CONSTRUCT, 'faultTolerantExecution.retryPolicy', retryPolicy,
        'must be TASK or QUERY; leave faultTolerantExecution out for no retries');
    }
    const exchangeExpiry = fte?.exchangeExpiry ?? Duration.days(1);
    if (fte && (exchangeExpiry.toMinutes({ integral: false }) % (24 * 60) !== 0 || exchangeExpiry.toDays() < 1)) {
      throw propError(CONSTRUCT, 'faultTolerantExecution.exchangeExpiry', exchangeExpiry.toString(),
        'must be a whole number of days, at least 1 (S3 lifecycle rules count in days)');
    }
    // Who reaches the coordinator: networkPolicy.allowFrom, and the load balancer once the cluster's VPC is known.
    const networkPolicyPlan: TrinoNetworkPolicyPlan = {
      construct: CONSTRUCT,
      namespace,
      selectorLabels: CHART_SELECTOR_LABELS,
      name: RELEASE,
      clientPorts: [HTTP_PORT],
      clients: [...(props.networkPolicy?.allowFrom ?? [])],
      autoscaler: autoscaling ? { namespace: autoscaling.installKeda ? KEDA_CHART.namespace : undefined } : undefined,
      metricsExporterPort: props.metrics ? JMX_EXPORTER_PORT : undefined,
    };
    let networkPolicyObjects = resolveNetworkPolicies(props.networkPolicy, networkPolicyPlan);
    const loadBalancer = props.endpoint?.loadBalancerOptions
      ? resolveLoadBalancer(CONSTRUCT, 'endpoint', props.endpoint.loadBalancerOptions) : undefined;
    // The load balancer reaches the coordinator pod's IP from its interfaces in the VPC's subnets (IP targets), so
    // the coordinator's NetworkPolicy admits the VPC's range: an imported cluster must say what it is.
    const networkPolicyOn = props.networkPolicy?.enabled ?? true;
    const importedVpcRange = loadBalancer && networkPolicyOn && props.cluster ? knownVpcRange(props.cluster) : undefined;
    const givenVpc = props.clusterOptions?.vpc;
    const givenVpcUnknown = loadBalancer && networkPolicyOn && !props.cluster && givenVpc !== undefined
      && knownVpcRange({ vpc: givenVpc }) === undefined;
    if (givenVpcUnknown && !props.networkPolicy?.allowFrom) {
      throw propError(CONSTRUCT, 'networkPolicy.allowFrom', undefined,
        'must name the address ranges of the load balancer\'s subnets: clusterOptions.vpc was imported without vpcCidrBlock, ' +
        'and the coordinator\'s NetworkPolicy admits the load balancer by address');
    }
    if (loadBalancer && networkPolicyOn && props.cluster && importedVpcRange === undefined && !props.networkPolicy?.allowFrom) {
      throw propError(CONSTRUCT, 'networkPolicy.allowFrom', undefined,
        'must name the address ranges of the load balancer\'s subnets: the imported cluster has no VPC with a known CIDR ' +
        '(import it with vpc: Vpc.fromVpcAttributes({ ..., vpcCidrBlock })), and the coordinator\'s NetworkPolicy admits the load balancer by address');
    }
    // The load balancer comes from EKS Auto Mode's built-in load balancing (IngressClass eks.amazonaws.com/alb).
    if (loadBalancer && (props.karpenter || props.clusterOptions?.compute?.selfManagedKarpenterOptions)) {
      throw propError(CONSTRUCT, 'endpoint', 'TrinoEndpoint.loadBalancer()',
        'needs EKS Auto Mode\'s load balancing, which a cluster with self-managed Karpenter does not run; use TrinoEndpoint.none() ' +
        'and expose the coordinator Service with the AWS Load Balancer Controller of your cluster');
    }
    const authentication = props.authentication;
    const authenticated = authentication !== undefined && authentication.type !== AuthenticationType.NONE;
    const passwordUsers = authentication?.type === AuthenticationType.PASSWORD ? authentication.users : undefined;
    const oauth2 = authentication?.type === AuthenticationType.OAUTH2 ? authentication.oauth2Options : undefined;
    if (passwordUsers) {
      validatePasswordUsers(CONSTRUCT, 'authentication.users', passwordUsers,
        autoscaling ? { [autoscaling.metricsUser]: 'KEDA reads the coordinator\'s /metrics as this user (autoscaling.metricsUser)' } : {});
    }
    if (oauth2) oauth2Properties(CONSTRUCT, 'authentication.oauth2', oauth2);
    if (authenticated && !loadBalancer) {
      throw propError(CONSTRUCT, 'authentication', authentication.type,
        'needs a TLS endpoint, because Trino accepts passwords and sign-ins only over HTTPS: set endpoint to TrinoEndpoint.loadBalancer({ certificate }) ' +
        `(endpoint is ${props.endpoint ? 'TrinoEndpoint.none()' : 'not set'}), or use TrinoAuthentication.none()`);
    }
    super(scope, id);
    this.namespace = namespace;
    const region = Stack.of(this).region;
    if (loadBalancer && !authenticated) {
      Annotations.of(this).addWarningV2('cdk-trino-on-eks:endpointWithoutAuthentication',
        'TrinoOnEks: endpoint is a load balancer but authentication is off, so anyone who reaches it can query as any user; ' +
        'set authentication to TrinoAuthentication.password({ users }) or TrinoAuthentication.oauth2({ ... }), or limit endpoint.allowFrom');
    }

    // The warehouse bucket (an import when the warehouse is a URI) and the catalogs, before any resource.
    const warehouseBucket = props.warehouse?.bucket(this);
    const metastoreUri = props.metastore?.thriftUri ?? (props.warehouse ? TrinoOnEks.CREATED_METASTORE_URI : undefined);
    const catalogs = props.catalogs ?? defaultCatalogs(metastoreUri, warehouseLocation(props, warehouseBucket));
    const shutdownOptions = props.gracefulShutdown ?? {};
    const configurationOptions: TrinoConfigurationOptions = {
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
      retryPolicy,
      ...(autoscaling?.queryWait ? { scaleToZero: autoscaling.queryWait } : {}),
      ...(workerDisk ? { localStorage: { diskSize: workerDisk, fileSystemCache: props.fileSystemCache } } : {}),
      ...(authentication ? { authentication } : {}),
      processForwarded: loadBalancer !== undefined,
      ...(props.accessControl ? { accessControl: props.accessControl } : {}),
      // KEDA reads the coordinator's /metrics over in-cluster HTTP as this user (system information read).
      ...(autoscaling ? { managementUser: autoscaling.metricsUser } : {}),
    };
    const offered = [...(props.buckets ?? []), ...(warehouseBucket ? [warehouseBucket] : [])];
    // Validate everything with a stand-in exchange bucket first, so that bad input creates no bucket.
    const EXCHANGE_STAND_IN = 'exchange-bucket-stand-in';
    const standIn = new TrinoConfiguration({ ...configurationOptions, ...(fte ? { exchange: { bucketName: EXCHANGE_STAND_IN } } : {}) });
    storageGrants(CONSTRUCT, standIn.storageAccess.filter((a) => a.bucketName !== EXCHANGE_STAND_IN), offered);
    this.renderChartValues(standIn, namespace, props, autoscaling, networkPolicyObjects !== undefined);

    if (fte) {
      this.exchangeBucket = exchangeBucket(this, exchangeExpiry);
      offered.push(this.exchangeBucket);
    }
    this.configuration = new TrinoConfiguration({
      ...configurationOptions,
      ...(this.exchangeBucket ? { exchange: { bucketName: this.exchangeBucket.bucketName } } : {}),
    });
    const budget = this.configuration.gracefulShutdown!;
    const grants = storageGrants(CONSTRUCT, this.configuration.storageAccess, offered);
    this.grantedBuckets = unique(grants.map((grant) => grant.bucket));

    this.helmValues = this.renderChartValues(this.configuration, namespace, props, autoscaling, networkPolicyObjects !== undefined);
    this.coordinatorUri = `http://${RELEASE}.${namespace}.svc.cluster.local:${HTTP_PORT}`;

    // The cluster.
    let amiAlias: string | undefined;
    if (props.cluster) {
      this.cluster = props.cluster;
      this.karpenter = props.karpenter;
    } else {
      const created = createTrinoCluster(this, props.clusterOptions!);
      this.cluster = created.cluster;
      this.vpc = created.vpc;
      this.clusterSecretsKey = created.secretsKey;
      this.karpenter = created.karpenter;
      this.networkPolicyEnforcement = created.networkPolicyEnforcement;
      amiAlias = created.amiAlias;
    }
    const cluster = this.cluster;
    // Self-managed Karpenter: each pool gets an EC2NodeClass served by the controller (the workers' stripes their
    // instance store into the disk the cache and spill use); else Auto Mode's default NodeClass.
    const nodeClassOptions = (instanceStorePolicy?: InstanceStorePolicy) => this.karpenter
      ? { controller: this.karpenter, nodeClass: NodeClass.ec2NodeClass({ amiAlias, instanceStorePolicy }) } : {};

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
        clients: [{ namespace, podLabels: { ...CHART_SELECTOR_LABELS } }],
        removalPolicy: props.removalPolicy,
      });
    }

    // Node pools: the worker pool may not force-drain a node before a worker's shutdown budget is over.
    this.coordinatorNodePool = new KarpenterNodePool(this, 'CoordinatorNodePool', TrinoNodePools.coordinator({
      cluster, instanceSize: coordinatorSize, name: COORDINATOR_POOL, ...nodeClassOptions(),
    }));
    this.workerNodePool = new KarpenterNodePool(this, 'WorkerNodePool', TrinoNodePools.workers({
      cluster,
      instanceSize: workerSize,
      maxWorkers,
      name: WORKER_POOL,
      spot: props.spotWorkers ?? true,
      allowGraviton: gravitonWorkers,
      instanceStore: workerInstanceStore,
      terminationGracePeriod: budget.terminationGracePeriod,
      ...nodeClassOptions(workerInstanceStore ? InstanceStorePolicy.RAID0 : undefined),
    }));
    this.gracefulShutdown = new GracefulShutdownWorkers(this, 'GracefulShutdown', {
      ...shutdownOptions,
      cluster,
      namespace,
      releaseName: RELEASE,
      workerNodePool: this.workerNodePool,
      faultTolerantExecution: retryPolicy !== RetryPolicy.NONE,
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
    this.glueAccess = grantGlueCatalogs(this, 'GlueCatalogAccess', this.role, catalogs);
    const secretAccess = new iam.ManagedPolicy(this, 'SharedSecretAccess', {
      description: `Trino ${namespace}: read the secrets its pods mount through the Secrets Store CSI driver (the internal shared secret; with authentication, the coordinator's too)`,
      roles: [this.role],
      statements: secretReadStatements(this.sharedSecret.secretArn, this.sharedSecretKey.keyArn, region),
    });

    // Password users: their secrets, and the password file the pods' role may read.
    let users: PasswordUsers | undefined;
    if (passwordUsers) {
      users = new PasswordUsers(this, 'PasswordUsers', { users: passwordUsers, namespace });
      this.passwordKey = users.key;
      this.passwordFileSecret = users.passwordFile;
      this.passwordFileWriter = users.writer;
      secretAccess.addStatements(...users.passwordFileReadStatements());
    }
    this.userSecrets = users?.userSecrets ?? [];
    // OAuth 2.0: the pods read the client secret the user keeps in Secrets Manager (and its key, through Secrets
    // Manager only). A secret known by name only has an ARN without the random suffix Secrets Manager appends.
    if (oauth2) {
      const secret = oauth2.clientSecret;
      secretAccess.addStatements(...secretReadStatements(secret.secretFullArn ?? `${secret.secretArn}-??????`, secret.encryptionKey?.keyArn, region));
    }

    if (props.installSecretsStoreDriver ?? true) {
      this.secretsStoreAddon = new eks.Addon(this, 'SecretsStoreCsiDriver', {
        cluster,
        addonName: SECRETS_STORE_ADDON,
        // A changed password file must reach the running coordinator: the driver polls Secrets Manager.
        configurationValues: secretsStoreAddonConfiguration(users !== undefined),
      });
    }
    const usePodIdentity = this.bucketAccess?.identityType === eks.IdentityType.POD_IDENTITY;
    const secretClass = (manifestId: string, name: string, secrets: SyncedSecret[]) => {
      const manifest = new eks.KubernetesManifest(this, manifestId, {
        cluster,
        manifest: [secretProviderClass({ name, namespace, region, usePodIdentity, secrets })],
      });
      manifest.node.addDependency(this.namespaceManifest);
      if (this.secretsStoreAddon) manifest.node.addDependency(this.secretsStoreAddon);
      return manifest;
    };
    // The chart's env is shared by both roles, so the OAuth 2.0 client secret's Secret must exist for workers too.
    this.secretProviderClass = secretClass('SecretProviderClass', SECRET_PROVIDER_CLASS, [
      { secretArn: this.sharedSecret.secretArn, key: SHARED_SECRET_KEY, kubernetesSecretName: SHARED_SECRET_NAME },
      // The provider reads a secret by complete ARN or by name: an imported-by-name secret's ARN ends in -??????.
      ...(oauth2 ? [{
        secretArn: oauth2.clientSecret.secretFullArn ?? oauth2.clientSecret.secretName,
        key: OAUTH2_CLIENT_SECRET_KEY,
        kubernetesSecretName: OAUTH2_CLIENT_SECRET_NAME,
      }] : []),
    ]);
    // The password file goes to the coordinator alone, the only node that authenticates clients.
    this.coordinatorSecretProviderClass = users ? secretClass('CoordinatorSecretProviderClass', COORDINATOR_SECRET_PROVIDER_CLASS, [
      { secretArn: users.passwordFile.secretArn, key: PASSWORD_FILE_KEY, kubernetesSecretName: PASSWORD_FILE_SECRET_NAME },
    ]) : undefined;

    // KEDA and the objects the worker ScaledObject authenticates with; the chart's ScaledObject needs KEDA's CRDs.
    if (autoscaling) {
      if (autoscaling.installKeda) {
        this.kedaChart = new eks.HelmChart(this, 'Keda', {
          cluster,
          namespace: KEDA_CHART.namespace,
          release: KEDA_CHART.release,
          repository: KEDA_CHART.repository,
          chart: KEDA_CHART.name,
          version: KEDA_CHART.version,
          createNamespace: true,
          // Its CRDs and admission webhook must be serving before the TriggerAuthentication and ScaledObject are applied.
          wait: true,
        });
      }
      this.autoscalingAuthentication = new eks.KubernetesManifest(this, 'AutoscalingAuthentication', {
        cluster,
        manifest: metricsAuthenticationObjects(namespace, KEDA_AUTHENTICATION, autoscaling.metricsUser),
      });
      this.autoscalingAuthentication.node.addDependency(this.namespaceManifest);
      if (this.kedaChart) this.autoscalingAuthentication.node.addDependency(this.kedaChart);
    }

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
    if (this.coordinatorSecretProviderClass) this.chart.node.addDependency(this.coordinatorSecretProviderClass);
    if (this.metastore && this.metastore.node.scope === this) this.chart.node.addDependency(this.metastore);
    if (this.glueAccess) this.chart.node.addDependency(this.glueAccess);
    if (this.autoscalingAuthentication) this.chart.node.addDependency(this.autoscalingAuthentication);
    if (users) this.chart.node.addDependency(users.writeAtDeployment);

    // The load balancer: EKS Auto Mode creates it from the Ingress, once the coordinator Service exists.
    if (loadBalancer) {
      this.endpointManifest = new eks.KubernetesManifest(this, 'Endpoint', {
        cluster,
        manifest: loadBalancerObjects(loadBalancer, { namespace, serviceName: RELEASE, port: HTTP_PORT }),
      });
      this.endpointManifest.node.addDependency(this.chart);
      const address = new eks.KubernetesObjectValue(this, 'EndpointAddress', {
        cluster,
        objectType: 'ingress',
        objectName: RELEASE,
        objectNamespace: namespace,
        jsonPath: '.status.loadBalancer.ingress[0].hostname',
      });
      address.node.addDependency(this.endpointManifest);
      this.endpointUrl = `https://${address.value}`;
      new CfnOutput(this, 'EndpointUrl', {
        description: `Trino's HTTPS endpoint (${loadBalancer.internetFacing ? 'internet-facing' : 'internal'} load balancer; point a DNS name of the certificate at it)`,
        value: this.endpointUrl,
      });
    }
    if (users) {
      new CfnOutput(this, 'UserSecrets', {
        description: 'Secrets Manager secrets of the Trino users (user=ARN), each JSON with username and password',
        value: Fn.join(',', passwordUsers!.map((user, i) => Fn.join('=', [user, users!.userSecrets[i].secretArn]))),
      });
    }

    if (props.protectCoordinator ?? true) {
      this.coordinatorDisruptionBudget = new eks.KubernetesManifest(this, 'CoordinatorDisruptionBudget', {
        cluster, manifest: [coordinatorPodDisruptionBudget(namespace, RELEASE, CHART_SELECTOR_LABELS)],
      });
      this.coordinatorDisruptionBudget.node.addDependency(this.namespaceManifest);
    }
    const loadBalancerRange = props.cluster ? importedVpcRange : (loadBalancer && this.vpc ? knownVpcRange({ vpc: this.vpc }) : undefined);
    if (networkPolicyObjects !== undefined && loadBalancerRange !== undefined) {
      // Pods get VPC addresses too, so inside the VPC the gate is the authentication, not the network.
      networkPolicyObjects = resolveNetworkPolicies(props.networkPolicy, {
        ...networkPolicyPlan, clients: [...networkPolicyPlan.clients, { cidr: loadBalancerRange }],
      });
    }
    if (networkPolicyObjects !== undefined && networkPolicyObjects.length > 0) {
      this.networkPolicies = new eks.KubernetesManifest(this, 'NetworkPolicies', { cluster, manifest: networkPolicyObjects });
      this.networkPolicies.node.addDependency(this.namespaceManifest);
    }

    new CfnOutput(this, 'CoordinatorService', { description: 'Trino coordinator inside the cluster (kubectl port-forward svc/trino 8080)', value: this.coordinatorUri });
    new CfnOutput(this, 'RoleArn', { description: 'IAM role of Trino\'s service account', value: this.role.roleArn });
    new CfnOutput(this, 'MetricsEndpoint', {
      description: 'Trino coordinator OpenMetrics endpoint inside the cluster (authenticated like the client protocol)',
      value: `${this.coordinatorUri}/metrics`,
    });
    if (this.exchangeBucket) {
      new CfnOutput(this, 'ExchangeBucketName', { description: 'Exchange bucket of fault-tolerant execution', value: this.exchangeBucket.bucketName });
    }
    if (this.grantedBuckets.length > 0) {
      new CfnOutput(this, 'Buckets', { description: 'Buckets Trino is granted access to', value: Fn.join(',', this.grantedBuckets.map((b) => b.bucketName)) });
    }
  }

  /** The chart values for a configuration: generated, then the user's (guarded). */
  private renderChartValues(configuration: TrinoConfiguration, namespace: string, props: TrinoOnEksProps,
    autoscaling: ResolvedWorkerAutoscaling | undefined, networkPolicy: boolean): Record<string, any> {
    const chartValues = new TrinoChartValues(configuration, {
      name: RELEASE,
      namespace,
      serviceAccountName: RELEASE,
      sharedSecret: { secretName: SHARED_SECRET_NAME, key: SHARED_SECRET_KEY },
      secretProviderClassName: SECRET_PROVIDER_CLASS,
      coordinatorScheduling: { nodeSelector: { 'karpenter.sh/nodepool': COORDINATOR_POOL } },
      workerScheduling: {
        nodeSelector: { 'karpenter.sh/nodepool': WORKER_POOL },
        tolerations: [{ key: TrinoNodePools.WORKER_TAINT.key, value: TrinoNodePools.WORKER_TAINT.value, effect: TrinoNodePools.WORKER_TAINT.effect }],
      },
      autoscaling: autoscaling ? queryAwareAutoscaling(autoscaling, {
        coordinatorUri: `http://${RELEASE}.${namespace}.svc.cluster.local:${HTTP_PORT}`,
        authenticationName: KEDA_AUTHENTICATION,
      }) : undefined,
      metrics: props.metrics,
      // The chart's NetworkPolicy admits Trino's pods to each other; other peers get role-specific policies.
      networkPolicyAllowFrom: networkPolicy ? [] : undefined,
      ...(configuration.passwordFile !== undefined
        ? { passwordFileSecretName: PASSWORD_FILE_SECRET_NAME, coordinatorSecretProviderClassName: COORDINATOR_SECRET_PROVIDER_CLASS } : {}),
      ...(configuration.oauth2Properties !== undefined
        ? { oauth2ClientSecret: { secretName: OAUTH2_CLIENT_SECRET_NAME, key: OAUTH2_CLIENT_SECRET_KEY } } : {}),
    });
    // TrinoChartValues already writes the shutdown contract's keys (worker.gracefulShutdown and
    // worker.terminationGracePeriodSeconds) from the configuration's budget, which GracefulShutdownWorkers
    // computes from the same options.
    const generated = (props.protectCoordinator ?? true) ? deepMerge(chartValues.values, coordinatorProtectionValues()) : chartValues.values;
    const merged = mergeHelmValues(CONSTRUCT, generated, props.helmValues);
    refuseUnmanagedAutoscaling(CONSTRUCT, generated, merged);
    return merged;
  }
}

/** The CIDR of a cluster's VPC, when it is known (an imported VPC may lack it). */
function knownVpcRange(vpcOf: { readonly vpc: ec2.IVpc }): string | undefined {
  try {
    return vpcOf.vpc.vpcCidrBlock;
  } catch {
    return undefined; // no VPC, or one imported without vpcCidrBlock
  }
}

/** The node the pool launches for a size: Trino's pods are sized for it. */
function nodeOf(prop: string, size: string): TrinoMemoryOptions {
  const node = memoryOptimizedNode(size);
  if (node === undefined) {
    throw propError(CONSTRUCT, prop, size, `must be one of ${MEMORY_OPTIMIZED_SIZES.join(', ')} (memory-optimized sizes; pods are sized for the node)`);
  }
  return { nodeMemory: node.memory, nodeVcpus: node.vcpus };
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

/**
 * The exchange bucket: KMS-encrypted (its key is granted with the bucket), TLS only, public access blocked, and
 * every object expired after `expiry` (spool of finished or failed queries; Trino deletes what it can itself).
 */
function exchangeBucket(scope: Construct, expiry: Duration): s3.Bucket {
  const removalPolicy = statefulRemovalPolicy(scope, undefined, 'The exchange bucket');
  const key = new kms.Key(scope, 'ExchangeKey', {
    description: 'Trino fault-tolerant execution: exchange bucket',
    enableKeyRotation: true,
    removalPolicy,
  });
  const bucket = new s3.Bucket(scope, 'ExchangeBucket', {
    encryption: s3.BucketEncryption.KMS,
    encryptionKey: key,
    bucketKeyEnabled: true,
    enforceSSL: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    removalPolicy,
    lifecycleRules: [{ expiration: expiry, abortIncompleteMultipartUploadAfter: Duration.days(1) }],
  });
  acknowledgeRules(bucket, [
    'AwsSolutions-S1', 'NIST.800.53.R5-S3BucketLoggingEnabled', 'HIPAA.Security-S3BucketLoggingEnabled', 'PCI.DSS.321-S3BucketLoggingEnabled',
    'NIST.800.53.R5-S3BucketReplicationEnabled', 'HIPAA.Security-S3BucketReplicationEnabled', 'PCI.DSS.321-S3BucketReplicationEnabled',
    'NIST.800.53.R5-S3BucketVersioningEnabled', 'HIPAA.Security-S3BucketVersioningEnabled', 'PCI.DSS.321-S3BucketVersioningEnabled',
  ], 'The exchange bucket only holds transient spool data of running queries, written and read by Trino alone and ' +
    'expired by a lifecycle rule: Trino encrypts each spooled file itself, a lost object only makes its query retry, so ' +
    'access logs, replicas and old versions would keep copies of data that is meant to disappear.');
  return bucket;
}
