// The local stack's benchmark (scripts/local-benchmark.sh): prints numbers, asserts nothing.
//   bash scripts/local-benchmark.sh [--schema tiny|sf1|...] [--work-dir DIR]
// 1. start times: the stack started twice with the library's configuration, cold (the first start of the
//    run) and warm (straight after, with the engines' files in the page cache);
// 2. the 22 TPC-H queries on the generator catalog (tpch.<schema>) and on a Parquet copy of it in S3 through
//    the Hive catalog, with the configuration the library renders and with Trino's stock configuration
//    (same heap, same catalogs, same processes), side by side with the ratio.
import * as path from 'path';
import { LocalStack, toolchainFromEnvironment } from './local-stack';
import { LocalTrinoNode } from './local-stack-plan';
import { PropertiesFile, TrinoRole } from '../trino';
import { QUICKSTART_MAX_WORKERS, QUICKSTART_TRINO_VERSION } from './quickstart-settings';
import { StageRunner, messageOf } from './stages';
import { TPCH_QUERIES } from './tpch-queries';

const TPCH_TABLES = ['nation', 'region', 'part', 'supplier', 'partsupp', 'customer', 'orders', 'lineitem'];
const PARQUET_SCHEMA = 'bench';

/**
 * Trino's stock configuration for a node, at the same heap: config.properties with only what a cluster needs
 * to form (role, port, discovery; the coordinator schedules no tasks, as in ours, so the same processes do
 * the work), jvm.config with the heap and only the options Trino refuses to start without; the same
 * node.properties and catalog files. Every other property is Trino's default.
 */
export function stockFiles(node: LocalTrinoNode): Record<string, string> {
  const heap = node.configuration.jvmOptions(node.role).find((option) => option.startsWith('-Xmx'))!;
  const files: Record<string, string> = {
    'config.properties': PropertiesFile.render({
      'coordinator': node.role === TrinoRole.COORDINATOR ? 'true' : 'false',
      ...(node.role === TrinoRole.COORDINATOR ? { 'node-scheduler.include-coordinator': 'false' } : {}),
      'http-server.http.port': String(node.httpPort),
      'discovery.uri': node.configuration.configProperties(node.role)['discovery.uri'],
    }),
    'jvm.config': `${[heap, '-Dfile.encoding=UTF-8', '-Djdk.attach.allowAttachSelf=true', '-XX:+EnableDynamicAgentLoading'].join('\n')}\n`,
    'node.properties': node.files['node.properties'],
  };
  for (const [file, content] of Object.entries(node.files)) {
    if (file.startsWith('catalog/')) files[file] = content;
  }
  return files;
}

interface Timings {
  /** Query name → seconds, or the error. */
  readonly generator: Map<string, number | string>;
  readonly parquet: Map<string, number | string>;
  readonly loadSeconds: number;
}

async function runQueries(stack: LocalStack, schema: string, print: (line: string) => void): Promise<Timings> {
  const trino = stack.trino;
  const loadStarted = Date.now();
  await trino.query(`CREATE SCHEMA hive.${PARQUET_SCHEMA} WITH (location = '${stack.plan.warehouseLocation}/${PARQUET_SCHEMA}')`);
  for (const table of TPCH_TABLES) {
    await trino.query(`CREATE TABLE hive.${PARQUET_SCHEMA}.${table} WITH (format = 'PARQUET') AS SELECT * FROM tpch.${schema}.${table}`);
  }
  const loadSeconds = (Date.now() - loadStarted) / 1000;
  print(`    Parquet copy of tpch.${schema} written in ${loadSeconds.toFixed(1)}s`);
  const timed = async (catalog: string, catalogSchema: string): Promise<Map<string, number | string>> => {
    const client = trino.withSession({ catalog, schema: catalogSchema });
    const times = new Map<string, number | string>();
    for (const [name, sql] of Object.entries(TPCH_QUERIES)) {
      const started = Date.now();
      try {
        await client.query(sql);
        times.set(name, (Date.now() - started) / 1000);
      } catch (error) {
        times.set(name, `FAILED ${messageOf(error).slice(0, 60)}`);
      }
    }
    return times;
  };
  const generator = await timed('tpch', schema);
  print(`    tpch.${schema}: ${total(generator).toFixed(1)}s`);
  const parquet = await timed('hive', PARQUET_SCHEMA);
  print(`    hive.${PARQUET_SCHEMA} (Parquet in S3): ${total(parquet).toFixed(1)}s`);
  return { generator, parquet, loadSeconds };
}

function total(times: Map<string, number | string>): number {
  return [...times.values()].reduce<number>((sum, t) => sum + (typeof t === 'number' ? t : 0), 0);
}

function cell(value: number | string | undefined, width: number): string {
  const text = typeof value === 'number' ? value.toFixed(2) : value === undefined ? '-' : 'FAILED';
  return text.padStart(width);
}

function ratio(ours: number | string | undefined, stock: number | string | undefined): string {
  return typeof ours === 'number' && typeof stock === 'number' && stock > 0 ? `${(ours / stock).toFixed(2)}` : '-';
}

async function main(): Promise<number> {
  const repoRoot = process.env.LOCAL_STACK_ROOT ?? path.resolve(__dirname, '..', '..', '..', '..', '..');
  const argv = process.argv.slice(2);
  let schema = 'tiny';
  let workDir = path.join(repoRoot, '.local', 'local-benchmark');
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--schema' && argv[i + 1]) {schema = argv[++i];} else if (argv[i] === '--work-dir' && argv[i + 1]) {workDir = path.resolve(process.env.LOCAL_STACK_CALLER_DIR ?? process.cwd(), argv[++i]);} else {
      process.stderr.write('Usage: scripts/local-benchmark.sh [--schema tiny|sf1|...] [--work-dir DIR]\n');
      return 2;
    }
  }
  const print = (line: string) => process.stdout.write(`${line}\n`);
  const toolchain = toolchainFromEnvironment(repoRoot);
  let stack: LocalStack | undefined;
  const onSignal = () => {
    void (stack ? stack.stop() : Promise.resolve()).then(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const start = async (label: string, rewriteFiles?: (node: LocalTrinoNode) => Record<string, string>): Promise<number> => {
    print(`${label}:`);
    const started = Date.now();
    stack = await LocalStack.start({ toolchain, workDir, stages: new StageRunner(5, (line) => print(`    ${line}`)), rewriteFiles });
    return (Date.now() - started) / 1000;
  };
  const stop = async () => {
    await stack?.stop();
    stack = undefined;
  };

  print(`Benchmark: Trino ${QUICKSTART_TRINO_VERSION.version}, coordinator + ${QUICKSTART_MAX_WORKERS} workers on 127.0.0.1, ` +
    `TPC-H ${schema}, the library's configuration vs Trino's stock configuration (same heap)`);
  try {
    const cold = await start('start 1 (cold), library configuration');
    await stop();
    const warm = await start('start 2 (warm), library configuration');
    const ours = await runQueries(stack!, schema, print);
    await stop();
    const stockStart = await start('start 3, stock configuration', stockFiles);
    const stock = await runQueries(stack!, schema, print);
    await stop();

    const w = 10;
    print('');
    print(`Start times: cold ${cold.toFixed(1)}s, warm ${warm.toFixed(1)}s (stock configuration: ${stockStart.toFixed(1)}s); ` +
      `Parquet copy written in ${ours.loadSeconds.toFixed(1)}s (ours) / ${stock.loadSeconds.toFixed(1)}s (stock)`);
    print('');
    print(`${'query'.padEnd(6)}${`tpch.${schema}`.padStart(w * 3 + 6)}   ${'hive Parquet in S3'.padStart(w * 3 + 6)}`);
    print(`${''.padEnd(6)}${'ours s'.padStart(w)}${'stock s'.padStart(w)}${'ratio'.padStart(w)}      ` +
      `${'ours s'.padStart(w)}${'stock s'.padStart(w)}${'ratio'.padStart(w)}`);
    for (const name of Object.keys(TPCH_QUERIES)) {
      print(`${name.padEnd(6)}${cell(ours.generator.get(name), w)}${cell(stock.generator.get(name), w)}` +
        `${ratio(ours.generator.get(name), stock.generator.get(name)).padStart(w)}      ` +
        `${cell(ours.parquet.get(name), w)}${cell(stock.parquet.get(name), w)}${ratio(ours.parquet.get(name), stock.parquet.get(name)).padStart(w)}`);
    }
    const [og, sg, op, sp] = [total(ours.generator), total(stock.generator), total(ours.parquet), total(stock.parquet)];
    print(`${'total'.padEnd(6)}${cell(og, w)}${cell(sg, w)}${ratio(og, sg).padStart(w)}      ${cell(op, w)}${cell(sp, w)}${ratio(op, sp).padStart(w)}`);
    const failures = [ours.generator, ours.parquet].flatMap((times) => [...times.entries()].filter(([, t]) => typeof t === 'string'));
    print(failures.length === 0 ? 'Every query succeeded with the library\'s configuration.'
      : `Failed with the library's configuration: ${failures.map(([n, t]) => `${n} (${t})`).join(', ')}`);
    print('ratio = ours / stock (below 1: ours is faster). One run on a shared machine: differences of a few percent are noise.');
    return failures.length === 0 ? 0 : 1;
  } catch (error) {
    print(`benchmark failed: ${messageOf(error)}`);
    await stop();
    return 1;
  }
}

if (require.main === module) {
  main().then((code) => process.exit(code), (error) => {
    process.stderr.write(`${messageOf(error)}\n`);
    process.exit(1);
  });
}
