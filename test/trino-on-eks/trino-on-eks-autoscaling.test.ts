import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Catalog, TrinoRole } from '../../src/trino';
import { TrinoCluster } from '../../src/trino-on-eks/trino-cluster-choice';
import { TrinoOnEks } from '../../src/trino-on-eks/trino-on-eks';
import { TrinoOnEksProps } from '../../src/trino-on-eks/trino-on-eks-props';
import { KEDA_CHART, TRINO_QUERY_METRICS } from '../../src/trino-on-eks/worker-autoscaling';
import { importedCluster, newStack } from '../fixtures/clusters';
import { trinoOnImportedCluster } from '../fixtures/trino-on-eks';
import { kubernetesObjects, schemaProblems } from '../quality-gate/manifests';
import { qualityGateTests } from '../quality-gate/quality-gate';

const HELM = 'Custom::AWSCDK-EKS-HelmChart';

const build = trinoOnImportedCluster;

/** The ScaledObject the pinned chart renders from `server.keda` (templates/keda-scaledobject.yaml), for schema validation. */
function scaledObjectAsTheChartRendersIt(values: any, namespace: string): any {
  const keda = values.server.keda;
  return {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledObject',
    metadata: { name: `${values.fullnameOverride}-worker`, namespace },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: `${values.fullnameOverride}-worker` },
      pollingInterval: keda.pollingInterval,
      cooldownPeriod: keda.cooldownPeriod,
      initialCooldownPeriod: 0,
      minReplicaCount: keda.minReplicaCount,
      maxReplicaCount: keda.maxReplicaCount,
      triggers: keda.triggers,
    },
  };
}

describe('autoscaling to zero (defaults)', () => {
  let stack: Stack;
  let trino: TrinoOnEks;
  let template: Template;
  beforeAll(() => {
    ({ stack, trino } = build({ workers: { maxCount: 6, autoscaling: {} } }));
    template = Template.fromStack(stack);
  });

  test('the chart runs KEDA on the worker Deployment, 0 to workers.maxCount, with no fixed replica count', () => {
    const keda = trino.helmValues.server.keda;
    expect(keda).toMatchObject({ enabled: true, minReplicaCount: 0, maxReplicaCount: 6, pollingInterval: 30, cooldownPeriod: 300 });
    expect(trino.helmValues.server.workers).toBeUndefined();
  });

  test('two metrics-api triggers read queued and running queries from the coordinator\'s /metrics as basic-auth user', () => {
    const triggers = trino.helmValues.server.keda.triggers;
    expect(triggers.map((t: any) => t.metadata.valueLocation)).toEqual([TRINO_QUERY_METRICS.queued, TRINO_QUERY_METRICS.running]);
    for (const trigger of triggers) {
      expect(trigger).toEqual({
        type: 'metrics-api',
        metadata: {
          url: 'http://trino.trino.svc.cluster.local:8080/metrics',
          format: 'prometheus',
          valueLocation: expect.stringMatching(/^trino_execution_name_QueryManager_(Queued|Running)Queries$/),
          targetValue: '2',
          activationTargetValue: '0',
          authMode: 'basic',
        },
        authenticationRef: { name: 'trino-keda-metrics' },
      });
    }
  });

  test('queries wait for one worker for 5 minutes instead of failing (coordinator only)', () => {
    const coordinator = trino.configuration.configProperties(TrinoRole.COORDINATOR);
    expect(coordinator['query-manager.required-workers']).toBe('1');
    expect(coordinator['query-manager.required-workers-max-wait']).toBe('300s');
    expect(trino.configuration.configProperties(TrinoRole.WORKER)['query-manager.required-workers']).toBeUndefined();
    expect(JSON.stringify(trino.helmValues)).toContain('query-manager.required-workers');
  });

  test('the worker NodePool limits stay sized for workers.maxCount', () => {
    const pool = kubernetesObjects(stack).find((o) => o.kind === 'NodePool' && o.metadata.name === 'trino-workers');
    const fixed = build({ workers: { maxCount: 6 } });
    const fixedPool = kubernetesObjects(fixed.stack).find((o) => o.kind === 'NodePool' && o.metadata.name === 'trino-workers');
    expect(pool.spec.limits).toEqual(fixedPool.spec.limits);
    expect(pool.spec.limits.cpu).toBeDefined();
  });

  test('KEDA from its official chart, pinned, in its own namespace, before the Trino chart', () => {
    template.hasResourceProperties(HELM, {
      Chart: 'keda', Repository: 'https://kedacore.github.io/charts', Version: KEDA_CHART.version, Namespace: 'keda', Release: 'keda', Wait: true,
    });
    expect(trino.kedaChart).toBeDefined();
    const charts = template.findResources(HELM, { Properties: { Chart: 'trino' } });
    const dependsOn: string[] = Object.values(charts)[0].DependsOn;
    const authentication = stack.getLogicalId(trino.autoscalingAuthentication!.node.defaultChild as any);
    expect(dependsOn).toContain(authentication);
    const authResource = template.toJSON().Resources[authentication];
    expect(authResource.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/Keda/)]));
  });

  test('the user name KEDA sends is in a ConfigMap, handed over by a TriggerAuthentication: no Secret', () => {
    const objects = kubernetesObjects(stack);
    const auth = objects.find((o) => o.kind === 'TriggerAuthentication');
    expect(auth).toEqual({
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'TriggerAuthentication',
      metadata: expect.objectContaining({ name: 'trino-keda-metrics', namespace: 'trino' }),
      spec: { configMapTargetRef: [{ parameter: 'username', name: 'trino-keda-metrics', key: 'username' }] },
    });
    const configMap = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'trino-keda-metrics');
    expect(configMap.data).toEqual({ username: 'keda-autoscaler' });
    expect(objects.some((o) => o.kind === 'Secret')).toBe(false);
  });

  test('the ScaledObject the chart renders validates against the KEDA schema (our objects: the quality gate below)', () => {
    const scaled = scaledObjectAsTheChartRendersIt(trino.helmValues, 'trino');
    expect(schemaProblems([scaled])).toEqual([]);
  });

  test('a broken trigger is caught by the KEDA schema (the check can fail)', () => {
    const scaled = scaledObjectAsTheChartRendersIt(trino.helmValues, 'trino');
    scaled.spec.triggers = [{ metadata: { url: 'x' } }];
    expect(schemaProblems([scaled])).not.toEqual([]);
  });

  test('outputs: the metrics endpoint, the role and the buckets', () => {
    const outputs = template.findOutputs('*');
    const values = Object.values(outputs).map((o: any) => o.Value);
    expect(values).toContain('http://trino.trino.svc.cluster.local:8080/metrics');
    expect(Object.keys(outputs).some((k) => /RoleArn/.test(k))).toBe(true);
    expect(Object.keys(outputs).some((k) => /Buckets/.test(k))).toBe(true);
  });

  qualityGateTests(() => ({ stack, scope: trino }), { kubernetesObjects: { withoutSchema: ['SecretProviderClass'] } });
});

describe('autoscaling options', () => {
  test('a floor of workers, a custom wait, polling and target: no KEDA install when the cluster has it', () => {
    const { stack, trino } = build({
      workers: {
        minCount: 1,
        maxCount: 8,
        autoscaling: {
          installKeda: false,
          queriesPerWorker: 4,
          pollingInterval: Duration.seconds(15),
          cooldownPeriod: Duration.minutes(10),
          queryWait: { requiredWorkers: 2, maxWait: Duration.minutes(8) },
          metricsUser: 'autoscaler',
        },
      },
    });
    expect(trino.helmValues.server.keda).toMatchObject({ minReplicaCount: 1, maxReplicaCount: 8, pollingInterval: 15, cooldownPeriod: 600 });
    expect(trino.helmValues.server.keda.triggers[0].metadata.targetValue).toBe('4');
    const coordinator = trino.configuration.configProperties(TrinoRole.COORDINATOR);
    expect(coordinator['query-manager.required-workers']).toBe('2');
    expect(coordinator['query-manager.required-workers-max-wait']).toBe('480s');
    expect(trino.kedaChart).toBeUndefined();
    Template.fromStack(stack).resourcePropertiesCountIs(HELM, { Chart: 'keda' }, 0);
    const configMap = kubernetesObjects(stack).find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'trino-keda-metrics');
    expect(configMap.data.username).toBe('autoscaler');
  });

  test('a floor above zero renders no query wait unless asked', () => {
    const { trino } = build({ workers: { minCount: 2, maxCount: 4, autoscaling: {} } });
    expect(trino.configuration.configProperties(TrinoRole.COORDINATOR)['query-manager.required-workers']).toBeUndefined();
    expect(trino.helmValues.server.keda.minReplicaCount).toBe(2);
  });

  test('without autoscaling: a fixed worker count, no ScaledObject values, no KEDA, no TriggerAuthentication', () => {
    const { stack, trino } = build({ workers: { maxCount: 3 } });
    expect(trino.helmValues.server.workers).toBe(3);
    expect(trino.helmValues.server.keda).toBeUndefined();
    expect(kubernetesObjects(stack).some((o) => o.kind === 'TriggerAuthentication')).toBe(false);
    Template.fromStack(stack).resourcePropertiesCountIs(HELM, { Chart: 'keda' }, 0);
  });
});

describe('metrics', () => {
  test('the JMX exporter and ServiceMonitors reach the chart values', () => {
    const { trino } = build({ metrics: { exporterImage: 'bitnami/jmx-exporter:1.4.0', serviceMonitorLabels: { release: 'prometheus' } } });
    expect(trino.helmValues.jmx.exporter).toMatchObject({ enabled: true, image: 'bitnami/jmx-exporter:1.4.0' });
    expect(trino.helmValues.serviceMonitor).toMatchObject({ enabled: true, labels: { release: 'prometheus' }, interval: '30s' });
  });

  test('without the option: no exporter, the coordinator /metrics output still exists', () => {
    const { stack, trino } = build();
    expect(trino.helmValues.jmx).toBeUndefined();
    expect(trino.helmValues.serviceMonitor).toBeUndefined();
    const outputs = Template.fromStack(stack).findOutputs('*', { Value: Match.stringLikeRegexp('/metrics$') });
    expect(Object.keys(outputs)).toHaveLength(1);
  });
});

describe('autoscaling: bad input', () => {
  const cases: Array<[string, Partial<TrinoOnEksProps>, RegExp]> = [
    ['workers.minCount differing from workers.maxCount without autoscaling', { workers: { minCount: 0, maxCount: 3 } },
      /TrinoOnEks: workers.minCount \(0\) must equal workers.maxCount \(3\): without autoscaling .*leave minCount unset or turn on workers.autoscaling/],
    ['workers.minCount above workers.maxCount with autoscaling', { workers: { minCount: 5, maxCount: 3, autoscaling: {} } },
      /TrinoOnEks: workers.minCount \(5\) must not exceed workers.maxCount \(3\)/],
    ['a negative workers.minCount', { workers: { minCount: -1, autoscaling: {} } },
      /TrinoOnEks: workers.minCount \(-1\) must be a whole number of at least 0/],
    ['scaling to zero with a wait shorter than a worker needs to start', { workers: { autoscaling: { queryWait: { maxWait: Duration.seconds(60) } } } },
      /TrinoOnEks: workers.autoscaling.queryWait.maxWait \("60 seconds"\) must be at least 150 seconds when the fewest workers is 0 \(workers.autoscaling.pollingInterval of 30 s .*Insufficient active worker nodes/],
    ['scaling to zero with no wait at all', { workers: { autoscaling: { queryWait: { maxWait: Duration.seconds(0) } } } },
      /TrinoOnEks: workers.autoscaling.queryWait.maxWait \("0 seconds"\) must be at least 150 seconds/],
    ['more required workers than workers.maxCount', { workers: { maxCount: 2, autoscaling: { queryWait: { requiredWorkers: 3 } } } },
      /TrinoOnEks: workers.autoscaling.queryWait.requiredWorkers \(3\) must be a whole number from 1 to the most workers \(2\)/],
    ['zero queries per worker', { workers: { autoscaling: { queriesPerWorker: 0 } } },
      /TrinoOnEks: workers.autoscaling.queriesPerWorker \(0\) must be a whole number of at least 1/],
    ['a polling interval below a second', { workers: { autoscaling: { pollingInterval: Duration.millis(500) } } },
      /TrinoOnEks: workers.autoscaling.pollingInterval \("500 ms"\) must be a whole number of seconds, at least 1/],
    ['a metrics user Trino would not accept', { workers: { autoscaling: { metricsUser: 'keda user' } } },
      /TrinoOnEks: workers.autoscaling.metricsUser \("keda user"\) must be a Trino user name/],
    ['helmValues turning on the chart\'s own KEDA scaling', { helmValues: { server: { keda: { enabled: true, triggers: [{ type: 'cpu' }] } } } },
      /TrinoOnEks: helmValues.server.keda.enabled \(true\) turns on worker autoscaling the library does not manage .*use workers.autoscaling instead/],
    ['helmValues turning on the chart\'s HPA', { helmValues: { server: { autoscaling: { enabled: true } } } },
      /TrinoOnEks: helmValues.server.autoscaling.enabled \(true\) turns on worker autoscaling the library does not manage/],
    ['helmValues lowering the ScaledObject floor the wait was rendered for', { workers: { minCount: 1, autoscaling: {} }, helmValues: { server: { keda: { minReplicaCount: 0 } } } },
      /TrinoOnEks: helmValues.server.keda.minReplicaCount \(0\) is set by the library to 1/],
  ];

  test.each(cases)('%s', (_name, props, message) => {
    const stack = newStack();
    expect(() => build(props)).toThrow(message);
    expect(() => new TrinoOnEks(stack, 'Trino', { cluster: TrinoCluster.existing(importedCluster(stack)), catalogs: [Catalog.tpch()], ...props })).toThrow(message);
    // Checks that need the rendered values run once the construct exists, but before any child does.
    expect(stack.node.tryFindChild('Trino')?.node.children ?? []).toEqual([]);
  });
});
