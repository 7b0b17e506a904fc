import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { DEMO_QUERY, SAMPLE_TABLES, TRY_SQL } from '../../local/demo';
import { FAST_START_JIT_OPTIONS, aotCacheOptions, jvmOptionsOf } from '../../local/fast-start';
import { LocalToolchain, trinoCommand } from '../../local/local-stack';
import { describePortHolder, listeningInodes, portHolders } from '../../local/ports';
import { QUICKSTART_SAMPLE_DATA_SQL } from '../../local/quickstart-settings';
import { TrinoVersion } from '../../src/trino';

const toolchain: LocalToolchain = {
  trinoHome: '/opt/trino',
  trinoCliJar: '/opt/cli.jar',
  trinoJavaHome: '/opt/jdk',
  metastoreHome: '/opt/hms',
  motoServer: '/opt/venv/bin/moto_server',
  motoLauncher: '/opt/moto_server.py',
  postgresBin: '/opt/pg/bin',
};

describe('fast start: launch options, never the rendered files', () => {
  let etc: string;
  beforeEach(() => {
    etc = fs.mkdtempSync(path.join(os.tmpdir(), 'fast-start-'));
    fs.writeFileSync(path.join(etc, 'jvm.config'), '# rendered\n-server\n-Xmx2G\n-XX:+UseG1GC\n-Djdk.attach.allowAttachSelf=true\n');
    fs.writeFileSync(path.join(etc, 'node.properties'), 'node.environment=production\nnode.id=coordinator\n');
  });
  afterEach(() => fs.rmSync(etc, { recursive: true, force: true }));

  test('launch options come after the rendered jvm.config (so they win) and before the properties and the main class', () => {
    const launch = [...FAST_START_JIT_OPTIONS, ...aotCacheOptions('/cache/trino.aot')];
    const { args } = trinoCommand(toolchain, TrinoVersion.V483, etc, launch);
    const at = (arg: string) => args.indexOf(arg);
    expect(at('-XX:+UseG1GC')).toBeLessThan(at('-XX:TieredStopAtLevel=1'));
    expect(at('--add-modules=jdk.incubator.vector')).toBeLessThan(at('-XX:TieredStopAtLevel=1'));
    expect(at('-XX:AOTCache=/cache/trino.aot')).toBeLessThan(args.findIndex((a) => a.startsWith('-Dconfig=')));
    expect(args[args.length - 1]).toBe('local.trino.LocalTrinoServer');
  });

  test('without launch options the command is the rendered one (what the e2e suite and the benchmark run)', () => {
    const { args } = trinoCommand(toolchain, TrinoVersion.V483, etc);
    expect(args.filter((a) => a.includes('TieredStopAtLevel') || a.includes('AOTCache'))).toEqual([]);
    expect(args).toContain('-Xmx2G');
  });

  test('the options an AOT cache is checked against: the JVM flags, not the class path or the properties', () => {
    const { args } = trinoCommand(toolchain, TrinoVersion.V483, etc, FAST_START_JIT_OPTIONS);
    expect(jvmOptionsOf(args)).toEqual(['-Xmx2G', '-XX:+UseG1GC', '--add-modules=jdk.incubator.vector', '-XX:TieredStopAtLevel=1']);
  });
});

describe('the sample data is the AWS quickstart\'s', () => {
  test('the tables of QUICKSTART_SAMPLE_DATA_SQL, under the names the quickstart README queries', () => {
    expect(SAMPLE_TABLES).toEqual(['hive.samples.nation', 'iceberg.iceberg_samples.orders']);
    expect(QUICKSTART_SAMPLE_DATA_SQL.length).toBeGreaterThanOrEqual(4);
  });

  test('the demo query and the lines to try read only the sample tables and the generator', () => {
    const tables = [...`${DEMO_QUERY}\n${TRY_SQL.join('\n')}`.matchAll(/\b(?:FROM|JOIN)\s+([\w.]+)/gi)].map((m) => m[1]);
    expect(tables.length).toBeGreaterThan(0);
    for (const table of tables) expect([...SAMPLE_TABLES, 'tpch.tiny.customer']).toContain(table);
  });
});

describe('a port in use is named with the process holding it', () => {
  test('listening sockets are read from a /proc/net/tcp table (hex port, state 0A, inode)', () => {
    const table = [
      '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
      '   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4242 1 0000000000000000 100 0 0 10 0',
      '   1: 0100007F:1F90 0100007F:D431 01 00000000:00000000 00:00000000 00000000     0        0 4343 1 0000000000000000 20 4 30 10 -1',
      '   2: 00000000:1F91 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4444 1 0000000000000000 100 0 0 10 0',
    ].join('\n');
    expect(listeningInodes(table, 8080)).toEqual(['4242']); // the established connection on 8080 is not a listener
    expect(listeningInodes(table, 8081)).toEqual(['4444']);
    expect(listeningInodes(table, 8082)).toEqual([]);
  });

  const onLinux = fs.existsSync('/proc/net/tcp') ? test : test.skip;
  onLinux('this process, listening on a port, is found with its pid and command line', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    try {
      const holders = portHolders(port);
      expect(holders.map((h) => h.pid)).toContain(process.pid);
      expect(describePortHolder(port)).toMatch(new RegExp(`^pid ${process.pid} \\(.*node`));
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
