// Trino's AOT cache for fast starts (fast-start.ts): recorded by a training run of one coordinator on the local
// stack's rendered configuration, the first time scripts/local-stack.sh finds no cache the JVM would use (a new
// machine, another Trino release or JDK, a server assembled again).
//
// What the cache serves, seen in a run's class-loading log (-Xlog:class+load): the classes of lib/ and Trino's own
// plugin classes; the third-party classes the plugins each bundle a copy of (Guava, the AWS SDK, Parquet, ...) still
// load from the jars. A training run on the whole stack (the sample data into S3 through the metastore) was tried: its
// cache was larger (173 MB against 147) and the Trino JVMs of a run used as much CPU (46 to 49 s against 46 s).
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { FAST_START_JIT_OPTIONS, aotCacheUsable, jvmOptionsOf } from './fast-start';
import { LocalToolchain, linkDataDirectory, trinoCommand } from './local-stack';
import { LOCAL_REGION, S3_ACCESS_KEY_VARIABLE, S3_SECRET_KEY_VARIABLE, planLocalStack } from './local-stack-plan';
import { ProcessSet } from './processes';
import { QUICKSTART_TRINO_VERSION } from './quickstart-settings';
import { choosePort, messageOf, waitUntil } from './stages';
import { TrinoClient } from './trino-client';

/** Queries of the training run: the planning and execution paths of TPC-H queries like the demo's. */
const TRAINING_QUERIES = [
  'SHOW CATALOGS',
  "SELECT count(*) FROM system.runtime.nodes WHERE state = 'active'",
  'SELECT count(*) FROM tpch.tiny.orders',
  `SELECT n.name, count(*), CAST(sum(o.totalprice) AS decimal(12, 2))
   FROM tpch.tiny.orders o JOIN tpch.tiny.customer c ON c.custkey = o.custkey JOIN tpch.tiny.nation n ON n.nationkey = c.nationkey
   WHERE o.orderdate >= DATE '1995-01-01' GROUP BY n.name ORDER BY 3 DESC LIMIT 5`,
];

/**
 * The training's recipe, written beside the cache: a cache recorded by another recipe is recorded again (the JVM
 * would accept it, but it may hold other classes).
 */
const TRAINING_RECIPE = 'coordinator alone, TPC-H queries (1)';

/** What ensureAotCache found or did. */
export interface AotCacheResult {
  /** `present`: a cache the JVM accepts was there; `recorded`: a training run made one; `unavailable`: neither. */
  readonly outcome: 'present' | 'recorded' | 'unavailable';
  /** Why not, when unavailable. */
  readonly reason?: string;
  /** The cache's size in bytes, when there is one. */
  readonly bytes?: number;
}

/**
 * Makes sure `toolchain.trinoAotCache` holds a cache the JVM accepts for this server, JDK and the coordinator's
 * options: checks it (the JVM's own check, a tenth of a second) and, when it does not, records one (about a minute on
 * two cores, once). Never fails the stack: without a cache, the nodes start without one.
 */
export async function ensureAotCache(toolchain: LocalToolchain, print: (line: string) => void): Promise<AotCacheResult> {
  const cacheFile = toolchain.trinoAotCache;
  if (!cacheFile) return { outcome: 'unavailable', reason: 'no cache file configured' };
  if (javaFeature(toolchain.trinoJavaHome) < 25) {
    return { outcome: 'unavailable', reason: `${toolchain.trinoJavaHome} is older than JDK 25, which records an AOT cache in one run` };
  }
  const training = await prepareTraining(toolchain, cacheFile);
  const classPath = path.join(toolchain.trinoHome, 'lib', '*');
  const check = (file: string) => aotCacheUsable(toolchain.trinoJavaHome, file, classPath, jvmOptionsOf(training.args));
  const recipeFile = `${cacheFile}.recipe`;
  const recipe = fs.existsSync(recipeFile) ? fs.readFileSync(recipeFile, 'utf8').trim() : '';
  if (recipe === TRAINING_RECIPE && check(cacheFile)) {
    fs.rmSync(training.workDir, { recursive: true, force: true });
    return { outcome: 'present', bytes: fs.statSync(cacheFile).size };
  }
  const started = Date.now();
  print(`[setup] Trino's AOT cache (Java's -XX:AOTCache, local start-up only): none recorded for this server and JDK at ${cacheFile};` +
    ' recording one with a training run of one coordinator (once per server and JDK, about a minute)');
  try {
    await train(toolchain, training, print);
  } catch (error) {
    return { outcome: 'unavailable', reason: messageOf(error) };
  }
  if (!check(training.partial)) {
    return { outcome: 'unavailable', reason: `the training run wrote no cache the JVM accepts (log: ${training.logFile})` };
  }
  fs.renameSync(training.partial, cacheFile);
  fs.writeFileSync(recipeFile, `${TRAINING_RECIPE}\n`);
  fs.rmSync(training.workDir, { recursive: true, force: true });
  const bytes = fs.statSync(cacheFile).size;
  print(`[setup] Trino's AOT cache: ${Math.round(bytes / 1024 / 1024)} MB in ${cacheFile} (${Math.round((Date.now() - started) / 1000)}s)`);
  return { outcome: 'recorded', bytes };
}

interface Training {
  readonly workDir: string;
  readonly partial: string;
  readonly logFile: string;
  readonly coordinatorUrl: string;
  readonly dataDirectory: string;
  readonly command: string;
  /** The command's arguments with the fast start's options, without the recording option. */
  readonly args: string[];
}

/**
 * Writes the training coordinator's files: the local stack's rendered coordinator (its jvm.config and catalogs),
 * scheduling on itself for this run only (`node-scheduler.include-coordinator` on, no required workers), since no
 * worker runs. Nothing else reads this configuration.
 */
async function prepareTraining(toolchain: LocalToolchain, cacheFile: string): Promise<Training> {
  const version = toolchain.trinoVersion ?? QUICKSTART_TRINO_VERSION;
  const workDir = `${cacheFile}.training`;
  fs.rmSync(workDir, { recursive: true, force: true });
  fs.mkdirSync(workDir, { recursive: true });
  const taken = new Set<number>();
  const pick = () => choosePort(undefined, taken);
  const plan = planLocalStack({
    workDir,
    ports: { coordinator: await pick(), workers: [await pick(), await pick()], metastore: await pick(), s3: await pick(), postgres: await pick() },
    customize: (options) => ({ ...options, version }),
  });
  const coordinator = plan.nodes[0];
  const config = coordinator.files['config.properties'].split('\n')
    .filter((line) => !line.startsWith('query-manager.required-workers'))
    .map((line) => (line.startsWith('node-scheduler.include-coordinator=') ? 'node-scheduler.include-coordinator=true' : line));
  const files = { ...coordinator.files, 'config.properties': config.join('\n') };
  for (const [relative, content] of Object.entries(files)) {
    const file = path.join(coordinator.configDirectory, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
  fs.mkdirSync(coordinator.dataDirectory, { recursive: true });
  linkDataDirectory(toolchain, coordinator.configDirectory, coordinator.dataDirectory);
  const { command, args } = trinoCommand(toolchain, version, coordinator.configDirectory, FAST_START_JIT_OPTIONS);
  return {
    workDir,
    partial: `${cacheFile}.partial`,
    logFile: path.join(workDir, 'training.log'),
    coordinatorUrl: plan.coordinatorUrl,
    dataDirectory: coordinator.dataDirectory,
    command,
    args,
  };
}

/**
 * The training run: starts the coordinator recording (`-XX:AOTCacheOutput`), runs TRAINING_QUERIES, stops it; the
 * JVM then assembles the cache (a child JVM, about 20 s) before it exits.
 */
async function train(toolchain: LocalToolchain, training: Training, print: (line: string) => void): Promise<void> {
  fs.rmSync(training.partial, { force: true });
  // The recording option goes with the launch options, before the -D properties and the main class.
  const at = training.args.findIndex((arg) => arg.startsWith('-Dconfig='));
  const args = [...training.args.slice(0, at), `-XX:AOTCacheOutput=${training.partial}`, ...training.args.slice(at)];
  const processes = new ProcessSet();
  const trino = processes.start({
    name: 'aot-training',
    command: training.command,
    args,
    cwd: training.dataDirectory,
    logFile: training.logFile,
    env: {
      JAVA_HOME: toolchain.trinoJavaHome,
      NO_COLOR: '1',
      TRINO_INTERNAL_SHARED_SECRET: randomBytes(32).toString('base64'),
      [S3_ACCESS_KEY_VARIABLE]: 'training',
      [S3_SECRET_KEY_VARIABLE]: 'training',
      AWS_REGION: LOCAL_REGION,
    },
  });
  try {
    const client = new TrinoClient(training.coordinatorUrl, { user: 'trino' });
    const started = Date.now();
    await waitUntil('the training coordinator started', () => client.isStarted(), { timeoutMs: 600_000, process: trino, intervalMs: 500 });
    print(`[setup]   training coordinator started in ${((Date.now() - started) / 1000).toFixed(1)}s; ${TRAINING_QUERIES.length} queries, then the JVM writes the cache`);
    for (const sql of TRAINING_QUERIES) await client.query(sql);
    // The JVM assembles the cache after the server has stopped and before it exits: the default 20 s is too short.
    await trino.stop(600_000);
  } catch (error) {
    await processes.stopAll();
    throw new Error(`training run: ${messageOf(error)} (log: ${training.logFile})`);
  }
}

/** The Java feature release of a JDK (25 for 25.0.3), from its `release` file. */
function javaFeature(javaHome: string): number {
  try {
    const release = fs.readFileSync(path.join(javaHome, 'release'), 'utf8');
    return Number(/^JAVA_VERSION="(\d+)/m.exec(release)?.[1] ?? 0);
  } catch {
    return 0;
  }
}
