import { Size } from 'aws-cdk-lib';
import { LOCAL_DISK, planLocalStack } from '../../local/local-stack-plan';
import {
  QUICKSTART_WAREHOUSE_BUCKET, QUICKSTART_TRINO_VERSION, quickstartTrinoOptions,
} from '../../local/quickstart-settings';
import { FileSystemCache, ObjectStorage, RetryPolicy, TrinoConfiguration, TrinoRole } from '../../src/trino';

const PORTS = { s3: 19000, postgres: 15433, metastore: 19083, coordinator: 18080, workers: [18081, 18082] };
const plan = planLocalStack({ workDir: '/tmp/stack', ports: PORTS });
const node = (name: string) => plan.nodes.find((n) => n.name === name)!;

/** A properties file as key → value (the renderer's output format: key=value lines, # comments). */
function parse(file: string): Record<string, string> {
  return Object.fromEntries(file.split('\n').filter((line) => line && !line.startsWith('#')).map((line) => {
    const at = line.indexOf('=');
    return [line.slice(0, at), line.slice(at + 1)];
  }));
}

describe('the local stack renders the quickstart', () => {
  test('a coordinator and two workers, each with its own port, configuration and data directory', () => {
    expect(plan.nodes.map((n) => [n.name, n.role, n.httpPort])).toEqual([
      ['coordinator', TrinoRole.COORDINATOR, 18080],
      ['worker-1', TrinoRole.WORKER, 18081],
      ['worker-2', TrinoRole.WORKER, 18082],
    ]);
    expect(new Set(plan.nodes.map((n) => n.configDirectory)).size).toBe(3);
    expect(new Set(plan.nodes.map((n) => n.dataDirectory)).size).toBe(3);
    for (const n of plan.nodes) {
      const config = parse(n.files['config.properties']);
      expect(config['http-server.http.port']).toBe(String(n.httpPort));
      expect(config['discovery.uri']).toBe('http://127.0.0.1:18080');
      expect(parse(n.files['node.properties'])['node.data-dir']).toBe(n.dataDirectory);
    }
  });

  test('the files are exactly what TrinoConfiguration renders for the quickstart, endpoints and node sizes aside', () => {
    // Rendered again here from the quickstart settings with an EKS-like S3 and metastore: every file but
    // the endpoint-bearing ones must be byte-identical apart from the lines that carry endpoints or sizes.
    const local = node('worker-1');
    const direct = new TrinoConfiguration({
      ...quickstartTrinoOptions({
        objectStorage: ObjectStorage.localEmulator({ endpoint: 'http://127.0.0.1:19000', accessKey: '${ENV:LOCAL_S3_ACCESS_KEY}', secretKey: '${ENV:LOCAL_S3_SECRET_KEY}' }),
        metastoreUri: 'thrift://127.0.0.1:19083',
        discoveryUri: 'http://127.0.0.1:18080',
      }, {
        coordinatorNode: { nodeMemory: Size.gibibytes(4), nodeVcpus: 2, systemReserved: Size.mebibytes(0) },
        workerNode: { nodeMemory: Size.gibibytes(5), nodeVcpus: 2, systemReserved: Size.mebibytes(0) },
      }),
      httpPort: 18081,
      configDirectory: local.configDirectory,
      dataDirectory: local.dataDirectory,
      localStorage: { diskSize: Size.gibibytes(40), path: '/tmp/stack/trino/worker-1/local-disk' },
    }).files(TrinoRole.WORKER);
    const { ['node.properties']: localNode, ...localRest } = local.files;
    const { ['node.properties']: directNode, ...directRest } = direct;
    expect(localRest).toEqual(directRest);
    // node.properties: the library's, plus loopback binding and a readable node id.
    expect(parse(localNode)).toEqual({
      ...parse(directNode),
      'node.id': 'worker-1',
      'node.bind-ip': '127.0.0.1',
      'node.internal-address': '127.0.0.1',
    });
  });

  test('catalogs: hive and iceberg through the loopback metastore on the emulator, and tpch', () => {
    const files = node('coordinator').files;
    expect(Object.keys(files).filter((f) => f.startsWith('catalog/')).sort()).toEqual([
      'catalog/hive.properties', 'catalog/iceberg.properties', 'catalog/tpch.properties',
    ]);
    const hive = parse(files['catalog/hive.properties']);
    expect(hive).toMatchObject({
      'connector.name': 'hive',
      'hive.metastore.uri': 'thrift://127.0.0.1:19083',
      'fs.s3.enabled': 'true', // the switch's name from Trino 481 (fs.native-s3.enabled up to 480)
      's3.endpoint': 'http://127.0.0.1:19000',
      's3.path-style-access': 'true',
    });
    expect(parse(files['catalog/iceberg.properties'])['iceberg.catalog.type']).toBe('hive_metastore');
    expect(QUICKSTART_TRINO_VERSION.version).toBe(483);
  });

  test('no secret is written: the shared secret and the emulator keys are environment references', () => {
    const all = plan.nodes.flatMap((n) => Object.values(n.files)).join('\n') + plan.metastoreSite;
    expect(parse(node('coordinator').files['config.properties'])['internal-communication.shared-secret'])
      .toBe('${ENV:TRINO_INTERNAL_SHARED_SECRET}');
    const hive = parse(node('worker-2').files['catalog/hive.properties']);
    expect(hive['s3.aws-access-key']).toBe('${ENV:LOCAL_S3_ACCESS_KEY}');
    expect(hive['s3.aws-secret-key']).toBe('${ENV:LOCAL_S3_SECRET_KEY}');
    expect(plan.metastoreSite).toContain('<value>${env.METASTORE_DB_PASSWORD}</value>');
    expect(all).not.toMatch(/password=(?!\$)/i);
  });

  test('workers get graceful shutdown with a preStop request to their own port', () => {
    const worker = node('worker-2');
    expect(parse(worker.files['config.properties'])['shutdown.grace-period']).toBe('10s');
    expect(worker.configuration.gracefulShutdown?.shutdownRequest.url).toBe('http://localhost:18082/v1/info/state');
    expect(parse(worker.files['access-control.properties'])['security.config-file'])
      .toBe(`${worker.configDirectory}/access-control/graceful-shutdown-rules.json`);
    expect(node('coordinator').files['access-control.properties']).toBeUndefined();
  });

  test('memory: 2 GiB heap for the coordinator, 3 GiB for each worker, sized by the library\'s rule', () => {
    expect(node('coordinator').configuration.jvmOptions(TrinoRole.COORDINATOR)).toContain('-Xmx2G');
    expect(node('worker-1').configuration.jvmOptions(TrinoRole.WORKER)).toContain('-Xmx3G');
    expect(parse(node('coordinator').files['config.properties'])['query.max-memory']).toBe('4GB');
  });

  test('the metastore: PostgreSQL and S3 on loopback, warehouse in the quickstart bucket', () => {
    expect(plan.metastoreSite).toContain('<value>jdbc:postgresql://127.0.0.1:15433/metastore?sslmode=disable</value>');
    expect(plan.metastoreSite).toContain(`<value>s3a://${QUICKSTART_WAREHOUSE_BUCKET}/warehouse</value>`);
    expect(plan.metastoreSite).toContain('<value>http://127.0.0.1:19000</value>');
    expect(plan.metastoreSite).toMatch(/<name>metastore\.thrift\.bind\.host<\/name>\s*<value>127\.0\.0\.1<\/value>/);
    expect(plan.warehouseLocation).toBe(`s3://${QUICKSTART_WAREHOUSE_BUCKET}/warehouse`);
  });

  test('the file-system cache is on: every node has its own directory standing in for NVMe, sized by the rule', () => {
    for (const n of plan.nodes) {
      const hive = parse(n.files['catalog/hive.properties']);
      expect(hive).toMatchObject({
        'fs.cache.enabled': 'true',
        'fs.cache.directories': `/tmp/stack/trino/${n.name}/local-disk/cache`,
        // 40 GiB: reserve 16 GiB, usable 24; spill min(12, 2 x 5 GiB) = 10 GiB; cache 14 GiB.
        'fs.cache.max-sizes': '14GB',
      });
      expect(parse(n.files['catalog/iceberg.properties'])['fs.cache.enabled']).toBe('true');
      expect(n.files['catalog/tpch.properties']).not.toContain('fs.cache');
    }
    expect(LOCAL_DISK.toGibibytes()).toBe(40);
  });

  test('spill goes to each worker\'s local directory with the rule\'s limits', () => {
    expect(parse(node('worker-2').files['config.properties'])).toMatchObject({
      'spill-enabled': 'true',
      'spiller-spill-path': '/tmp/stack/trino/worker-2/local-disk/spill',
      'max-spill-per-node': '10GB',
      'query-max-spill-per-node': '5GB',
    });
  });

  test('customize can turn the cache off (the benchmark\'s cache-off run)', () => {
    const off = planLocalStack({
      workDir: '/tmp/stack',
      ports: PORTS,
      customize: (options) => ({ ...options, localStorage: { ...options.localStorage!, fileSystemCache: FileSystemCache.off() } }),
    });
    expect(off.nodes[1].files['catalog/hive.properties']).not.toContain('fs.cache');
  });

  test('customize changes the rendered options (the e2e tests turn on task retries)', () => {
    const fte = planLocalStack({
      workDir: '/tmp/stack',
      ports: PORTS,
      customize: (options) => ({ ...options, retryPolicy: RetryPolicy.TASK, exchange: { bucketName: 'trino-exchange' } }),
    });
    expect(parse(fte.nodes[1].files['config.properties'])['retry-policy']).toBe('TASK');
    expect(parse(fte.nodes[0].files['exchange-manager.properties'])).toMatchObject({
      'exchange.base-directories': 's3://trino-exchange',
      'exchange.s3.endpoint': 'http://127.0.0.1:19000',
    });
  });

  test('a port list that does not match the quickstart\'s workers is refused, naming both numbers', () => {
    expect(() => planLocalStack({ workDir: '/tmp/stack', ports: { ...PORTS, workers: [18081] } }))
      .toThrow('ports.workers (1) must give one port to each of the quickstart\'s 2 workers');
  });
});
