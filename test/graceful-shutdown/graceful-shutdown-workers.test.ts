import { Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { GracefulShutdownWorkers, GracefulShutdownWorkersProps } from '../../src/graceful-shutdown';
import { CapacityType, KarpenterNodePool, TrinoNodePools } from '../../src/karpenter';
import { GracefulShutdownBudget } from '../../src/trino';
import { createdCluster, importedCluster, newStack } from '../fixtures/clusters';
import { kubernetesObjects } from '../quality-gate/manifests';
import { qualityGateTests } from '../quality-gate/quality-gate';

function pdbOf(stack: Stack): any {
  const pdbs = kubernetesObjects(stack).filter((o) => o.kind === 'PodDisruptionBudget');
  expect(pdbs).toHaveLength(1);
  return pdbs[0];
}

describe('defaults, on an existing chart release in an imported cluster', () => {
  let stack: Stack;
  let shutdown: GracefulShutdownWorkers;
  beforeAll(() => {
    stack = newStack();
    shutdown = new GracefulShutdownWorkers(stack, 'Shutdown', {
      cluster: importedCluster(stack), namespace: 'analytics', budget: GracefulShutdownBudget.compute(),
    });
  });

  test('the budget is 2 × 30 s grace + 5 min longest task + 30 s margin = 390 s', () => {
    expect(shutdown.budget.terminationGracePeriodSeconds).toBe(2 * 30 + 300 + 30);
    expect(shutdown.nodePoolTerminationGracePeriod.toSeconds()).toBe(390);
  });

  test('chart values enable the chart graceful shutdown with the same grace period and the whole budget', () => {
    expect(shutdown.chartValues).toEqual({
      worker: { gracefulShutdown: { enabled: true, gracePeriodSeconds: 30 }, terminationGracePeriodSeconds: 390 },
    });
    // The chart refuses to render unless terminationGracePeriodSeconds >= 2 × gracePeriodSeconds.
    expect(shutdown.chartValues.worker.terminationGracePeriodSeconds)
      .toBeGreaterThanOrEqual(2 * shutdown.chartValues.worker.gracefulShutdown.gracePeriodSeconds);
  });

  test('a worker PodDisruptionBudget selects exactly the chart release worker pods, one at a time', () => {
    const pdb = pdbOf(stack);
    expect(pdb.metadata).toMatchObject({ name: 'trino-worker', namespace: 'analytics' });
    expect(pdb.spec).toEqual({
      maxUnavailable: 1,
      selector: {
        matchLabels: {
          'app.kubernetes.io/name': 'trino',
          'app.kubernetes.io/instance': 'trino',
          'app.kubernetes.io/component': 'worker',
        },
      },
    });
  });

  test('workers are not taken to be on spot, so there is no spot warning', () => {
    expect(shutdown.spotWorkers).toBe(false);
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  qualityGateTests(() => ({ stack, scope: stack }));
});

describe('a budget computed elsewhere', () => {
  test('the construct uses the budget it is given (e.g. a TrinoConfiguration\'s), so the files and the pods agree', () => {
    const stack = newStack();
    const budget = GracefulShutdownBudget.compute({
      gracePeriod: Duration.seconds(10), longestTask: Duration.minutes(1), margin: Duration.seconds(20), httpPort: 8081,
    });
    const shutdown = new GracefulShutdownWorkers(stack, 'Shutdown', { cluster: importedCluster(stack), namespace: 'trino', budget });
    expect(shutdown.budget).toBe(budget);
    expect(shutdown.chartValues).toEqual({
      worker: { gracefulShutdown: { enabled: true, gracePeriodSeconds: 10 }, terminationGracePeriodSeconds: 100 },
    });
    expect(shutdown.nodePoolTerminationGracePeriod.toSeconds()).toBe(100);
  });
});

describe('a release with its own name and nameOverride, two workers at a time', () => {
  test('the PodDisruptionBudget follows the release labels', () => {
    const stack = newStack();
    new GracefulShutdownWorkers(stack, 'Shutdown', {
      cluster: importedCluster(stack),
      namespace: 'trino',
      budget: GracefulShutdownBudget.compute(),
      releaseName: 'lake',
      chartNameOverride: 'sql',
      maxUnavailableWorkers: 2,
    });
    const pdb = pdbOf(stack);
    expect(pdb.metadata.name).toBe('lake-worker');
    expect(pdb.spec.maxUnavailable).toBe(2);
    expect(pdb.spec.selector.matchLabels).toEqual({
      'app.kubernetes.io/name': 'sql', 'app.kubernetes.io/instance': 'lake', 'app.kubernetes.io/component': 'worker',
    });
  });
});

describe('spot workers from the Trino worker pool preset', () => {
  function withPool(options: { faultTolerant?: boolean; longestTask?: Duration; poolGrace?: Duration }) {
    const stack = newStack();
    const cluster = createdCluster(stack);
    const pool = new KarpenterNodePool(stack, 'Workers', TrinoNodePools.workers({
      cluster, maxWorkers: 4, terminationGracePeriod: options.poolGrace ?? Duration.minutes(10),
    }));
    const shutdown = new GracefulShutdownWorkers(stack, 'Shutdown', {
      cluster,
      namespace: 'trino',
      budget: GracefulShutdownBudget.compute({ longestTask: options.longestTask }),
      workerNodePool: pool,
      faultTolerantExecution: options.faultTolerant,
    });
    return { stack, pool, shutdown };
  }

  test('the pool allows spot, so workers are spot workers', () => {
    const { pool, shutdown } = withPool({});
    expect(pool.capacityTypes).toContain(CapacityType.SPOT);
    expect(shutdown.spotWorkers).toBe(true);
  });

  test('a budget longer than the two-minute notice warns and suggests fault-tolerant execution', () => {
    const { stack } = withPool({});
    Annotations.fromStack(stack).hasWarning('/Test/Shutdown', Match.stringLikeRegexp('two-minute spot interruption notice.*retryPolicy TASK'));
  });

  test('with fault-tolerant execution the long budget is only noted', () => {
    const { stack } = withPool({ faultTolerant: true });
    Annotations.fromStack(stack).hasNoWarning('/Test/Shutdown', Match.anyValue());
    Annotations.fromStack(stack).hasInfo('/Test/Shutdown', Match.stringLikeRegexp('fault-tolerant execution retries'));
  });

  test('a budget that fits the notice does not warn', () => {
    const { stack, shutdown } = withPool({ longestTask: Duration.seconds(30) });
    expect(shutdown.budget.terminationGracePeriodSeconds).toBe(120);
    Annotations.fromStack(stack).hasNoWarning('/Test/Shutdown', Match.anyValue());
  });

  test('a NodePool terminationGracePeriod equal to the budget is accepted', () => {
    expect(() => withPool({ poolGrace: Duration.seconds(390) })).not.toThrow();
  });
});

describe('bad input: a synth-time error naming the prop, the value and what is allowed; nothing is created', () => {
  type PoolFactory = (stack: Stack, cluster: eks.ICluster) => KarpenterNodePool;
  function attempt(props: Partial<GracefulShutdownWorkersProps>, pool?: PoolFactory) {
    const stack = newStack();
    const cluster = pool ? createdCluster(stack) : importedCluster(stack);
    const workerNodePool = pool?.(stack, cluster);
    const before = stack.node.findAll().length;
    let error: unknown;
    try {
      new GracefulShutdownWorkers(stack, 'Shutdown', {
        cluster, namespace: 'trino', workerNodePool, ...props, budget: props.budget ?? GracefulShutdownBudget.compute(),
      });
    } catch (e) {
      error = e;
    }
    expect(stack.node.tryFindChild('Shutdown')).toBeUndefined();
    expect(stack.node.findAll().length).toBe(before);
    return () => { throw error; };
  }

  test.each([
    [{ namespace: 'Trino' }, /GracefulShutdownWorkers: namespace \("Trino"\) must be an RFC 1123 label/],
    [{ releaseName: 'trino_prod' }, /GracefulShutdownWorkers: releaseName \("trino_prod"\) must be an RFC 1123 label/],
    [{ chartNameOverride: '-sql' }, /GracefulShutdownWorkers: chartNameOverride \("-sql"\) must be an RFC 1123 label/],
    [{ maxUnavailableWorkers: 0 }, /GracefulShutdownWorkers: maxUnavailableWorkers \(0\) must be a whole number of at least 1/],
    [{ maxUnavailableWorkers: 1.5 }, /GracefulShutdownWorkers: maxUnavailableWorkers \(1.5\) must be a whole number of at least 1/],
  ])('%o', (props, message) => {
    expect(attempt(props as any)).toThrow(message);
  });

  // The budget is computed before the construct: its bad options fail there, so nothing can be created.
  test.each([
    [{ gracePeriod: Duration.millis(500) }, /GracefulShutdown: gracePeriod \("500 ms"\) must be a whole, non-negative number of seconds/],
    [{ terminationGracePeriod: Duration.seconds(100) }, /terminationGracePeriod \("100 seconds"\) must hold 2 × gracePeriod/],
  ])('the budget: %o', (options, message) => {
    expect(() => GracefulShutdownBudget.compute(options)).toThrow(message);
  });

  test('a worker NodePool that force-drains before the budget is over', () => {
    expect(attempt({}, (stack, cluster) => new KarpenterNodePool(stack, 'Workers', TrinoNodePools.workers({
      cluster, maxWorkers: 2, terminationGracePeriod: Duration.minutes(5),
    })))).toThrow(/GracefulShutdownWorkers: workerNodePool.terminationGracePeriod \("300 seconds"\) must not be shorter than the workers' termination grace period \(390 seconds.*raise the NodePool's terminationGracePeriod/);
  });
});
