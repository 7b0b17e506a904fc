import { Annotations, CfnOutput, Fn, Stack } from 'aws-cdk-lib';
import * as aps from 'aws-cdk-lib/aws-aps';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { IBucket } from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct, IConstruct } from 'constructs';
import { CATALOG_PASSWORD_KEY, CATALOG_USERNAME_KEY } from './chart-values';
import { coordinatorPodDisruptionBudget } from './coordinator-protection';
import { admitToCatalogDatabases } from './database-access';
import { exchangeBucket } from './exchange-bucket';
import { grantGlueCatalogs } from './glue-access';
import { addLoadBalancerEndpoint } from './load-balancer-endpoint';
import { addManagedPrometheus } from './managed-prometheus';
import { PasswordUsers } from './password-users';
import { addPodLogs } from './pod-logs';
import * as names from './release-names';
import { SecretGrant, SecretReaders, secretAccessStatements } from './secret-access';
import { internalSharedSecret } from './shared-secret';
import { bucketGrants } from './storage-grants';
import { TRINO_CHART } from './trino-chart';
import { createTrinoCluster } from './trino-cluster';
import { trinoNodePools } from './trino-node-pool-constructs';
import { CREATED_METASTORE_URI, ResolvedIdentity, TrinoOnEksModel, resolveTrinoOnEks } from './trino-on-eks-model';
import { TrinoOnEksProps } from './trino-on-eks-props';
import { SECRETS_STORE_ADDON, SyncedSecret, secretProviderClass, secretsStoreAddonConfiguration } from './trino-secrets';
import { installKeda, metricsAuthenticationObjects } from './worker-autoscaling';
import { GracefulShutdownWorkers } from '../graceful-shutdown/graceful-shutdown-workers';
import { BucketAccess } from '../irsa-bucket-access/bucket-grant';
import { IrsaBucketAccess } from '../irsa-bucket-access/irsa-bucket-access';
import { KarpenterController } from '../karpenter/karpenter-controller';
import { KarpenterNodePool } from '../karpenter/karpenter-node-pool';
import { HiveMetastoreService } from '../metastore/hive-metastore-service';
import { requireClusterSecurityGroup, requireClusterVpc } from '../private/cluster-checks';
import { OAUTH2_CALLBACK_PATH, oauth2RedirectUri } from '../trino/authentication';
import { RetryPolicy } from '../trino/server-config';
import { TrinoConfiguration } from '../trino/trino-configuration';

/**
 * Production Trino on Amazon EKS in one construct: (optionally) a VPC and an EKS cluster (Auto Mode, or
 * self-managed Karpenter with `TrinoCluster.create({ compute })`), Karpenter
 * node pools for the coordinator (on-demand) and the workers (spot first), an optional Hive Metastore, one
 * service account granted exactly the S3 locations of the catalogs, the internal shared secret generated in
 * Secrets Manager and delivered by the Secrets Store CSI driver, the official Trino Helm chart (pinned) with
 * values rendered from a validated TrinoConfiguration, and the workers' graceful shutdown contract. Optionally
 * password authentication (users' passwords generated in Secrets Manager, the coordinator's password file of
 * PBKDF2 hashes written by a small Lambda function) or OAuth 2.0 sign-in at an OpenID Connect provider, an
 * HTTPS endpoint (an Application Load Balancer created by EKS Auto Mode, with its ACM certificate and Route 53 record
 * for a domain name) and file access control with typed rules.
 *
 * One service account for coordinator and workers: chart 1.42.2 has a single `serviceAccount` value, which both
 * Deployments use (`trino.serviceAccountName` in templates/deployment-coordinator.yaml and deployment-worker.yaml),
 * so the two roles cannot hold different IAM roles. The storage grants are the same for both anyway: the coordinator
 * lists and reads the catalogs' files to plan splits and reads and writes table metadata (Iceberg commits, Hive
 * partitions), the workers read and write the data files, and both use the exchange bucket and read the shared
 * secret. The password file is the coordinator's alone: only its pods mount it, and with EKS Pod Identity
 * (`identityType`) the role grants it only to sessions whose pod is the coordinator (session tag `kubernetes-pod-name`).
 *
 * @example
 * declare const lake: s3.Bucket;
 * declare const kubectlLayer: lambda.ILayerVersion;
 * new TrinoOnEks(this, 'Trino', {
 *   cluster: TrinoCluster.create({ kubectlLayer }),
 *   metastore: TrinoMetastore.create({ warehouse: WarehouseLocation.fromBucket(lake, 'warehouse') }),
 *   workers: { maxCount: 4 },
 * });
 */
export class TrinoOnEks extends Construct {
  /** The Thrift URI of the metastore `TrinoMetastore.create` makes (for catalogs passed in `catalogs`). */
  public static readonly CREATED_METASTORE_URI = CREATED_METASTORE_URI;

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
  /** How the pods get the role: IRSA or EKS Pod Identity. */
  public readonly identityType: eks.IdentityType;
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
  /** The coordinator's PodDisruptionBudget, when `coordinator.protect` is on. */
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
  /**
   * With password authentication: the writer's dead-letter queue (KMS-encrypted with `passwordKey`), where a run
   * that failed every retry lands; alarm on its `ApproximateNumberOfMessagesVisible`.
   */
  public readonly passwordFileDeadLetterQueue?: sqs.IQueue;
  /** The Ingress (with its IngressClass and IngressClassParams) of the load balancer endpoint, when there is one. */
  public readonly endpointManifest?: eks.KubernetesManifest;
  /** The certificate the load balancer endpoint serves: the one given, or the one issued for `endpoint.domainName`. */
  public readonly endpointCertificate?: acm.ICertificate;
  /** The record of `endpoint.domainName` pointing at the load balancer, when `endpoint.hostedZone` was given. */
  public readonly endpointRecord?: route53.IRecordSet;
  /**
   * The HTTPS address clients connect to, when there is a load balancer endpoint: `https://<endpoint.domainName>`, or
   * without a domain name `https://<load balancer DNS name>`.
   */
  public readonly endpointUrl?: string;
  /** With `monitoring.managedPrometheus`: the Amazon Managed Service for Prometheus workspace holding the metrics. */
  public readonly metricsWorkspace?: aps.CfnWorkspace;
  /** With `monitoring.managedPrometheus`: the managed collector scraping the coordinator into the workspace. */
  public readonly metricsScraper?: aps.CfnScraper;
  /** With `monitoring.managedPrometheus`: the alert rules the workspace evaluates. */
  public readonly alertRules?: aps.CfnRuleGroupsNamespace;
  /** With `monitoring.podLogs`: the log group of every container's output (`/aws/containerinsights/<cluster>/application`). */
  public readonly podLogGroup?: logs.ILogGroup;
  /** With `monitoring.podLogs`: the KMS key encrypting the pod log groups. */
  public readonly podLogsKey?: kms.IKey;
  /** With `monitoring.podLogs`: the `amazon-cloudwatch-observability` add-on shipping the pods' logs. */
  public readonly observabilityAddon?: eks.Addon;

  constructor(scope: Construct, id: string, props: TrinoOnEksProps) {
    // Everything that needs no construct is resolved first: bad input creates nothing.
    const model = resolveTrinoOnEks(props, Stack.of(scope).region);
    super(scope, id);
    this.namespace = model.namespace;
    this.configuration = model.configuration;
    this.helmValues = model.helmValues;
    this.coordinatorUri = names.coordinatorUri(model.namespace);
    if (model.loadBalancer && !model.authenticated) {
      Annotations.of(this).addWarningV2('cdk-trino-on-eks:endpointWithoutAuthentication',
        'TrinoOnEks: endpoint is a load balancer but authentication is off, so anyone who reaches it can query as any user; ' +
        'set authentication to TrinoAuthentication.password({ users }) or TrinoAuthentication.oauth2({ ... }), or limit endpoint.allowFrom');
    }
    if (model.oauth2 && model.loadBalancer && !model.loadBalancer.domainName) {
      Annotations.of(this).addWarningV2('cdk-trino-on-eks:oauth2WithoutDomainName',
        'TrinoOnEks: OAuth 2.0 sign-in without endpoint.domainName: Trino builds its callback from the name the client used, and the ' +
        'identity provider accepts only the registered one; set endpoint.domainName (output OAuth2RedirectUri), or register ' +
        `https://<a DNS name of the certificate>${OAUTH2_CALLBACK_PATH} and have clients use that name`);
    }

    const created = model.cluster.existingCluster ? undefined : createTrinoCluster(this, model.cluster.createOptions!);
    this.cluster = created?.cluster ?? model.cluster.existingCluster!;
    this.karpenter = created ? created.karpenter : model.cluster.karpenter;
    this.vpc = created?.vpc;
    this.clusterSecretsKey = created?.secretsKey;
    this.networkPolicyEnforcement = created?.networkPolicyEnforcement;
    if (created) model.createdVpcRange?.bind(created.vpc.vpcCidrBlock);
    this.namespaceManifest = this.manifest('Namespace', [{
      apiVersion: 'v1', kind: 'Namespace', metadata: { name: model.namespace, labels: { 'app.kubernetes.io/part-of': 'trino' } },
    }], false);
    this.metastore = model.existingMetastore ?? (model.createdMetastore ? new HiveMetastoreService(this, 'Metastore', {
      cluster: this.cluster,
      warehouse: model.createdMetastore.warehouse,
      clients: [{ namespace: model.namespace, podLabels: { ...names.CHART_SELECTOR_LABELS } }],
      removalPolicy: model.createdMetastore.removalPolicy,
    }) : undefined);
    ({ coordinator: this.coordinatorNodePool, workers: this.workerNodePool } =
      trinoNodePools(this, this.cluster, model, this.karpenter, created?.amiAlias));
    this.gracefulShutdown = new GracefulShutdownWorkers(this, 'GracefulShutdown', {
      cluster: this.cluster,
      namespace: model.namespace,
      releaseName: names.RELEASE,
      budget: model.configuration.gracefulShutdown!,
      workerNodePool: this.workerNodePool,
      faultTolerantExecution: model.retryPolicy !== RetryPolicy.NONE,
      maxUnavailableWorkers: model.workers.maxUnavailable,
    });
    this.gracefulShutdown.node.addDependency(this.namespaceManifest);
    ({ key: this.sharedSecretKey, secret: this.sharedSecret } = internalSharedSecret(this, model.namespace));
    this.exchangeBucket = model.exchange ? exchangeBucket(this, model.exchange.expiry) : undefined;
    if (this.exchangeBucket) model.exchange!.bucketName.bind(this.exchangeBucket.bucketName);

    this.identityType = model.identity.type;
    ({ bucketAccess: this.bucketAccess, serviceAccount: this.serviceAccount, grantedBuckets: this.grantedBuckets } =
      this.addServiceAccount(model, model.identity, props.buckets ?? []));
    this.role = this.serviceAccount.role;
    this.glueAccess = grantGlueCatalogs(this, 'GlueCatalogAccess', this.role, model.catalogs);
    admitToCatalogDatabases(this.cluster, model.catalogs);
    const users = model.passwordUsers ? new PasswordUsers(this, 'PasswordUsers', { users: model.passwordUsers, namespace: model.namespace }) : undefined;
    const secretAccess = this.addSecretAccess(model, users);
    this.passwordKey = users?.key;
    this.passwordFileSecret = users?.passwordFile;
    this.passwordFileWriter = users?.writer;
    this.passwordFileDeadLetterQueue = users?.deadLetterQueue;
    this.userSecrets = users?.userSecrets ?? [];
    ({ addon: this.secretsStoreAddon, all: this.secretProviderClass, coordinator: this.coordinatorSecretProviderClass } =
      this.addSecretsStore(model, users, props.installSecretsStoreDriver ?? true));
    [this.kedaChart, this.autoscalingAuthentication] = this.addAutoscaling(model);
    this.chart = this.addChart(props, secretAccess, users);
    const endpoint = model.loadBalancer ? addLoadBalancerEndpoint(this, this.cluster, model.loadBalancer,
      { namespace: model.namespace, serviceName: names.RELEASE, port: names.HTTP_PORT }, this.chart) : undefined;
    this.endpointManifest = endpoint?.manifest;
    this.endpointCertificate = endpoint?.certificate;
    this.endpointRecord = endpoint?.record;
    this.endpointUrl = endpoint?.url;
    if (model.oauth2 && model.loadBalancer?.domainName) {
      new CfnOutput(this, 'OAuth2RedirectUri', {
        description: 'Redirect URI to register for Trino\'s client at the identity provider',
        value: oauth2RedirectUri(model.loadBalancer.domainName),
      });
    }
    this.coordinatorDisruptionBudget = model.protectCoordinator ? this.manifest('CoordinatorDisruptionBudget',
      [coordinatorPodDisruptionBudget(model.namespace, names.RELEASE, names.CHART_SELECTOR_LABELS)]) : undefined;
    this.networkPolicies = model.networkPolicies?.length ? this.manifest('NetworkPolicies', model.networkPolicies) : undefined;
    if (model.managedPrometheus) {
      ({ workspace: this.metricsWorkspace, scraper: this.metricsScraper, rules: this.alertRules } = addManagedPrometheus(this, {
        cluster: this.cluster,
        vpc: this.vpc ?? requireClusterVpc('TrinoOnEks', 'cluster', this.cluster, 'import it with vpc'),
        securityGroup: requireClusterSecurityGroup('TrinoOnEks', 'cluster', this.cluster, 'import it with clusterSecurityGroupId'),
        namespace: model.namespace,
        releaseName: names.RELEASE,
        httpPort: names.HTTP_PORT,
        resolved: model.managedPrometheus,
      }));
    }
    if (model.podLogs) {
      const podLogs = addPodLogs(this, this.cluster, model.podLogs);
      this.podLogGroup = podLogs.logGroups.application;
      this.podLogsKey = podLogs.key;
      this.observabilityAddon = podLogs.addon;
    }
    this.addOutputs(model.passwordUsers);
  }

  /** A manifest in Trino's namespace (after it exists, unless it is the namespace). */
  private manifest(id: string, objects: Record<string, any>[], inNamespace = true): eks.KubernetesManifest {
    const manifest = new eks.KubernetesManifest(this, id, { cluster: this.cluster, manifest: objects });
    if (inNamespace) manifest.node.addDependency(this.namespaceManifest);
    return manifest;
  }

  /** The service account and its S3 access: exactly the catalogs' locations, and the exchange bucket. */
  private addServiceAccount(model: TrinoOnEksModel, identity: ResolvedIdentity, buckets: IBucket[]):
  { bucketAccess?: IrsaBucketAccess; serviceAccount: eks.ServiceAccount; grantedBuckets: IBucket[] } {
    const warehouseBucket = model.createdMetastore?.warehouse.bucket(this);
    const grants = bucketGrants(model.grants, [...buckets, ...(warehouseBucket ? [warehouseBucket] : [])]);
    if (this.exchangeBucket) grants.push({ bucket: this.exchangeBucket, access: BucketAccess.READ_WRITE });
    const common = { cluster: this.cluster, namespace: model.namespace, identityType: identity.type };
    // An imported cluster's agent add-on is installed once, here, whatever the number of service accounts.
    const agent = identity.installAgent
      ? new eks.Addon(this, 'PodIdentityAgent', { cluster: this.cluster, addonName: 'eks-pod-identity-agent' }) : undefined;
    const bucketAccess = grants.length > 0 ? new IrsaBucketAccess(this, 'ServiceAccount', {
      ...common, serviceAccountName: names.RELEASE, grants, podIdentityAgent: identity.agentForAccess,
    }) : undefined;
    const serviceAccount = bucketAccess?.serviceAccount ?? new eks.ServiceAccount(this, 'ServiceAccount', { ...common, name: names.RELEASE });
    (bucketAccess ?? serviceAccount).node.addDependency(this.namespaceManifest);
    if (agent) (bucketAccess ?? serviceAccount).node.addDependency(agent);
    return { bucketAccess, serviceAccount, grantedBuckets: [...new Set(grants.map((grant) => grant.bucket))] };
  }

  /** The Secrets Store CSI driver add-on (unless the cluster has it) and the SecretProviderClasses the pods mount. */
  private addSecretsStore(model: TrinoOnEksModel, users: PasswordUsers | undefined, install: boolean):
  { addon?: eks.Addon; all: eks.KubernetesManifest; coordinator?: eks.KubernetesManifest } {
    const addon = install ? new eks.Addon(this, 'SecretsStoreCsiDriver', {
      cluster: this.cluster,
      addonName: SECRETS_STORE_ADDON,
      // A changed password file must reach the running coordinator: the driver polls Secrets Manager.
      configurationValues: secretsStoreAddonConfiguration(users !== undefined),
    }) : undefined;
    const usePodIdentity = this.identityType === eks.IdentityType.POD_IDENTITY;
    const secretClass = (id: string, name: string, secrets: SyncedSecret[]) => {
      const region = Stack.of(this).region;
      const manifest = this.manifest(id, [secretProviderClass({ name, namespace: this.namespace, region, usePodIdentity, secrets })]);
      if (addon) manifest.node.addDependency(addon);
      return manifest;
    };
    // The chart's env is shared by both roles, so the OAuth 2.0 client secret's Secret must exist for workers too.
    const all = secretClass('SecretProviderClass', names.SECRET_PROVIDER_CLASS, [
      { secretArn: this.sharedSecret.secretArn, key: names.SHARED_SECRET_KEY, kubernetesSecretName: names.SHARED_SECRET_NAME },
      // The provider reads a secret by complete ARN or by name: an imported-by-name secret's ARN ends in -??????.
      ...(model.oauth2 ? [{
        secretArn: model.oauth2.clientSecret.secretFullArn ?? model.oauth2.clientSecret.secretName,
        key: names.OAUTH2_CLIENT_SECRET_KEY,
        kubernetesSecretName: names.OAUTH2_CLIENT_SECRET_NAME,
      }] : []),
      // Coordinator and workers both connect to the catalogs' databases: their user names and passwords go to every pod.
      ...model.catalogSecrets.map((c) => ({
        secretArn: c.secret.secretFullArn ?? c.secret.secretName,
        key: `catalog-${c.catalogName.replace(/_/g, '-')}`,
        kubernetesSecretName: c.kubernetesSecretName,
        jsonKeys: [{ path: c.usernameKey, key: CATALOG_USERNAME_KEY }, { path: c.passwordKey, key: CATALOG_PASSWORD_KEY }],
      })),
    ]);
    // The password file goes to the coordinator alone, the only node that authenticates clients.
    const coordinator = users ? secretClass('CoordinatorSecretProviderClass', names.COORDINATOR_SECRET_PROVIDER_CLASS, [
      { secretArn: users.passwordFile.secretArn, key: names.PASSWORD_FILE_KEY, kubernetesSecretName: names.PASSWORD_FILE_SECRET_NAME },
    ]) : undefined;
    return { addon, all, coordinator };
  }

  /**
   * Read access to the secrets the pods mount through the Secrets Store CSI driver (the driver uses the pod's role),
   * each granted to the pods that read it.
   */
  private addSecretAccess(model: TrinoOnEksModel, users: PasswordUsers | undefined): iam.ManagedPolicy {
    const oauth2Secret = model.oauth2?.clientSecret;
    const grants: SecretGrant[] = [
      { secretArn: this.sharedSecret.secretArn, keyArn: this.sharedSecretKey.keyArn, readers: SecretReaders.ALL_PODS },
      // OAuth 2.0: the client secret the user keeps in Secrets Manager. The chart's `env` is shared by both roles, so
      // the workers' pods reference it too. A secret known by name only has an ARN without the random suffix.
      ...(oauth2Secret ? [{
        secretArn: oauth2Secret.secretFullArn ?? `${oauth2Secret.secretArn}-??????`,
        keyArn: oauth2Secret.encryptionKey?.keyArn,
        readers: SecretReaders.ALL_PODS,
      }] : []),
      // The password file is the coordinator's: the only node that authenticates clients.
      ...(users ? [{ secretArn: users.passwordFile.secretArn, keyArn: users.key.keyArn, readers: SecretReaders.COORDINATOR }] : []),
      // The catalogs' database credentials: exactly those secrets, for coordinator and workers (workers read the data).
      ...model.catalogSecrets.map(({ secret }) => ({
        secretArn: secret.secretFullArn ?? `${secret.secretArn}-??????`,
        keyArn: secret.encryptionKey?.keyArn,
        readers: SecretReaders.ALL_PODS,
      })),
    ];
    return new iam.ManagedPolicy(this, 'SharedSecretAccess', {
      description: `Trino ${model.namespace}: read the secrets its pods mount through the Secrets Store CSI driver (the internal shared secret; with authentication, the coordinator's too)`,
      roles: [this.role],
      statements: secretAccessStatements(grants, {
        region: Stack.of(this).region,
        podIdentity: this.identityType === eks.IdentityType.POD_IDENTITY,
        coordinatorPodPrefix: names.COORDINATOR_POD_PREFIX,
      }),
    });
  }

  /** KEDA and the objects the worker ScaledObject authenticates with; the chart's ScaledObject needs KEDA's CRDs. */
  private addAutoscaling(model: TrinoOnEksModel): [eks.HelmChart | undefined, eks.KubernetesManifest | undefined] {
    const autoscaling = model.autoscaling;
    if (!autoscaling) return [undefined, undefined];
    const keda = autoscaling.installKeda ? installKeda(this, this.cluster) : undefined;
    const authentication = this.manifest('AutoscalingAuthentication',
      metricsAuthenticationObjects(model.namespace, names.KEDA_AUTHENTICATION, autoscaling.metricsUser));
    if (keda) authentication.node.addDependency(keda);
    return [keda, authentication];
  }

  /** The chart, after everything its pods need. */
  private addChart(props: TrinoOnEksProps, secretAccess: iam.ManagedPolicy, users: PasswordUsers | undefined): eks.HelmChart {
    const chart = new eks.HelmChart(this, 'Chart', {
      cluster: this.cluster,
      namespace: this.namespace,
      release: names.RELEASE,
      ...(props.chartAsset
        ? { chartAsset: props.chartAsset }
        : { repository: TRINO_CHART.repository, chart: TRINO_CHART.name }),
      version: props.chartVersion ?? TRINO_CHART.version,
      values: this.helmValues,
      createNamespace: false,
    });
    // Pods must not start before the agent that gives them the role runs (a cluster of this app gets it from aws-eks-v2).
    const agent = this.identityType === eks.IdentityType.POD_IDENTITY && this.cluster instanceof eks.Cluster
      ? this.cluster.eksPodIdentityAgent : undefined;
    if (agent) chart.node.addDependency(agent);
    chart.node.addDependency(this.namespaceManifest, this.bucketAccess ?? this.serviceAccount, secretAccess,
      this.secretProviderClass, this.sharedSecret, this.coordinatorNodePool, this.workerNodePool);
    for (const dependency of [this.coordinatorSecretProviderClass, this.glueAccess, this.autoscalingAuthentication, users?.writeAtDeployment]) {
      if (dependency) chart.node.addDependency(dependency);
    }
    if (this.metastore && this.metastore.node.scope === this) chart.node.addDependency(this.metastore);
    return chart;
  }

  private addOutputs(passwordUsers: string[] | undefined): void {
    if (passwordUsers) {
      new CfnOutput(this, 'UserSecrets', {
        description: 'Secrets Manager secrets of the Trino users (user=ARN), each JSON with username and password',
        value: Fn.join(',', passwordUsers.map((user, i) => Fn.join('=', [user, this.userSecrets[i].secretArn]))),
      });
    }
    new CfnOutput(this, 'CoordinatorService', { description: 'Trino coordinator inside the cluster (kubectl port-forward svc/trino 8080)', value: this.coordinatorUri });
    new CfnOutput(this, 'RoleArn', { description: 'IAM role of Trino\'s service account', value: this.role.roleArn });
    new CfnOutput(this, 'MetricsEndpoint', {
      description: 'Trino coordinator OpenMetrics endpoint inside the cluster (authenticated like the client protocol)',
      value: `${this.coordinatorUri}/metrics`,
    });
    if (this.metricsWorkspace) {
      new CfnOutput(this, 'PrometheusEndpoint', {
        description: 'Amazon Managed Service for Prometheus workspace of Trino\'s metrics and alerts (query it with SigV4, or add it to Grafana)',
        value: this.metricsWorkspace.attrPrometheusEndpoint,
      });
    }
    if (this.podLogGroup) {
      new CfnOutput(this, 'PodLogGroup', { description: 'CloudWatch Logs group of the pods\' output (Trino\'s logs included)', value: this.podLogGroup.logGroupName });
    }
    if (this.exchangeBucket) {
      new CfnOutput(this, 'ExchangeBucketName', { description: 'Exchange bucket of fault-tolerant execution', value: this.exchangeBucket.bucketName });
    }
    if (this.grantedBuckets.length > 0) {
      new CfnOutput(this, 'Buckets', { description: 'Buckets Trino is granted access to', value: Fn.join(',', this.grantedBuckets.map((b) => b.bucketName)) });
    }
  }
}
