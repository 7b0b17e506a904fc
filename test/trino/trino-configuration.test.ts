import { Duration, Size } from 'aws-cdk-lib';
import { BucketAccess } from '../../src/irsa-bucket-access/bucket-grant';
import {
  Catalog, ObjectStorage, RetryPolicy, TrinoConfiguration, TrinoConfigurationOptions, TrinoRole, TrinoVersion,
} from '../../src/trino';

const HEADER = '# Rendered by cdk-trino-on-eks: change the CDK app, not this file.';
const LAKE = [{ bucketName: 'analytics-lake', prefixes: ['warehouse'], access: BucketAccess.READ_WRITE }];
const METASTORE = 'thrift://hive-metastore:9083';

/** A minimal cluster: 16 GiB coordinator, 64 GiB workers, up to 10 of them. */
const BASE: TrinoConfigurationOptions = {
  discoveryUri: 'http://trino:8080',
  coordinatorNode: { nodeMemory: Size.gibibytes(16), nodeVcpus: 4 },
  workerNode: { nodeMemory: Size.gibibytes(64), nodeVcpus: 16 },
  maxWorkers: 10,
};

/** Every feature on. */
const FULL: TrinoConfigurationOptions = {
  ...BASE,
  objectStorage: ObjectStorage.aws('eu-west-1'),
  catalogs: [Catalog.iceberg({ name: 'lake', metastoreUri: METASTORE, storageAccess: LAKE }), Catalog.tpch()],
  retryPolicy: RetryPolicy.TASK,
  exchange: { bucketName: 'trino-exchange', prefix: 'spool' },
  gracefulShutdown: {},
  scaleToZero: {},
  spill: { path: '/data/spill', maxPerNode: Size.gibibytes(200), maxPerQueryPerNode: Size.gibibytes(100) },
};

describe('config.properties of a minimal cluster', () => {
  const config = new TrinoConfiguration(BASE);

  test('coordinator: schedules no tasks on itself, memory from its own node, cluster memory from the workers', () => {
    expect(config.configProperties(TrinoRole.COORDINATOR)).toEqual({
      'coordinator': 'true',
      'node-scheduler.include-coordinator': 'false',
      'http-server.http.port': '8080',
      'discovery.uri': 'http://trino:8080',
      'query.max-memory': '315GB',
      'query.max-memory-per-node': '6912MB',
      'memory.heap-headroom-per-node': '3GB',
      'internal-communication.shared-secret': '${ENV:TRINO_INTERNAL_SHARED_SECRET}',
    });
  });

  test('worker: the same cluster memory, its own per-node memory', () => {
    expect(config.configProperties(TrinoRole.WORKER)).toEqual({
      'coordinator': 'false',
      'http-server.http.port': '8080',
      'discovery.uri': 'http://trino:8080',
      'query.max-memory': '315GB',
      'query.max-memory-per-node': '32256MB',
      'memory.heap-headroom-per-node': '13824MB',
      'internal-communication.shared-secret': '${ENV:TRINO_INTERNAL_SHARED_SECRET}',
    });
  });

  test('renders the three base files per role, without catalogs, exchange or access control', () => {
    expect(Object.keys(config.files(TrinoRole.COORDINATOR))).toEqual(['config.properties', 'jvm.config', 'node.properties']);
    expect(Object.keys(config.files(TrinoRole.WORKER))).toEqual(['config.properties', 'jvm.config', 'node.properties']);
  });

  test('defaults to the latest release, environment "production" and the chart\'s directories', () => {
    expect(config.version).toBe(TrinoVersion.LATEST);
    expect(config.nodeProperties()).toEqual({ 'node.environment': 'production', 'node.data-dir': '/data/trino' });
    expect(config.files(TrinoRole.WORKER)['node.properties']).toBe(`${HEADER}\nnode.data-dir=/data/trino\nnode.environment=production\n`);
  });

  test('asks for nothing in S3', () => {
    expect(config.storageAccess).toEqual([]);
    expect(config.warnings).toEqual([]);
  });
});

describe('config.properties with every feature on', () => {
  const config = new TrinoConfiguration(FULL);

  test('worker (golden): retries, spill and the shutdown grace period, no coordinator-only properties', () => {
    expect(config.files(TrinoRole.WORKER)['config.properties']).toBe([
      HEADER,
      'coordinator=false',
      'discovery.uri=http://trino:8080',
      'http-server.http.port=8080',
      'internal-communication.shared-secret=${ENV:TRINO_INTERNAL_SHARED_SECRET}',
      'max-spill-per-node=200GB',
      'memory.heap-headroom-per-node=13824MB',
      'query-max-spill-per-node=100GB',
      'query.max-memory=315GB',
      'query.max-memory-per-node=32256MB',
      'retry-policy=TASK',
      'shutdown.grace-period=30s',
      'spill-enabled=true',
      'spiller-spill-path=/data/spill',
      '',
    ].join('\n'));
  });

  test('coordinator: waits for workers when scaled to zero, spill defaults for sessions, no shutdown grace period', () => {
    const properties = config.configProperties(TrinoRole.COORDINATOR);
    expect(properties).toMatchObject({
      'query-manager.required-workers': '1',
      'query-manager.required-workers-max-wait': '300s',
      'retry-policy': 'TASK',
      'spill-enabled': 'true',
      'query-max-spill-per-node': '100GB',
    });
    expect(properties).not.toHaveProperty(['shutdown.grace-period']);
  });

  test('coordinator: no spill path and no node spill limit (it runs no tasks, so needs no spill volume)', () => {
    const properties = config.configProperties(TrinoRole.COORDINATOR);
    expect(properties).not.toHaveProperty(['spiller-spill-path']);
    expect(properties).not.toHaveProperty(['max-spill-per-node']);
  });

  test('workers never get the coordinator-only properties', () => {
    const properties = config.configProperties(TrinoRole.WORKER);
    for (const key of ['node-scheduler.include-coordinator', 'query-manager.required-workers', 'query-manager.required-workers-max-wait']) {
      expect(properties).not.toHaveProperty([key]);
    }
  });

  test('renders catalogs and the exchange manager for both roles, access control for workers only', () => {
    expect(Object.keys(config.files(TrinoRole.COORDINATOR)).sort()).toEqual([
      'catalog/lake.properties', 'catalog/tpch.properties', 'config.properties', 'exchange-manager.properties', 'jvm.config', 'node.properties',
    ]);
    expect(Object.keys(config.files(TrinoRole.WORKER)).sort()).toEqual([
      'access-control.properties', 'access-control/graceful-shutdown-rules.json', 'catalog/lake.properties', 'catalog/tpch.properties',
      'config.properties', 'exchange-manager.properties', 'jvm.config', 'node.properties',
    ]);
  });

  test('exchange-manager.properties: the filesystem exchange on S3', () => {
    expect(config.files(TrinoRole.COORDINATOR)['exchange-manager.properties']).toBe(
      `${HEADER}\nexchange-manager.name=filesystem\nexchange.base-directories=s3://trino-exchange/spool\nexchange.s3.region=eu-west-1\n`);
  });

  test('the worker\'s access control lets user admin, and only admin, write system information (the chart\'s rule)', () => {
    const files = config.files(TrinoRole.WORKER);
    expect(files['access-control.properties']).toBe(
      `${HEADER}\naccess-control.name=file\nsecurity.config-file=/etc/trino/access-control/graceful-shutdown-rules.json\n`);
    expect(JSON.parse(files['access-control/graceful-shutdown-rules.json'])).toEqual({ system_information: [{ allow: ['write'], user: 'admin' }] });
  });

  test('the preStop request goes to the worker\'s port', () => {
    expect(config.gracefulShutdown?.shutdownRequest.url).toBe('http://localhost:8080/v1/info/state');
    expect(config.gracefulShutdown?.terminationGracePeriodSeconds).toBe(390);
  });

  test('lists exactly the S3 locations to grant: each catalog\'s, then the exchange (read-write)', () => {
    expect(config.storageAccess).toEqual([
      { bucketName: 'analytics-lake', prefixes: ['warehouse'], access: BucketAccess.READ_WRITE },
      { bucketName: 'trino-exchange', prefixes: ['spool'], access: BucketAccess.READ_WRITE },
    ]);
  });
});

describe('the internal shared secret', () => {
  const configs = [new TrinoConfiguration(FULL), new TrinoConfiguration({ ...FULL, sharedSecretEnvironmentVariable: 'TRINO_SECRET' })];

  test.each([TrinoRole.COORDINATOR, TrinoRole.WORKER])('is only ever an ${ENV:...} reference in the %s files', (role) => {
    for (const config of configs) {
      const lines = Object.values(config.files(role)).join('\n').split('\n').filter((line) => line.includes('shared-secret'));
      expect(lines).toEqual([`internal-communication.shared-secret=\${ENV:${config.sharedSecretEnvironmentVariable}}`]);
    }
  });

  test('cannot be given as a value: the option takes a variable name', () => {
    expect(() => new TrinoConfiguration({ ...BASE, sharedSecretEnvironmentVariable: 'c2VjcmV0+/==' })).toThrow(
      'TrinoConfiguration: sharedSecretEnvironmentVariable ("c2VjcmV0+/==") must be the name of an environment variable');
  });
});

describe('jvm.config', () => {
  const config = new TrinoConfiguration({ ...BASE, heapDumpPath: '/data/heapdumps' });

  test('worker (golden): the deployment docs\' flags with the computed heap', () => {
    expect(config.files(TrinoRole.WORKER)['jvm.config']).toBe([
      HEADER,
      '-server',
      '-Xmx45G',
      '-XX:+UseG1GC',
      '-XX:G1HeapRegionSize=32M',
      '-XX:+ExplicitGCInvokesConcurrent',
      '-XX:+ExitOnOutOfMemoryError',
      '-XX:+HeapDumpOnOutOfMemoryError',
      '-XX:HeapDumpPath=/data/heapdumps',
      '-XX:-OmitStackTraceInFastThrow',
      '-XX:ReservedCodeCacheSize=512M',
      '-XX:PerMethodRecompilationCutoff=10000',
      '-XX:PerBytecodeRecompilationCutoff=10000',
      '-Djdk.attach.allowAttachSelf=true',
      '-Djdk.nio.maxCachedBufferSize=2000000',
      '-Dfile.encoding=UTF-8',
      '-XX:+EnableDynamicAgentLoading',
      '',
    ].join('\n'));
  });

  test('coordinator: its own heap', () => {
    expect(config.jvmOptions(TrinoRole.COORDINATOR)).toContain('-Xmx9984M');
  });

  test.each(TrinoVersion.SUPPORTED.map((v) => [v.version, v]))('Trino %i: no flag Java 24/25 refuses or that only older JDKs needed', (_, version) => {
    const options = new TrinoConfiguration({ ...BASE, version: version as TrinoVersion }).jvmOptions(TrinoRole.WORKER);
    expect(options.filter((o) => /GCLockerRetryAllocationCount|G1NumCollectionsKeepPinned|UseBiasedLocking|G1UsePreventiveGC/.test(o))).toEqual([]);
  });
});

describe('version switches reach the rendered catalogs', () => {
  test.each(TrinoVersion.SUPPORTED.map((v) => [v.version, v]))('Trino %i', (_, version) => {
    const v = version as TrinoVersion;
    const content = new TrinoConfiguration({ ...FULL, version: v }).files(TrinoRole.WORKER)['catalog/lake.properties'];
    expect(content).toContain(`\n${v.nativeS3EnabledProperty}=true\n`);
    expect(content.includes('s3.auth-type=DEFAULT')).toBe(v.supportsS3AuthType);
    expect(content).not.toMatch(/hive\.s3|use-web-identity/);
  });
});

describe('the local stack', () => {
  const config = new TrinoConfiguration({
    ...FULL,
    objectStorage: ObjectStorage.localEmulator({ endpoint: 'http://127.0.0.1:9000', accessKey: 'minio', secretKey: 'minio-secret' }),
    configDirectory: '/tmp/trino/worker/etc/',
    coordinatorNode: { nodeMemory: Size.gibibytes(4), nodeVcpus: 1, systemReserved: Size.mebibytes(0) },
    workerNode: { nodeMemory: Size.gibibytes(4), nodeVcpus: 1, systemReserved: Size.mebibytes(0) },
    maxWorkers: 1,
  });

  test('points the exchange at the emulator', () => {
    expect(config.exchangeManagerProperties()).toMatchObject({
      'exchange.s3.endpoint': 'http://127.0.0.1:9000', 'exchange.s3.path-style-access': 'true',
    });
  });

  test('references the rules file under its own configuration directory', () => {
    expect(config.files(TrinoRole.WORKER)['access-control.properties'])
      .toContain('security.config-file=/tmp/trino/worker/etc/access-control/graceful-shutdown-rules.json');
  });

  test('sizes small heaps for a workstation', () => {
    expect(config.configProperties(TrinoRole.WORKER)).toMatchObject({
      'query.max-memory': '1GB', 'query.max-memory-per-node': '1GB', 'memory.heap-headroom-per-node': '1GB',
    });
    expect(config.jvmOptions(TrinoRole.COORDINATOR)).toContain('-Xmx2G');
  });
});

describe('configurations that are refused or flagged', () => {
  test('task retries without an exchange location', () => {
    expect(() => new TrinoConfiguration({ ...BASE, retryPolicy: RetryPolicy.TASK })).toThrow(
      'TrinoConfiguration: retryPolicy ("TASK") needs an exchange location');
  });

  test('query retries without one are fine', () => {
    expect(new TrinoConfiguration({ ...BASE, retryPolicy: RetryPolicy.QUERY }).configProperties(TrinoRole.WORKER)['retry-policy']).toBe('QUERY');
  });

  test('an exchange location nothing uses is a warning', () => {
    const config = new TrinoConfiguration({ ...BASE, objectStorage: ObjectStorage.aws('eu-west-1'), exchange: { bucketName: 'trino-exchange' } });
    expect(config.warnings).toEqual([
      'TrinoConfiguration: exchange is set but retryPolicy is NONE, so nothing is spooled to s3://trino-exchange; set retryPolicy to TASK or QUERY, or remove exchange',
    ]);
  });

  test('lakehouse catalogs without object storage, naming them', () => {
    expect(() => new TrinoConfiguration({ ...BASE, catalogs: [Catalog.hive({ name: 'lake', metastoreUri: METASTORE, storageAccess: LAKE })] }))
      .toThrow('TrinoConfiguration: objectStorage (not set) is required by the catalogs "lake"');
  });

  test('two catalogs with one name', () => {
    expect(() => new TrinoConfiguration({ ...BASE, catalogs: [Catalog.tpch('bench'), Catalog.tpcds('bench')] }))
      .toThrow('Catalog: catalogs (["bench", "bench"]) must have unique names: "bench" is used more than once');
  });

  test('a worker heap larger than its node allows, naming the worker', () => {
    expect(() => new TrinoConfiguration({ ...BASE, workerNode: { nodeMemory: Size.gibibytes(64), nodeVcpus: 16, heap: Size.gibibytes(60) } }))
      .toThrow('TrinoConfiguration: workerNode.heap ("60 GiB") exceeds what the node can give the heap');
  });

  test('no workers', () => {
    expect(() => new TrinoConfiguration({ ...BASE, maxWorkers: 0 })).toThrow('TrinoConfiguration: maxWorkers (0) must be a whole number of at least 1');
  });

  test('the preStop request goes to the configuration\'s own httpPort', () => {
    const config = new TrinoConfiguration({ ...BASE, httpPort: 8081, gracefulShutdown: {} });
    expect(config.gracefulShutdown!.shutdownRequest.url).toBe('http://localhost:8081/v1/info/state');
    expect(config.gracefulShutdown!.preStopCommand.join(' ')).toContain('http://localhost:8081/v1/info/state');
  });

  test('a shutdown budget that does not fit the given termination grace period', () => {
    expect(() => new TrinoConfiguration({ ...BASE, gracefulShutdown: { terminationGracePeriod: Duration.seconds(120) } }))
      .toThrow('GracefulShutdown: terminationGracePeriod ("120 seconds") must hold');
  });

  test.each([
    [{ discoveryUri: 'trino:8080' }, 'discoveryUri ("trino:8080") must be http(s)://<coordinator host>:<port>'],
    [{ environment: 'Prod' }, 'environment ("Prod") must start with a lowercase letter or digit'],
    [{ dataDirectory: 'data' }, 'dataDirectory ("data") must be an absolute path'],
    [{ httpPort: 0 }, 'httpPort (0) must be a TCP port'],
    [{ heapDumpPath: 'dumps' }, 'heapDumpPath ("dumps") must be an absolute path without spaces'],
    [{ scaleToZero: { requiredWorkers: 0 } }, 'scaleToZero.requiredWorkers (0) must be a whole number of at least 1'],
    [{ spill: { path: 'spill' } }, 'spill.path ("spill") must be an absolute path'],
    [{ spill: { path: '/spill', maxPerNode: Size.gibibytes(10), maxPerQueryPerNode: Size.gibibytes(20) } },
      'spill.maxPerQueryPerNode ("20 GiB") must not exceed spill.maxPerNode (10 GiB)'],
    [{ objectStorage: ObjectStorage.aws('eu-west-1'), exchange: { bucketName: 'x' } }, 'exchange.bucketName ("x") must be an S3 bucket name'],
  ])('%p', (override, message) => {
    expect(() => new TrinoConfiguration({ ...BASE, ...override } as TrinoConfigurationOptions)).toThrow(`TrinoConfiguration: ${message}`);
  });
});

describe('anonymous management reads (a scraper that sends no user)', () => {
  const base = BASE;
  test('without authentication, management.user is rendered only when anonymous management reads are on', () => {
    expect(new TrinoConfiguration({ ...base, managementUser: 'metrics-reader' }).configProperties(TrinoRole.COORDINATOR)['management.user']).toBeUndefined();
    const on = new TrinoConfiguration({ ...base, managementUser: 'metrics-reader', anonymousManagementReads: true });
    expect(on.configProperties(TrinoRole.COORDINATOR)['management.user']).toBe('metrics-reader');
    expect(on.configProperties(TrinoRole.WORKER)['management.user']).toBeUndefined();
  });
});
