import { Duration, Size, Stack } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { chartReads, leafPaths } from './chart-keys';
import { DEPLOYMENT, NODES, chartValues, defaultScenario, fullScenario, localStorageScenario, minimalScenario } from './chart-scenarios';
import { BucketAccess } from '../../src/irsa-bucket-access/bucket-grant';
import { Catalog, ObjectStorage, TrinoAuthentication, TrinoConfiguration, TrinoConfigurationOptions, TrinoRole, TrinoVersion } from '../../src/trino';
import { TrinoChartValues, TrinoChartValuesOptions } from '../../src/trino-on-eks/chart-values';
import { CHART_ADDITIONS, CHART_FIXED_JVM_OPTIONS } from '../../src/trino-on-eks/trino-chart';
import { parseProperties } from '../fixtures/properties-parser';

/**
 * What the chart 1.42.2 writes into config.properties for a role, following templates/configmap-coordinator.yaml
 * and configmap-worker.yaml line by line; the render check (scripts/chart-render-check.sh) runs the real chart.
 */
function chartConfigProperties(values: Record<string, any>, role: TrinoRole): Record<string, string> {
  const coordinator = role === TrinoRole.COORDINATOR;
  const r = coordinator ? values.coordinator : values.worker;
  const port = values.service.port;
  const lines = [
    `coordinator=${coordinator}`,
    ...(coordinator ? [`node-scheduler.include-coordinator=${r.config.nodeScheduler?.includeCoordinator ?? false}`] : []),
    `http-server.http.port=${port}`,
    `query.max-memory=${values.server.config.query.maxMemory}`,
    `query.max-memory-per-node=${r.config.query.maxMemoryPerNode}`,
    ...(r.config.memory?.heapHeadroomPerNode ? [`memory.heap-headroom-per-node=${r.config.memory.heapHeadroomPerNode}`] : []),
    `discovery.uri=${coordinator ? `http://localhost:${port}` : `http://${values.fullnameOverride}:${port}`}`,
    ...(coordinator && values.server.config.authenticationType ? [`http-server.authentication.type=${values.server.config.authenticationType}`] : []),
    ...(values.additionalConfigProperties ?? []),
    ...(values.jmx?.enabled ? ['jmx.rmiregistry.port=9080', 'jmx.rmiserver.port=9081'] : []),
    ...(values.worker.gracefulShutdown?.enabled ? [`shutdown.grace-period=${values.worker.gracefulShutdown.gracePeriodSeconds}s`] : []),
    ...((coordinator ? values.server.coordinatorExtraConfig : values.server.workerExtraConfig) ?? '').split('\n'),
  ];
  const keys = lines.filter((l) => l !== '').map((l) => l.split('=')[0]);
  expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]); // no property twice
  return parseProperties(lines.join('\n'));
}

/** What the chart writes into jvm.config for a role (the registry is set, so no JDK-8329528 flags). */
function chartJvmOptions(values: Record<string, any>, role: TrinoRole): string[] {
  const r = role === TrinoRole.COORDINATOR ? values.coordinator : values.worker;
  return [
    ...CHART_ADDITIONS.jvmOptions, `-Xmx${r.jvm.maxHeapSize}`, `-XX:+${r.jvm.gcMethod.type}`, `-XX:G1HeapRegionSize=${r.jvm.gcMethod.g1.heapRegionSize}`,
    ...CHART_FIXED_JVM_OPTIONS, ...(r.additionalJVMConfig ?? []),
  ];
}

function withoutChartAdditions(properties: Record<string, string>, role: TrinoRole, values: Record<string, any>): Record<string, string> {
  const result = { ...properties };
  if (role === TrinoRole.COORDINATOR) {
    for (const key of CHART_ADDITIONS.coordinatorConfigProperties) delete result[key];
  }
  if (values.jmx?.enabled) for (const key of CHART_ADDITIONS.jmxConfigProperties) delete result[key];
  return result;
}

function expectDeployedEqualsRendered(configuration: TrinoConfiguration, values: Record<string, any>): void {
  for (const role of [TrinoRole.COORDINATOR, TrinoRole.WORKER]) {
    expect(withoutChartAdditions(chartConfigProperties(values, role), role, values))
      .toEqual(withoutChartAdditions(configuration.configProperties(role), role, values));
    const jvm = chartJvmOptions(values, role);
    expect([...jvm].sort()).toEqual([...configuration.jvmOptions(role), ...CHART_ADDITIONS.jvmOptions].sort());
  }
}

function expectOnlyKeysTheChartReads(values: Record<string, any>): void {
  const ignored = leafPaths(values).filter((path) => !chartReads(path));
  expect(ignored).toEqual([]);
}

/** Every string anywhere in the values. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

function expectNoSecretValue(values: Record<string, any>, configuration: TrinoConfiguration): void {
  // The chart's keys that take a secret inline are never used.
  expect(values.auth?.passwordAuth).toBeUndefined();
  expect(values.auth?.groups).toBeUndefined();
  // Every environment variable comes from a reference, none has a value.
  for (const env of values.env) {
    expect(env.value).toBeUndefined();
    expect(env.valueFrom.secretKeyRef).toEqual({ name: expect.any(String), key: expect.any(String) });
  }
  // Every secret-like property in every text the chart turns into a file is a reference.
  const secretLike = /(secret|password|secret-key|access-key|token|credentials?)$/i;
  const propertyLines = strings(values).flatMap((text) => text.split('\n')).filter((line) => /^[A-Za-z0-9_.-]+=/.test(line));
  expect(propertyLines.length).toBeGreaterThan(0);
  for (const line of propertyLines) {
    for (const [key, value] of Object.entries(parseProperties(line))) {
      if (secretLike.test(key)) expect(`${key}=${value}`).toMatch(/=\$\{ENV:[A-Za-z_][A-Za-z0-9_]*\}$/);
    }
  }
  expect(values.additionalConfigProperties).toContain(`internal-communication.shared-secret=\${ENV:${configuration.sharedSecretEnvironmentVariable}}`);
}

describe('the key allow-list', () => {
  test('accepts keys the chart reads and refuses keys it ignores', () => {
    expect(chartReads('worker.gracefulShutdown.gracePeriodSeconds')).toBe(true);
    expect(chartReads('catalogs.lake')).toBe(true);
    expect(chartReads('server.keda.triggers')).toBe(true);
    expect(chartReads('worker.nodeSelector.karpenter.sh/nodepool')).toBe(true);
    // Keys people write and the chart silently ignores.
    expect(chartReads('worker.jvm.additionalJVMConfig')).toBe(false);
    expect(chartReads('worker.podDisruptionBudget.minAvailable')).toBe(false);
    expect(chartReads('coordinator.serviceAccount.name')).toBe(false);
    expect(chartReads('worker.gracefulShutdown.terminationGracePeriodSeconds')).toBe(false);
    expect(chartReads('server.keda.scaleTargetRef.kind')).toBe(false);
    expect(chartReads('worker.replicas')).toBe(false);
  });

  test('leafPaths walks objects and stops at lists, scalars, null and {}', () => {
    expect(leafPaths({ a: { b: 1, c: [1, { d: 2 }], e: null, f: {} } })).toEqual(['a.b', 'a.c', 'a.e', 'a.f']);
  });
});

describe('values of a minimal configuration', () => {
  const scenario = minimalScenario();
  const chart = chartValues(scenario);
  const values = chart.values;

  test('emit only keys the pinned chart reads', () => expectOnlyKeysTheChartReads(values));

  test('deploy the configuration that was rendered (config.properties and jvm.config as the chart writes them)', () => {
    expectDeployedEqualsRendered(scenario.configuration, values);
  });

  test('a fixed worker count (the configuration\'s maxWorkers) and no graceful shutdown', () => {
    expect(values.server.workers).toBe(3);
    expect(values.server.keda).toBeUndefined();
    expect(values.worker.gracefulShutdown).toBeUndefined();
    expect(values.worker.terminationGracePeriodSeconds).toBeUndefined();
  });

  test('remove the chart\'s default tpch and tpcds catalogs', () => {
    expect(values.catalogs).toEqual({ tpch: null, tpcds: null });
  });

  test('contain no secret value', () => expectNoSecretValue(values, scenario.configuration));
});

describe('values of the default configuration (graceful shutdown, a Hive catalog, tainted worker nodes)', () => {
  const scenario = defaultScenario();
  const configuration = scenario.configuration;
  const chart = chartValues(scenario);
  const values = chart.values;

  test('emit only keys the pinned chart reads', () => expectOnlyKeysTheChartReads(values));

  test('deploy the configuration that was rendered', () => expectDeployedEqualsRendered(configuration, values));

  test('the image is the configuration\'s Trino release, with the registry explicit', () => {
    expect(values.image).toEqual({ registry: 'docker.io', repository: 'trinodb/trino', tag: '483', pullPolicy: 'IfNotPresent' });
    expect(chart.image).toBe('docker.io/trinodb/trino:483');
  });

  test('graceful shutdown: the chart\'s preStop and rule, terminationGracePeriodSeconds from the budget', () => {
    const budget = configuration.gracefulShutdown!;
    expect(values.worker.gracefulShutdown).toEqual({ enabled: true, gracePeriodSeconds: 30 });
    expect(values.worker.terminationGracePeriodSeconds).toBe(budget.terminationGracePeriodSeconds);
    expect(values.worker.terminationGracePeriodSeconds).toBe(2 * 30 + 300 + 30);
    // The chart's own rule (deployment-worker.yaml), which Helm checks at render time.
    expect(values.worker.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(2 * values.worker.gracefulShutdown.gracePeriodSeconds);
    expect(Number.isInteger(values.worker.terminationGracePeriodSeconds)).toBe(true);
    expect(values.worker.lifecycle).toBeUndefined(); // the chart refuses lifecycle together with gracefulShutdown
  });

  test('memory and CPU from the memory sizing: memory request = limit, no CPU limit', () => {
    expect(values.worker.resources).toEqual({
      requests: { cpu: configuration.workerMemory.containerCpuQuantity, memory: configuration.workerMemory.containerMemoryQuantity },
      limits: { memory: configuration.workerMemory.containerMemoryQuantity },
    });
    expect(values.worker.resources).toEqual({ requests: { cpu: '15640m', memory: '57856Mi' }, limits: { memory: '57856Mi' } });
    expect(values.coordinator.resources.requests.memory).toBe(configuration.coordinatorMemory.containerMemoryQuantity);
    expect(values.worker.jvm.maxHeapSize).toBe('45G');
    expect(values.worker.config.query.maxMemoryPerNode).toBe('32256MB');
    expect(values.server.config.query.maxMemory).toBe('315GB');
  });

  test('the catalog file is passed as rendered, byte for byte', () => {
    const hive = configuration.catalogs[0];
    expect(values.catalogs).toEqual({ hive: configuration.files(TrinoRole.WORKER)['catalog/hive.properties'], tpch: null, tpcds: null });
    expect(values.catalogs.hive).toBe(hive.render(configuration.version, ObjectStorage.aws('eu-west-1')));
  });

  test('workers on the tainted Karpenter pool, the coordinator anywhere', () => {
    expect(values.worker.nodeSelector).toEqual({ 'karpenter.sh/nodepool': 'trino-workers' });
    expect(values.worker.tolerations).toEqual([{ key: 'trino.io/worker', operator: 'Equal', value: 'true', effect: 'NoSchedule' }]);
    expect(values.coordinator.nodeSelector).toBeUndefined();
  });

  test('one existing service account for both roles (the chart has no per-role account)', () => {
    expect(values.serviceAccount).toEqual({ create: false, name: 'trino' });
  });

  test('non-root pods without privilege escalation', () => {
    expect(values.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, seccompProfile: { type: 'RuntimeDefault' } });
    expect(values.containerSecurityContext).toMatchObject({ runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
  });

  test('the shared secret reaches every pod from the Secret, by reference', () => {
    expect(values.env).toEqual([{
      name: 'TRINO_INTERNAL_SHARED_SECRET',
      valueFrom: { secretKeyRef: { name: 'trino-internal', key: 'shared-secret' } },
    }]);
  });

  test('contain no secret value', () => expectNoSecretValue(values, configuration));

  test('names the objects the chart creates', () => {
    expect(chart.names.worker).toBe('trino-worker');
    expect(chart.names.coordinator).toBe('trino-coordinator');
    expect(chart.names.service).toBe('trino');
    expect(TrinoChartValues.CHART).toEqual({ name: 'trino', version: '1.42.2', appVersion: '480', repository: 'https://trinodb.github.io/charts' });
  });
});

describe('values with every option on', () => {
  const scenario = fullScenario();
  const configuration = scenario.configuration;
  const values = chartValues(scenario).values;

  test('emit only keys the pinned chart reads', () => expectOnlyKeysTheChartReads(values));

  test('deploy the configuration that was rendered', () => expectDeployedEqualsRendered(configuration, values));

  test('properties of both roles go to additionalConfigProperties, the others to each role\'s extra config', () => {
    expect(values.additionalConfigProperties).toEqual([
      'internal-communication.shared-secret=${ENV:TRINO_INTERNAL_SHARED_SECRET}',
      'retry-policy=TASK',
      'spill-enabled=true',
    ]);
    expect(values.server.coordinatorExtraConfig).toBe([
      'http-server.process-forwarded=true',
      'management.user=keda-autoscaler',
      'query-manager.required-workers=2',
      'query-manager.required-workers-max-wait=240s',
    ].join('\n'));
    expect(values.server.workerExtraConfig).toBe(['max-spill-per-node=200GB', 'spiller-spill-path=/data/spill'].join('\n'));
  });

  test('graceful shutdown budget and the chart\'s 2x rule', () => {
    expect(values.worker.gracefulShutdown).toEqual({ enabled: true, gracePeriodSeconds: 45 });
    expect(values.worker.terminationGracePeriodSeconds).toBe(2 * 45 + 600 + 30);
    expect(values.worker.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(configuration.gracefulShutdown!.terminationGracePeriodSeconds);
    expect(values.worker.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(2 * 45);
  });

  test('KEDA scales the chart\'s worker Deployment from zero; the configuration lets queries wait', () => {
    expect(values.server.keda).toEqual({
      enabled: true,
      minReplicaCount: 0,
      maxReplicaCount: 20,
      pollingInterval: 15,
      cooldownPeriod: 600,
      triggers: [{ type: 'prometheus', metadata: expect.objectContaining({ threshold: '4' }) }],
    });
    expect(values.server.workers).toBeUndefined();
    expect(configuration.configProperties(TrinoRole.COORDINATOR)['query-manager.required-workers']).toBe('2');
  });

  test('exchange manager, JVM extras, node properties', () => {
    expect(values.server.exchangeManager).toEqual({ name: 'filesystem', baseDir: ['s3://trino-exchange/spool'] });
    expect(values.additionalExchangeManagerProperties).toEqual(['exchange.s3.region=eu-west-1']);
    expect(values.worker.additionalJVMConfig).toEqual(['-XX:HeapDumpPath=/data/trino/heapdump.hprof', '-Dfile.encoding=UTF-8']);
    expect(values.server.node).toEqual({ environment: 'analytics', dataDir: '/data/trino' });
    expect(values.service.port).toBe(8081);
  });

  test('password authentication from a Secret and file access control with the rendered rules', () => {
    expect(values.server.config.authenticationType).toBe('PASSWORD');
    expect(values.server.coordinatorExtraConfig.split('\n')).toContain('http-server.process-forwarded=true');
    expect(values.server.workerExtraConfig ?? '').not.toContain('process-forwarded');
    expect(values.auth).toEqual({ passwordAuthSecret: 'analytics-passwords' });
    expect(values.coordinator.additionalConfigFiles['password-authenticator.properties'])
      .toBe(configuration.files(TrinoRole.COORDINATOR)['password-authenticator.properties']);
    expect(values.accessControl).toEqual({
      type: 'configmap',
      configFile: 'rules.json',
      refreshPeriod: '60s',
      rules: { 'rules.json': configuration.files(TrinoRole.COORDINATOR)['access-control/rules.json'] },
    });
    expect(JSON.parse(values.accessControl.rules['rules.json']).system_information[0]).toEqual({ user: 'keda-autoscaler', allow: ['read'] });
  });

  test('catalogs as rendered, the chart\'s tpcds removed, tpch kept as ours', () => {
    expect(Object.keys(values.catalogs).sort()).toEqual(['delta', 'lake', 'orders', 'tpcds', 'tpch']);
    expect(values.catalogs.tpcds).toBeNull();
    expect(values.catalogs.tpch).toBe(configuration.files(TrinoRole.WORKER)['catalog/tpch.properties']);
  });

  test('without a SecretProviderClass, no CSI volume', () => {
    expect(chartValues(defaultScenario()).values.coordinator.additionalVolumes).toBeUndefined();
  });

  test('a coordinator SecretProviderClass is mounted by the coordinator alone', () => {
    const mounted = new TrinoChartValues(new TrinoConfiguration({ ...NODES, discoveryUri: 'http://trino:8080', maxWorkers: 2 }),
      { ...DEPLOYMENT, secretProviderClassName: 'all-secrets', coordinatorSecretProviderClassName: 'coordinator-secrets' }).values;
    expect(mounted.coordinator.additionalVolumes.map((v: any) => v.csi.volumeAttributes.secretProviderClass)).toEqual(['all-secrets', 'coordinator-secrets']);
    expect(mounted.coordinator.additionalVolumeMounts).toContainEqual({ name: 'coordinator-secrets-store', mountPath: '/mnt/coordinator-secrets-store', readOnly: true });
    expect(mounted.worker.additionalVolumes.map((v: any) => v.csi.volumeAttributes.secretProviderClass)).toEqual(['all-secrets']);
  });

  test('spill directories and the Secrets Store CSI volume as pod volumes, NetworkPolicy peers on the HTTP port, metrics', () => {
    const secretsStore = {
      name: 'secrets-store',
      csi: { driver: 'secrets-store.csi.k8s.io', readOnly: true, volumeAttributes: { secretProviderClass: 'analytics-secrets' } },
    };
    const secretsStoreMount = { name: 'secrets-store', mountPath: '/mnt/secrets-store', readOnly: true };
    expect(values.worker.additionalVolumes).toEqual([{ name: 'spill-0', emptyDir: {} }, secretsStore]);
    expect(values.worker.additionalVolumeMounts).toEqual([{ name: 'spill-0', mountPath: '/data/spill' }, secretsStoreMount]);
    // The coordinator also mounts its own class (the password file).
    expect(values.coordinator.additionalVolumes).toEqual([secretsStore, {
      name: 'coordinator-secrets-store',
      csi: { driver: 'secrets-store.csi.k8s.io', readOnly: true, volumeAttributes: { secretProviderClass: 'analytics-coordinator-secrets' } },
    }]);
    expect(values.coordinator.additionalVolumeMounts).toEqual([secretsStoreMount,
      { name: 'coordinator-secrets-store', mountPath: '/mnt/coordinator-secrets-store', readOnly: true }]);
    expect(values.networkPolicy).toEqual({
      enabled: true,
      ingress: [{
        from: [{ ipBlock: { cidr: '10.0.0.0/16' } }, { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }],
        ports: [{ protocol: 'TCP', port: 8081 }],
      }],
    });
    expect(values.jmx).toMatchObject({ enabled: true, exporter: { enabled: true, image: 'bitnami/jmx-exporter:1.4.0' } });
    expect(values.serviceMonitor).toEqual({ enabled: true, labels: { release: 'kube-prometheus' }, interval: '20s' });
  });

  test('contain no secret value', () => expectNoSecretValue(values, configuration));
});

describe('every supported Trino release', () => {
  test.each(TrinoVersion.SUPPORTED.map((v) => [v.version, v]))('%d: only chart keys, deployed = rendered, image tag', (_, version) => {
    const configuration = new TrinoConfiguration({
      ...NODES,
      version,
      discoveryUri: 'http://trino:8080',
      maxWorkers: 4,
      gracefulShutdown: {},
      objectStorage: ObjectStorage.aws('us-east-1'),
      catalogs: [Catalog.icebergOnGlue({ glueRegion: 'us-east-1', storageAccess: [{ bucketName: 'lake-bucket', access: BucketAccess.READ }] })],
    });
    const values = new TrinoChartValues(configuration, DEPLOYMENT).values;
    expectOnlyKeysTheChartReads(values);
    expectDeployedEqualsRendered(configuration, values);
    expect(values.image.tag).toBe(String(version.version));
  });
});

describe('values with OAuth 2.0 authentication', () => {
  const clientSecret = secretsmanager.Secret.fromSecretNameV2(new Stack(), 'ClientSecret', 'trino/oauth2');
  const configuration = new TrinoConfiguration({
    ...NODES,
    discoveryUri: 'http://trino:8080',
    maxWorkers: 2,
    processForwarded: true,
    authentication: TrinoAuthentication.oauth2({ issuer: 'https://idp.example.com/realms/data', clientId: 'trino', clientSecret }),
  });
  const values = new TrinoChartValues(configuration, {
    ...DEPLOYMENT, oauth2ClientSecret: { secretName: 'trino-oauth2-client-secret', key: 'client-secret' },
  }).values;

  test('emit only keys the pinned chart reads', () => expectOnlyKeysTheChartReads(values));

  test('deploy the configuration that was rendered (OAUTH2 through the chart\'s authenticationType)', () => {
    expect(values.server.config.authenticationType).toBe('OAUTH2');
    expectDeployedEqualsRendered(configuration, values);
  });

  test('the client secret reaches the pods from its Secret, by reference, and no secret value is in the values', () => {
    expect(values.env).toContainEqual({
      name: 'TRINO_OAUTH2_CLIENT_SECRET', valueFrom: { secretKeyRef: { name: 'trino-oauth2-client-secret', key: 'client-secret' } },
    });
    expectNoSecretValue(values, configuration);
    expect(values.auth).toBeUndefined();
  });
});

describe('bad input', () => {
  const base: TrinoConfigurationOptions = { ...NODES, discoveryUri: 'http://trino:8080', maxWorkers: 10 };
  const configuration = new TrinoConfiguration(base);
  const scalable = new TrinoConfiguration({ ...base, scaleToZero: {} });
  const trigger = { type: 'prometheus', metadata: { serverAddress: 'http://prometheus:9090', query: 'up', threshold: '1' } };
  const values = (config: TrinoConfiguration, options: Partial<TrinoChartValuesOptions>) =>
    () => new TrinoChartValues(config, { ...DEPLOYMENT, ...options });

  test('OAUTH2 without the client secret\'s Secret', () => {
    const oauth2 = new TrinoConfiguration({
      ...base,
      processForwarded: true,
      authentication: TrinoAuthentication.oauth2({
        issuer: 'https://idp.example.com', clientId: 'trino', clientSecret: secretsmanager.Secret.fromSecretNameV2(new Stack(), 'S', 'trino/oauth2'),
      }),
    });
    expect(values(oauth2, {})).toThrow(/TrinoChartValues: oauth2ClientSecret \(not set\) is required: the configuration turns on OAUTH2 authentication/);
  });

  test.each<[string, TrinoConfiguration, Partial<TrinoChartValuesOptions>, RegExp]>([
    ['name', configuration, { name: 'Trino' }, /TrinoChartValues: name \("Trino"\) must be an RFC 1123 label/],
    ['name length', configuration, { name: 'a'.repeat(41) }, /name \("a{41}"\) must be at most 40 characters/],
    ['namespace', configuration, { namespace: 'trino_ns' }, /namespace \("trino_ns"\) must be an RFC 1123 label/],
    ['imageRegistry', configuration, { imageRegistry: 'https://docker.io' }, /imageRegistry \("https:\/\/docker.io"\) must be a registry host/],
    ['imageRepository', configuration, { imageRepository: 'trinodb/trino:480' }, /imageRepository \("trinodb\/trino:480"\) must be an image repository without registry or tag/],
    ['serviceAccountName', configuration, { serviceAccountName: 'Trino SA' }, /serviceAccountName \("Trino SA"\) must be an RFC 1123 label/],
    ['sharedSecret.key', configuration, { sharedSecret: { secretName: 'trino-internal', key: 'shared secret' } }, /sharedSecret.key \("shared secret"\) must be a Secret key/],
    ['secretProviderClassName', configuration, { secretProviderClassName: 'Secrets' }, /secretProviderClassName \("Secrets"\) must be an RFC 1123 label/],
    ['coordinatorSecretProviderClassName', configuration, { coordinatorSecretProviderClassName: 'Coordinator' },
      /coordinatorSecretProviderClassName \("Coordinator"\) must be an RFC 1123 label/],
    ['coordinatorSecretProviderClassName the shared one', configuration,
      { secretProviderClassName: 'trino-secrets', coordinatorSecretProviderClassName: 'trino-secrets' },
      /coordinatorSecretProviderClassName \("trino-secrets"\) must differ from secretProviderClassName, which every pod mounts/],
    ['oauth2ClientSecret without OAUTH2', configuration, { oauth2ClientSecret: { secretName: 'oauth2', key: 'client-secret' } },
      /oauth2ClientSecret \("oauth2"\) is only used with OAUTH2 authentication/],
    ['passwordFileSecretName without PASSWORD', configuration, { passwordFileSecretName: 'passwords' },
      /passwordFileSecretName \("passwords"\) is only used with PASSWORD authentication/],
    ['min above max', scalable, { autoscaling: { minWorkers: 5, maxWorkers: 4, triggers: [trigger] } },
      /autoscaling.minWorkers \(5\) must not exceed autoscaling.maxWorkers \(4\)/],
    ['max above the configuration', scalable, { autoscaling: { minWorkers: 1, maxWorkers: 11, triggers: [trigger] } },
      /autoscaling.maxWorkers \(11\) must not exceed the configuration's maxWorkers \(10\), which query.max-memory was sized for/],
    ['zero without waiting', configuration, { autoscaling: { minWorkers: 0, maxWorkers: 10, triggers: [trigger] } },
      /autoscaling.minWorkers \(0\) needs queries to wait for workers: set scaleToZero/],
    ['negative min', scalable, { autoscaling: { minWorkers: -1, maxWorkers: 10, triggers: [trigger] } }, /autoscaling.minWorkers \(-1\) must be a whole number of at least 0/],
    ['no trigger', scalable, { autoscaling: { minWorkers: 0, maxWorkers: 10, triggers: [] } }, /autoscaling.triggers \(\[\]\) must name at least one KEDA trigger/],
    ['trigger type', scalable, { autoscaling: { minWorkers: 0, maxWorkers: 10, triggers: [{ ...trigger, type: 'Prometheus' }] } },
      /autoscaling.triggers\[0\].type \("Prometheus"\) must be a KEDA scaler type/],
    ['template in trigger', scalable, { autoscaling: { minWorkers: 0, maxWorkers: 10, triggers: [{ ...trigger, metadata: { query: '{{ .Values.x }}' } }] } },
      /autoscaling.triggers\[0\].metadata .* must not contain "\{\{"/],
    ['polling interval', scalable, { autoscaling: { minWorkers: 0, maxWorkers: 10, triggers: [trigger], pollingInterval: Duration.millis(1500) } },
      /autoscaling.pollingInterval \("1500 ms"\) must be a whole number of seconds, at least 1/],
    ['toleration effect', configuration, { workerScheduling: { tolerations: [{ key: 'trino.io/worker', effect: 'NoEvict' }] } },
      /workerScheduling.tolerations\[0\].effect \("NoEvict"\) must be NoSchedule, PreferNoSchedule or NoExecute/],
    ['node selector', configuration, { coordinatorScheduling: { nodeSelector: { 'karpenter.sh/nodepool': 'bad value!' } } },
      /coordinatorScheduling.nodeSelector.karpenter.sh\/nodepool \("bad value!"\) must be a label value/],
    ['network peer cidr', configuration, { networkPolicyAllowFrom: [{ cidr: '10.0.0.0' }] }, /networkPolicyAllowFrom\[0\].cidr \("10.0.0.0"\) must be an address range/],
    ['network peer mixed', configuration, { networkPolicyAllowFrom: [{ cidr: '10.0.0.0/8', podLabels: { app: 'x' } }] },
      /networkPolicyAllowFrom\[0\].cidr \("10.0.0.0\/8"\) cannot be combined with podLabels or namespaceLabels/],
    ['network peer empty', configuration, { networkPolicyAllowFrom: [{}] }, /networkPolicyAllowFrom\[0\] \(not set\) must set cidr, podLabels or namespaceLabels/],
    ['exporter image', configuration, { metrics: { exporterImage: 'bitnami/jmx-exporter' } }, /metrics.exporterImage \("bitnami\/jmx-exporter"\) must be an image reference with a tag or digest/],
  ])('%s', (_, config, options, message) => {
    expect(values(config, options)).toThrow(message);
  });

  test('PASSWORD authentication without the password file Secret', () => {
    const secured = new TrinoConfiguration({ ...base, authentication: TrinoAuthentication.password({ users: ['analyst'] }), processForwarded: true });
    expect(values(secured, {})).toThrow(/passwordFileSecretName \(not set\) is required: the configuration turns on PASSWORD authentication, and the password file \(\/etc\/trino\/auth\/password\/password.db\)/);
  });

  test('a discovery URI that is not the chart\'s coordinator Service', () => {
    const elsewhere = new TrinoConfiguration({ ...base, discoveryUri: 'http://trino.trino.svc.cluster.local:8080' });
    expect(values(elsewhere, {})).toThrow(/discoveryUri \("http:\/\/trino.trino.svc.cluster.local:8080"\) must be "http:\/\/trino:8080", the coordinator Service the chart creates/);
    expect(values(configuration, { name: 'analytics' })).toThrow(/must be "http:\/\/analytics:8080"/);
  });

  test('a catalog property the chart would evaluate as a template', () => {
    const templated = new TrinoConfiguration({
      ...base,
      objectStorage: ObjectStorage.aws('eu-west-1'),
      catalogs: [Catalog.hive({
        metastoreUri: 'thrift://hms:9083',
        storageAccess: [{ bucketName: 'lake-bucket', access: BucketAccess.READ }],
        additionalProperties: { 'hive.metastore-cache-ttl': '{{ .Values.ttl }}' },
      })],
    });
    expect(values(templated, {})).toThrow(/catalog\/hive.properties contains "\{\{", which the Trino chart evaluates as a Helm template/);
  });

  test('a literal secret in a rendered file (static S3 keys of the local emulator)', () => {
    const local = new TrinoConfiguration({
      ...base,
      objectStorage: ObjectStorage.localEmulator({ endpoint: 'http://127.0.0.1:9000', accessKey: 'minio', secretKey: 'minio-secret' }),
      catalogs: [Catalog.hive({ metastoreUri: 'thrift://hms:9083', storageAccess: [{ bucketName: 'lake-bucket', access: BucketAccess.READ }] })],
    });
    expect(values(local, {})).toThrow(/the coordinator catalog\/hive.properties sets s3.aws-access-key to a literal value, which would be stored in plain text/);
  });

  test('a worker node too small is refused by the memory sizing before any value is made', () => {
    expect(() => new TrinoConfiguration({ ...base, workerNode: { nodeMemory: Size.gibibytes(64), nodeVcpus: 16, heap: Size.gibibytes(60) } }))
      .toThrow(/workerNode.heap \("60 GiB"\) exceeds what the node can give the heap/);
  });
});

describe('instance-store workers (950 GB NVMe, 64 GiB)', () => {
  const { values } = chartValues(localStorageScenario());

  test('workers mount the local disk as one emptyDir, limited to cache + spill + 10% of the disk', () => {
    // cache 613 GiB + spill 128 GiB = 741 GiB, + 88.5 GiB -> 829 GiB.
    expect(values.worker.additionalVolumes).toEqual([{ name: 'local-storage', emptyDir: { sizeLimit: '829Gi' } }]);
    expect(values.worker.additionalVolumeMounts).toEqual([{ name: 'local-storage', mountPath: '/data/trino-local' }]);
  });

  test('the coordinator mounts the same directory without a limit (the cache directory must be writable there too)', () => {
    expect(values.coordinator.additionalVolumes).toEqual([{ name: 'local-storage', emptyDir: {} }]);
    expect(values.coordinator.additionalVolumeMounts).toEqual([{ name: 'local-storage', mountPath: '/data/trino-local' }]);
  });

  test('the object-storage catalog caches on it, tpch does not', () => {
    expect(values.catalogs.hive).toContain('fs.cache.directories=/data/trino-local/cache\n');
    expect(values.catalogs.hive).toContain('fs.cache.max-sizes=613GB\n');
    expect(values.catalogs.tpch).not.toContain('fs.cache');
  });

  test('spill goes under the same volume, not to a volume of its own', () => {
    expect(values.server.workerExtraConfig).toContain('spiller-spill-path=/data/trino-local/spill');
    expect(values.worker.additionalVolumes.map((v: any) => v.name)).not.toContain('spill-0');
  });
});
