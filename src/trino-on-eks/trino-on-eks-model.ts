import { Duration, Size, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { TrinoChartValues, catalogCredentialsSecretName } from './chart-values';
import { coordinatorProtectionValues } from './coordinator-protection';
import { mergeHelmValues } from './helm-values-guard';
import { ResolvedManagedPrometheus, resolveManagedPrometheus } from './managed-prometheus';
import { resolveNetworkPolicies } from './network-policies';
import { TrinoPodLogsOptions } from './pod-logs';
import * as names from './release-names';
import { StorageGrantPlan, planStorageGrants } from './storage-grants';
import { JMX_EXPORTER_PORT } from './trino-chart';
import { TrinoCluster } from './trino-cluster-choice';
import { ResolvedLoadBalancer, resolveLoadBalancer } from './trino-endpoint';
import { CreatedMetastoreOptions } from './trino-metastore-choice';
import { TrinoOnEksProps } from './trino-on-eks-props';
import {
  KEDA_CHART, ResolvedWorkerAutoscaling, queryAwareAutoscaling, refuseUnmanagedAutoscaling, resolveWorkerAutoscaling,
} from './worker-autoscaling';
import { BucketAccess } from '../irsa-bucket-access/bucket-grant';
import { PodIdentityAgent } from '../irsa-bucket-access/irsa-bucket-access';
import { MEMORY_OPTIMIZED_SIZES, instanceStoreSize, memoryOptimizedNode } from '../karpenter/memory-optimized-sizes';
import { TrinoNodePools } from '../karpenter/trino-node-pools';
import { HiveMetastoreService } from '../metastore/hive-metastore-service';
import { METASTORE_THRIFT_PORT } from '../metastore/metastore-site';
import { requireClusterSecurityGroup, requireClusterVpc, requireKubectlProvider, requireOpenIdConnectProvider } from '../private/cluster-checks';
import { deepMerge } from '../private/deep-merge';
import { validateOwnNamespace } from '../private/kubernetes-names';
import { LateBoundString } from '../private/late-bound';
import { PropPath, asOwnProps, isUnresolved, propError, validateWholeNumber } from '../private/validation';
import { AuthenticationType, OAuth2AuthenticationOptions, oauth2Properties, validatePasswordUsers } from '../trino/authentication';
import { Catalog } from '../trino/catalog';
import { TrinoMemory, TrinoMemoryOptions } from '../trino/memory-sizing';
import { ObjectStorage } from '../trino/object-storage';
import { validateResourceGroups } from '../trino/resource-groups';
import { RetryPolicy } from '../trino/server-config';
import { TrinoConfiguration, TrinoConfigurationOptions } from '../trino/trino-configuration';
import { TrinoVersion } from '../trino/trino-version';
import { validateUserGroups } from '../trino/user-groups';

const CONSTRUCT = 'TrinoOnEks';
/** The props of TrinoConfiguration (and of the shutdown budget it computes) that come from the user's TrinoOnEks props. */
const CONFIGURATION_PROP_PATHS: PropPath[] = [
  ['TrinoConfiguration', 'localStorage.fileSystemCache', 'workers.fileSystemCache'],
  ['GracefulShutdown', 'gracePeriod', 'workers.gracefulShutdown.gracePeriod'],
  ['GracefulShutdown', 'longestTask', 'workers.gracefulShutdown.longestTask'],
  ['GracefulShutdown', 'margin', 'workers.gracefulShutdown.margin'],
  ['GracefulShutdown', 'terminationGracePeriod', 'workers.gracefulShutdown.terminationGracePeriod'],
  ['Catalog', 'catalogs', 'catalogs'],
];
/** The props of TrinoChartValues that come from the user's TrinoOnEks props. */
const CHART_PROP_PATHS: PropPath[] = [['TrinoChartValues', 'metrics', 'metrics']];

/** The Thrift URI of the metastore TrinoOnEks creates. */
export const CREATED_METASTORE_URI = `thrift://${names.CREATED_METASTORE_SERVICE}:${METASTORE_THRIFT_PORT}`;

/** The workers, resolved. */
export interface ResolvedWorkers {
  readonly instanceSize: string;
  readonly maxCount: number;
  readonly minCount: number;
  readonly spot: boolean;
  readonly graviton: boolean;
  readonly instanceStore: boolean;
  readonly maxUnavailable: number;
}

/**
 * Everything TrinoOnEks builds, resolved and validated from its props before any construct exists: the builder only
 * creates what this says. The configuration and the chart values are rendered here, once; what they name that the
 * builder creates later (the exchange bucket, the created VPC's range) is late-bound.
 */
export interface TrinoOnEksModel {
  readonly namespace: string;
  /** The cluster; none for the local stack's workload. */
  readonly cluster?: TrinoCluster;
  readonly createdMetastore?: CreatedMetastoreOptions;
  readonly existingMetastore?: HiveMetastoreService;
  readonly catalogs: Catalog[];
  /** What the configuration was rendered from (the local stack changes endpoints, ports, directories and node sizes). */
  readonly configurationOptions: TrinoConfigurationOptions;
  readonly configuration: TrinoConfiguration;
  /** The generated values, then `helmValues` (guarded). */
  readonly helmValues: Record<string, any>;
  readonly workers: ResolvedWorkers;
  readonly coordinatorInstanceSize: string;
  readonly protectCoordinator: boolean;
  readonly retryPolicy: RetryPolicy;
  /** With fault-tolerant execution: how long spool is kept, and the name of the bucket the builder creates. */
  readonly exchange?: { readonly expiry: Duration; readonly bucketName: LateBoundString };
  /** The catalogs' grants (the exchange bucket is granted by the builder, which creates it). */
  readonly grants: StorageGrantPlan[];
  readonly autoscaling?: ResolvedWorkerAutoscaling;
  readonly loadBalancer?: ResolvedLoadBalancer;
  readonly passwordUsers?: string[];
  readonly oauth2?: OAuth2AuthenticationOptions;
  readonly authenticated: boolean;
  /** The role-specific NetworkPolicies, when any peer needs one. */
  readonly networkPolicies?: Record<string, any>[];
  /** The created VPC's range, which the coordinator's NetworkPolicy admits for the load balancer, when it does. */
  readonly createdVpcRange?: LateBoundString;
  /** Metrics and alerts in Amazon Managed Service for Prometheus, when on. */
  readonly managedPrometheus?: ResolvedManagedPrometheus;
  /** Pod logs in CloudWatch Logs, when on. */
  readonly podLogs?: TrinoPodLogsOptions;
  /** The coordinator's `management.user`, when something of the deployment reads `/metrics` (KEDA, the managed collector). */
  readonly managementUser?: string;
  /** The catalogs' credential secrets, which every Trino pod reads (synced by the Secrets Store CSI driver). */
  readonly catalogSecrets: CatalogSecret[];
}

/** A catalog's credentials secret in Secrets Manager, and the Kubernetes Secret its user name and password are synced into. */
export interface CatalogSecret {
  readonly catalogName: string;
  readonly secret: secretsmanager.ISecret;
  readonly usernameKey: string;
  readonly passwordKey: string;
  readonly kubernetesSecretName: string;
}

/** How Trino's pods get their IAM role, resolved. */
export interface ResolvedIdentity {
  readonly type: eks.IdentityType;
  /** Install the `eks-pod-identity-agent` add-on here (an imported cluster with `PodIdentityAgent.INSTALL`). */
  readonly installAgent: boolean;
  /** What IrsaBucketAccess is told about the agent: EXISTING on an imported cluster (installed here or already running). */
  readonly agentForAccess?: PodIdentityAgent;
}

/** The coordinator's `management.user` when only the managed collector reads `/metrics` (KEDA brings its own). */
export const METRICS_READER = 'metrics-reader';

/** Resolves TrinoOnEks's props: every check that needs no construct, and every file rendered once. */
export function resolveTrinoOnEks(props: TrinoOnEksProps, region: string):
TrinoOnEksModel & { readonly cluster: TrinoCluster; readonly identity: ResolvedIdentity } {
  const identity = resolveIdentity(props);
  const cluster = resolveCluster(props.cluster, identity.type, props.metastore?.createOptions !== undefined);
  return { ...resolve(props, region, cluster, (props.buckets ?? []).map((b) => b.bucketName)), cluster, identity };
}

/** The identity type and what the Pod Identity agent needs, checked the way IrsaBucketAccess and KarpenterController check it. */
function resolveIdentity(props: TrinoOnEksProps): ResolvedIdentity {
  const type = props.identityType ?? eks.IdentityType.IRSA;
  if (!Object.values(eks.IdentityType).includes(type)) {
    throw propError(CONSTRUCT, 'identityType', String(type), `must be one of ${Object.values(eks.IdentityType).join(', ')}`);
  }
  const agent = props.podIdentityAgent;
  if (agent !== undefined && !Object.values(PodIdentityAgent).includes(agent)) {
    throw propError(CONSTRUCT, 'podIdentityAgent', String(agent), `must be one of ${Object.values(PodIdentityAgent).join(', ')}`);
  }
  if (type === eks.IdentityType.IRSA) {
    if (agent !== undefined) throw propError(CONSTRUCT, 'podIdentityAgent', agent, 'applies only to identityType POD_IDENTITY');
    return { type, installAgent: false };
  }
  const existing = props.cluster?.existingCluster;
  if (existing === undefined || existing instanceof eks.Cluster) {
    if (agent !== undefined) {
      throw propError(CONSTRUCT, 'podIdentityAgent', agent,
        'applies only to imported clusters: a cluster created in this app gets the eks-pod-identity-agent add-on from aws-eks-v2; leave it unset');
    }
    return { type, installAgent: false };
  }
  if (agent === undefined) {
    throw propError(CONSTRUCT, 'podIdentityAgent', agent,
      'must be set for Pod Identity on an imported cluster: EXISTING if the cluster runs the eks-pod-identity-agent add-on ' +
      '(or is an EKS Auto Mode cluster, which runs the agent itself), INSTALL to install the add-on here');
  }
  return { type, installAgent: agent === PodIdentityAgent.INSTALL, agentForAccess: PodIdentityAgent.EXISTING };
}

/**
 * The same for Trino without a cluster: what the local stack runs. It resolves the quickstart's props exactly as
 * TrinoOnEks does (its buckets given by name: the emulator's), and then changes only endpoints, ports, directories
 * and node sizes.
 */
export function resolveTrinoWorkload(props: Omit<TrinoOnEksProps, 'cluster' | 'buckets'>, region: string, bucketNames: string[]): TrinoOnEksModel {
  return resolve(props, region, undefined, bucketNames);
}

function resolve(props: Omit<TrinoOnEksProps, 'cluster'>, region: string, cluster: TrinoCluster | undefined,
  bucketNames: string[]): TrinoOnEksModel {
  const namespace = props.namespace ?? 'trino';
  validateOwnNamespace(CONSTRUCT, 'namespace', namespace);
  validateChartVersion(props.chartVersion);
  const selfManagedKarpenter = cluster?.karpenter !== undefined || cluster?.createOptions?.compute?.selfManagedKarpenterOptions !== undefined;
  const workerProps = props.workers ?? {};
  const maxCount = workerProps.maxCount ?? 3;
  validateWholeNumber(CONSTRUCT, 'workers.maxCount', maxCount, 1);
  const minCount = workerProps.minCount ?? (workerProps.autoscaling ? 0 : maxCount);
  validateWholeNumber(CONSTRUCT, 'workers.minCount', minCount, 0);
  if (minCount > maxCount) {
    throw propError(CONSTRUCT, 'workers.minCount', minCount, `must not exceed workers.maxCount (${maxCount})`);
  }
  if (minCount !== maxCount && !workerProps.autoscaling) {
    throw propError(CONSTRUCT, 'workers.minCount', minCount,
      `must equal workers.maxCount (${maxCount}): without autoscaling the cluster runs a fixed number of workers; leave minCount unset or turn on workers.autoscaling`);
  }
  const autoscaling = workerProps.autoscaling
    ? resolveWorkerAutoscaling(CONSTRUCT, 'workers.autoscaling', workerProps.autoscaling, minCount, maxCount) : undefined;
  const maxUnavailable = workerProps.gracefulShutdown?.maxUnavailableWorkers ?? 1;
  validateWholeNumber(CONSTRUCT, 'workers.gracefulShutdown.maxUnavailableWorkers', maxUnavailable, 1,
    ': with 0 no worker could ever be drained and node upgrades would stall');
  const workerSize = workerProps.instanceSize ?? '4xlarge';
  const coordinatorSize = props.coordinator?.instanceSize ?? '2xlarge';
  const workerNode = nodeOf('workers.instanceSize', workerSize);
  const coordinatorNode = nodeOf('coordinator.instanceSize', coordinatorSize);
  if (workerProps.heap !== undefined) checkHeap(workerProps.heap, workerSize, workerNode);
  const graviton = workerProps.graviton ?? false;
  const instanceStore = workerProps.instanceStore ?? graviton;
  const workerDisk = instanceStore ? instanceStoreSize(workerSize) : undefined;
  const cache = workerProps.fileSystemCache;
  if (!workerDisk && cache !== undefined && cache._kind !== 'off') {
    throw propError(CONSTRUCT, 'workers.fileSystemCache', cache._kind === 'auto' ? 'FileSystemCache.auto()' : 'FileSystemCache.of(...)',
      'needs workers with a local disk: set workers.instanceStore (or workers.graviton) to true, or leave fileSystemCache out');
  }
  const version = props.version ?? TrinoVersion.LATEST;
  if (!TrinoVersion.SUPPORTED.includes(version)) {
    throw propError(CONSTRUCT, 'version', String(version),
      `must be a supported Trino release: ${TrinoVersion.SUPPORTED.map((v) => v.version).join(', ')}`);
  }
  const fte = props.faultTolerantExecution;
  const retryPolicy = fte ? (fte.retryPolicy ?? RetryPolicy.TASK) : RetryPolicy.NONE;
  if (fte && retryPolicy === RetryPolicy.NONE) {
    throw propError(CONSTRUCT, 'faultTolerantExecution.retryPolicy', retryPolicy, 'must be TASK or QUERY; leave faultTolerantExecution out for no retries');
  }
  const exchangeExpiry = fte?.exchangeExpiry ?? Duration.days(1);
  if (fte && (exchangeExpiry.toMinutes({ integral: false }) % (24 * 60) !== 0 || exchangeExpiry.toDays() < 1)) {
    throw propError(CONSTRUCT, 'faultTolerantExecution.exchangeExpiry', exchangeExpiry.toString(),
      'must be a whole number of days, at least 1 (S3 lifecycle rules count in days)');
  }

  const loadBalancer = props.endpoint?.loadBalancerOptions ? resolveLoadBalancer(CONSTRUCT, 'endpoint', props.endpoint.loadBalancerOptions, region) : undefined;
  // The load balancer comes from EKS Auto Mode's built-in load balancing (IngressClass eks.amazonaws.com/alb).
  if (loadBalancer && selfManagedKarpenter) {
    throw propError(CONSTRUCT, 'endpoint', 'TrinoEndpoint.loadBalancer()',
      'needs EKS Auto Mode\'s load balancing, which a cluster with self-managed Karpenter does not run; use TrinoEndpoint.none() ' +
      'and expose the coordinator Service with the AWS Load Balancer Controller of your cluster');
  }
  const managedPrometheus = props.monitoring?.managedPrometheus ? resolveManagedPrometheus(CONSTRUCT, 'monitoring.managedPrometheus',
    props.monitoring.managedPrometheus, autoscaling?.queryWait?.maxWait) : undefined;
  if (managedPrometheus && cluster?.existingCluster) {
    // The collector's network interfaces go in the cluster's private subnets, with the nodes' security group.
    requireClusterVpc(CONSTRUCT, 'cluster', cluster.existingCluster, 'import it with vpc: the managed Prometheus collector is placed in its private subnets');
    requireClusterSecurityGroup(CONSTRUCT, 'cluster', cluster.existingCluster,
      'import it with clusterSecurityGroupId: the managed Prometheus collector uses the nodes\' security group to reach the coordinator');
  }
  // One management user: KEDA and the collector read /metrics alike, and Trino refuses other users' management requests.
  const managementUser = autoscaling?.metricsUser ?? (managedPrometheus ? METRICS_READER : undefined);
  const authentication = props.authentication;
  const authenticated = authentication !== undefined && authentication.type !== AuthenticationType.NONE;
  const passwordUsers = authentication?.type === AuthenticationType.PASSWORD ? authentication.users : undefined;
  const oauth2 = authentication?.type === AuthenticationType.OAUTH2 ? authentication.oauth2Options : undefined;
  if (passwordUsers) {
    validatePasswordUsers(CONSTRUCT, 'authentication.users', passwordUsers,
      managementUser === undefined ? {} : {
        [managementUser]: autoscaling ? 'KEDA reads the coordinator\'s /metrics as this user (workers.autoscaling.metricsUser)'
          : 'the managed Prometheus collector reads the coordinator\'s /metrics as this user (monitoring.managedPrometheus)',
      });
  }
  if (oauth2) oauth2Properties(CONSTRUCT, 'authentication.oauth2', oauth2);
  if (authenticated && !loadBalancer) {
    throw propError(CONSTRUCT, 'authentication', authentication.type,
      'needs a TLS endpoint, because Trino accepts passwords and sign-ins only over HTTPS: set endpoint to TrinoEndpoint.loadBalancer({ domainName, hostedZone }) ' +
      `(endpoint is ${props.endpoint ? 'TrinoEndpoint.none()' : 'not set'}), or use TrinoAuthentication.none()`);
  }
  const { networkPolicies, createdVpcRange } = networkPolicyObjects(props, cluster, namespace, loadBalancer !== undefined,
    managedPrometheus !== undefined, autoscaling);

  // The catalogs and the buckets they are granted.
  const metastore = props.metastore;
  const created = metastore?.createOptions;
  if (created && cluster?.existingCluster) {
    // The created metastore's database goes in the cluster's VPC and admits the cluster security group (the nodes).
    requireClusterVpc(CONSTRUCT, 'cluster', cluster.existingCluster, 'import it with vpc, which the created metastore\'s database is placed in');
    requireClusterSecurityGroup(CONSTRUCT, 'cluster', cluster.existingCluster,
      'import it with clusterSecurityGroupId (the security group of its nodes, which the created metastore\'s database admits), ' +
      'or create the metastore yourself with HiveMetastoreService and pass TrinoMetastore.existing(metastore)');
  }
  const existing = metastore?.existingMetastore;
  const metastoreUri = existing?.thriftUri ?? (created ? CREATED_METASTORE_URI : undefined);
  const warehouse = created ? { bucketName: created.warehouse.bucketName, prefix: created.warehouse.prefix } : existingWarehouse(existing);
  const catalogs = props.catalogs ?? defaultCatalogs(metastoreUri, warehouse);
  const catalogSecrets = resolveCatalogSecrets(catalogs, cluster);
  if (props.resourceGroups) validateResourceGroups(props.resourceGroups, CONSTRUCT);
  validateUserGroups(props.groups ?? [], CONSTRUCT);
  const exchangeBucketName = fte ? new LateBoundString('the exchange bucket') : undefined;
  const shutdown = workerProps.gracefulShutdown ?? {};
  const configurationOptions: TrinoConfigurationOptions = {
    version,
    discoveryUri: `http://${names.RELEASE}:${names.HTTP_PORT}`,
    httpPort: names.HTTP_PORT,
    coordinatorNode,
    workerNode: { ...workerNode, heap: workerProps.heap },
    maxWorkers: maxCount,
    catalogs,
    objectStorage: ObjectStorage.aws(region),
    gracefulShutdown: {
      gracePeriod: shutdown.gracePeriod,
      longestTask: shutdown.longestTask,
      margin: shutdown.margin,
      terminationGracePeriod: shutdown.terminationGracePeriod,
    },
    retryPolicy,
    ...(exchangeBucketName ? { exchange: { bucketName: exchangeBucketName.token } } : {}),
    ...(autoscaling?.queryWait ? { scaleToZero: autoscaling.queryWait } : {}),
    ...(workerDisk ? { localStorage: { diskSize: workerDisk, fileSystemCache: cache } } : {}),
    ...(authentication ? { authentication } : {}),
    processForwarded: loadBalancer !== undefined,
    ...(props.accessControl ? { accessControl: props.accessControl } : {}),
    ...(props.resourceGroups ? { resourceGroups: props.resourceGroups } : {}),
    ...(props.groups ? { groups: props.groups } : {}),
    // KEDA and the managed collector read the coordinator's /metrics over plain HTTP as this user (system information read);
    // the collector names no user, so the management user is rendered without client authentication too.
    ...(managementUser ? { managementUser } : {}),
    ...(managedPrometheus ? { anonymousManagementReads: true } : {}),
  };
  const configuration = asOwnProps(CONSTRUCT, CONFIGURATION_PROP_PATHS, () => new TrinoConfiguration(configurationOptions));
  const offered = [...bucketNames, ...(created ? [created.warehouse.bucketName] : [])];
  if (existing && props.catalogs === undefined && warehouse && !offered.includes(warehouse.bucketName)) {
    throw propError(CONSTRUCT, 'buckets', bucketNames.length === 0 ? undefined : bucketNames.join(', '),
      `must include the existing metastore's warehouse bucket ("${warehouse.bucketName}"): the default Iceberg catalog reads and writes ` +
      'its warehouse (pass the bucket, with its KMS key), or pass catalogs');
  }
  const grants = planStorageGrants(CONSTRUCT, configuration.storageAccess.filter((a) => a.bucketName !== exchangeBucketName?.token), offered);
  const protectCoordinator = props.coordinator?.protect ?? true;
  const helmValues = chartValues(configuration, namespace, props, autoscaling, networkPolicies !== undefined, protectCoordinator);

  return {
    namespace,
    cluster,
    createdMetastore: created,
    existingMetastore: existing,
    catalogs,
    configurationOptions,
    configuration,
    helmValues,
    workers: { instanceSize: workerSize, maxCount, minCount, spot: workerProps.spot ?? true, graviton, instanceStore, maxUnavailable },
    coordinatorInstanceSize: coordinatorSize,
    protectCoordinator,
    retryPolicy,
    exchange: exchangeBucketName ? { expiry: exchangeExpiry, bucketName: exchangeBucketName } : undefined,
    grants,
    autoscaling,
    loadBalancer,
    passwordUsers,
    oauth2,
    authenticated,
    networkPolicies,
    createdVpcRange,
    managedPrometheus,
    podLogs: props.monitoring?.podLogs,
    managementUser,
    catalogSecrets,
  };
}

/**
 * The secrets of the catalogs' credentials. On EKS they must come from Secrets Manager (nothing else sets the
 * environment), and a database to admit Trino's nodes to needs the cluster security group (the nodes').
 */
function resolveCatalogSecrets(catalogs: Catalog[], cluster: TrinoCluster | undefined): CatalogSecret[] {
  const secrets: CatalogSecret[] = [];
  catalogs.forEach((catalog, i) => {
    const credentials = catalog.credentials;
    if (credentials && cluster) {
      if (!credentials.secret) {
        throw propError(CONSTRUCT, `catalogs[${i}].credentials`, `variables ${credentials.usernameVariable}, ${credentials.passwordVariable}`,
          `of catalog "${catalog.name}" must come from Secrets Manager: nothing sets environment variables of its own in Trino's pods; ` +
          'use CatalogCredentials.fromSecret(secret)');
      }
      secrets.push({
        catalogName: catalog.name,
        secret: credentials.secret,
        usernameKey: credentials.usernameKey!,
        passwordKey: credentials.passwordKey!,
        kubernetesSecretName: catalogCredentialsSecretName(names.RELEASE, catalog.name),
      });
    }
    if (catalog.databaseAccess && cluster?.existingCluster) {
      requireClusterSecurityGroup(CONSTRUCT, 'cluster', cluster.existingCluster,
        `import it with clusterSecurityGroupId (the security group of its nodes), which catalog "${catalog.name}"'s database admits ` +
        '(or leave connectable out and admit Trino\'s nodes to the database yourself)');
    }
  });
  return secrets;
}

function resolveCluster(cluster: TrinoCluster | undefined, identityType: eks.IdentityType, createsMetastore: boolean): TrinoCluster {
  if (cluster === undefined) {
    throw propError(CONSTRUCT, 'cluster', undefined,
      'is required: TrinoCluster.create({ kubectlLayer: new KubectlV35Layer(this, \'Kubectl\') }) (from @aws-cdk/lambda-layer-kubectl-v35) ' +
      'creates a VPC and a cluster, TrinoCluster.existing(cluster) uses one of the app');
  }
  if (cluster.createOptions && !cluster.createOptions.kubectlLayer) {
    throw propError(CONSTRUCT, 'cluster.kubectlLayer', undefined,
      'is required: pass new KubectlV35Layer(this, \'Kubectl\') (from @aws-cdk/lambda-layer-kubectl-v35) to TrinoCluster.create');
  }
  const existing = cluster.existingCluster;
  const karpenter = cluster.karpenter;
  if (existing && karpenter && !Token.isUnresolved(existing.clusterName) && !Token.isUnresolved(karpenter.clusterName)
    && karpenter.clusterName !== existing.clusterName) {
    throw propError(CONSTRUCT, 'cluster.karpenter', karpenter.clusterName, `must serve the cluster Trino runs in (${existing.clusterName})`);
  }
  if (existing) {
    // Everything is applied through the kubectl provider; IRSA (Trino's, or the created metastore's) needs the OIDC provider.
    requireKubectlProvider(CONSTRUCT, 'cluster', existing);
    if (identityType === eks.IdentityType.IRSA) {
      requireOpenIdConnectProvider(CONSTRUCT, 'cluster', existing, ', or use identityType POD_IDENTITY');
    } else if (createsMetastore) {
      requireOpenIdConnectProvider(CONSTRUCT, 'cluster', existing,
        ' (the metastore TrinoOnEks creates uses IRSA), or create the metastore with HiveMetastoreService and pass TrinoMetastore.existing(metastore)');
    }
  }
  return cluster;
}

/**
 * The role-specific NetworkPolicies: `networkPolicy.allowFrom`, KEDA, the metrics scrapers, and with a load balancer the
 * cluster VPC's range (the load balancer reaches the coordinator pod's IP from its interfaces in the VPC's subnets).
 */
function networkPolicyObjects(props: Omit<TrinoOnEksProps, 'cluster'>, cluster: TrinoCluster | undefined, namespace: string, loadBalancer: boolean,
  managedCollector: boolean, autoscaling: ResolvedWorkerAutoscaling | undefined):
  { networkPolicies?: Record<string, any>[]; createdVpcRange?: LateBoundString } {
  const enabled = props.networkPolicy?.enabled ?? true;
  const allowFrom = props.networkPolicy?.allowFrom;
  let range: string | undefined;
  let createdVpcRange: LateBoundString | undefined;
  const existing = cluster?.existingCluster;
  const givenVpc = cluster?.createOptions?.vpc;
  // The load balancer and the managed collector reach the coordinator pod's IP from their interfaces in the VPC's subnets.
  const peers = [loadBalancer ? 'the load balancer' : undefined, managedCollector ? 'the managed Prometheus collector' : undefined]
    .filter((peer) => peer !== undefined).join(' and ');
  const subnetsOf = managedCollector ? `the subnets of ${peers}` : 'the load balancer\'s subnets';
  if ((loadBalancer || managedCollector) && enabled) {
    if (existing) {
      range = knownVpcRange(existing);
      if (range === undefined && !allowFrom) {
        throw propError(CONSTRUCT, 'networkPolicy.allowFrom', undefined,
          `must name the address ranges of ${subnetsOf}: the existing cluster has no VPC with a known CIDR ` +
          `(import it with vpc: Vpc.fromVpcAttributes({ ..., vpcCidrBlock })), and the coordinator's NetworkPolicy admits ${peers} by address`);
      }
    } else if (givenVpc) {
      range = knownVpcRange({ vpc: givenVpc });
      if (range === undefined && !allowFrom) {
        throw propError(CONSTRUCT, 'networkPolicy.allowFrom', undefined,
          `must name the address ranges of ${subnetsOf}: the cluster's vpc was imported without vpcCidrBlock, ` +
          `and the coordinator's NetworkPolicy admits ${peers} by address`);
      }
    } else {
      createdVpcRange = new LateBoundString('the created VPC\'s address range');
      range = createdVpcRange.token;
    }
  }
  const networkPolicies = resolveNetworkPolicies(props.networkPolicy, {
    construct: CONSTRUCT,
    namespace,
    selectorLabels: names.CHART_SELECTOR_LABELS,
    name: names.RELEASE,
    clientPorts: [names.HTTP_PORT],
    // Pods get VPC addresses too, so inside the VPC the gate is the authentication, not the network.
    clients: [...(allowFrom ?? []), ...(range !== undefined ? [{ cidr: range }] : [])],
    autoscaler: autoscaling ? { namespace: autoscaling.installKeda ? KEDA_CHART.namespace : undefined } : undefined,
    metricsExporterPort: props.metrics ? JMX_EXPORTER_PORT : undefined,
  });
  return { networkPolicies, createdVpcRange };
}

/** The chart values: generated from the configuration and the deployment's names, then the user's (guarded). */
function chartValues(configuration: TrinoConfiguration, namespace: string, props: Omit<TrinoOnEksProps, 'cluster'>,
  autoscaling: ResolvedWorkerAutoscaling | undefined, networkPolicy: boolean, protectCoordinator: boolean): Record<string, any> {
  const chart = asOwnProps(CONSTRUCT, CHART_PROP_PATHS, () => new TrinoChartValues(configuration, {
    name: names.RELEASE,
    namespace,
    serviceAccountName: names.RELEASE,
    sharedSecret: { secretName: names.SHARED_SECRET_NAME, key: names.SHARED_SECRET_KEY },
    secretProviderClassName: names.SECRET_PROVIDER_CLASS,
    coordinatorScheduling: { nodeSelector: { 'karpenter.sh/nodepool': names.COORDINATOR_POOL } },
    workerScheduling: {
      nodeSelector: { 'karpenter.sh/nodepool': names.WORKER_POOL },
      tolerations: [{ key: TrinoNodePools.WORKER_TAINT.key, value: TrinoNodePools.WORKER_TAINT.value, effect: TrinoNodePools.WORKER_TAINT.effect }],
    },
    autoscaling: autoscaling ? queryAwareAutoscaling(autoscaling, {
      coordinatorUri: names.coordinatorUri(namespace),
      authenticationName: names.KEDA_AUTHENTICATION,
    }) : undefined,
    metrics: props.metrics,
    // The chart's NetworkPolicy admits Trino's pods to each other; other peers get role-specific policies.
    networkPolicyAllowFrom: networkPolicy ? [] : undefined,
    ...(configuration.passwordFile !== undefined
      ? {
        passwordFileSecretName: names.PASSWORD_FILE_SECRET_NAME,
        coordinatorSecretProviderClassName: names.COORDINATOR_SECRET_PROVIDER_CLASS,
      } : {}),
    ...(configuration.oauth2Properties !== undefined
      ? { oauth2ClientSecret: { secretName: names.OAUTH2_CLIENT_SECRET_NAME, key: names.OAUTH2_CLIENT_SECRET_KEY } } : {}),
  }));
  const generated = protectCoordinator ? deepMerge(chart.values, coordinatorProtectionValues()) : chart.values;
  const merged = mergeHelmValues(CONSTRUCT, generated, props.helmValues);
  refuseUnmanagedAutoscaling(CONSTRUCT, generated, merged);
  return merged;
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
    throw propError(CONSTRUCT, 'workers.heap', `${heap.toMebibytes()} MiB`, `must fit a ${size} worker node: it ${reason}`);
  }
}

function existingWarehouse(metastore: HiveMetastoreService | undefined): { bucketName: string; prefix: string } | undefined {
  const match = metastore ? /^s3:\/\/([^/]+)\/(.+)$/.exec(metastore.warehouseUri) : null;
  return match ? { bucketName: match[1], prefix: match[2] } : undefined;
}

function defaultCatalogs(metastoreUri: string | undefined, warehouse: { bucketName: string; prefix: string } | undefined): Catalog[] {
  if (metastoreUri === undefined || warehouse === undefined) return [];
  return [Catalog.iceberg({
    metastoreUri,
    storageAccess: [{ bucketName: warehouse.bucketName, prefixes: [warehouse.prefix], access: BucketAccess.READ_WRITE }],
  })];
}

/**
 * Helm pulls an exact chart version: a range or a word such as 'latest' fails only at deploy time, in the Helm
 * custom resource, after the cluster and the metastore were created.
 */
function validateChartVersion(chartVersion: string | undefined): void {
  if (chartVersion === undefined || isUnresolved(chartVersion)) return;
  if (!/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(chartVersion)) {
    throw propError(CONSTRUCT, 'chartVersion', chartVersion, 'must be an exact chart version (e.g. \'1.42.2\'): Helm installs one release of the chart');
  }
}
