import { KubectlV35Layer } from '@aws-cdk/lambda-layer-kubectl-v35';
import { Duration, Size, Stack } from 'aws-cdk-lib';
import { BucketAccess } from '../../src/irsa-bucket-access';
import { WarehouseLocation } from '../../src/metastore';
import { Catalog, FileSystemCache, RetryPolicy, TrinoRole, TrinoVersion } from '../../src/trino';
import { TrinoCluster } from '../../src/trino-on-eks/trino-cluster-choice';
import { TrinoMetastore } from '../../src/trino-on-eks/trino-metastore-choice';
import { TrinoOnEks } from '../../src/trino-on-eks/trino-on-eks';
import { CREATED_METASTORE_URI, resolveTrinoOnEks } from '../../src/trino-on-eks/trino-on-eks-model';
import { TrinoOnEksProps } from '../../src/trino-on-eks/trino-on-eks-props';
import { importedCluster, newStack } from '../fixtures/clusters';

const LAKE = 'analytics-lake';
const WAREHOUSE = { bucketName: LAKE, prefixes: ['warehouse'], access: BucketAccess.READ_WRITE };

/**
 * Props shaped like the quickstart's: a created cluster and metastore, Hive and Iceberg on the warehouse, TPC-H,
 * Graviton workers scaling to zero with a short shutdown budget. Only the kubectl layer needs a scope.
 */
function quickstartProps(stack: Stack): TrinoOnEksProps {
  return {
    cluster: TrinoCluster.create({ kubectlLayer: new KubectlV35Layer(stack, 'Kubectl') }),
    version: TrinoVersion.V476,
    metastore: TrinoMetastore.create({ warehouse: WarehouseLocation.fromUri(`s3://${LAKE}/warehouse`) }),
    catalogs: [
      Catalog.hive({ metastoreUri: CREATED_METASTORE_URI, storageAccess: [WAREHOUSE] }),
      Catalog.iceberg({ metastoreUri: CREATED_METASTORE_URI, storageAccess: [WAREHOUSE] }),
      Catalog.tpch(),
    ],
    workers: {
      maxCount: 2,
      instanceSize: '2xlarge',
      graviton: true,
      gracefulShutdown: { gracePeriod: Duration.seconds(10), longestTask: Duration.minutes(1) },
      autoscaling: {},
    },
    coordinator: { instanceSize: 'xlarge' },
    networkPolicy: { allowFrom: [{ podLabels: { 'app.kubernetes.io/name': 'trino-sample-data' } }] },
  };
}

describe('resolveTrinoOnEks: the quickstart-like props', () => {
  test('resolve without a construct scope, and create nothing', () => {
    const stack = newStack();
    const props = quickstartProps(stack);
    const before = stack.node.findAll().length;
    const model = resolveTrinoOnEks(props, 'eu-west-1');
    expect(stack.node.findAll().length).toBe(before);

    expect(model.namespace).toBe('trino');
    expect(model.cluster).toBe(props.cluster);
    expect(model.createdMetastore).toBe(props.metastore!.createOptions);
    expect(model.existingMetastore).toBeUndefined();
    expect(model.workers).toEqual({
      instanceSize: '2xlarge', maxCount: 2, minCount: 0, spot: true, graviton: true, instanceStore: true, maxUnavailable: 1,
    });
    expect(model.coordinatorInstanceSize).toBe('xlarge');
    expect(model.protectCoordinator).toBe(true);
    expect(model.retryPolicy).toBe(RetryPolicy.NONE);
    expect(model.exchange).toBeUndefined();
    expect(model.catalogs.map((c) => c.name)).toEqual(['hive', 'iceberg', 'tpch']);
    // The two catalogs' identical locations are one grant, on the created metastore's warehouse bucket.
    expect(model.grants).toEqual([{ bucketName: LAKE, prefixes: ['warehouse'], access: BucketAccess.READ_WRITE }]);
    expect(model.autoscaling).toMatchObject({ minWorkers: 0, maxWorkers: 2, installKeda: true, metricsUser: 'keda-autoscaler' });
    expect(model.autoscaling!.queryWait).toEqual({ requiredWorkers: 1, maxWait: Duration.minutes(5) });
    expect(model.authenticated).toBe(false);
    expect(model.loadBalancer).toBeUndefined();
    expect(model.createdVpcRange).toBeUndefined();
  });

  test('render the files and values once: 2 × 10 s + 1 min + 30 s = 110 s of budget, in the configuration and the values', () => {
    const stack = newStack();
    const model = resolveTrinoOnEks(quickstartProps(stack), 'eu-west-1');
    expect(model.configuration.gracefulShutdown!.terminationGracePeriodSeconds).toBe(110);
    expect(model.configuration.version).toBe(TrinoVersion.V476);
    expect(model.helmValues.worker.terminationGracePeriodSeconds).toBe(110);
    expect(model.helmValues.image.tag).toBe(TrinoVersion.V476.imageTag);
    expect(model.helmValues.server.keda).toMatchObject({ enabled: true, minReplicaCount: 0, maxReplicaCount: 2 });
    expect(model.configuration.configProperties(TrinoRole.COORDINATOR)['query-manager.required-workers']).toBe('1');
    // The allowFrom client and KEDA reach the coordinator through a NetworkPolicy of its own.
    expect(model.networkPolicies?.map((p) => p.metadata.name)).toContain('trino-coordinator');
  });

  test('the model is what TrinoOnEks builds from: its Helm values and files equal those of the construct', () => {
    const stack = newStack();
    const props = quickstartProps(stack);
    const model = resolveTrinoOnEks(props, stack.region);
    const trino = new TrinoOnEks(stack, 'Trino', props);
    expect(stack.resolve(model.helmValues)).toEqual(stack.resolve(trino.helmValues));
    for (const role of [TrinoRole.COORDINATOR, TrinoRole.WORKER]) {
      expect(stack.resolve(model.configuration.files(role))).toEqual(stack.resolve(trino.configuration.files(role)));
    }
  });

  test('what the builder creates is late-bound: the model alone renders the exchange bucket\'s name as a token it cannot resolve', () => {
    const stack = newStack();
    const props: TrinoOnEksProps = { ...quickstartProps(stack), faultTolerantExecution: {} };
    const model = resolveTrinoOnEks(props, stack.region);
    expect(model.exchange!.expiry.toDays()).toBe(1);
    expect(() => stack.resolve(model.helmValues)).toThrow(/TrinoOnEks: the exchange bucket was rendered but never created/);
    // The construct creates the bucket and binds its name, so its own values resolve to it.
    const trino = new TrinoOnEks(stack, 'Trino', props);
    expect(JSON.stringify(stack.resolve(trino.helmValues.server.exchangeManager)))
      .toContain(JSON.stringify(stack.resolve(trino.exchangeBucket!.bucketName)));
  });
});

describe('resolveTrinoOnEks: defaults', () => {
  test('three 4xlarge spot-first workers, a protected 2xlarge coordinator, no autoscaling, no retries, no metastore', () => {
    const stack = newStack();
    const model = resolveTrinoOnEks({ cluster: TrinoCluster.existing(importedCluster(stack)), catalogs: [Catalog.tpch()] }, 'eu-west-1');
    expect(model.workers).toEqual({
      instanceSize: '4xlarge', maxCount: 3, minCount: 3, spot: true, graviton: false, instanceStore: false, maxUnavailable: 1,
    });
    expect(model.coordinatorInstanceSize).toBe('2xlarge');
    expect(model.protectCoordinator).toBe(true);
    expect(model.autoscaling).toBeUndefined();
    expect(model.retryPolicy).toBe(RetryPolicy.NONE);
    expect(model.createdMetastore).toBeUndefined();
    expect(model.existingMetastore).toBeUndefined();
    expect(model.grants).toEqual([]);
    expect(model.helmValues.server.workers).toBe(3);
    expect(model.configuration.gracefulShutdown!.terminationGracePeriodSeconds).toBe(390);
  });

  test('a metastore created without catalogs gives the default Iceberg catalog read-write on its warehouse', () => {
    const stack = newStack();
    const model = resolveTrinoOnEks({
      cluster: TrinoCluster.create({ kubectlLayer: new KubectlV35Layer(stack, 'Kubectl') }),
      metastore: TrinoMetastore.create({ warehouse: WarehouseLocation.fromUri(`s3://${LAKE}/tables`) }),
    }, 'eu-west-1');
    expect(model.catalogs.map((c) => [c.name, c.connectorName, c.metastoreUri])).toEqual([['iceberg', 'iceberg', TrinoOnEks.CREATED_METASTORE_URI]]);
    expect(model.grants).toEqual([{ bucketName: LAKE, prefixes: ['tables'], access: BucketAccess.READ_WRITE }]);
  });
});

describe('resolveTrinoOnEks: bad props throw from the resolver, naming the new prop paths', () => {
  const cases: Array<[string, Partial<TrinoOnEksProps>, RegExp]> = [
    ['no cluster', { cluster: undefined },
      /TrinoOnEks: cluster \(not set\) is required: TrinoCluster.create\(.*TrinoCluster.existing\(cluster\) uses one of the app/],
    ['no workers', { workers: { maxCount: 0 } }, /TrinoOnEks: workers.maxCount \(0\) must be a whole number of at least 1/],
    ['fewer workers than the most without autoscaling', { workers: { minCount: 2, maxCount: 3 } },
      /TrinoOnEks: workers.minCount \(2\) must equal workers.maxCount \(3\): without autoscaling the cluster runs a fixed number of workers; leave minCount unset or turn on workers.autoscaling/],
    ['more workers at least than at most', { workers: { minCount: 4, maxCount: 3, autoscaling: {} } },
      /TrinoOnEks: workers.minCount \(4\) must not exceed workers.maxCount \(3\)/],
    ['an unknown worker size', { workers: { instanceSize: 'huge' } }, /TrinoOnEks: workers.instanceSize \("huge"\) must be one of large, xlarge/],
    ['an unknown coordinator size', { coordinator: { instanceSize: 'tiny' } }, /TrinoOnEks: coordinator.instanceSize \("tiny"\) must be one of large, xlarge/],
    ['a heap the worker node cannot give', { workers: { heap: Size.gibibytes(200) } },
      /TrinoOnEks: workers.heap \("204800 MiB"\) must fit a 4xlarge worker node/],
    ['a file-system cache without a local disk', { workers: { fileSystemCache: FileSystemCache.auto() } },
      /TrinoOnEks: workers.fileSystemCache \("FileSystemCache.auto\(\)"\) needs workers with a local disk: set workers.instanceStore \(or workers.graviton\) to true/],
    ['no worker may ever be drained', { workers: { gracefulShutdown: { maxUnavailableWorkers: 0 } } },
      /TrinoOnEks: workers.gracefulShutdown.maxUnavailableWorkers \(0\) must be a whole number of at least 1: with 0 no worker could ever be drained/],
    ['a shutdown budget the termination grace period cannot hold', { workers: { gracefulShutdown: { terminationGracePeriod: Duration.seconds(100) } } },
      /TrinoOnEks: workers.gracefulShutdown.terminationGracePeriod \("100 seconds"\) must hold 2 × gracePeriod/],
    ['more required workers than the most workers', { workers: { maxCount: 2, autoscaling: { queryWait: { requiredWorkers: 3 } } } },
      /TrinoOnEks: workers.autoscaling.queryWait.requiredWorkers \(3\) must be a whole number from 1 to the most workers \(2\)/],
    ['a wait shorter than a worker needs to start', { workers: { autoscaling: { pollingInterval: Duration.seconds(60), queryWait: { maxWait: Duration.minutes(2) } } } },
      /TrinoOnEks: workers.autoscaling.queryWait.maxWait \("120 seconds"\) must be at least 180 seconds when the fewest workers is 0 \(workers.autoscaling.pollingInterval of 60 s/],
  ];

  test.each(cases)('%s', (_name, bad, message) => {
    const stack = newStack();
    const props = { cluster: TrinoCluster.existing(importedCluster(stack)), catalogs: [Catalog.tpch()], ...bad } as TrinoOnEksProps;
    const before = stack.node.findAll().length;
    expect(() => resolveTrinoOnEks(props, 'eu-west-1')).toThrow(message);
    expect(stack.node.findAll().length).toBe(before);
  });
});
