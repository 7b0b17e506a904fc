import { Duration, Size, Stack } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { BucketAccess } from '../../src/irsa-bucket-access/bucket-grant';
import {
  Catalog, CatalogAccess, CatalogCredentials, ObjectStorage, ResourceGroupMemoryLimit, RetryPolicy, SchedulingPolicy, SystemInformationAccess,
  TrinoAccessControl, TrinoAuthentication, TrinoConfiguration, TrinoConfigurationOptions, TrinoVersion,
} from '../../src/trino';
import { TrinoChartValues, TrinoChartValuesOptions } from '../../src/trino-on-eks/chart-values';
import { queryAwareAutoscaling, resolveWorkerAutoscaling } from '../../src/trino-on-eks/worker-autoscaling';

// Configurations and deployments the chart values are tested with, shared by the unit tests and by the
// render check against the real chart (test/trino-on-eks/chart-render-check.ts).

const METASTORE = 'thrift://hive-metastore.trino.svc.cluster.local:9083';
const LAKE = [{ bucketName: 'analytics-lake', prefixes: ['warehouse'], access: BucketAccess.READ_WRITE }];

export const NODES = {
  coordinatorNode: { nodeMemory: Size.gibibytes(32), nodeVcpus: 8 },
  workerNode: { nodeMemory: Size.gibibytes(64), nodeVcpus: 16 },
};

export const DEPLOYMENT: TrinoChartValuesOptions = {
  namespace: 'trino',
  serviceAccountName: 'trino',
  sharedSecret: { secretName: 'trino-internal', key: 'shared-secret' },
};

/** File access control of the full scenario: what people write first (admin does everything, others read). */
export const FULL_ACCESS_CONTROL = TrinoAccessControl.fileBased({
  catalogs: [{ user: 'admin', access: CatalogAccess.ALL }, { group: 'admins', access: CatalogAccess.ALL }, { access: CatalogAccess.READ_ONLY }],
  systemInformation: [{ user: 'admin', access: [SystemInformationAccess.READ, SystemInformationAccess.WRITE] }],
});

export interface ChartScenario {
  readonly name: string;
  readonly configuration: TrinoConfiguration;
  readonly deployment: TrinoChartValuesOptions;
}

/** Nothing but the required options. */
export function minimalScenario(): ChartScenario {
  return {
    name: 'minimal',
    configuration: new TrinoConfiguration({ ...NODES, discoveryUri: 'http://trino:8080', maxWorkers: 3 }),
    deployment: DEPLOYMENT,
  };
}

/** What TrinoOnEks does by default: graceful worker shutdown, workers on their own tainted NodePool. */
export function defaultScenario(): ChartScenario {
  const options: TrinoConfigurationOptions = {
    ...NODES,
    discoveryUri: 'http://trino:8080',
    maxWorkers: 10,
    gracefulShutdown: {},
    objectStorage: ObjectStorage.aws('eu-west-1'),
    catalogs: [Catalog.hive({ metastoreUri: METASTORE, storageAccess: LAKE })],
  };
  return {
    name: 'default',
    configuration: new TrinoConfiguration(options),
    deployment: {
      ...DEPLOYMENT,
      workerScheduling: {
        nodeSelector: { 'karpenter.sh/nodepool': 'trino-workers' },
        tolerations: [{ key: 'trino.io/worker', value: 'true', effect: 'NoSchedule' }],
      },
    },
  };
}

/** Every option on. */
export function fullScenario(): ChartScenario {
  const options: TrinoConfigurationOptions = {
    ...NODES,
    version: TrinoVersion.V480,
    discoveryUri: 'http://analytics:8081',
    httpPort: 8081,
    environment: 'analytics',
    maxWorkers: 20,
    objectStorage: ObjectStorage.aws('eu-west-1'),
    catalogs: [
      Catalog.iceberg({ name: 'lake', metastoreUri: METASTORE, storageAccess: LAKE }),
      Catalog.deltaLakeOnGlue({ glueRegion: 'eu-west-1', storageAccess: [{ bucketName: 'delta-tables', access: BucketAccess.READ }] }),
      Catalog.tpch(),
      Catalog.postgresql({
        name: 'orders',
        host: 'orders.abc123.eu-west-1.rds.amazonaws.com',
        database: 'shop',
        credentials: CatalogCredentials.fromEnvironment('ORDERS_USER', 'ORDERS_PASSWORD'),
      }),
    ],
    retryPolicy: RetryPolicy.TASK,
    exchange: { bucketName: 'trino-exchange', prefix: 'spool' },
    gracefulShutdown: { gracePeriod: Duration.seconds(45), longestTask: Duration.minutes(10) },
    scaleToZero: { requiredWorkers: 2, maxWait: Duration.minutes(4) },
    spill: { path: '/data/spill', maxPerNode: Size.gibibytes(200) },
    heapDumpPath: '/data/trino/heapdump.hprof',
    authentication: TrinoAuthentication.password({ users: ['analyst', 'admin'] }),
    processForwarded: true,
    accessControl: FULL_ACCESS_CONTROL,
    managementUser: 'keda-autoscaler',
    resourceGroups: {
      rootGroups: [{
        name: 'global',
        softMemoryLimit: ResourceGroupMemoryLimit.percentOfCluster(80),
        hardConcurrencyLimit: 40,
        maxQueued: 500,
        schedulingPolicy: SchedulingPolicy.WEIGHTED_FAIR,
        subGroups: [
          { name: 'admin', softMemoryLimit: ResourceGroupMemoryLimit.percentOfCluster(100), hardConcurrencyLimit: 10, maxQueued: 50, schedulingWeight: 3 },
          { name: 'adhoc', softMemoryLimit: ResourceGroupMemoryLimit.percentOfCluster(30), hardConcurrencyLimit: 5, maxQueued: 100 },
        ],
      }],
      selectors: [{ userGroup: 'admins', group: 'global.admin' }, { group: 'global.adhoc' }],
    },
    groups: [{ name: 'admins', users: ['admin'] }],
  };
  return {
    name: 'full',
    configuration: new TrinoConfiguration(options),
    deployment: {
      name: 'analytics',
      namespace: 'analytics',
      imageRegistry: '123456789012.dkr.ecr.eu-west-1.amazonaws.com',
      imageRepository: 'mirror/trinodb/trino',
      serviceAccountName: 'analytics-trino',
      sharedSecret: { secretName: 'analytics-internal', key: 'shared-secret' },
      passwordFileSecretName: 'analytics-passwords',
      secretProviderClassName: 'analytics-secrets',
      coordinatorSecretProviderClassName: 'analytics-coordinator-secrets',
      autoscaling: {
        minWorkers: 0,
        maxWorkers: 20,
        pollingInterval: Duration.seconds(15),
        cooldownPeriod: Duration.minutes(10),
        triggers: [{
          type: 'prometheus',
          metadata: {
            serverAddress: 'http://prometheus.monitoring:9090',
            query: 'sum(trino_execution_QueryManager_QueuedQueries) + sum(trino_execution_QueryManager_RunningQueries)',
            threshold: '4',
            activationThreshold: '0',
          },
        }],
      },
      coordinatorScheduling: {
        nodeSelector: { 'karpenter.sh/nodepool': 'trino-coordinator' },
        tolerations: [{ key: 'trino.io/coordinator', effect: 'NoSchedule' }],
      },
      workerScheduling: {
        nodeSelector: { 'karpenter.sh/nodepool': 'trino-workers' },
        tolerations: [{ key: 'trino.io/worker', value: 'true', effect: 'NoSchedule' }],
      },
      networkPolicyAllowFrom: [{ cidr: '10.0.0.0/16' }, { namespaceLabels: { 'kubernetes.io/metadata.name': 'monitoring' } }],
      metrics: { exporterImage: 'bitnami/jmx-exporter:1.4.0', serviceMonitorLabels: { release: 'kube-prometheus' }, scrapeInterval: Duration.seconds(20) },
    },
  };
}

/**
 * What TrinoOnEks renders with `workers: { autoscaling: {} }`: workers from 0 to `workers.maxCount`, KEDA metrics-api triggers on the
 * coordinator's /metrics, and the coordinator's query wait.
 */
export function autoscalingScenario(): ChartScenario {
  const resolved = resolveWorkerAutoscaling('TrinoOnEks', 'workers.autoscaling', {}, 0, 6);
  const configuration = new TrinoConfiguration({
    ...NODES,
    discoveryUri: 'http://trino:8080',
    maxWorkers: 6,
    gracefulShutdown: {},
    scaleToZero: resolved.queryWait,
  });
  return {
    name: 'autoscaling',
    configuration,
    deployment: {
      ...DEPLOYMENT,
      autoscaling: queryAwareAutoscaling(resolved, { coordinatorUri: 'http://trino.trino.svc.cluster.local:8080', authenticationName: 'trino-keda-metrics' }),
    },
  };
}

/** The default, on instance-store workers (950 GB NVMe): file-system cache and spill on the local disk. */
export function localStorageScenario(): ChartScenario {
  const base = defaultScenario();
  return {
    ...base,
    name: 'local-storage',
    configuration: new TrinoConfiguration({
      ...NODES,
      discoveryUri: 'http://trino:8080',
      maxWorkers: 10,
      gracefulShutdown: {},
      objectStorage: ObjectStorage.aws('eu-west-1'),
      catalogs: [Catalog.hive({ metastoreUri: METASTORE, storageAccess: LAKE }), Catalog.tpch()],
      localStorage: { diskSize: Size.mebibytes(Math.floor(950e9 / 2 ** 20)) },
    }),
  };
}

/** OAuth 2.0 sign-in behind a TLS-terminating load balancer, the client secret from a synced Secret. */
export function oauth2Scenario(): ChartScenario {
  const clientSecret = secretsmanager.Secret.fromSecretNameV2(new Stack(), 'ClientSecret', 'trino/oauth2');
  return {
    name: 'oauth2',
    configuration: new TrinoConfiguration({
      ...NODES,
      discoveryUri: 'http://trino:8080',
      maxWorkers: 2,
      processForwarded: true,
      managementUser: 'keda-autoscaler',
      authentication: TrinoAuthentication.oauth2({ issuer: 'https://idp.example.com/realms/data', clientId: 'trino', clientSecret }),
    }),
    deployment: {
      ...DEPLOYMENT,
      secretProviderClassName: 'trino-secrets',
      oauth2ClientSecret: { secretName: 'trino-oauth2-client-secret', key: 'client-secret' },
    },
  };
}

export function scenarios(): ChartScenario[] {
  return [minimalScenario(), defaultScenario(), fullScenario(), autoscalingScenario(), localStorageScenario(), oauth2Scenario()];
}

export function chartValues(scenario: ChartScenario): TrinoChartValues {
  return new TrinoChartValues(scenario.configuration, scenario.deployment);
}
