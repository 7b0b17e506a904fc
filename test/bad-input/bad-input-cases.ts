import { KubectlV35Layer } from '@aws-cdk/lambda-layer-kubectl-v35';
import { Duration, Size, Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import {
  BucketAccess, Catalog, CatalogAccess, CatalogCredentials, ConsolidationPolicy, DatabaseAuthentication, FileSystemCache,
  GracefulShutdownBudget, GracefulShutdownWorkers, GracefulShutdownWorkersProps, HiveMetastoreService, HiveMetastoreServiceProps,
  ImageArchitecture, IrsaBucketAccess, IrsaBucketAccessProps, KarpenterController, KarpenterControllerProps, KarpenterNodePool,
  KarpenterNodePoolProps, LoadBalancerEndpointOptions, LocalStorage, MetastoreBackup, MetastoreDatabase, MetastoreImage, NodeClass, ObjectStorage,
  PodIdentityAgent, Requirement, RequirementOperator, ResourceGroupMemoryLimit, RetryPolicy, TablePrivilege, TaintEffect, TrinoAccessControl,
  TrinoAuthentication,
  TrinoChartValues, TrinoChartValuesOptions, TrinoCluster, TrinoClusterCompute, TrinoConfiguration, TrinoConfigurationOptions, TrinoEndpoint,
  TrinoMemory, TrinoMetastore, TrinoNodePools, TrinoOnEks, TrinoOnEksProps, TrinoVersion, WarehouseLocation,
} from '../../src';
import { importedCluster } from '../fixtures/clusters';

/**
 * Arranges what a case needs in `stack` (clusters, buckets, certificates...) and returns the call that must be
 * refused: so the test can tell what the refused call itself left behind from what the case set up.
 */
export type Attempt = (stack: Stack) => () => unknown;

/** One bad input a user may give, and how the library refuses it. */
export interface BadInputCase {
  /** The construct or class the user calls, as the user knows it. */
  readonly construct: string;
  /** The prop, as a path from the props the user writes (`workers.maxCount`). */
  readonly prop: string;
  /** The bad value, the way a user would write it or say it. */
  readonly badValue: string;
  /** Builds the bad input; the returned call must throw. */
  readonly attempt: Attempt;
  /**
   * The message expected: anchored on the construct and the prop it names, with the value and a phrase of what
   * is allowed.
   */
  readonly message: RegExp;
  /** For a construct: the id `attempt` gives it in `stack`, which must not be there after the refusal. */
  readonly constructId?: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------------------------

const CERTIFICATE_ARN = 'arn:aws:acm:eu-west-1:111122223333:certificate/0a1b2c3d-1111-2222-3333-444455556666';
/** The imported cluster's VPC range: a load balancer endpoint needs a known one for the coordinator's NetworkPolicy. */
const VPC_CIDR = '10.20.0.0/16';
const METASTORE_URI = 'thrift://hive-metastore.hive-metastore.svc.cluster.local:9083';
const LAKE = 'analytics-lake';
const IMAGE = 'public.ecr.aws/example/hive-metastore:4.1.0';

function certificate(stack: Stack): acm.ICertificate {
  return acm.Certificate.fromCertificateArn(stack, 'Certificate', CERTIFICATE_ARN);
}

/** An imported cluster with OIDC, kubectl and a VPC of known range (what most users pass to TrinoCluster.existing). */
function cluster(stack: Stack): eks.ICluster {
  return importedCluster(stack, { vpcCidrBlock: VPC_CIDR });
}

/** An Auto Mode cluster created in the stack. */
function autoModeCluster(stack: Stack): eks.Cluster {
  return new eks.Cluster(stack, 'Cluster', {
    version: eks.KubernetesVersion.V1_35,
    kubectlProviderOptions: { kubectlLayer: new KubectlV35Layer(stack, 'KubectlLayer') },
  });
}

/** A cluster created without Auto Mode (a managed node group runs the system pods). */
function selfManagedCluster(stack: Stack): eks.Cluster {
  return new eks.Cluster(stack, 'Cluster', {
    version: eks.KubernetesVersion.V1_35,
    defaultCapacityType: eks.DefaultCapacityType.NODEGROUP,
    kubectlProviderOptions: { kubectlLayer: new KubectlV35Layer(stack, 'KubectlLayer') },
  });
}

/** TrinoOnEks on an imported cluster with a TPC-H catalog, plus `extra`. */
function trinoOnEks(extra: (stack: Stack) => Partial<TrinoOnEksProps> = () => ({})): Attempt {
  return (stack) => {
    const props: TrinoOnEksProps = { cluster: TrinoCluster.existing(cluster(stack)), catalogs: [Catalog.tpch()], ...extra(stack) };
    return () => new TrinoOnEks(stack, 'Trino', props);
  };
}

/** Password users behind a TLS load balancer, the setup the authentication cases vary. */
function passwordUsers(users: string[]): (stack: Stack) => Partial<TrinoOnEksProps> {
  return (stack) => ({
    authentication: TrinoAuthentication.password({ users }),
    endpoint: TrinoEndpoint.loadBalancer({ certificate: certificate(stack) }),
  });
}

function oauth2(options: { issuer?: string; scopes?: string[]; clientId?: string }): (stack: Stack) => Partial<TrinoOnEksProps> {
  return (stack) => ({
    authentication: TrinoAuthentication.oauth2({
      issuer: options.issuer ?? 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123',
      clientId: options.clientId ?? '4k2example',
      clientSecret: secretsmanager.Secret.fromSecretNameV2(stack, 'ClientSecret', 'trino/oauth2-client-secret'),
      ...(options.scopes ? { scopes: options.scopes } : {}),
    }),
    endpoint: TrinoEndpoint.loadBalancer({ certificate: certificate(stack) }),
  });
}

function loadBalancer(options: Omit<LoadBalancerEndpointOptions, 'certificate'>): (stack: Stack) => Partial<TrinoOnEksProps> {
  return (stack) => ({ endpoint: TrinoEndpoint.loadBalancer({ certificate: certificate(stack), ...options }) });
}

/** The public zone `example.com`, imported with its name (what `HostedZone.fromLookup` gives). */
function exampleZone(stack: Stack): route53.IHostedZone {
  return route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' });
}

/** A load balancer for a domain name in `example.com` (its certificate issued there unless one is given). */
function namedLoadBalancer(options: Partial<LoadBalancerEndpointOptions>): (stack: Stack) => Partial<TrinoOnEksProps> {
  return (stack) => ({ endpoint: TrinoEndpoint.loadBalancer({ domainName: 'trino.example.com', hostedZone: exampleZone(stack), ...options }) });
}

function metastore(props: (stack: Stack) => Partial<HiveMetastoreServiceProps>): Attempt {
  return (stack) => {
    const given = props(stack);
    const all: HiveMetastoreServiceProps = {
      cluster: given.cluster ?? cluster(stack),
      warehouse: WarehouseLocation.fromUri(`s3://${LAKE}/warehouse`),
      image: MetastoreImage.fromRegistry(IMAGE, ImageArchitecture.ARM64),
      ...given,
    };
    return () => new HiveMetastoreService(stack, 'Metastore', all);
  };
}

function bucketAccess(props: (stack: Stack) => Partial<IrsaBucketAccessProps>): Attempt {
  return (stack) => {
    const given = props(stack);
    const all: IrsaBucketAccessProps = {
      cluster: given.cluster ?? importedCluster(stack),
      namespace: 'trino',
      serviceAccountName: 'trino',
      grants: given.grants ?? [{ bucket: lake(stack), prefixes: ['warehouse'], access: BucketAccess.READ_WRITE }],
      ...given,
    };
    return () => new IrsaBucketAccess(stack, 'Access', all);
  };
}

function lake(stack: Stack): s3.IBucket {
  return (stack.node.tryFindChild('Lake') as s3.IBucket | undefined) ?? s3.Bucket.fromBucketName(stack, 'Lake', LAKE);
}

function controller(props: (stack: Stack) => KarpenterControllerProps): Attempt {
  return (stack) => {
    const all = props(stack);
    return () => new KarpenterController(stack, 'Karpenter', all);
  };
}

function nodePool(props: (stack: Stack) => Partial<KarpenterNodePoolProps>): Attempt {
  return (stack) => {
    const given = props(stack);
    const all: KarpenterNodePoolProps = { cluster: given.cluster ?? importedCluster(stack), name: 'trino-workers', ...given };
    return () => new KarpenterNodePool(stack, 'Pool', all);
  };
}

/** A pool on a cluster with self-managed Karpenter: the controller of an imported cluster. */
function selfManagedPool(extra: Partial<KarpenterNodePoolProps>): Attempt {
  return nodePool((stack) => {
    const imported = cluster(stack);
    return { cluster: imported, controller: new KarpenterController(stack, 'Karpenter', { cluster: imported, podIdentityAgent: PodIdentityAgent.EXISTING }), ...extra };
  });
}

function shutdownWorkers(props: (stack: Stack) => Partial<GracefulShutdownWorkersProps>): Attempt {
  return (stack) => {
    const given = props(stack);
    const all: GracefulShutdownWorkersProps = {
      cluster: given.cluster ?? importedCluster(stack), namespace: 'trino', budget: GracefulShutdownBudget.compute(), ...given,
    };
    return () => new GracefulShutdownWorkers(stack, 'Shutdown', all);
  };
}

/** A call with no construct scope (a factory or a renderer). */
function call(build: () => unknown): Attempt {
  return () => build;
}

/** A call with no construct scope that references a cluster (imported in the stack first). */
function onCluster(build: (imported: eks.ICluster) => unknown): Attempt {
  return (stack) => {
    const imported = importedCluster(stack);
    return () => build(imported);
  };
}

/** A cluster of 64 GiB workers, up to 10 of them: the configuration the TrinoConfiguration cases vary. */
const CONFIGURATION: TrinoConfigurationOptions = {
  discoveryUri: 'http://trino:8080',
  coordinatorNode: { nodeMemory: Size.gibibytes(32), nodeVcpus: 8 },
  workerNode: { nodeMemory: Size.gibibytes(64), nodeVcpus: 16 },
  maxWorkers: 10,
};

const CHART_DEPLOYMENT: TrinoChartValuesOptions = {
  namespace: 'trino',
  serviceAccountName: 'trino',
  sharedSecret: { secretName: 'trino-internal', key: 'shared-secret' },
};

function chartValues(options: Partial<TrinoChartValuesOptions>, configuration: Partial<TrinoConfigurationOptions> = {}): Attempt {
  return call(() => new TrinoChartValues(new TrinoConfiguration({ ...CONFIGURATION, ...configuration }), { ...CHART_DEPLOYMENT, ...options }));
}

const hiveCatalog = (bucketName: string) => Catalog.hive({
  metastoreUri: METASTORE_URI, storageAccess: [{ bucketName, prefixes: ['raw'], access: BucketAccess.READ }],
});

// ---------------------------------------------------------------------------------------------------------------
// The cases, grouped by the construct or class the user calls
// ---------------------------------------------------------------------------------------------------------------

/** The cases of one construct (with the id it gets in the stack) or class (no id). */
function casesOf(construct: string, constructId: string | undefined, cases: Array<Omit<BadInputCase, 'construct' | 'constructId'>>): BadInputCase[] {
  return cases.map((c) => ({ construct, ...(constructId ? { constructId } : {}), ...c }));
}

const TRINO_ON_EKS = casesOf('TrinoOnEks', 'Trino', [
  {
    prop: 'resourceGroups.selectors[0].group',
    badValue: "`'global.etl'` (no such group)",
    attempt: trinoOnEks(() => ({
      resourceGroups: {
        rootGroups: [{ name: 'global', softMemoryLimit: ResourceGroupMemoryLimit.percentOfCluster(80), hardConcurrencyLimit: 10, maxQueued: 100 }],
        selectors: [{ group: 'global.etl' }],
      },
    })),
    message: /^TrinoOnEks: resourceGroups\.selectors\[0\]\.group \("global\.etl"\) names no group: it must be the dot-separated path of a leaf group, one of "global"/,
  },
  {
    prop: 'resourceGroups.rootGroups[0].softConcurrencyLimit',
    badValue: '`20` above a hard limit of 10',
    attempt: trinoOnEks(() => ({
      resourceGroups: {
        rootGroups: [{ name: 'global', softMemoryLimit: ResourceGroupMemoryLimit.percentOfCluster(80), hardConcurrencyLimit: 10, softConcurrencyLimit: 20, maxQueued: 100 }],
        selectors: [{ group: 'global' }],
      },
    })),
    message: /^TrinoOnEks: resourceGroups\.rootGroups\[0\]\.softConcurrencyLimit \(20\) must be at most the group's hardConcurrencyLimit \(10\)/,
  },
  {
    prop: 'groups[0].users[0]',
    badValue: "`'alice,bob'`",
    attempt: trinoOnEks(() => ({ groups: [{ name: 'analysts', users: ['alice,bob'] }] })),
    message: /^TrinoOnEks: groups\[0\]\.users\[0\] \("alice,bob"\) must be a Trino user name/,
  },
  {
    prop: 'catalogs[0].credentials',
    badValue: '`CatalogCredentials.fromEnvironment(...)`',
    attempt: trinoOnEks(() => ({ catalogs: [Catalog.mysql({ name: 'crm', host: 'crm.internal', credentials: CatalogCredentials.fromEnvironment('CRM_USER', 'CRM_PASSWORD') })] })),
    message: /^TrinoOnEks: catalogs\[0\]\.credentials \("variables CRM_USER, CRM_PASSWORD"\) of catalog "crm" must come from Secrets Manager/,
  },
  {
    prop: 'cluster',
    badValue: '`TrinoCluster.existing(cluster)` imported without its security group, with a catalog database to admit Trino to',
    attempt: trinoOnEks((stack) => ({
      catalogs: [Catalog.postgresql({
        name: 'orders',
        host: 'orders.internal',
        database: 'shop',
        credentials: CatalogCredentials.fromSecret(secretsmanager.Secret.fromSecretNameV2(stack, 'OrdersSecret', 'orders-db')),
        connectable: ec2.SecurityGroup.fromSecurityGroupId(stack, 'OrdersDb', 'sg-0db0000000000d0db'),
      })],
    })),
    message: /^TrinoOnEks: cluster \("analytics"\) was imported without its cluster security group: import it with clusterSecurityGroupId .* catalog "orders"'s database/,
  },
  {
    prop: 'cluster',
    badValue: '`TrinoCluster.existing(cluster)` imported without a kubectl provider',
    attempt: (stack) => {
      const imported = importedCluster(stack, { withKubectl: false });
      return () => new TrinoOnEks(stack, 'Trino', { cluster: TrinoCluster.existing(imported), catalogs: [Catalog.tpch()] });
    },
    message: /^TrinoOnEks: cluster \("analytics"\) was imported without a kubectl provider: pass kubectlProvider to Cluster\.fromClusterAttributes/,
  },
  {
    prop: 'cluster',
    badValue: '`TrinoCluster.existing(cluster)` imported without an OpenID Connect provider',
    attempt: (stack) => {
      const imported = importedCluster(stack, { withOidc: false });
      return () => new TrinoOnEks(stack, 'Trino', { cluster: TrinoCluster.existing(imported), catalogs: [Catalog.tpch()] });
    },
    message: /^TrinoOnEks: cluster \("analytics"\) was imported without an OpenID Connect provider, which IRSA needs/,
  },
  {
    prop: 'cluster',
    badValue: '`TrinoCluster.existing(cluster)` imported without its VPC, with `TrinoMetastore.create(...)`',
    attempt: (stack) => {
      const imported = importedCluster(stack);
      const warehouse = WarehouseLocation.fromUri(`s3://${LAKE}/warehouse`);
      return () => new TrinoOnEks(stack, 'Trino', { cluster: TrinoCluster.existing(imported), metastore: TrinoMetastore.create({ warehouse }) });
    },
    message: /^TrinoOnEks: cluster \("analytics"\) was imported without its VPC: import it with vpc, which the created metastore's database is placed in/,
  },
  {
    prop: 'cluster',
    badValue: '`TrinoCluster.existing(cluster)` imported without its cluster security group, with `TrinoMetastore.create(...)`',
    attempt: (stack) => {
      const imported = cluster(stack);
      const warehouse = WarehouseLocation.fromUri(`s3://${LAKE}/warehouse`);
      return () => new TrinoOnEks(stack, 'Trino', { cluster: TrinoCluster.existing(imported), metastore: TrinoMetastore.create({ warehouse }) });
    },
    message: /^TrinoOnEks: cluster \("analytics"\) was imported without its cluster security group: import it with clusterSecurityGroupId/,
  },
  {
    prop: 'cluster.kubectlLayer',
    badValue: 'left out of `TrinoCluster.create(...)` (JavaScript, or a cast)',
    attempt: (stack) => () => new TrinoOnEks(stack, 'Trino', { cluster: TrinoCluster.create({} as never), catalogs: [Catalog.tpch()] }),
    message: /^TrinoOnEks: cluster\.kubectlLayer \(not set\) is required: pass new KubectlV35Layer/,
  },
  {
    prop: 'cluster',
    badValue: 'left out (JavaScript, or a cast)',
    attempt: (stack) => () => new TrinoOnEks(stack, 'Trino', {} as TrinoOnEksProps),
    message: /^TrinoOnEks: cluster \(not set\) is required: TrinoCluster\.create\(.*TrinoCluster\.existing\(cluster\) uses one of the app/,
  },
  {
    prop: 'cluster.karpenter',
    badValue: 'a `KarpenterController` of another cluster',
    attempt: (stack) => {
      const analytics = cluster(stack);
      const karpenter = new KarpenterController(stack, 'Karpenter', { cluster: analytics, podIdentityAgent: PodIdentityAgent.EXISTING });
      const reporting = eks.Cluster.fromClusterAttributes(stack, 'Reporting', {
        clusterName: 'reporting',
        kubectlProvider: analytics.kubectlProvider,
        openIdConnectProvider: analytics.openIdConnectProvider,
      });
      return () => new TrinoOnEks(stack, 'Trino', { cluster: TrinoCluster.existing(reporting, { karpenter }), catalogs: [Catalog.tpch()] });
    },
    message: /^TrinoOnEks: cluster\.karpenter \("analytics"\) must serve the cluster Trino runs in \(reporting\)/,
  },
  {
    prop: 'namespace',
    badValue: "`'Trino_NS'`",
    attempt: trinoOnEks(() => ({ namespace: 'Trino_NS' })),
    message: /^TrinoOnEks: namespace \("Trino_NS"\) must be an RFC 1123 label: 2 to 63 lowercase letters/,
  },
  {
    prop: 'namespace',
    badValue: "`'kube-system'`",
    attempt: trinoOnEks(() => ({ namespace: 'kube-system' })),
    message: /^TrinoOnEks: namespace \("kube-system"\) is one of Kubernetes' own namespaces \(default, kube-system, kube-public, kube-node-lease\)/,
  },
  {
    prop: 'chartVersion',
    badValue: "`'latest'`",
    attempt: trinoOnEks(() => ({ chartVersion: 'latest' })),
    message: /^TrinoOnEks: chartVersion \("latest"\) must be an exact chart version \(e\.g\. '1\.42\.2'\)/,
  },
  {
    prop: 'workers.maxCount',
    badValue: '`0`',
    attempt: trinoOnEks(() => ({ workers: { maxCount: 0 } })),
    message: /^TrinoOnEks: workers\.maxCount \(0\) must be a whole number of at least 1/,
  },
  {
    prop: 'workers.maxCount',
    badValue: '`2.5`',
    attempt: trinoOnEks(() => ({ workers: { maxCount: 2.5 } })),
    message: /^TrinoOnEks: workers\.maxCount \(2\.5\) must be a whole number of at least 1/,
  },
  {
    prop: 'workers.minCount',
    badValue: '`2` with `maxCount: 3` and no autoscaling',
    attempt: trinoOnEks(() => ({ workers: { minCount: 2, maxCount: 3 } })),
    message: /^TrinoOnEks: workers\.minCount \(2\) must equal workers\.maxCount \(3\): without autoscaling .*turn on workers\.autoscaling/,
  },
  {
    prop: 'workers.minCount',
    badValue: '`5` with `maxCount: 3` and autoscaling',
    attempt: trinoOnEks(() => ({ workers: { minCount: 5, maxCount: 3, autoscaling: {} } })),
    message: /^TrinoOnEks: workers\.minCount \(5\) must not exceed workers\.maxCount \(3\)/,
  },
  {
    prop: 'workers.minCount',
    badValue: '`-1` with autoscaling',
    attempt: trinoOnEks(() => ({ workers: { minCount: -1, autoscaling: {} } })),
    message: /^TrinoOnEks: workers\.minCount \(-1\) must be a whole number of at least 0/,
  },
  {
    prop: 'workers.instanceSize',
    badValue: "`'r7i.4xlarge'` (a whole instance type)",
    attempt: trinoOnEks(() => ({ workers: { instanceSize: 'r7i.4xlarge' } })),
    message: /^TrinoOnEks: workers\.instanceSize \("r7i\.4xlarge"\) must be one of large, xlarge, 2xlarge, .*memory-optimized sizes/,
  },
  {
    prop: 'coordinator.instanceSize',
    badValue: "`'tiny'`",
    attempt: trinoOnEks(() => ({ coordinator: { instanceSize: 'tiny' } })),
    message: /^TrinoOnEks: coordinator\.instanceSize \("tiny"\) must be one of large, xlarge, 2xlarge/,
  },
  {
    prop: 'workers.heap',
    badValue: '`Size.gibibytes(200)` on a 4xlarge (128 GiB) worker',
    attempt: trinoOnEks(() => ({ workers: { heap: Size.gibibytes(200) } })),
    message: /^TrinoOnEks: workers\.heap \("204800 MiB"\) must fit a 4xlarge worker node: it exceeds what the node can give the heap/,
  },
  {
    prop: 'workers.heap',
    badValue: '`Size.gibibytes(1)`',
    attempt: trinoOnEks(() => ({ workers: { heap: Size.gibibytes(1) } })),
    message: /^TrinoOnEks: workers\.heap \("1024 MiB"\) must fit a 4xlarge worker node: it must be at least 2 GiB/,
  },
  {
    prop: 'workers.fileSystemCache',
    badValue: '`FileSystemCache.auto()` on workers without instance store',
    attempt: trinoOnEks(() => ({ workers: { fileSystemCache: FileSystemCache.auto() } })),
    message: /^TrinoOnEks: workers\.fileSystemCache \("FileSystemCache\.auto\(\)"\) needs workers with a local disk: set workers\.instanceStore/,
  },
  {
    prop: 'workers.fileSystemCache',
    badValue: '`FileSystemCache.of({ maxSize: Size.gibibytes(900) })` on a 950 GB instance store',
    attempt: trinoOnEks(() => ({ workers: { graviton: true, fileSystemCache: FileSystemCache.of({ maxSize: Size.gibibytes(900) }) } })),
    message: /^TrinoOnEks: workers\.fileSystemCache\.maxSize \("900 GiB"\) does not fit the local disk: .*at most 740 GiB/,
  },
  {
    prop: 'workers.gracefulShutdown.maxUnavailableWorkers',
    badValue: '`0`',
    attempt: trinoOnEks(() => ({ workers: { gracefulShutdown: { maxUnavailableWorkers: 0 } } })),
    message: /^TrinoOnEks: workers\.gracefulShutdown\.maxUnavailableWorkers \(0\) must be a whole number of at least 1: with 0 no worker could ever be drained/,
  },
  {
    prop: 'workers.gracefulShutdown.terminationGracePeriod',
    badValue: '`Duration.seconds(100)` (the budget is 390 s)',
    attempt: trinoOnEks(() => ({ workers: { gracefulShutdown: { terminationGracePeriod: Duration.seconds(100) } } })),
    message: /^TrinoOnEks: workers\.gracefulShutdown\.terminationGracePeriod \("100 seconds"\) must hold 2 × gracePeriod \(30 seconds\) \+ longestTask \(300 seconds\)/,
  },
  {
    prop: 'workers.gracefulShutdown.gracePeriod',
    badValue: '`Duration.seconds(0)`',
    attempt: trinoOnEks(() => ({ workers: { gracefulShutdown: { gracePeriod: Duration.seconds(0) } } })),
    message: /^TrinoOnEks: workers\.gracefulShutdown\.gracePeriod \("0 seconds"\) must be at least 1 second/,
  },
  {
    prop: 'workers.autoscaling.queriesPerWorker',
    badValue: '`0`',
    attempt: trinoOnEks(() => ({ workers: { autoscaling: { queriesPerWorker: 0 } } })),
    message: /^TrinoOnEks: workers\.autoscaling\.queriesPerWorker \(0\) must be a whole number of at least 1/,
  },
  {
    prop: 'workers.autoscaling.pollingInterval',
    badValue: '`Duration.millis(500)`',
    attempt: trinoOnEks(() => ({ workers: { autoscaling: { pollingInterval: Duration.millis(500) } } })),
    message: /^TrinoOnEks: workers\.autoscaling\.pollingInterval \("500 ms"\) must be a whole number of seconds, at least 1/,
  },
  {
    prop: 'workers.autoscaling.queryWait.maxWait',
    badValue: '`Duration.seconds(60)` while scaling to zero',
    attempt: trinoOnEks(() => ({ workers: { autoscaling: { queryWait: { maxWait: Duration.seconds(60) } } } })),
    message: /^TrinoOnEks: workers\.autoscaling\.queryWait\.maxWait \("60 seconds"\) must be at least 150 seconds when the fewest workers is 0/,
  },
  {
    prop: 'workers.autoscaling.queryWait.requiredWorkers',
    badValue: '`3` with `maxCount: 2`',
    attempt: trinoOnEks(() => ({ workers: { maxCount: 2, autoscaling: { queryWait: { requiredWorkers: 3 } } } })),
    message: /^TrinoOnEks: workers\.autoscaling\.queryWait\.requiredWorkers \(3\) must be a whole number from 1 to the most workers \(2\)/,
  },
  {
    prop: 'workers.autoscaling.metricsUser',
    badValue: "`'keda user'`",
    attempt: trinoOnEks(() => ({ workers: { autoscaling: { metricsUser: 'keda user' } } })),
    message: /^TrinoOnEks: workers\.autoscaling\.metricsUser \("keda user"\) must be a Trino user name/,
  },
  {
    prop: 'monitoring.managedPrometheus.scrapeInterval',
    badValue: '`Duration.seconds(15)` (the managed collector\'s shortest is 30 s)',
    attempt: trinoOnEks(() => ({ monitoring: { managedPrometheus: { scrapeInterval: Duration.seconds(15) } } })),
    message: /^TrinoOnEks: monitoring\.managedPrometheus\.scrapeInterval \("15000 ms"\) must be a whole number of seconds, at least 30/,
  },
  {
    prop: 'monitoring.managedPrometheus.retention',
    badValue: '`Duration.days(2000)`',
    attempt: trinoOnEks(() => ({ monitoring: { managedPrometheus: { retention: Duration.days(2000) } } })),
    message: /^TrinoOnEks: monitoring\.managedPrometheus\.retention \("Duration\.days\(2000\)"\) must be a whole number of days from 1 to 1095/,
  },
  {
    prop: 'monitoring.managedPrometheus.retention',
    badValue: '`Duration.hours(36)` (not whole days)',
    attempt: trinoOnEks(() => ({ monitoring: { managedPrometheus: { retention: Duration.hours(36) } } })),
    message: /^TrinoOnEks: monitoring\.managedPrometheus\.retention \("Duration\.hours\(36\)"\) must be a whole number of days/,
  },
  {
    prop: 'cluster',
    badValue: 'imported without `clusterSecurityGroupId`, with `monitoring.managedPrometheus`',
    attempt: trinoOnEks(() => ({ monitoring: { managedPrometheus: {} } })),
    message: /^TrinoOnEks: cluster \("analytics"\) was imported without its cluster security group: import it with clusterSecurityGroupId: the managed Prometheus collector/,
  },
  {
    prop: 'authentication.users[1]',
    badValue: "`'metrics-reader'` with `monitoring.managedPrometheus`",
    attempt: trinoOnEks((stack) => ({
      ...passwordUsers(['analyst', 'metrics-reader'])(stack),
      cluster: TrinoCluster.create({ kubectlLayer: new KubectlV35Layer(stack, 'Kubectl') }),
      monitoring: { managedPrometheus: {} },
    })),
    message: /^TrinoOnEks: authentication\.users\[1\] \("metrics-reader"\) is reserved: the managed Prometheus collector reads the coordinator's \/metrics as this user/,
  },
  {
    prop: 'faultTolerantExecution.retryPolicy',
    badValue: '`RetryPolicy.NONE`',
    attempt: trinoOnEks(() => ({ faultTolerantExecution: { retryPolicy: RetryPolicy.NONE } })),
    message: /^TrinoOnEks: faultTolerantExecution\.retryPolicy \("NONE"\) must be TASK or QUERY; leave faultTolerantExecution out for no retries/,
  },
  {
    prop: 'faultTolerantExecution.exchangeExpiry',
    badValue: '`Duration.hours(12)`',
    attempt: trinoOnEks(() => ({ faultTolerantExecution: { exchangeExpiry: Duration.hours(12) } })),
    message: /^TrinoOnEks: faultTolerantExecution\.exchangeExpiry \("Duration\.hours\(12\)"\) must be a whole number of days, at least 1/,
  },
  {
    prop: 'catalogs',
    badValue: 'two catalogs named `tpch`',
    attempt: trinoOnEks(() => ({ catalogs: [Catalog.tpch(), Catalog.tpch()] })),
    message: /^TrinoOnEks: catalogs \(\["tpch", "tpch"\]\) must have unique names: "tpch" is used more than once/,
  },
  {
    prop: 'catalogs',
    badValue: 'a catalog reading bucket `other-bucket`, not in `buckets`',
    attempt: trinoOnEks((stack) => ({ catalogs: [hiveCatalog('other-bucket')], buckets: [lake(stack)] })),
    message: /^TrinoOnEks: catalogs \("other-bucket"\) reads a bucket nothing grants: add the bucket to buckets .*offered: "analytics-lake"/,
  },
  {
    prop: 'buckets',
    badValue: 'left out with `TrinoMetastore.existing(metastore)` (its warehouse bucket is not granted)',
    attempt: (stack) => {
      const imported = cluster(stack);
      const hive = new HiveMetastoreService(stack, 'Metastore', {
        cluster: imported,
        warehouse: WarehouseLocation.fromUri(`s3://${LAKE}/warehouse`),
        image: MetastoreImage.fromRegistry(IMAGE, ImageArchitecture.ARM64),
        databaseClientSecurityGroups: [ec2.SecurityGroup.fromSecurityGroupId(stack, 'NodeSecurityGroup', 'sg-0123456789abcdef0')],
      });
      return () => new TrinoOnEks(stack, 'Trino', { cluster: TrinoCluster.existing(imported), metastore: TrinoMetastore.existing(hive) });
    },
    message: /^TrinoOnEks: buckets \(not set\) must include the existing metastore's warehouse bucket \("analytics-lake"\): the default Iceberg catalog reads and writes its warehouse/,
  },
  {
    prop: 'authentication',
    badValue: '`TrinoAuthentication.password({ users })` without `endpoint`',
    attempt: trinoOnEks(() => ({ authentication: TrinoAuthentication.password({ users: ['analyst'] }) })),
    message: /^TrinoOnEks: authentication \("PASSWORD"\) needs a TLS endpoint, .*\(endpoint is not set\), or use TrinoAuthentication\.none\(\)/,
  },
  {
    prop: 'authentication',
    badValue: '`TrinoAuthentication.oauth2(...)` with `TrinoEndpoint.none()`',
    attempt: trinoOnEks((stack) => ({ ...oauth2({})(stack), endpoint: TrinoEndpoint.none() })),
    message: /^TrinoOnEks: authentication \("OAUTH2"\) needs a TLS endpoint, .*\(endpoint is TrinoEndpoint\.none\(\)\)/,
  },
  {
    prop: 'authentication.users',
    badValue: '`[]`',
    attempt: trinoOnEks(passwordUsers([])),
    message: /^TrinoOnEks: authentication\.users \(\[\]\) must name at least one user/,
  },
  {
    prop: 'authentication.users',
    badValue: "`['analyst', 'analyst']`",
    attempt: trinoOnEks(passwordUsers(['analyst', 'analyst'])),
    message: /^TrinoOnEks: authentication\.users\[1\] \("analyst"\) is listed twice/,
  },
  {
    prop: 'authentication.users',
    badValue: "`['bad:name']`",
    attempt: trinoOnEks(passwordUsers(['bad:name'])),
    message: /^TrinoOnEks: authentication\.users\[0\] \("bad:name"\) must be a Trino user name: .*no ":"/,
  },
  {
    prop: 'authentication.users',
    badValue: "`['keda-autoscaler']` with autoscaling",
    attempt: trinoOnEks((stack) => ({ ...passwordUsers(['keda-autoscaler'])(stack), workers: { autoscaling: {} } })),
    message: /^TrinoOnEks: authentication\.users\[0\] \("keda-autoscaler"\) is reserved: KEDA reads the coordinator's \/metrics as this user/,
  },
  {
    prop: 'authentication.oauth2.issuer',
    badValue: "`'http://idp.internal'`",
    attempt: trinoOnEks(oauth2({ issuer: 'http://idp.internal' })),
    message: /^TrinoOnEks: authentication\.oauth2\.issuer \("http:\/\/idp\.internal"\) must be the identity provider's https:\/\/ issuer URL/,
  },
  {
    prop: 'authentication.oauth2.clientId',
    badValue: "`'my client'`",
    attempt: trinoOnEks(oauth2({ clientId: 'my client' })),
    message: /^TrinoOnEks: authentication\.oauth2\.clientId \("my client"\) must be the client ID: 1 to 256 characters without spaces/,
  },
  {
    prop: 'authentication.oauth2.scopes',
    badValue: "`['openid,email']`",
    attempt: trinoOnEks(oauth2({ scopes: ['openid,email'] })),
    message: /^TrinoOnEks: authentication\.oauth2\.scopes\[0\] \("openid,email"\) must be an OAuth 2\.0 scope: .*commas/,
  },
  {
    prop: 'endpoint.certificate',
    badValue: 'left out, and no `domainName` and `hostedZone` to issue one for',
    attempt: trinoOnEks(() => ({ endpoint: TrinoEndpoint.loadBalancer({}) })),
    message: /^TrinoOnEks: endpoint\.certificate \(not set\) is required for a load balancer, which terminates TLS: give domainName and hostedZone/,
  },
  {
    prop: 'endpoint.hostedZone',
    badValue: "left out with `domainName: 'trino.example.com'` and no certificate",
    attempt: trinoOnEks(() => ({ endpoint: TrinoEndpoint.loadBalancer({ domainName: 'trino.example.com' }) })),
    message: /^TrinoOnEks: endpoint\.hostedZone \(not set\) is required for a load balancer, which terminates TLS: give domainName and hostedZone/,
  },
  {
    prop: 'endpoint.domainName',
    badValue: 'left out with `hostedZone`',
    attempt: trinoOnEks((stack) => ({ endpoint: TrinoEndpoint.loadBalancer({ hostedZone: exampleZone(stack), certificate: certificate(stack) }) })),
    message: /^TrinoOnEks: endpoint\.domainName \(not set\) is required with hostedZone: name the DNS name clients use/,
  },
  {
    prop: 'endpoint.domainName',
    badValue: "`'https://trino.example.com'` (a URL, not a DNS name)",
    attempt: trinoOnEks(namedLoadBalancer({ domainName: 'https://trino.example.com' })),
    message: /^TrinoOnEks: endpoint\.domainName \("https:\/\/trino\.example\.com"\) must be a DNS host name: dot-separated labels/,
  },
  {
    prop: 'endpoint.domainName',
    badValue: "`'*.example.com'` (a wildcard)",
    attempt: trinoOnEks(namedLoadBalancer({ domainName: '*.example.com' })),
    message: /^TrinoOnEks: endpoint\.domainName \("\*\.example\.com"\) must be a DNS host name: .*without a trailing dot or wildcard/,
  },
  {
    prop: 'endpoint.domainName',
    badValue: "`'trino.example.org'` with the hosted zone `example.com`",
    attempt: trinoOnEks(namedLoadBalancer({ domainName: 'trino.example.org' })),
    message: /^TrinoOnEks: endpoint\.domainName \("trino\.example\.org"\) must be in hostedZone's zone "example\.com" \(that name or one under it\)/,
  },
  {
    prop: 'endpoint.domainName',
    badValue: "`'notexample.com'` with the hosted zone `example.com` (the same ending, not a name under it)",
    attempt: trinoOnEks(namedLoadBalancer({ domainName: 'notexample.com' })),
    message: /^TrinoOnEks: endpoint\.domainName \("notexample\.com"\) must be in hostedZone's zone "example\.com"/,
  },
  {
    prop: 'endpoint.domainName',
    badValue: "`'query.example.com'` with a certificate for `trino.example.com` and `*.trino.example.com`",
    attempt: trinoOnEks((stack) => namedLoadBalancer({
      domainName: 'query.example.com',
      certificate: new acm.Certificate(stack, 'Certificate', { domainName: 'trino.example.com', subjectAlternativeNames: ['*.trino.example.com'] }),
    })(stack)),
    message: /^TrinoOnEks: endpoint\.domainName \("query\.example\.com"\) must be covered by the certificate, which is for "trino\.example\.com", "\*\.trino\.example\.com"/,
  },
  {
    prop: 'endpoint.domainName',
    badValue: 'a name of 70 characters, with the certificate to issue',
    attempt: trinoOnEks(namedLoadBalancer({ domainName: `${'a'.repeat(58)}.example.com` })),
    message: /^TrinoOnEks: endpoint\.domainName \("a{58}\.example\.com"\) is 70 characters; ACM issues certificates for names of at most 64/,
  },
  {
    prop: 'endpoint.domainName',
    badValue: "the zone apex `'example.com'` in a region whose load balancer zone the library does not list (ap-southeast-7: a CNAME record)",
    attempt: (stack) => {
      const other = new Stack(stack.node.root as Construct, 'OtherRegion', { env: { account: '111122223333', region: 'ap-southeast-7' } });
      const props: TrinoOnEksProps = { cluster: TrinoCluster.existing(cluster(other)), catalogs: [Catalog.tpch()], ...namedLoadBalancer({ domainName: 'example.com' })(other) };
      return () => new TrinoOnEks(other, 'Trino', props);
    },
    message: /^TrinoOnEks: endpoint\.domainName \("example\.com"\) must be a name under the zone, not its apex, in region ap-southeast-7: the record there is a CNAME/,
  },
  {
    prop: 'endpoint.hostedZone',
    badValue: 'a private hosted zone, with the certificate to issue',
    attempt: trinoOnEks((stack) => namedLoadBalancer({
      hostedZone: new route53.PrivateHostedZone(stack, 'PrivateZone', {
        zoneName: 'example.com', vpc: ec2.Vpc.fromVpcAttributes(stack, 'ZoneVpc', { vpcId: 'vpc-0123456789abcdef0', availabilityZones: ['eu-west-1a'] }),
      }),
    })(stack)),
    message: /^TrinoOnEks: endpoint\.hostedZone \("example\.com"\) must be a public hosted zone to issue the certificate in: ACM validates through public DNS/,
  },
  {
    prop: 'endpoint.allowFrom',
    badValue: 'left out with `internetFacing: true`, `domainName` and `hostedZone`',
    attempt: trinoOnEks(namedLoadBalancer({ internetFacing: true })),
    message: /^TrinoOnEks: endpoint\.allowFrom \(not set\) is required when internetFacing is true: name who may connect/,
  },
  {
    prop: 'endpoint.allowFrom',
    badValue: 'left out with `internetFacing: true`',
    attempt: trinoOnEks(loadBalancer({ internetFacing: true })),
    message: /^TrinoOnEks: endpoint\.allowFrom \(not set\) is required when internetFacing is true: name who may connect/,
  },
  {
    prop: 'endpoint.allowFrom',
    badValue: "`[ec2.Peer.securityGroupId('sg-0123456789abcdef0')]`",
    attempt: trinoOnEks(loadBalancer({ allowFrom: [ec2.Peer.securityGroupId('sg-0123456789abcdef0')] })),
    message: /^TrinoOnEks: endpoint\.allowFrom\[0\] \("sg-0123456789abcdef0"\) must be an IPv4 address range \(ec2\.Peer\.ipv4\(\.\.\.\)\)/,
  },
  {
    prop: 'endpoint.allowFrom',
    badValue: '`[]`',
    attempt: trinoOnEks(loadBalancer({ allowFrom: [] })),
    message: /^TrinoOnEks: endpoint\.allowFrom \(\[\]\) must name at least one address range/,
  },
  {
    prop: 'endpoint.sslPolicy',
    badValue: "`'ELBSecurityPolicy-2016-08'` (TLS 1.0)",
    attempt: trinoOnEks(loadBalancer({ sslPolicy: 'ELBSecurityPolicy-2016-08' })),
    message: /^TrinoOnEks: endpoint\.sslPolicy \("ELBSecurityPolicy-2016-08"\) must be an ELB security policy without TLS 1\.0\/1\.1/,
  },
  {
    prop: 'endpoint',
    badValue: '`TrinoEndpoint.loadBalancer(...)` on a cluster with self-managed Karpenter',
    attempt: (stack) => {
      const props: TrinoOnEksProps = {
        cluster: TrinoCluster.create({ kubectlLayer: new KubectlV35Layer(stack, 'Kubectl'), compute: TrinoClusterCompute.selfManagedKarpenter() }),
        catalogs: [Catalog.tpch()],
        endpoint: TrinoEndpoint.loadBalancer({ certificate: certificate(stack) }),
      };
      return () => new TrinoOnEks(stack, 'Trino', props);
    },
    message: /^TrinoOnEks: endpoint \("TrinoEndpoint\.loadBalancer\(\)"\) needs EKS Auto Mode's load balancing/,
  },
  {
    prop: 'networkPolicy.allowFrom',
    badValue: 'left out, with a load balancer on a cluster imported without its VPC range',
    attempt: (stack) => {
      const props: TrinoOnEksProps = {
        cluster: TrinoCluster.existing(importedCluster(stack)),
        catalogs: [Catalog.tpch()],
        endpoint: TrinoEndpoint.loadBalancer({ certificate: certificate(stack) }),
      };
      return () => new TrinoOnEks(stack, 'Trino', props);
    },
    message: /^TrinoOnEks: networkPolicy\.allowFrom \(not set\) must name the address ranges of the load balancer's subnets/,
  },
  {
    prop: 'networkPolicy.allowFrom',
    badValue: "`[{ cidr: '10.0.0.1' }]`",
    attempt: trinoOnEks(() => ({ networkPolicy: { allowFrom: [{ cidr: '10.0.0.1' }] } })),
    message: /^TrinoOnEks: networkPolicy\.allowFrom\[0\]\.cidr \("10\.0\.0\.1"\) must be an address range such as "10\.0\.0\.0\/16"/,
  },
  {
    prop: 'networkPolicy.allowFrom',
    badValue: '`[{}]`',
    attempt: trinoOnEks(() => ({ networkPolicy: { allowFrom: [{}] } })),
    message: /^TrinoOnEks: networkPolicy\.allowFrom\[0\] \(not set\) must set cidr, podLabels or namespaceLabels/,
  },
  {
    prop: 'networkPolicy.allowFrom',
    badValue: 'set with `enabled: false`',
    attempt: trinoOnEks(() => ({ networkPolicy: { enabled: false, allowFrom: [{ cidr: '10.0.0.0/16' }] } })),
    message: /^TrinoOnEks: networkPolicy\.allowFrom \("set"\) has no effect with networkPolicy\.enabled false/,
  },
  {
    prop: 'networkPolicy.metricsScrapers',
    badValue: 'set without `metrics`',
    attempt: trinoOnEks(() => ({ networkPolicy: { metricsScrapers: [{ namespaceLabels: { 'kubernetes.io/metadata.name': 'monitoring' } }] } })),
    message: /^TrinoOnEks: networkPolicy\.metricsScrapers \("set"\) applies only with metrics on/,
  },
  {
    prop: 'metrics.exporterImage',
    badValue: "`'bitnami/jmx-exporter'` (no tag)",
    attempt: trinoOnEks(() => ({ metrics: { exporterImage: 'bitnami/jmx-exporter' } })),
    message: /^TrinoOnEks: metrics\.exporterImage \("bitnami\/jmx-exporter"\) must be an image reference with a tag or digest/,
  },
  {
    prop: 'helmValues',
    badValue: "`'replicas: 3'` (YAML text)",
    attempt: trinoOnEks(() => ({ helmValues: 'replicas: 3' as unknown as Record<string, any> })),
    message: /^TrinoOnEks: helmValues \("replicas: 3"\) must be an object of chart values/,
  },
  {
    prop: 'helmValues.worker.terminationGracePeriodSeconds',
    badValue: '`60` (below the 390 s shutdown budget)',
    attempt: trinoOnEks(() => ({ helmValues: { worker: { terminationGracePeriodSeconds: 60 } } })),
    message: /^TrinoOnEks: helmValues\.worker\.terminationGracePeriodSeconds \(60\) may only be raised: it must be at least 390/,
  },
  {
    prop: 'helmValues.env',
    badValue: "`[{ name: 'TRINO_INTERNAL_SHARED_SECRET', value: 'hunter2' }]`",
    attempt: trinoOnEks(() => ({ helmValues: { env: [{ name: 'TRINO_INTERNAL_SHARED_SECRET', value: 'hunter2' }] } })),
    message: /^TrinoOnEks: helmValues\.env\[0\]\.value \("\(hidden\)"\) would put TRINO_INTERNAL_SHARED_SECRET in plain text/,
  },
  {
    prop: 'helmValues.coordinator.env',
    badValue: "`[{ name: 'DB_PASSWORD', value: 'hunter2' }]`",
    attempt: trinoOnEks(() => ({ helmValues: { coordinator: { env: [{ name: 'DB_PASSWORD', value: 'hunter2' }] } } })),
    message: /^TrinoOnEks: helmValues\.coordinator\.env\[0\]\.value \("\(hidden\)"\) would put DB_PASSWORD in plain text in the pod spec; reference a Secret/,
  },
  {
    prop: 'helmValues.additionalConfigProperties',
    badValue: "`['internal-communication.shared-secret=abc']`",
    attempt: trinoOnEks(() => ({ helmValues: { additionalConfigProperties: ['internal-communication.shared-secret=abc'] } })),
    message: /^TrinoOnEks: helmValues\.additionalConfigProperties\[0\] \("\(hidden\)"\) would put a secret in plain text in the chart values/,
  },
  {
    prop: 'helmValues.serviceAccount',
    badValue: '`{ create: true }`',
    attempt: trinoOnEks(() => ({ helmValues: { serviceAccount: { create: true } } })),
    message: /^TrinoOnEks: helmValues\.serviceAccount \(\{"create":true\}\) is owned by the library \(the service account holds exactly the granted S3 access\)/,
  },
  {
    prop: 'helmValues.coordinatorNameOverride',
    badValue: "`'trino-coordinator-adhoc'`",
    attempt: trinoOnEks(() => ({ helmValues: { coordinatorNameOverride: 'trino-coordinator-adhoc' } })),
    message: /^TrinoOnEks: helmValues\.coordinatorNameOverride \("trino-coordinator-adhoc"\) is owned by the library \(with Pod Identity, the role grants the password file to pods whose name starts with trino-coordinator-\)/,
  },
  {
    prop: 'identityType',
    badValue: "`'WEB_IDENTITY'` (JavaScript, or a cast)",
    attempt: trinoOnEks(() => ({ identityType: 'WEB_IDENTITY' as eks.IdentityType })),
    message: /^TrinoOnEks: identityType \("WEB_IDENTITY"\) must be one of IRSA, POD_IDENTITY/,
  },
  {
    prop: 'podIdentityAgent',
    badValue: '`PodIdentityAgent.INSTALL` with IRSA',
    attempt: trinoOnEks(() => ({ podIdentityAgent: PodIdentityAgent.INSTALL })),
    message: /^TrinoOnEks: podIdentityAgent \("INSTALL"\) applies only to identityType POD_IDENTITY/,
  },
  {
    prop: 'podIdentityAgent',
    badValue: 'left out, with `identityType: POD_IDENTITY` on an imported cluster',
    attempt: trinoOnEks(() => ({ identityType: eks.IdentityType.POD_IDENTITY })),
    message: /^TrinoOnEks: podIdentityAgent \(not set\) must be set for Pod Identity on an imported cluster: EXISTING if the cluster runs the eks-pod-identity-agent add-on \(or is an EKS Auto Mode cluster/,
  },
  {
    prop: 'podIdentityAgent',
    badValue: '`PodIdentityAgent.EXISTING` with `TrinoCluster.create(...)`',
    attempt: (stack) => {
      const kubectlLayer = new KubectlV35Layer(stack, 'Kubectl');
      return () => new TrinoOnEks(stack, 'Trino', {
        cluster: TrinoCluster.create({ kubectlLayer }),
        catalogs: [Catalog.tpch()],
        identityType: eks.IdentityType.POD_IDENTITY,
        podIdentityAgent: PodIdentityAgent.EXISTING,
      });
    },
    message: /^TrinoOnEks: podIdentityAgent \("EXISTING"\) applies only to imported clusters: a cluster created in this app gets the eks-pod-identity-agent add-on from aws-eks-v2/,
  },
  {
    prop: 'cluster',
    badValue: 'imported without an OpenID Connect provider, with `identityType: POD_IDENTITY` and `TrinoMetastore.create(...)`',
    attempt: (stack) => {
      const imported = importedCluster(stack, { withOidc: false, vpcCidrBlock: VPC_CIDR });
      const warehouse = new s3.Bucket(stack, 'Warehouse');
      return () => new TrinoOnEks(stack, 'Trino', {
        cluster: TrinoCluster.existing(imported),
        metastore: TrinoMetastore.create({ warehouse: WarehouseLocation.fromBucket(warehouse, 'warehouse') }),
        identityType: eks.IdentityType.POD_IDENTITY,
        podIdentityAgent: PodIdentityAgent.EXISTING,
      });
    },
    message: /^TrinoOnEks: cluster \("analytics"\) was imported without an OpenID Connect provider, which IRSA needs: .* \(the metastore TrinoOnEks creates uses IRSA\)/,
  },
  {
    prop: 'helmValues.image',
    badValue: "`{ tag: '470' }`",
    attempt: trinoOnEks(() => ({ helmValues: { image: { tag: '470' } } })),
    message: /^TrinoOnEks: helmValues\.image \(\{"tag":"470"\}\) is owned by the library \(the image tag is the Trino version/,
  },
  {
    prop: 'helmValues.server.keda.enabled',
    badValue: '`true`',
    attempt: trinoOnEks(() => ({ helmValues: { server: { keda: { enabled: true } } } })),
    message: /^TrinoOnEks: helmValues\.server\.keda\.enabled \(true\) turns on worker autoscaling the library does not manage.*use workers\.autoscaling/,
  },
  {
    prop: 'helmValues.server.config.authenticationType',
    badValue: "`'PASSWORD'`",
    attempt: trinoOnEks(() => ({ helmValues: { server: { config: { authenticationType: 'PASSWORD' } } } })),
    message: /^TrinoOnEks: helmValues\.server\.config\.authenticationType \("PASSWORD"\) is owned by the library .*use the authentication and endpoint props/,
  },
  {
    prop: 'helmValues.coordinator.annotations',
    badValue: "`{ 'karpenter.sh/do-not-disrupt': 'false' }`",
    attempt: trinoOnEks(() => ({ helmValues: { coordinator: { annotations: { 'karpenter.sh/do-not-disrupt': 'false' } } } })),
    message: /^TrinoOnEks: helmValues\.coordinator\.annotations\.karpenter\.sh\/do-not-disrupt \("false"\) is set by the library to true/,
  },
]);

const HIVE_METASTORE_SERVICE = casesOf('HiveMetastoreService', 'Metastore', [
  {
    prop: 'cluster',
    badValue: 'imported without its cluster security group, and no `databaseClientSecurityGroups`',
    attempt: metastore((stack) => ({ cluster: cluster(stack) })),
    message: /^HiveMetastoreService: cluster \("analytics"\) was imported without its cluster security group: pass databaseClientSecurityGroups/,
  },
  {
    prop: 'cluster',
    badValue: 'imported without a kubectl provider',
    attempt: metastore((stack) => ({ cluster: importedCluster(stack, { withKubectl: false }) })),
    message: /^HiveMetastoreService: cluster \("analytics"\) was imported without a kubectl provider/,
  },
  {
    prop: 'vpc',
    badValue: 'left out, on a cluster imported without its VPC',
    attempt: metastore((stack) => ({ cluster: importedCluster(stack) })),
    message: /^HiveMetastoreService: vpc \(not set\) must be set: cluster analytics was imported without its VPC/,
  },
  {
    prop: 'namespace',
    badValue: "`'Hive'`",
    attempt: metastore(() => ({ namespace: 'Hive' })),
    message: /^HiveMetastoreService: namespace \("Hive"\) must be an RFC 1123 label/,
  },
  {
    prop: 'namespace',
    badValue: "`'default'`",
    attempt: metastore(() => ({ namespace: 'default' })),
    message: /^HiveMetastoreService: namespace \("default"\) is one of Kubernetes' own namespaces/,
  },
  {
    prop: 'cpu',
    badValue: "`'lots'`",
    attempt: metastore(() => ({ cpu: 'lots' })),
    message: /^HiveMetastoreService: cpu \("lots"\) must be a positive Kubernetes CPU quantity: cores \('1', '0\.5'\) or millicores \('500m'\)/,
  },
  {
    prop: 'name',
    badValue: "`'hive_metastore'`",
    attempt: metastore(() => ({ name: 'hive_metastore' })),
    message: /^HiveMetastoreService: name \("hive_metastore"\) must be an RFC 1123 label/,
  },
  {
    prop: 'replicas',
    badValue: '`0`',
    attempt: metastore(() => ({ replicas: 0 })),
    message: /^HiveMetastoreService: replicas \(0\) must be a whole number of at least 1 \(2 or more keeps the metastore up/,
  },
  {
    prop: 'memory',
    badValue: '`Size.mebibytes(256)`',
    attempt: metastore(() => ({ memory: Size.mebibytes(256) })),
    message: /^HiveMetastoreService: memory \("256 MiB"\) must be at least 512 MiB for the metastore JVM/,
  },
  {
    prop: 'clients',
    badValue: '`[]`',
    attempt: metastore(() => ({ clients: [] })),
    message: /^HiveMetastoreService: clients \(\[\]\) must name at least one client/,
  },
  {
    prop: 'clients[0].namespace',
    badValue: "`'Analytics'`",
    attempt: metastore(() => ({ clients: [{ namespace: 'Analytics', podLabels: { app: 'trino' } }] })),
    message: /^HiveMetastoreService: clients\[0\]\.namespace \("Analytics"\) must be an RFC 1123 label/,
  },
]);

const METASTORE_HELPERS: BadInputCase[] = [
  {
    construct: 'WarehouseLocation',
    prop: 'uri',
    badValue: "`WarehouseLocation.fromUri('https://lake.s3.amazonaws.com/warehouse')`",
    attempt: call(() => WarehouseLocation.fromUri('https://lake.s3.amazonaws.com/warehouse')),
    message: /^WarehouseLocation: uri \("https:\/\/lake\.s3\.amazonaws\.com\/warehouse"\) must be s3:\/\/<bucket>\/<prefix>/,
  },
  {
    construct: 'WarehouseLocation',
    prop: 'uri',
    badValue: "`WarehouseLocation.fromUri('s3://lake')` (no prefix)",
    attempt: call(() => WarehouseLocation.fromUri('s3://lake')),
    message: /^WarehouseLocation: uri \("s3:\/\/lake"\) must be s3:\/\/<bucket>\/<prefix>, with a valid bucket name and a prefix/,
  },
  {
    construct: 'WarehouseLocation',
    prop: 'prefix',
    badValue: "`WarehouseLocation.fromBucket(bucket, 'data/*')`",
    attempt: (stack) => {
      const bucket = lake(stack);
      return () => WarehouseLocation.fromBucket(bucket, 'data/*');
    },
    message: /^WarehouseLocation: prefix \("data\/\*"\) must be a non-empty key prefix without wildcards/,
  },
  {
    construct: 'MetastoreDatabase',
    prop: 'instanceType',
    badValue: "`new ec2.InstanceType('c5.large')`",
    attempt: call(() => MetastoreDatabase.postgres({ instanceType: new ec2.InstanceType('c5.large') })),
    message: /^MetastoreDatabase: instanceType \("db\.c5\.large"\) is not an instance class RDS for PostgreSQL offers/,
  },
  {
    construct: 'MetastoreDatabase',
    prop: 'engineVersion',
    badValue: '`PostgresEngineVersion.VER_10_5` with `DatabaseAuthentication.IAM`',
    attempt: call(() => MetastoreDatabase.postgres({
      authentication: DatabaseAuthentication.IAM, engineVersion: rds.PostgresEngineVersion.VER_10_5,
    })),
    message: /^MetastoreDatabase: engineVersion \("10\.5"\) has no IAM database authentication/,
  },
  {
    construct: 'MetastoreBackup',
    prop: 'retention',
    badValue: '`Duration.hours(36)` (not whole days)',
    attempt: call(() => MetastoreBackup.plan({ retention: Duration.hours(36) })),
    message: /^MetastoreBackup: retention \("1 day 12 hours"\) must be a whole number of days, at least 1/,
  },
  {
    construct: 'MetastoreBackup',
    prop: 'retention',
    badValue: '`Duration.days(0)`',
    attempt: call(() => MetastoreBackup.plan({ retention: Duration.days(0) })),
    message: /^MetastoreBackup: retention \("0 days"\) must be a whole number of days, at least 1/,
  },
  {
    construct: 'MetastoreBackup',
    prop: 'schedule',
    badValue: '`Schedule.rate(Duration.hours(12))`',
    attempt: call(() => MetastoreBackup.plan({ schedule: events.Schedule.rate(Duration.hours(12)) })),
    message: /^MetastoreBackup: schedule \("rate\(12 hours\)"\) must be a cron schedule \(Schedule\.cron\)/,
  },
  {
    construct: 'MetastoreImage',
    prop: 'imageUri',
    badValue: "`MetastoreImage.fromRegistry('public.ecr.aws/example/hive-metastore')` (no tag)",
    attempt: call(() => MetastoreImage.fromRegistry('public.ecr.aws/example/hive-metastore')),
    message: /^MetastoreImage: imageUri \("public\.ecr\.aws\/example\/hive-metastore"\) must name a tag or a digest/,
  },
];

const IRSA_BUCKET_ACCESS = casesOf('IrsaBucketAccess', 'Access', [
  {
    prop: 'namespace',
    badValue: "`'Trino_NS'`",
    attempt: bucketAccess(() => ({ namespace: 'Trino_NS' })),
    message: /^IrsaBucketAccess: namespace \("Trino_NS"\) must be an RFC 1123 label/,
  },
  {
    prop: 'serviceAccountName',
    badValue: "`'trino.worker'`",
    attempt: bucketAccess(() => ({ serviceAccountName: 'trino.worker' })),
    message: /^IrsaBucketAccess: serviceAccountName \("trino\.worker"\) must be an RFC 1123 label/,
  },
  {
    prop: 'grants',
    badValue: '`[]`',
    attempt: bucketAccess(() => ({ grants: [] })),
    message: /^IrsaBucketAccess: grants \(\[\]\) must name at least one bucket/,
  },
  {
    prop: 'grants[0].prefixes',
    badValue: "`['data/*']`",
    attempt: bucketAccess((stack) => ({ grants: [{ bucket: lake(stack), prefixes: ['data/*'], access: BucketAccess.READ }] })),
    message: /^IrsaBucketAccess: grants\[0\]\.prefixes \("data\/\*"\) must not contain '\*' or '\?'/,
  },
  {
    prop: 'grants[0].prefixes',
    badValue: "`['/data']`",
    attempt: bucketAccess((stack) => ({ grants: [{ bucket: lake(stack), prefixes: ['/data'], access: BucketAccess.READ }] })),
    message: /^IrsaBucketAccess: grants\[0\]\.prefixes \("\/data"\) must not start with '\/'/,
  },
  {
    prop: 'grants[0].prefixes',
    badValue: '`[]`',
    attempt: bucketAccess((stack) => ({ grants: [{ bucket: lake(stack), prefixes: [], access: BucketAccess.READ }] })),
    message: /^IrsaBucketAccess: grants\[0\]\.prefixes \(\[\]\) must name at least one prefix; leave it unset to grant the whole bucket/,
  },
  {
    prop: 'grants[1].access',
    badValue: '`READ_WRITE` on a bucket and prefix granted `READ` before',
    attempt: bucketAccess((stack) => ({
      grants: [{ bucket: lake(stack), prefixes: ['data'], access: BucketAccess.READ }, { bucket: lake(stack), prefixes: ['data/'], access: BucketAccess.READ_WRITE }],
    })),
    message: /^IrsaBucketAccess: grants\[1\]\.access \("READ_WRITE"\) conflicts with READ granted earlier on the same bucket and prefix/,
  },
  {
    prop: 'cluster',
    badValue: 'imported without its OpenID Connect provider',
    attempt: bucketAccess((stack) => ({ cluster: importedCluster(stack, { withOidc: false }) })),
    message: /^IrsaBucketAccess: cluster \("analytics"\) was imported without an OpenID Connect provider, which IRSA needs/,
  },
  {
    prop: 'cluster',
    badValue: 'imported without a kubectl provider',
    attempt: bucketAccess((stack) => ({ cluster: importedCluster(stack, { withKubectl: false }) })),
    message: /^IrsaBucketAccess: cluster \("analytics"\) was imported without a kubectl provider/,
  },
  {
    prop: 'podIdentityAgent',
    badValue: 'left out, with `identityType: POD_IDENTITY` on an imported cluster',
    attempt: bucketAccess(() => ({ identityType: eks.IdentityType.POD_IDENTITY })),
    message: /^IrsaBucketAccess: podIdentityAgent \(not set\) must be set for Pod Identity on an imported cluster/,
  },
  {
    prop: 'podIdentityAgent',
    badValue: '`PodIdentityAgent.INSTALL` with IRSA',
    attempt: bucketAccess(() => ({ podIdentityAgent: PodIdentityAgent.INSTALL })),
    message: /^IrsaBucketAccess: podIdentityAgent \("INSTALL"\) applies only to identityType POD_IDENTITY/,
  },
]);

const KARPENTER_CONTROLLER = casesOf('KarpenterController', 'Karpenter', [
  {
    prop: 'version',
    badValue: "`'0.37.0'`",
    attempt: controller((stack) => ({ cluster: cluster(stack), podIdentityAgent: PodIdentityAgent.EXISTING, version: '0.37.0' })),
    message: /^KarpenterController: version \("0\.37\.0"\) must be a Karpenter 1\.x chart version such as 1\.14\.1/,
  },
  {
    prop: 'namespace',
    badValue: "`'Karpenter'`",
    attempt: controller((stack) => ({ cluster: cluster(stack), podIdentityAgent: PodIdentityAgent.EXISTING, namespace: 'Karpenter' })),
    message: /^KarpenterController: namespace \("Karpenter"\) must be an RFC 1123 label/,
  },
  {
    prop: 'podIdentityAgent',
    badValue: 'left out, on an imported cluster',
    attempt: controller((stack) => ({ cluster: cluster(stack) })),
    message: /^KarpenterController: podIdentityAgent \(not set\) must be set for Pod Identity on an imported cluster: EXISTING .*INSTALL/,
  },
  {
    prop: 'podIdentityAgent',
    badValue: '`PodIdentityAgent.EXISTING` with `identityType: IRSA`',
    attempt: controller((stack) => ({ cluster: cluster(stack), identityType: eks.IdentityType.IRSA, podIdentityAgent: PodIdentityAgent.EXISTING })),
    message: /^KarpenterController: podIdentityAgent \("EXISTING"\) applies only to identityType POD_IDENTITY/,
  },
  {
    prop: 'cluster',
    badValue: 'imported without its OpenID Connect provider, with IRSA',
    attempt: controller((stack) => ({
      cluster: importedCluster(stack, { withOidc: false, vpcCidrBlock: VPC_CIDR }), identityType: eks.IdentityType.IRSA,
    })),
    message: /^KarpenterController: cluster \("analytics"\) was imported without an OpenID Connect provider, which IRSA needs/,
  },
  {
    prop: 'cluster',
    badValue: 'imported without a kubectl provider',
    attempt: controller((stack) => ({
      cluster: importedCluster(stack, { withKubectl: false, vpcCidrBlock: VPC_CIDR }), podIdentityAgent: PodIdentityAgent.EXISTING,
    })),
    message: /^KarpenterController: cluster \("analytics"\) was imported without a kubectl provider/,
  },
  {
    prop: 'vpc',
    badValue: 'left out, on a cluster imported without its VPC',
    attempt: controller((stack) => ({ cluster: importedCluster(stack), podIdentityAgent: PodIdentityAgent.EXISTING })),
    message: /^KarpenterController: vpc \(not set\) must be set: the cluster was imported without its VPC/,
  },
]);

const KARPENTER_NODE_POOL = casesOf('KarpenterNodePool', 'Pool', [
  {
    prop: 'cluster',
    badValue: 'imported without a kubectl provider',
    attempt: nodePool((stack) => ({ cluster: importedCluster(stack, { withKubectl: false }) })),
    message: /^KarpenterNodePool: cluster \("analytics"\) was imported without a kubectl provider/,
  },
  {
    prop: 'expireAfter',
    badValue: '`Duration.millis(1500)`',
    attempt: nodePool(() => ({ expireAfter: Duration.millis(1500) })),
    message: /^KarpenterNodePool: expireAfter \("1 second 500 millis"\) must be a whole number of seconds/,
  },
  {
    prop: 'terminationGracePeriod',
    badValue: '`Duration.millis(1500)`',
    attempt: nodePool(() => ({ terminationGracePeriod: Duration.millis(1500) })),
    message: /^KarpenterNodePool: terminationGracePeriod \("1 second 500 millis"\) must be a whole number of seconds/,
  },
  {
    prop: 'name',
    badValue: "`'Trino_Workers'`",
    attempt: nodePool(() => ({ name: 'Trino_Workers' })),
    message: /^KarpenterNodePool: name \("Trino_Workers"\) must be an RFC 1123 label/,
  },
  {
    prop: 'capacityTypes',
    badValue: '`[]`',
    attempt: nodePool(() => ({ capacityTypes: [] })),
    message: /^KarpenterNodePool: capacityTypes \(\[\]\) must name at least one capacity type \(SPOT, ON_DEMAND, RESERVED\)/,
  },
  {
    prop: 'architectures',
    badValue: '`[]`',
    attempt: nodePool(() => ({ architectures: [] })),
    message: /^KarpenterNodePool: architectures \(\[\]\) must name at least one architecture \(AMD64, ARM64\)/,
  },
  {
    prop: 'instanceCategories',
    badValue: '`[]`',
    attempt: nodePool(() => ({ instanceCategories: [] })),
    message: /^KarpenterNodePool: instanceCategories \(\[\]\) must hold at least one value; leave it unset for no restriction/,
  },
  {
    prop: 'requirements[0].values',
    badValue: "`Requirement.of('node.kubernetes.io/instance-type', RequirementOperator.IN, [])`",
    attempt: nodePool(() => ({ requirements: [Requirement.of('node.kubernetes.io/instance-type', RequirementOperator.IN, [])] })),
    message: /^KarpenterNodePool: requirements\[0\]\.values \(\[\]\) must hold at least one value: operator In compares the label with a list/,
  },
  {
    prop: 'requirements[0].key',
    badValue: '`karpenter.k8s.aws/instance-family` on an Auto Mode pool',
    attempt: nodePool(() => ({ requirements: [Requirement.of('karpenter.k8s.aws/instance-family', RequirementOperator.IN, ['r7i'])] })),
    message: /^KarpenterNodePool: requirements\[0\]\.key \("karpenter\.k8s\.aws\/instance-family"\) is a self-managed Karpenter label, .*use eks\.amazonaws\.com\/instance-family/,
  },
  {
    prop: 'labels',
    badValue: "`{ 'karpenter.sh/capacity-type': 'spot' }`",
    attempt: nodePool(() => ({ labels: { 'karpenter.sh/capacity-type': 'spot' } })),
    message: /^KarpenterNodePool: labels \("karpenter\.sh\/capacity-type"\) is a label Karpenter or the kubelet sets/,
  },
  {
    prop: 'taints[0].key',
    badValue: "`''`",
    attempt: nodePool(() => ({ taints: [{ key: '', effect: TaintEffect.NO_SCHEDULE }] })),
    message: /^KarpenterNodePool: taints\[0\]\.key \(""\) must be a non-empty label-style key/,
  },
  {
    prop: 'cpuLimit',
    badValue: '`0`',
    attempt: nodePool(() => ({ cpuLimit: 0 })),
    message: /^KarpenterNodePool: cpuLimit \(0\) must be a positive number of vCPUs; leave it unset for no limit/,
  },
  {
    prop: 'memoryLimit',
    badValue: '`Size.gibibytes(0)`',
    attempt: nodePool(() => ({ memoryLimit: Size.gibibytes(0) })),
    message: /^KarpenterNodePool: memoryLimit \("0 MiB"\) must be positive; leave it unset for no limit/,
  },
  {
    prop: 'weight',
    badValue: '`101`',
    attempt: nodePool(() => ({ weight: 101 })),
    message: /^KarpenterNodePool: weight \(101\) must be a whole number from 1 to 100/,
  },
  {
    prop: 'consolidateAfter',
    badValue: '`Duration.minutes(5)` with `ConsolidationPolicy.NEVER`',
    attempt: nodePool(() => ({ consolidationPolicy: ConsolidationPolicy.NEVER, consolidateAfter: Duration.minutes(5) })),
    message: /^KarpenterNodePool: consolidateAfter \("5 minutes"\) is ignored by consolidationPolicy NEVER/,
  },
  {
    prop: 'consolidateAfter',
    badValue: '`Duration.millis(1500)`',
    attempt: nodePool(() => ({ consolidateAfter: Duration.millis(1500) })),
    message: /^KarpenterNodePool: consolidateAfter \("1 second 500 millis"\) must be a whole number of seconds/,
  },
  {
    prop: 'expireAfter',
    badValue: '`Duration.hours(1)` with `terminationGracePeriod: Duration.hours(2)`',
    attempt: nodePool(() => ({ expireAfter: Duration.hours(1), terminationGracePeriod: Duration.hours(2) })),
    message: /^KarpenterNodePool: expireAfter \("1 hour"\) must not be shorter than terminationGracePeriod \(2 hours\)/,
  },
  {
    prop: 'expireAfter',
    badValue: '`Duration.days(30)` on EKS Auto Mode',
    attempt: nodePool(() => ({ expireAfter: Duration.days(30) })),
    message: /^KarpenterNodePool: expireAfter \("30 days"\) must be at most 21 days on EKS Auto Mode/,
  },
  {
    prop: 'disruptionBudgets[0].nodes',
    badValue: "`'ten'`",
    attempt: nodePool(() => ({ disruptionBudgets: [{ nodes: 'ten' }] })),
    message: /^KarpenterNodePool: disruptionBudgets\[0\]\.nodes \("ten"\) must be a node count \("0" blocks disruption\) or a percentage/,
  },
  {
    prop: 'disruptionBudgets[0].duration',
    badValue: "left out, with `schedule: '@daily'`",
    attempt: nodePool(() => ({ disruptionBudgets: [{ nodes: '0', schedule: '@daily' }] })),
    message: /^KarpenterNodePool: disruptionBudgets\[0\]\.duration \(not set\) must be set together with its partner/,
  },
  {
    prop: 'nodeClass',
    badValue: '`NodeClass.ec2NodeClass()` on an Auto Mode cluster',
    attempt: nodePool((stack) => ({ cluster: autoModeCluster(stack), nodeClass: NodeClass.ec2NodeClass() })),
    message: /^KarpenterNodePool: nodeClass \("NodeClass\.ec2NodeClass\(\)"\) is for self-managed Karpenter, but the cluster runs EKS Auto Mode/,
  },
  {
    prop: 'nodeClass',
    badValue: '`NodeClass.autoMode()` on a cluster without Auto Mode',
    attempt: nodePool((stack) => ({ cluster: selfManagedCluster(stack), nodeClass: NodeClass.autoMode() })),
    message: /^KarpenterNodePool: nodeClass \("NodeClass\.autoMode\(\)"\) needs EKS Auto Mode, which the cluster does not run/,
  },
  {
    prop: 'nodeClass.role',
    badValue: 'left out, with `NodeClass.ec2NodeClass()` and no controller',
    attempt: nodePool(() => ({ nodeClass: NodeClass.ec2NodeClass() })),
    message: /^KarpenterNodePool: nodeClass\.role \(not set\) must be set when no controller is given/,
  },
  {
    prop: 'nodeClass.role',
    badValue: 'left out, with `NodeClass.autoModeCustom(...)` on an imported cluster',
    attempt: nodePool(() => ({ nodeClass: NodeClass.autoModeCustom({ name: 'trino-nodes' }) })),
    message: /^KarpenterNodePool: nodeClass\.role \(not set\) must be set for an imported cluster/,
  },
  {
    prop: 'nodeClass.name',
    badValue: "`NodeClass.autoModeCustom({ name: 'default' })`",
    attempt: nodePool((stack) => ({ cluster: autoModeCluster(stack), nodeClass: NodeClass.autoModeCustom({ name: 'default' }) })),
    message: /^KarpenterNodePool: nodeClass\.name \("default"\) must not be "default": EKS owns the built-in NodeClass/,
  },
  {
    prop: 'nodeClass.amiAlias',
    badValue: "`NodeClass.ec2NodeClass({ amiAlias: 'al2@latest' })`",
    attempt: selfManagedPool({ nodeClass: NodeClass.ec2NodeClass({ amiAlias: 'al2@latest' }) }),
    message: /^KarpenterNodePool: nodeClass\.amiAlias \("al2@latest"\) must be al2023@<version> or bottlerocket@<version>/,
  },
  {
    prop: 'nodeClass.subnets',
    badValue: '`NodeClass.ec2NodeClass({ subnets: [] })`',
    attempt: selfManagedPool({ nodeClass: NodeClass.ec2NodeClass({ subnets: [] }) }),
    message: /^KarpenterNodePool: nodeClass\.subnets \(\[\]\) must select at least one subnet/,
  },
  {
    prop: 'nodeClass.metadataHopLimit',
    badValue: '`3`',
    attempt: selfManagedPool({ nodeClass: NodeClass.ec2NodeClass({ metadataHopLimit: 3 }) }),
    message: /^KarpenterNodePool: nodeClass\.metadataHopLimit \(3\) must be 1 \(pods cannot reach the instance metadata; the secure default\) or 2/,
  },
  {
    prop: 'nodeClass.rootVolumeSize',
    badValue: '`Size.mebibytes(1536)`',
    attempt: selfManagedPool({ nodeClass: NodeClass.ec2NodeClass({ rootVolumeSize: Size.mebibytes(1536) }) }),
    message: /^KarpenterNodePool: nodeClass\.rootVolumeSize \("1536 MiB"\) must be a whole number of gibibytes from 1 to 59000/,
  },
  {
    prop: 'nodeClass.tags',
    badValue: "`{ 'karpenter.sh/nodepool': 'x' }`",
    attempt: selfManagedPool({ nodeClass: NodeClass.ec2NodeClass({ tags: { 'karpenter.sh/nodepool': 'x' } }) }),
    message: /^KarpenterNodePool: nodeClass\.tags \("karpenter\.sh\/nodepool"\) is reserved for Karpenter and EKS/,
  },
  {
    prop: 'nodeClass.createAccessEntry',
    badValue: '`true` with a role and no controller',
    attempt: nodePool((stack) => ({
      nodeClass: NodeClass.ec2NodeClass({ role: iam.Role.fromRoleName(stack, 'NodeRole', 'trino-nodes'), createAccessEntry: true }),
    })),
    message: /^KarpenterNodePool: nodeClass\.createAccessEntry \(true\) applies only with a controller/,
  },
]);

const TRINO_NODE_POOLS = casesOf('TrinoNodePools', undefined, [
  {
    prop: 'maxWorkers',
    badValue: '`0`',
    attempt: onCluster((imported) => TrinoNodePools.workers({ cluster: imported, maxWorkers: 0 })),
    message: /^TrinoNodePools: maxWorkers \(0\) must be a whole number of at least 1/,
  },
  {
    prop: 'instanceSize',
    badValue: "`'huge'`",
    attempt: onCluster((imported) => TrinoNodePools.workers({ cluster: imported, maxWorkers: 2, instanceSize: 'huge' })),
    message: /^TrinoNodePools: instanceSize \("huge"\) must be one of large, xlarge, 2xlarge/,
  },
  {
    prop: 'instanceFamilies',
    badValue: '`[]`',
    attempt: onCluster((imported) => TrinoNodePools.coordinator({ cluster: imported, instanceFamilies: [] })),
    message: /^TrinoNodePools: instanceFamilies \(\[\]\) must name at least one family/,
  },
  {
    prop: 'instanceFamilies',
    badValue: "`['r7g']` with `instanceStore: true`",
    attempt: onCluster((imported) => TrinoNodePools.workers({ cluster: imported, maxWorkers: 2, instanceStore: true, instanceFamilies: ['r7g'] })),
    message: /^TrinoNodePools: instanceFamilies \(\["r7g"\]\) cannot be combined with instanceStore/,
  },
  {
    prop: 'nodeClass',
    badValue: '`NodeClass.ec2NodeClass()` without RAID0, with `instanceStore: true`',
    attempt: onCluster((imported) => TrinoNodePools.workers({
      cluster: imported, maxWorkers: 2, instanceStore: true, nodeClass: NodeClass.ec2NodeClass(),
    })),
    message: /^TrinoNodePools: nodeClass \("an EC2NodeClass without instanceStorePolicy"\) must set instanceStorePolicy: InstanceStorePolicy\.RAID0/,
  },
  {
    prop: 'maxNodes',
    badValue: '`0`',
    attempt: onCluster((imported) => TrinoNodePools.coordinator({ cluster: imported, maxNodes: 0 })),
    message: /^TrinoNodePools: maxNodes \(0\) must be a whole number of at least 1/,
  },
]);

const GRACEFUL_SHUTDOWN_WORKERS = casesOf('GracefulShutdownWorkers', 'Shutdown', [
  {
    prop: 'cluster',
    badValue: 'imported without a kubectl provider',
    attempt: shutdownWorkers((stack) => ({ cluster: importedCluster(stack, { withKubectl: false }) })),
    message: /^GracefulShutdownWorkers: cluster \("analytics"\) was imported without a kubectl provider/,
  },
  {
    prop: 'namespace',
    badValue: "`'Trino'`",
    attempt: shutdownWorkers(() => ({ namespace: 'Trino' })),
    message: /^GracefulShutdownWorkers: namespace \("Trino"\) must be an RFC 1123 label/,
  },
  {
    prop: 'releaseName',
    badValue: "`'trino_prod'`",
    attempt: shutdownWorkers(() => ({ releaseName: 'trino_prod' })),
    message: /^GracefulShutdownWorkers: releaseName \("trino_prod"\) must be an RFC 1123 label/,
  },
  {
    prop: 'chartNameOverride',
    badValue: "`'-sql'`",
    attempt: shutdownWorkers(() => ({ chartNameOverride: '-sql' })),
    message: /^GracefulShutdownWorkers: chartNameOverride \("-sql"\) must be an RFC 1123 label/,
  },
  {
    prop: 'maxUnavailableWorkers',
    badValue: '`0`',
    attempt: shutdownWorkers(() => ({ maxUnavailableWorkers: 0 })),
    message: /^GracefulShutdownWorkers: maxUnavailableWorkers \(0\) must be a whole number of at least 1: with 0 no worker could ever be drained/,
  },
  {
    prop: 'workerNodePool.terminationGracePeriod',
    badValue: 'a NodePool with `terminationGracePeriod: Duration.minutes(5)` (the budget is 390 s)',
    attempt: shutdownWorkers((stack) => {
      const imported = importedCluster(stack);
      return {
        cluster: imported,
        workerNodePool: new KarpenterNodePool(stack, 'Workers', { cluster: imported, name: 'trino-workers', terminationGracePeriod: Duration.minutes(5) }),
      };
    }),
    message: /^GracefulShutdownWorkers: workerNodePool\.terminationGracePeriod \("300 seconds"\) must not be shorter than the workers' termination grace period \(390 seconds/,
  },
]);

const GRACEFUL_SHUTDOWN_BUDGET = casesOf('GracefulShutdownBudget', undefined, [
  {
    prop: 'gracePeriod',
    badValue: '`Duration.seconds(0)`',
    attempt: call(() => GracefulShutdownBudget.compute({ gracePeriod: Duration.seconds(0) })),
    message: /^GracefulShutdown: gracePeriod \("0 seconds"\) must be at least 1 second: the coordinator needs time to see the worker is shutting down/,
  },
  {
    prop: 'gracePeriod',
    badValue: '`Duration.millis(500)`',
    attempt: call(() => GracefulShutdownBudget.compute({ gracePeriod: Duration.millis(500) })),
    message: /^GracefulShutdown: gracePeriod \("500 ms"\) must be a whole, non-negative number of seconds/,
  },
  {
    prop: 'longestTask',
    badValue: '`Duration.millis(1500)`',
    attempt: call(() => GracefulShutdownBudget.compute({ longestTask: Duration.millis(1500) })),
    message: /^GracefulShutdown: longestTask \("1500 ms"\) must be a whole, non-negative number of seconds/,
  },
  {
    prop: 'terminationGracePeriod',
    badValue: '`Duration.seconds(90)` with `gracePeriod: Duration.seconds(60)`',
    attempt: call(() => GracefulShutdownBudget.compute({ gracePeriod: Duration.seconds(60), terminationGracePeriod: Duration.seconds(90) })),
    message: /^GracefulShutdown: terminationGracePeriod \("90 seconds"\) must be at least 2 × gracePeriod \(60 seconds\) = 120 seconds/,
  },
  {
    prop: 'terminationGracePeriod',
    badValue: '`Duration.minutes(5)` (the budget is 390 s)',
    attempt: call(() => GracefulShutdownBudget.compute({ terminationGracePeriod: Duration.minutes(5) })),
    message: /^GracefulShutdown: terminationGracePeriod \("300 seconds"\) must hold 2 × gracePeriod \(30 seconds\) \+ longestTask \(300 seconds\) \+ margin \(30 seconds\) = 390 seconds/,
  },
  {
    prop: 'httpPort',
    badValue: '`70000`',
    attempt: call(() => GracefulShutdownBudget.compute({ httpPort: 70000 })),
    message: /^GracefulShutdown: httpPort \(70000\) must be a TCP port \(1 to 65535\)/,
  },
]);

const TRINO_CLUSTER_COMPUTE = casesOf('TrinoClusterCompute', undefined, [
  {
    prop: 'selfManagedKarpenter.systemNodes',
    badValue: '`0`',
    attempt: call(() => TrinoClusterCompute.selfManagedKarpenter({ systemNodes: 0 })),
    message: /^TrinoClusterCompute: selfManagedKarpenter\.systemNodes \(0\) must be a whole number of at least 1 \(the Karpenter controller cannot run on the nodes it launches\)/,
  },
  {
    prop: 'selfManagedKarpenter.version',
    badValue: "`'0.37.0'`",
    attempt: call(() => TrinoClusterCompute.selfManagedKarpenter({ version: '0.37.0' })),
    message: /^TrinoClusterCompute: selfManagedKarpenter\.version \("0\.37\.0"\) must be a Karpenter 1\.x chart version/,
  },
  {
    prop: 'selfManagedKarpenter.amiAlias',
    badValue: "`'ubuntu@latest'`",
    attempt: call(() => TrinoClusterCompute.selfManagedKarpenter({ amiAlias: 'ubuntu@latest' })),
    message: /^TrinoClusterCompute: selfManagedKarpenter\.amiAlias \("ubuntu@latest"\) must be al2023@<version> or bottlerocket@<version>/,
  },
]);

const TRINO_CONFIGURATION = casesOf('TrinoConfiguration', undefined, [
  {
    prop: 'resourceGroups.rootGroups[0].name',
    badValue: "`'etl.nightly'` (a dot)",
    attempt: call(() => new TrinoConfiguration({
      ...CONFIGURATION,
      resourceGroups: {
        rootGroups: [{ name: 'etl.nightly', softMemoryLimit: ResourceGroupMemoryLimit.percentOfCluster(50), hardConcurrencyLimit: 5, maxQueued: 10 }],
        selectors: [{ group: 'etl.nightly' }],
      },
    })),
    message: /^TrinoConfiguration: resourceGroups\.rootGroups\[0\]\.name \("etl\.nightly"\) must be a group name/,
  },
  {
    prop: 'resourceGroups.selectors[0].group',
    badValue: "`'global'` (a group with sub-groups)",
    attempt: call(() => new TrinoConfiguration({
      ...CONFIGURATION,
      resourceGroups: {
        rootGroups: [{
          name: 'global',
          softMemoryLimit: ResourceGroupMemoryLimit.percentOfCluster(80),
          hardConcurrencyLimit: 10,
          maxQueued: 100,
          subGroups: [{ name: 'adhoc', softMemoryLimit: ResourceGroupMemoryLimit.percentOfCluster(10), hardConcurrencyLimit: 2, maxQueued: 10 }],
        }],
        selectors: [{ group: 'global' }],
      },
    })),
    message: /^TrinoConfiguration: resourceGroups\.selectors\[0\]\.group \("global"\) names a group with sub-groups/,
  },
  {
    prop: 'maxWorkers',
    badValue: '`0`',
    attempt: call(() => new TrinoConfiguration({ ...CONFIGURATION, maxWorkers: 0 })),
    message: /^TrinoConfiguration: maxWorkers \(0\) must be a whole number of at least 1: query\.max-memory is sized for the most workers/,
  },
  {
    prop: 'discoveryUri',
    badValue: "`'trino:8080'`",
    attempt: call(() => new TrinoConfiguration({ ...CONFIGURATION, discoveryUri: 'trino:8080' })),
    message: /^TrinoConfiguration: discoveryUri \("trino:8080"\) must be http\(s\):\/\/<coordinator host>:<port>/,
  },
  {
    prop: 'httpPort',
    badValue: '`0`',
    attempt: call(() => new TrinoConfiguration({ ...CONFIGURATION, httpPort: 0 })),
    message: /^TrinoConfiguration: httpPort \(0\) must be a TCP port \(1 to 65535\)/,
  },
  {
    prop: 'anonymousManagementReads',
    badValue: '`true` without `managementUser`',
    attempt: call(() => new TrinoConfiguration({ ...CONFIGURATION, anonymousManagementReads: true })),
    message: /^TrinoConfiguration: anonymousManagementReads \(true\) needs managementUser: anonymous management reads act as that user/,
  },
  {
    prop: 'environment',
    badValue: "`'Prod'`",
    attempt: call(() => new TrinoConfiguration({ ...CONFIGURATION, environment: 'Prod' })),
    message: /^TrinoConfiguration: environment \("Prod"\) must start with a lowercase letter or digit/,
  },
  {
    prop: 'workerNode.heap',
    badValue: '`Size.gibibytes(60)` on a 64 GiB node',
    attempt: call(() => new TrinoConfiguration({
      ...CONFIGURATION, workerNode: { nodeMemory: Size.gibibytes(64), nodeVcpus: 16, heap: Size.gibibytes(60) },
    })),
    message: /^TrinoConfiguration: workerNode\.heap \("60 GiB"\) exceeds what the node can give the heap/,
  },
  {
    prop: 'sharedSecretEnvironmentVariable',
    badValue: "the secret itself, `'c2VjcmV0+/=='`",
    attempt: call(() => new TrinoConfiguration({ ...CONFIGURATION, sharedSecretEnvironmentVariable: 'c2VjcmV0+/==' })),
    message: /^TrinoConfiguration: sharedSecretEnvironmentVariable \("c2VjcmV0\+\/=="\) must be the name of an environment variable .*never the secret itself/,
  },
  {
    prop: 'retryPolicy',
    badValue: '`RetryPolicy.TASK` without `exchange`',
    attempt: call(() => new TrinoConfiguration({ ...CONFIGURATION, retryPolicy: RetryPolicy.TASK })),
    message: /^TrinoConfiguration: retryPolicy \("TASK"\) needs an exchange location/,
  },
  {
    prop: 'objectStorage',
    badValue: 'left out, with a Hive catalog',
    attempt: call(() => new TrinoConfiguration({ ...CONFIGURATION, catalogs: [hiveCatalog(LAKE)] })),
    message: /^TrinoConfiguration: objectStorage \(not set\) is required by the catalogs "hive": pass ObjectStorage\.aws\(region\)/,
  },
  {
    prop: 'exchange.bucketName',
    badValue: "`'x'`",
    attempt: call(() => new TrinoConfiguration({ ...CONFIGURATION, objectStorage: ObjectStorage.aws('eu-west-1'), exchange: { bucketName: 'x' } })),
    message: /^TrinoConfiguration: exchange\.bucketName \("x"\) must be an S3 bucket name/,
  },
  {
    prop: 'processForwarded',
    badValue: '`false` with password authentication',
    attempt: call(() => new TrinoConfiguration({ ...CONFIGURATION, authentication: TrinoAuthentication.password({ users: ['analyst'] }) })),
    message: /^TrinoConfiguration: processForwarded \(false\) must be true with PASSWORD authentication: Trino accepts passwords only over HTTPS/,
  },
  {
    prop: 'spill.maxPerQueryPerNode',
    badValue: '`Size.gibibytes(20)` with `maxPerNode: Size.gibibytes(10)`',
    attempt: call(() => new TrinoConfiguration({
      ...CONFIGURATION, spill: { path: '/data/spill', maxPerNode: Size.gibibytes(10), maxPerQueryPerNode: Size.gibibytes(20) },
    })),
    message: /^TrinoConfiguration: spill\.maxPerQueryPerNode \("20 GiB"\) must not exceed spill\.maxPerNode \(10 GiB\)/,
  },
]);

const TRINO_CHART_VALUES = casesOf('TrinoChartValues', undefined, [
  {
    prop: 'name',
    badValue: "`'Trino'`",
    attempt: chartValues({ name: 'Trino' }),
    message: /^TrinoChartValues: name \("Trino"\) must be an RFC 1123 label/,
  },
  {
    prop: 'name',
    badValue: 'a 41-character name',
    attempt: chartValues({ name: 'a'.repeat(41) }),
    message: /^TrinoChartValues: name \("a{41}"\) must be at most 40 characters: the chart appends "-coordinator"/,
  },
  {
    prop: 'imageRegistry',
    badValue: "`'https://docker.io'`",
    attempt: chartValues({ imageRegistry: 'https://docker.io' }),
    message: /^TrinoChartValues: imageRegistry \("https:\/\/docker\.io"\) must be a registry host/,
  },
  {
    prop: 'imageRepository',
    badValue: "`'trinodb/trino:480'`",
    attempt: chartValues({ imageRepository: 'trinodb/trino:480' }),
    message: /^TrinoChartValues: imageRepository \("trinodb\/trino:480"\) must be an image repository without registry or tag/,
  },
  {
    prop: 'passwordFileSecretName',
    badValue: 'left out, with password authentication',
    attempt: chartValues({}, { authentication: TrinoAuthentication.password({ users: ['analyst'] }), processForwarded: true }),
    message: /^TrinoChartValues: passwordFileSecretName \(not set\) is required: the configuration turns on PASSWORD authentication/,
  },
  {
    prop: 'autoscaling.maxWorkers',
    badValue: '`11` with a configuration sized for 10',
    attempt: chartValues({ autoscaling: { minWorkers: 1, maxWorkers: 11, triggers: [{ type: 'prometheus', metadata: { query: 'up', threshold: '1' } }] } },
      { scaleToZero: {} }),
    message: /^TrinoChartValues: autoscaling\.maxWorkers \(11\) must not exceed the configuration's maxWorkers \(10\)/,
  },
  {
    prop: 'workerScheduling.tolerations[0].effect',
    badValue: "`'NoEvict'`",
    attempt: chartValues({ workerScheduling: { tolerations: [{ key: 'trino.io/worker', effect: 'NoEvict' }] } }),
    message: /^TrinoChartValues: workerScheduling\.tolerations\[0\]\.effect \("NoEvict"\) must be NoSchedule, PreferNoSchedule or NoExecute/,
  },
]);

const CATALOG = casesOf('Catalog', undefined, [
  {
    prop: 'properties',
    badValue: "`{ 'connection-password': '...' }` in Catalog.generic",
    attempt: call(() => Catalog.generic({ name: 'erp', connectorName: 'oracle', properties: { 'connection-password': 'hunter2' } })),
    message: /^Catalog\.generic: properties \("connection-password"\) holds a secret, which would be stored in plain text/,
  },
  {
    prop: 'connectorName',
    badValue: "`'iceberg'` in Catalog.generic",
    attempt: call(() => Catalog.generic({ name: 'lake', connectorName: 'iceberg' })),
    message: /^Catalog\.generic: connectorName \("iceberg"\) reads object storage, which must be granted to Trino: use Catalog\.iceberg/,
  },
  {
    prop: 'host',
    badValue: "`'jdbc:postgresql://db:5432/shop'` (a URL)",
    attempt: call(() => Catalog.postgresql({ host: 'jdbc:postgresql://db:5432/shop', database: 'shop', credentials: CatalogCredentials.fromEnvironment('U', 'P') })),
    message: /^Catalog\.postgresql: host \("jdbc:postgresql:\/\/db:5432\/shop"\) must be a host name/,
  },
  {
    prop: 'database',
    badValue: 'not set (Catalog.redshift)',
    attempt: call(() => Catalog.redshift({ host: 'dw.internal', credentials: CatalogCredentials.fromEnvironment('U', 'P') } as never)),
    message: /^Catalog\.redshift: database \(not set\) must be a database name/,
  },
  {
    prop: 'name',
    badValue: "`Catalog.tpch('system')`",
    attempt: call(() => Catalog.tpch('system')),
    message: /^Catalog\.tpch: name \("system"\) is the name of Trino's built-in catalog/,
  },
  {
    prop: 'name',
    badValue: "`'Sales-2024'`",
    attempt: call(() => Catalog.hive({ name: 'Sales-2024', metastoreUri: METASTORE_URI, storageAccess: [{ bucketName: LAKE, access: BucketAccess.READ }] })),
    message: /^Catalog\.hive: name \("Sales-2024"\) must be a Trino catalog name: lowercase letters, digits and "_" only/,
  },
  {
    prop: 'metastoreUri',
    badValue: "`'http://hive-metastore:9083'`",
    attempt: call(() => Catalog.iceberg({ metastoreUri: 'http://hive-metastore:9083', storageAccess: [{ bucketName: LAKE, access: BucketAccess.READ }] })),
    message: /^Catalog\.iceberg: metastoreUri \("http:\/\/hive-metastore:9083"\) must be thrift:\/\/<host>:<port>/,
  },
  {
    prop: 'glueRegion',
    badValue: "`'ireland'`",
    attempt: call(() => Catalog.icebergOnGlue({ glueRegion: 'ireland', storageAccess: [{ bucketName: LAKE, access: BucketAccess.READ }] })),
    message: /^Catalog\.icebergOnGlue: glueRegion \("ireland"\) must be an AWS region name such as "eu-west-1"/,
  },
  {
    prop: 'glueCatalogId',
    badValue: "`'1234'`",
    attempt: call(() => Catalog.hiveOnGlue({ glueRegion: 'eu-west-1', glueCatalogId: '1234', storageAccess: [{ bucketName: LAKE, access: BucketAccess.READ }] })),
    message: /^Catalog\.hiveOnGlue: glueCatalogId \("1234"\) must be a 12-digit AWS account ID/,
  },
  {
    prop: 'storageAccess',
    badValue: '`[]`',
    attempt: call(() => Catalog.deltaLake({ metastoreUri: METASTORE_URI, storageAccess: [] })),
    message: /^Catalog\.deltaLake: storageAccess \(\[\]\) must name at least one bucket the catalog's tables live in/,
  },
  {
    prop: 'storageAccess.bucketName',
    badValue: "`'My_Bucket'`",
    attempt: call(() => Catalog.hive({ metastoreUri: METASTORE_URI, storageAccess: [{ bucketName: 'My_Bucket', access: BucketAccess.READ }] })),
    message: /^Catalog\.hive: storageAccess\.bucketName \("My_Bucket"\) must be an S3 bucket name/,
  },
  {
    prop: 'storageAccess.prefixes',
    badValue: "`['raw/*']`",
    attempt: call(() => Catalog.hive({ metastoreUri: METASTORE_URI, storageAccess: [{ bucketName: LAKE, prefixes: ['raw/*'], access: BucketAccess.READ }] })),
    message: /^Catalog\.hive: storageAccess\.prefixes \("raw\/\*"\) must be a non-empty key prefix without wildcards/,
  },
  {
    prop: 'additionalProperties',
    badValue: "`{ 's3.aws-secret-key': '...' }`",
    attempt: call(() => Catalog.iceberg({
      metastoreUri: METASTORE_URI, storageAccess: [{ bucketName: LAKE, access: BucketAccess.READ }], additionalProperties: { 's3.aws-secret-key': 'wJalrXUtnFEMI' },
    })),
    message: /^Catalog\.iceberg: additionalProperties \("s3\.aws-secret-key"\) would put a static AWS key in plain text in the catalog file/,
  },
  {
    prop: 'additionalProperties',
    badValue: "`{ 'hive.s3.endpoint': '...' }`",
    attempt: call(() => Catalog.hive({
      metastoreUri: METASTORE_URI, storageAccess: [{ bucketName: LAKE, access: BucketAccess.READ }], additionalProperties: { 'hive.s3.endpoint': 'https://s3.eu-west-1.amazonaws.com' },
    })),
    message: /^Catalog\.hive: additionalProperties \("hive\.s3\.endpoint"\) belongs to the legacy S3 file system/,
  },
]);

const OTHER_TRINO_CLASSES: BadInputCase[] = [
  {
    construct: 'ResourceGroupMemoryLimit',
    prop: 'percentOfCluster',
    badValue: '`120`',
    attempt: call(() => ResourceGroupMemoryLimit.percentOfCluster(120)),
    message: /^ResourceGroupMemoryLimit: percentOfCluster \(120\) must be a percentage above 0 and at most 100/,
  },
  {
    construct: 'CatalogCredentials',
    prop: 'usernameKey',
    badValue: "`'user-name'`",
    attempt: (stack) => {
      const secret = secretsmanager.Secret.fromSecretNameV2(stack, 'Db', 'db');
      return () => CatalogCredentials.fromSecret(secret, { usernameKey: 'user-name' });
    },
    message: /^CatalogCredentials\.fromSecret: usernameKey \("user-name"\) must be a top-level JSON key of the secret/,
  },
  {
    construct: 'TrinoAccessControl',
    prop: 'catalogs[0].group',
    badValue: "`'admins('` (not a regular expression)",
    attempt: call(() => TrinoAccessControl.fileBased({ catalogs: [{ group: 'admins(', access: CatalogAccess.ALL }] })),
    message: /^TrinoAccessControl: catalogs\[0\]\.group \("admins\("\) must be a regular expression/,
  },
  {
    construct: 'TrinoVersion',
    prop: 'version',
    badValue: '`TrinoVersion.of(470)`',
    attempt: call(() => TrinoVersion.of(470)),
    message: /^TrinoVersion: version \(470\) is not supported: the supported Trino releases are 476 to 483/,
  },
  {
    construct: 'TrinoAccessControl',
    prop: 'tables[0].table',
    badValue: "`'orders_['` (not a regular expression)",
    attempt: call(() => TrinoAccessControl.fileBased({ tables: [{ table: 'orders_[', privileges: [] }] })),
    message: /^TrinoAccessControl: tables\[0\]\.table \("orders_\["\) must be a regular expression matched against the whole name/,
  },
  {
    construct: 'TrinoAccessControl',
    prop: 'catalogs[0].access',
    badValue: "`'write'`",
    attempt: call(() => TrinoAccessControl.fileBased({ catalogs: [{ access: 'write' as CatalogAccess }] })),
    message: /^TrinoAccessControl: catalogs\[0\]\.access \("write"\) must be CatalogAccess\.ALL, READ_ONLY or NONE/,
  },
  {
    construct: 'TrinoAccessControl',
    prop: 'tables[0].privileges',
    badValue: "`['READ']`",
    attempt: call(() => TrinoAccessControl.fileBased({ tables: [{ privileges: ['READ' as TablePrivilege] }] })),
    message: /^TrinoAccessControl: tables\[0\]\.privileges \(\["READ"\]\) must list TablePrivilege values/,
  },
  {
    construct: 'TrinoAccessControl',
    prop: 'refreshPeriod',
    badValue: '`Duration.seconds(0)`',
    attempt: call(() => TrinoAccessControl.fileBased({ refreshPeriod: Duration.seconds(0) })),
    message: /^TrinoAccessControl: refreshPeriod \("0 seconds"\) must be at least 1 second/,
  },
  {
    construct: 'TrinoMemory',
    prop: 'heap',
    badValue: '`Size.mebibytes(1536)`',
    attempt: call(() => TrinoMemory.forNode({ nodeMemory: Size.gibibytes(16), nodeVcpus: 4, heap: Size.mebibytes(1536) })),
    message: /^TrinoMemory: heap \("1\.5 GiB"\) must be at least 2 GiB: Trino keeps at least 1 GiB of it as headroom/,
  },
  {
    construct: 'TrinoMemory',
    prop: 'nodeVcpus',
    badValue: '`0`',
    attempt: call(() => TrinoMemory.forNode({ nodeMemory: Size.gibibytes(16), nodeVcpus: 0 })),
    message: /^TrinoMemory: nodeVcpus \(0\) must be more than zero/,
  },
  {
    construct: 'LocalStorage',
    prop: 'fileSystemCache.ttl',
    badValue: '`Duration.seconds(30)`',
    attempt: call(() => LocalStorage.forNode({
      diskSize: Size.gibibytes(950),
      nodeMemory: Size.gibibytes(128),
      fileSystemCache: FileSystemCache.of({ maxSize: Size.gibibytes(100), ttl: Duration.seconds(30) }),
    })),
    message: /^LocalStorage: fileSystemCache\.ttl \("30 seconds"\) must be at least 1 minute/,
  },
  {
    construct: 'LocalStorage',
    prop: 'path',
    badValue: "`'data/cache'`",
    attempt: call(() => LocalStorage.forNode({ diskSize: Size.gibibytes(950), nodeMemory: Size.gibibytes(128), path: 'data/cache' })),
    message: /^LocalStorage: path \("data\/cache"\) must be an absolute directory path/,
  },
  {
    construct: 'ObjectStorage',
    prop: 'region',
    badValue: "`ObjectStorage.aws('Europe')`",
    attempt: call(() => ObjectStorage.aws('Europe')),
    message: /^ObjectStorage\.aws: region \("Europe"\) must be an AWS region name such as "eu-west-1"/,
  },
  {
    construct: 'ObjectStorage',
    prop: 'endpoint',
    badValue: "`ObjectStorage.localEmulator({ endpoint: 'https://s3.amazonaws.com', ... })`",
    attempt: call(() => ObjectStorage.localEmulator({ endpoint: 'https://s3.amazonaws.com', accessKey: 'minio', secretKey: 'minio-secret' })),
    message: /^ObjectStorage\.localEmulator: endpoint \("https:\/\/s3\.amazonaws\.com"\) must be http\(s\):\/\/<loopback address>:<port>/,
  },
];

/** Every bad input the constructs and the classes users call refuse: the constructs first, then the classes. */
export const BAD_INPUT_CASES: BadInputCase[] = [
  ...TRINO_ON_EKS,
  ...HIVE_METASTORE_SERVICE,
  ...IRSA_BUCKET_ACCESS,
  ...KARPENTER_CONTROLLER,
  ...KARPENTER_NODE_POOL,
  ...GRACEFUL_SHUTDOWN_WORKERS,
  ...TRINO_CONFIGURATION,
  ...TRINO_CHART_VALUES,
  ...CATALOG,
  ...TRINO_NODE_POOLS,
  ...TRINO_CLUSTER_COMPUTE,
  ...GRACEFUL_SHUTDOWN_BUDGET,
  ...METASTORE_HELPERS,
  ...OTHER_TRINO_CLASSES,
];

/** The constructs the table must cover (each with a scope: nothing may be left of them after a refusal). */
export const CONSTRUCTS = ['TrinoOnEks', 'HiveMetastoreService', 'IrsaBucketAccess', 'KarpenterController', 'KarpenterNodePool', 'GracefulShutdownWorkers'];
