// End-to-end tests on the local stack (run by scripts/local-e2e.sh, not by Jest): one stack with the
// quickstart's rendered configuration, then each case against it, asserting real outcomes; then the cases that start
// a stack of their own, or Trino alone (TrinoAlone: the sign-in cases of sign-in.ts).
// --matrix-subset runs the smaller set of the version matrix (the cases marked `matrix`) on the toolchain's release
// (scripts/local-e2e.sh --matrix runs it on each release of LOCAL_E2E_MATRIX). A case that needs a plugin the
// assembled server lacks (Maven Central serves no jars of it for that release) is skipped with a SKIP line naming the
// artifact; the TPC-H case then runs on Trino alone when the stack's own catalogs cannot load.
import { execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import {
  AssertionError, Case, OwnStackCase, expectEqual, expectTrue, generatorRowCount, queryInfo, repoRoot, stopStacksOnSignal,
  startStack, stopStack,
} from './e2e-support';
import { oauth2SignIn, passwordSignIn } from './sign-in';
import { TrinoAlone } from './trino-alone';
import { synthesizedWorkerPolicy } from './worker-policy';
import { postgresqlCatalog, workloadManagement } from './workload';
import { loadSampleData } from '../../local/demo';
import { FAST_START_JIT_OPTIONS } from '../../local/fast-start';
import { LocalStack, LocalToolchain, motoPython, s3EmulatorArguments, toolchainFromEnvironment } from '../../local/local-stack';
import { LOCAL_REGION } from '../../local/local-stack-plan';
import { ProcessSet } from '../../local/processes';
import { QUICKSTART_WAREHOUSE_BUCKET, QUICKSTART_WAREHOUSE_PREFIX, quickstartWarehouseAccess } from '../../local/quickstart-settings';
import { StageFailedError, StageRunner, choosePort, messageOf, portOpen, sleep, waitUntil } from '../../local/stages';
import { TPCH_QUERIES } from '../../local/tpch-queries';
import { QueryFailedError, QueryResult, TrinoClient } from '../../local/trino-client';
import { Catalog, RetryPolicy, TrinoConfigurationOptions, TrinoRole } from '../../src/trino';

/** `s3://bucket/key` → `key` (Trino may report s3:// or s3a://). */
function keyOf(uri: string, bucket: string): string {
  return uri.replace(new RegExp(`^s3a?://${bucket}/`), '');
}

const hiveOverParquet: Case = {
  name: 'hive: Parquet in S3 through the metastore',
  plugins: ['hive'],
  matrix: true,
  async run(stack) {
    const trino = stack.trino;
    const bucket = stack.plan.warehouseBucket;
    const location = `${stack.plan.warehouseLocation}/e2e_hive`;
    await trino.query(`CREATE SCHEMA hive.e2e_hive WITH (location = '${location}')`);

    const source = await trino.query('SELECT count(*), sum(orderkey), sum(custkey), count(DISTINCT orderstatus) FROM tpch.tiny.orders');
    const created = await trino.query("CREATE TABLE hive.e2e_hive.orders WITH (format = 'PARQUET') AS SELECT * FROM tpch.tiny.orders");
    expectEqual('rows written by CTAS', created.updateCount, source.rows[0][0]);

    const copy = await trino.query('SELECT count(*), sum(orderkey), sum(custkey), count(DISTINCT orderstatus) FROM hive.e2e_hive.orders');
    expectEqual('count and checksums read back from Parquet', copy.rows[0], source.rows[0]);

    // The table is where the schema was created, and its files are Parquet objects in the bucket.
    const show = await trino.query('SHOW CREATE TABLE hive.e2e_hive.orders');
    const tableLocation = /external_location = '([^']+)'|location = '([^']+)'/.exec(String(show.rows[0][0]));
    const paths = (await trino.query('SELECT DISTINCT "$path" FROM hive.e2e_hive.orders')).rows.map((row) => String(row[0]));
    expectTrue('the table has data files', paths.length > 0);
    const keys = new Set(enforcedStorage.listKeys(stack, bucket, 'warehouse/'));
    for (const file of paths) {
      expectTrue(`data file ${file} is an object in s3://${bucket}`, keys.has(keyOf(file, bucket)));
      expectTrue(`data file ${file} is under the schema location ${location}`, keyOf(file, bucket).startsWith(`${keyOf(location, bucket)}/`),
        `SHOW CREATE TABLE: ${tableLocation?.[1] ?? tableLocation?.[2] ?? String(show.rows[0][0])}`);
    }
    const parquet = await trino.query('SELECT count(*) FROM hive.e2e_hive.orders WHERE "$file_size" > 0');
    expectEqual('rows in non-empty files', parquet.rows[0][0], source.rows[0][0]);

    // The table is Trino's (a managed table): it can be written again.
    const inserted = await trino.query('INSERT INTO hive.e2e_hive.orders SELECT * FROM tpch.tiny.orders WHERE orderkey <= 100');
    const insertedExpected = await trino.query('SELECT count(*) FROM tpch.tiny.orders WHERE orderkey <= 100');
    expectEqual('rows inserted', inserted.updateCount, insertedExpected.rows[0][0]);
    const after = await trino.query('SELECT count(*) FROM hive.e2e_hive.orders');
    expectEqual('rows after the insert', after.rows[0][0], Number(source.rows[0][0]) + Number(insertedExpected.rows[0][0]));
  },
};

const iceberg: Case = {
  name: 'iceberg: create, insert, update, delete, select, snapshots',
  plugins: ['iceberg'],
  matrix: true,
  async run(stack) {
    const trino = stack.trino;
    await trino.query(`CREATE SCHEMA iceberg.e2e_iceberg WITH (location = '${stack.plan.warehouseLocation}/e2e_iceberg')`);
    await trino.query('CREATE TABLE iceberg.e2e_iceberg.nations (nationkey bigint, name varchar, regionkey bigint)');
    const inserted = await trino.query('INSERT INTO iceberg.e2e_iceberg.nations SELECT nationkey, name, regionkey FROM tpch.tiny.nation');
    const nations = Number((await trino.query('SELECT count(*) FROM tpch.tiny.nation')).rows[0][0]);
    expectEqual('rows inserted', inserted.updateCount, nations);
    // The snapshot the insert made (CREATE TABLE made an empty one before it), as text: snapshot ids
    // are 64-bit, more than a JavaScript number holds exactly.
    const afterInsert = (await trino.query(
      'SELECT CAST(snapshot_id AS varchar) FROM iceberg.e2e_iceberg."nations$snapshots" ORDER BY committed_at DESC LIMIT 1')).rows[0][0];

    await trino.query('UPDATE iceberg.e2e_iceberg.nations SET name = lower(name) WHERE regionkey = 1');
    const deleted = await trino.query('DELETE FROM iceberg.e2e_iceberg.nations WHERE regionkey = 0');
    const region0 = Number((await trino.query('SELECT count(*) FROM tpch.tiny.nation WHERE regionkey = 0')).rows[0][0]);
    expectEqual('rows deleted', deleted.updateCount, region0);

    const now = await trino.query('SELECT count(*), count_if(name = lower(name)) FROM iceberg.e2e_iceberg.nations');
    const region1 = Number((await trino.query('SELECT count(*) FROM tpch.tiny.nation WHERE regionkey = 1')).rows[0][0]);
    expectEqual('rows and updated rows now', now.rows[0], [nations - region0, region1]);

    const snapshots = await trino.query('SELECT count(*) FROM iceberg.e2e_iceberg."nations$snapshots"');
    expectTrue('a snapshot per insert, update and delete', Number(snapshots.rows[0][0]) >= 3, `${snapshots.rows[0][0]} snapshots`);
    const past = await trino.query(`SELECT count(*), count_if(name = lower(name)) FROM iceberg.e2e_iceberg.nations FOR VERSION AS OF ${afterInsert}`);
    expectEqual('the snapshot of the insert, read by time travel', past.rows[0], [nations, 0]);
  },
};

/** The TPC-H scale factor schema of the generator the 22 queries run on (LOCAL_E2E_TPCH_SCHEMA, e.g. sf1). */
const TPCH_SCHEMA = process.env.LOCAL_E2E_TPCH_SCHEMA ?? 'tiny';

const tpch: Case = {
  name: `tpch: the 22 queries on tpch.${TPCH_SCHEMA}`,
  plugins: ['tpch'],
  matrix: true,
  run: (stack) => tpch.runOnTrino!(stack.trino),
  async runOnTrino(client) {
    const trino = client.withSession({ catalog: 'tpch', schema: TPCH_SCHEMA });
    const failures: string[] = [];
    const times: string[] = [];
    for (const [name, sql] of Object.entries(TPCH_QUERIES)) {
      const started = Date.now();
      try {
        const result = await trino.query(sql);
        times.push(`${name} ${((Date.now() - started) / 1000).toFixed(1)}s/${result.rows.length} rows`);
        // Q1 groups by (returnflag, linestatus): A-F, N-F, N-O, R-F at every scale factor.
        if (name === 'q01' && result.rows.length !== 4) failures.push(`q01 returned ${result.rows.length} groups, not 4`);
      } catch (error) {
        failures.push(`${name}: ${messageOf(error)}`);
      }
    }
    process.stdout.write(`    ${times.join(', ')}\n`);
    expectEqual('queries that failed', failures, []);
    expectEqual('queries run', Object.keys(TPCH_QUERIES).length, 22);
  },
};


/** A query started in the background, its id found by a marker in its text. */
interface BackgroundQuery {
  readonly id: string;
  readonly result: Promise<QueryResult>;
}

async function startQuery(trino: TrinoClient, sql: string, marker: string): Promise<BackgroundQuery> {
  const result = trino.query(sql);
  result.catch(() => undefined); // awaited by the caller; no unhandled rejection meanwhile
  let id: string | undefined;
  for (let attempt = 0; attempt < 240 && id === undefined; attempt++) {
    const found = await trino.query(`SELECT query_id FROM system.runtime.queries WHERE query LIKE '%${marker}%' AND query NOT LIKE '%system.runtime.queries%'`);
    id = found.rows[0]?.[0] as string | undefined;
    if (id === undefined) await sleep(250);
  }
  if (id === undefined) throw new AssertionError(`the query marked ${marker} never appeared in system.runtime.queries`);
  return { id, result };
}

/** Waits until a node runs a task of the query; false when the query ended first. */
async function waitForRunningTask(trino: TrinoClient, queryId: string, node: string, timeoutMs = 120_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const tasks = await trino.query(`SELECT count(*) FROM system.runtime.tasks WHERE query_id = '${queryId}' AND node_id = '${node}' AND state = 'RUNNING'`);
    if (Number(tasks.rows[0][0]) > 0) return true;
    const state = await trino.query(`SELECT state FROM system.runtime.queries WHERE query_id = '${queryId}'`);
    if (['FINISHED', 'FAILED'].includes(String(state.rows[0]?.[0]))) return false;
    await sleep(200);
  }
  return false;
}

const SHUTDOWN_WORKER = 'worker-2';

/** Long enough to be running on both workers when the shutdown request comes, short enough for longestTask. */
const LONG_QUERY_TABLE = `tpch.${process.env.LOCAL_E2E_LONG_QUERY_SCHEMA ?? 'sf1'}.lineitem`;

const metastoreRestart: Case = {
  name: 'metastore restart: queries after a restart mid-workload succeed',
  plugins: ['hive'],
  async run(stack) {
    const trino = stack.trino;
    await trino.query(`CREATE SCHEMA hive.e2e_restart WITH (location = '${stack.plan.warehouseLocation}/e2e_restart')`);
    await trino.query("CREATE TABLE hive.e2e_restart.nations WITH (format = 'PARQUET') AS SELECT * FROM tpch.tiny.nation");
    const nations = Number((await trino.query('SELECT count(*) FROM tpch.tiny.nation')).rows[0][0]);

    // The workload: metastore-bound queries one after another, until the restart is over.
    let running = true;
    let during = 0;
    let failedDuring = 0;
    const workload = (async () => {
      while (running) {
        try {
          await trino.query('SELECT count(*) FROM hive.e2e_restart.nations');
          during++;
        } catch {
          failedDuring++;
        }
      }
    })();
    await sleep(1000);
    const before = stack.processes.all.find((p) => p.spec.name === 'metastore')!;
    const restartStarted = Date.now();
    await stack.restartMetastore();
    const after = stack.processes.all.find((p) => p.spec.name === 'metastore')!;
    running = false;
    await workload;
    expectTrue('the old metastore process ended', !before.running);
    expectTrue('a new metastore process runs', after !== before && after.running && after.pid !== before.pid);
    process.stdout.write(`    metastore restarted in ${((Date.now() - restartStarted) / 1000).toFixed(1)}s; during it ${during} queries succeeded, ` +
      `${failedDuring} failed (not asserted: the metastore was down)\n`);

    // After the restart: read, write a new table, change it, read it back, all through the metastore.
    const read = await trino.query('SELECT count(*) FROM hive.e2e_restart.nations');
    expectEqual('rows read after the restart', read.rows[0][0], nations);
    const created = await trino.query("CREATE TABLE hive.e2e_restart.regions WITH (format = 'PARQUET') AS SELECT * FROM tpch.tiny.region");
    const regions = Number((await trino.query('SELECT count(*) FROM tpch.tiny.region')).rows[0][0]);
    expectEqual('rows written by CTAS after the restart', created.updateCount, regions);
    await trino.query('INSERT INTO hive.e2e_restart.nations SELECT * FROM tpch.tiny.nation WHERE regionkey = 0');
    const region0 = Number((await trino.query('SELECT count(*) FROM tpch.tiny.nation WHERE regionkey = 0')).rows[0][0]);
    const afterInsert = await trino.query('SELECT count(*) FROM hive.e2e_restart.nations');
    expectEqual('rows after an insert after the restart', afterInsert.rows[0][0], nations + region0);
    const tables = (await trino.query('SHOW TABLES FROM hive.e2e_restart')).rows.map((row) => row[0]).sort();
    expectEqual('tables the restarted metastore lists', tables, ['nations', 'regions']);
  },
};

const gracefulShutdown: Case = {
  name: `graceful shutdown: the rendered preStop command drains ${SHUTDOWN_WORKER} during a query on ${LONG_QUERY_TABLE}`,
  async run(stack) {
    const trino = stack.trino;
    const node = stack.plan.nodes.find((n) => n.name === SHUTDOWN_WORKER)!;
    const budget = node.configuration.gracefulShutdown;
    expectTrue('the quickstart renders graceful shutdown', budget !== undefined);
    const worker = stack.trinoProcess(SHUTDOWN_WORKER)!;

    // The chart's preStop command as the library renders it. In the pod Trino is PID 1, which the command's
    // `tail --pid=1` waits for; here the worker's JVM has its own PID, so only that number is changed.
    const [shell, flag, script] = budget!.preStopCommand;
    expectEqual('the rendered preStop command waits for PID 1 once', script.split('--pid=1 ').length, 2);
    expectTrue('the rendered preStop command targets the worker\'s port', script.includes(`http://localhost:${node.httpPort}/v1/info/state`), script);
    const localScript = script.replace('--pid=1 ', `--pid=${worker.pid} `);

    const expectedRows = await generatorRowCount(trino, LONG_QUERY_TABLE);
    const marker = `graceful_${Date.now()}`;
    const query = await startQuery(trino,
      `SELECT '${marker}', count(*), count(DISTINCT orderkey) > 0 FROM ${LONG_QUERY_TABLE} WHERE comment <> '${marker}'`, marker);
    const running = await waitForRunningTask(trino, query.id, SHUTDOWN_WORKER);
    expectTrue(`${SHUTDOWN_WORKER} runs a task of the query when the shutdown is requested`, running);

    const requested = Date.now();
    const preStop = spawn(shell, [flag, localScript], { stdio: ['ignore', 'pipe', 'pipe'] });
    let preStopOutput = '';
    preStop.stdout.on('data', (chunk) => { preStopOutput += String(chunk); });
    preStop.stderr.on('data', (chunk) => { preStopOutput += String(chunk); });
    const preStopExit = new Promise<number | null>((resolve) => preStop.on('exit', (code) => resolve(code)));

    // The coordinator sees the worker shutting down and stops scheduling on it.
    let sawShuttingDown = false;
    for (let i = 0; i < 40 && !sawShuttingDown && worker.running; i++) {
      const state = await trino.query(`SELECT state FROM system.runtime.nodes WHERE node_id = '${SHUTDOWN_WORKER}'`).catch(() => undefined);
      sawShuttingDown = state?.rows[0]?.[0] === 'shutting_down';
      if (!sawShuttingDown) await sleep(250);
    }

    const result = await query.result;
    const exitCode = await Promise.race([worker.exited, sleep((budget!.terminationGracePeriodSeconds + 60) * 1000).then(() => 'still running')]);
    const drainSeconds = (Date.now() - requested) / 1000;
    const preStopCode = await Promise.race([preStopExit, sleep(5000).then(() => 'still running')]);
    process.stdout.write(`    ${SHUTDOWN_WORKER} drained and exited ${drainSeconds.toFixed(1)}s after the preStop command started; budget ` +
      `(terminationGracePeriodSeconds, GracefulShutdownBudget): ${budget!.terminationGracePeriodSeconds}s = 2 × ${budget!.gracePeriod.toSeconds()}s ` +
      `+ ${budget!.longestTask.toSeconds()}s + ${budget!.margin.toSeconds()}s\n`);

    expectEqual('rows counted by the query the worker drained under', result.rows[0].slice(1), [expectedRows, true]);
    expectTrue('the coordinator saw the worker shutting down', sawShuttingDown);
    expectEqual('the worker\'s exit code', exitCode, 0);
    expectEqual('the preStop command\'s exit code (curl accepted, then waited for Trino to exit)', preStopCode, 0);
    expectTrue('the worker waited both grace periods (it drained, it did not just die)',
      drainSeconds >= 2 * budget!.gracePeriod.toSeconds(), `${drainSeconds.toFixed(1)}s, preStop output: ${preStopOutput.trim()}`);
    expectTrue('the drain fits the budget GracefulShutdownBudget computed',
      drainSeconds <= budget!.terminationGracePeriodSeconds, `${drainSeconds.toFixed(1)}s > ${budget!.terminationGracePeriodSeconds}s`);
    const nodes = await trino.query("SELECT node_id FROM system.runtime.nodes WHERE coordinator = false AND state = 'active'");
    expectEqual('active workers after the shutdown', nodes.rows.map((row) => row[0]), ['worker-1']);
  },
};

/** The quickstart's options with one more Hive catalog, with a property the Hive connector does not have. */
function withBrokenCatalog(options: TrinoConfigurationOptions): TrinoConfigurationOptions {
  return {
    ...options,
    catalogs: [...(options.catalogs ?? []), Catalog.hive({
      name: 'broken',
      metastoreUri: options.catalogs![0].metastoreUri!,
      storageAccess: quickstartWarehouseAccess(),
      additionalProperties: { 'hive.no-such-property': 'true' },
    })],
  };
}

/** No process whose command line names the work directory is left. */
function processesLeftIn(workDir: string): string {
  try {
    return execFileSync('pgrep', ['-af', workDir]).toString().trim();
  } catch {
    return ''; // pgrep exits 1 when nothing matches
  }
}

const badConfiguration: OwnStackCase = {
  name: 'bad configuration: a wrong rendered property stops the start, reported with stage, reason and log',
  // The quickstart's catalogs, plus the broken one: a Hive catalog.
  plugins: ['hive', 'iceberg'],
  async run(toolchain, workDir) {
    const lines: string[] = [];
    let failure: unknown;
    try {
      const stack = await startStack({
        toolchain,
        workDir,
        stages: new StageRunner(5, (line) => lines.push(line)),
        customize: withBrokenCatalog,
      });
      await stopStack(stack);
    } catch (error) {
      failure = error;
    }
    expectTrue('the start fails', failure instanceof StageFailedError, failure === undefined ? 'it started' : messageOf(failure));
    const stageFailure = failure as StageFailedError;
    expectTrue('the failed stage is Trino\'s', stageFailure.stage.startsWith('trino '), stageFailure.stage);
    expectTrue('the reason names the property', stageFailure.reason.includes('hive.no-such-property'), stageFailure.reason);
    expectTrue('the log is named', /\/logs\/(coordinator|worker-\d)\.log$/.test(stageFailure.logFile ?? ''), String(stageFailure.logFile));
    const printed = lines.join('\n');
    expectTrue('the output says which stage failed, why, and where the log is',
      /\[5\/5\] trino .* FAILED after [\d.]+s: .*hive\.no-such-property/.test(printed) && printed.includes(`log: ${stageFailure.logFile}`), printed);
    expectEqual('processes left running after the failed start', processesLeftIn(workDir), '');
  },
};

/**
 * The version matrix's refused configuration: the same broken catalog beside the quickstart's, on the coordinator
 * alone (the refusal is Trino's at catalog loading; nothing else needs to run), which is cheaper than a whole stack.
 */
const badConfigurationAlone: OwnStackCase = {
  name: 'bad configuration (coordinator alone): a wrong rendered property stops Trino, which names it',
  plugins: ['hive', 'iceberg'],
  matrix: true,
  matrixOnly: true,
  async run(toolchain, workDir) {
    const lines: string[] = [];
    let failure: unknown;
    try {
      const cluster = await TrinoAlone.start({
        toolchain, workDir, workers: 0, catalogs: 'all', purpose: 'a broken catalog', print: (line) => lines.push(line), customize: withBrokenCatalog,
      });
      await stopStack(cluster);
    } catch (error) {
      failure = error;
    }
    expectTrue('the start fails', failure instanceof StageFailedError, failure === undefined ? 'it started' : messageOf(failure));
    const stageFailure = failure as StageFailedError;
    expectTrue('the reason names the property', stageFailure.reason.includes('hive.no-such-property'), stageFailure.reason);
    expectTrue('the log is the coordinator\'s', /\/logs\/coordinator\.log$/.test(stageFailure.logFile ?? ''), String(stageFailure.logFile));
    expectTrue('the output says why, and where the log is', /FAILED after [\d.]+s: .*hive\.no-such-property/.test(lines.join('\n')), lines.join('\n'));
    process.stdout.write(`    ${lines.join('\n    ')}\n`);
    expectEqual('processes left running after the failed start', processesLeftIn(workDir), '');
  },
};


/**
 * A deprecation fails the start as a refusal does: Trino (476 to 483) still reads `writer-min-size` but logs that
 * `writer-scaling-min-data-processed` replaced it, and the local stack (and TrinoAlone) stop on that warning, naming the
 * property, so a rendered property a release deprecates cannot pass unnoticed.
 */
const deprecatedConfiguration: OwnStackCase = {
  name: 'deprecated configuration: a property Trino logs as replaced stops the start, which names it',
  matrix: true,
  async run(toolchain, workDir) {
    const lines: string[] = [];
    let failure: unknown;
    try {
      const cluster = await TrinoAlone.start({
        toolchain,
        workDir,
        workers: 0,
        purpose: 'a deprecated property',
        print: (line) => lines.push(line),
        runtimeFiles: (node): Record<string, string> => (node.name === 'coordinator'
          ? { 'config.properties': `${node.files['config.properties']}writer-min-size=32MB\n` } : {}),
      });
      await stopStack(cluster);
    } catch (error) {
      failure = error;
    }
    expectTrue('the start fails', failure instanceof StageFailedError, failure === undefined ? 'it started' : messageOf(failure));
    const stageFailure = failure as StageFailedError;
    expectTrue('the deprecation check stopped it (Trino itself started), naming the property and its replacement',
      stageFailure.reason.includes('logged deprecated configuration') && stageFailure.reason.includes("'writer-min-size'")
      && stageFailure.reason.includes('writer-scaling-min-data-processed'), stageFailure.reason);
    expectTrue('the log is the coordinator\'s', /\/logs\/coordinator\.log$/.test(stageFailure.logFile ?? ''), String(stageFailure.logFile));
    process.stdout.write(`    ${lines.join('\n    ')}\n`);
    expectEqual('processes left running after the failed start', processesLeftIn(workDir), '');
  },
};

const EXCHANGE_BUCKET = 'trino-quickstart-exchange';

const faultTolerance: OwnStackCase = {
  name: 'fault tolerance: retry-policy TASK, exchange in S3, a worker SIGKILLed mid-query, the query succeeds',
  plugins: ['hive', 'iceberg', 'exchange-filesystem'],
  async run(toolchain, workDir) {
    const stack = await startStack({
      toolchain,
      workDir,
      stages: new StageRunner(5, (line) => process.stdout.write(`    ${line}\n`)),
      customize: (options) => ({ ...options, retryPolicy: RetryPolicy.TASK, exchange: { bucketName: EXCHANGE_BUCKET, prefix: 'exchange' } }),
    });
    try {
      const trino = stack.trino;
      const coordinatorFiles = stack.plan.nodes.find((n) => n.role === TrinoRole.COORDINATOR)!.files;
      expectTrue('the coordinator runs with retry-policy=TASK', coordinatorFiles['config.properties'].includes('retry-policy=TASK'));
      expectTrue('the exchange manager spools to the S3 emulator',
        (coordinatorFiles['exchange-manager.properties'] ?? '').includes(`exchange.base-directories=s3://${EXCHANGE_BUCKET}/exchange`));
      const expectedRows = await generatorRowCount(trino, LONG_QUERY_TABLE);
      const expectedOrders = await generatorRowCount(trino, LONG_QUERY_TABLE.replace('lineitem', 'orders'));
      // The query reads a Parquet copy in S3, as production queries do: the TPC-H generator's splits are bound
      // to the worker that generates them, so a dead worker's share of them can run nowhere else ("No nodes
      // available to run query"), whereas any worker can read an S3 split again.
      await trino.query(`CREATE SCHEMA hive.e2e_fte WITH (location = '${stack.plan.warehouseLocation}/e2e_fte')`);
      const copied = await trino.query(`CREATE TABLE hive.e2e_fte.lineitem WITH (format = 'PARQUET') AS SELECT orderkey, comment FROM ${LONG_QUERY_TABLE}`);
      expectEqual('rows copied to Parquet in S3 (written with retry-policy TASK)', copied.updateCount, expectedRows);
      const marker = `fte_${Date.now()}`;
      const query = await startQuery(trino,
        `SELECT '${marker}', count(*), count(DISTINCT orderkey) FROM hive.e2e_fte.lineitem WHERE comment <> '${marker}'`, marker);
      const victim = 'worker-2';
      expectTrue(`${victim} runs a task of the query`, await waitForRunningTask(trino, query.id, victim));
      const worker = stack.trinoProcess(victim)!;
      worker.signal('SIGKILL');
      const killedBy = await worker.exited.then(() => worker.exitSignal);
      const result = await query.result;
      expectEqual('the worker was killed by', killedBy, 'SIGKILL');
      expectEqual('rows and orders counted despite the lost worker', result.rows[0].slice(1), [expectedRows, expectedOrders]);
      const info = await queryInfo(stack, query.id);
      const lost = info.tasks.filter((t) => t.node === victim && t.state !== 'FINISHED');
      const retried = info.tasks.filter((t) => t.attempt > 0);
      process.stdout.write(`    ${victim} SIGKILLed; the query finished. Task attempts: ` +
        `${info.tasks.map((t) => `${t.taskId.slice(query.id.length + 1)}@${t.node}=${t.state}`).join(', ')}\n`);
      expectEqual('the query\'s retry policy', info.retryPolicy, 'TASK');
      expectTrue(`tasks were lost with ${victim}`, lost.length > 0, JSON.stringify(info.tasks));
      expectTrue('lost tasks were retried (attempt > 0) on the worker that was left and finished',
        retried.length > 0 && retried.every((t) => t.node !== victim && t.state === 'FINISHED'), JSON.stringify(info.tasks));
    } finally {
      await stopStack(stack);
    }
  },
};

const FORBIDDEN_BUCKET = 'trino-quickstart-elsewhere';
const FORBIDDEN_PREFIX = 'outside';

/**
 * The shared stack's S3 emulator enforces IAM: Trino signs with a key whose only policy is the one the library
 * synthesizes for Trino's pods, so every case on the shared stack runs under least privilege, and the least
 * privilege case probes what it refuses. The metastore (not under test) may do anything.
 */
class EnforcedStorage {
  private readonly policy = synthesizedWorkerPolicy();
  private keys?: { trino: { accessKey: string; secretKey: string }; metastore: { accessKey: string; secretKey: string } };

  constructor(private readonly toolchain: LocalToolchain) {}

  public describe(): string {
    return `synthesized policy: ${this.policy.statements.map((s) => s.Sid).join(', ')}; not evaluated by moto: `
      + `${this.policy.notEvaluated.join('; ') || 'nothing'}`;
  }

  /** LocalStackOptions.prepareObjectStorage: the buckets and objects the case probes, the users, then IAM on. */
  public readonly prepare = async (starting: LocalStack) => {
    this.keys = this.run({
      endpoint: starting.plan.s3Endpoint,
      region: LOCAL_REGION,
      buckets: [FORBIDDEN_BUCKET],
      objects: [
        { bucket: FORBIDDEN_BUCKET, key: 'data/part-0.csv', body: 'elsewhere\n' },
        { bucket: QUICKSTART_WAREHOUSE_BUCKET, key: `${FORBIDDEN_PREFIX}/data/part-0.csv`, body: 'outside\n' },
      ],
      users: [
        { name: 'trino', policy: { Version: '2012-10-17', Statement: this.policy.enforceable } },
        { name: 'metastore', policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] } },
      ],
    });
    return this.keys;
  };

  /** Each request signed with `keys` (Trino's by default): "ok" or the S3 error code. */
  public check(stack: LocalStack, requests: object[], keys = this.keys!.trino): string[] {
    return this.run({ endpoint: stack.plan.s3Endpoint, region: LOCAL_REGION, keys, check: requests });
  }

  /** The object keys under a prefix, listed with the metastore's key (the emulator refuses unsigned requests). */
  public listKeys(stack: LocalStack, bucket: string, prefix: string): string[] {
    const [keys] = this.run({ endpoint: stack.plan.s3Endpoint, region: LOCAL_REGION, keys: this.keys!.metastore, check: [{ op: 'keys', bucket, prefix }] });
    if (!Array.isArray(keys)) throw new AssertionError(`listing s3://${bucket}/${prefix}: ${keys}`);
    return keys;
  }

  private run(spec: object): any {
    const helper = path.join(repoRoot(), 'test', 'local', 'moto_iam.py');
    return JSON.parse(execFileSync(motoPython(this.toolchain), [helper], { input: JSON.stringify(spec) }).toString());
  }
}

let enforcedStorage: EnforcedStorage;

const leastPrivilege: Case = {
  name: 'least privilege: the S3 emulator enforces the workers\' synthesized IAM policy',
  plugins: ['hive', 'iceberg'],
  async run(stack) {
    process.stdout.write(`    ${enforcedStorage.describe()}\n`);
    const trino = stack.trino;
    const check = (requests: object[], keys?: { accessKey: string; secretKey: string }) => enforcedStorage.check(stack, requests, keys);
    // The emulator enforces IAM: an unknown key is refused, and the policy is applied to Trino's key.
    expectEqual('a request with a key moto does not know', check([{ op: 'list', bucket: QUICKSTART_WAREHOUSE_BUCKET }],
      { accessKey: 'AKIAUNKNOWN000000000', secretKey: 'unknown' }), ['InvalidAccessKeyId']);
    expectEqual('direct requests with Trino\'s key: read, write inside the warehouse prefix; outside it; another bucket',
      check([
        { op: 'put', bucket: QUICKSTART_WAREHOUSE_BUCKET, key: `${QUICKSTART_WAREHOUSE_PREFIX}/probe` },
        { op: 'get', bucket: QUICKSTART_WAREHOUSE_BUCKET, key: `${QUICKSTART_WAREHOUSE_PREFIX}/probe` },
        { op: 'get', bucket: QUICKSTART_WAREHOUSE_BUCKET, key: `${FORBIDDEN_PREFIX}/data/part-0.csv` },
        { op: 'put', bucket: QUICKSTART_WAREHOUSE_BUCKET, key: `${FORBIDDEN_PREFIX}/probe` },
        { op: 'list', bucket: FORBIDDEN_BUCKET },
        { op: 'get', bucket: FORBIDDEN_BUCKET, key: 'data/part-0.csv' },
      ]), ['ok', 'ok', 'AccessDenied', 'AccessDenied', 'AccessDenied', 'AccessDenied']);

    // Everything the catalogs need, under the policy: Hive and Iceberg write, read, change, drop.
    await trino.query(`CREATE SCHEMA hive.e2e_lp WITH (location = '${stack.plan.warehouseLocation}/e2e_lp')`);
    const created = await trino.query("CREATE TABLE hive.e2e_lp.orders WITH (format = 'PARQUET') AS SELECT * FROM tpch.tiny.orders");
    const orders = Number((await trino.query('SELECT count(*) FROM tpch.tiny.orders')).rows[0][0]);
    expectEqual('hive: rows written', created.updateCount, orders);
    expectEqual('hive: rows read back', (await trino.query('SELECT count(*) FROM hive.e2e_lp.orders')).rows[0][0], orders);
    await trino.query('INSERT INTO hive.e2e_lp.orders SELECT * FROM tpch.tiny.orders WHERE orderkey <= 100');
    await trino.query('DROP TABLE hive.e2e_lp.orders');
    await trino.query(`CREATE SCHEMA iceberg.e2e_lp_iceberg WITH (location = '${stack.plan.warehouseLocation}/e2e_lp_iceberg')`);
    await trino.query('CREATE TABLE iceberg.e2e_lp_iceberg.nations AS SELECT nationkey, name, regionkey FROM tpch.tiny.nation');
    await trino.query('DELETE FROM iceberg.e2e_lp_iceberg.nations WHERE regionkey = 0');
    await trino.query('UPDATE iceberg.e2e_lp_iceberg.nations SET name = lower(name)');
    const nations = Number((await trino.query('SELECT count(*) FROM tpch.tiny.nation WHERE regionkey <> 0')).rows[0][0]);
    expectEqual('iceberg: rows after delete and update', (await trino.query('SELECT count(*) FROM iceberg.e2e_lp_iceberg.nations')).rows[0][0], nations);
    await trino.query('ALTER TABLE iceberg.e2e_lp_iceberg.nations EXECUTE optimize');
    await trino.query('DROP TABLE iceberg.e2e_lp_iceberg.nations');

    // What the policy does not grant fails with access denied: the metastore (not under test) creates the
    // schemas and tables, Trino's own reads and writes are refused.
    const denied = async (what: string, sql: string) => {
      let failure: unknown;
      try {
        await trino.query(sql);
      } catch (error) {
        failure = error;
      }
      expectTrue(`${what} fails`, failure instanceof QueryFailedError, failure === undefined ? 'it succeeded' : messageOf(failure));
      expectTrue(`${what} fails with access denied`, /access ?denied|403/i.test(messageOf(failure)), messageOf(failure));
    };
    // Reads: an external table over objects the policy does not cover; the table may already fail to be
    // created (Trino lists its location first), else reading it must fail.
    const readDenied = async (what: string, table: string, location: string) => {
      let createFailure: unknown;
      try {
        await trino.query(`CREATE TABLE ${table} (line varchar) WITH (external_location = '${location}', format = 'TEXTFILE')`);
      } catch (error) {
        createFailure = error;
      }
      if (createFailure !== undefined) {
        expectTrue(`${what}: creating the table over it fails with access denied`, /access ?denied|403/i.test(messageOf(createFailure)),
          messageOf(createFailure));
      } else {
        await denied(what, `SELECT count(*) FROM ${table}`);
      }
    };
    await trino.query(`CREATE SCHEMA hive.e2e_lp_outside WITH (location = 's3://${QUICKSTART_WAREHOUSE_BUCKET}/${FORBIDDEN_PREFIX}/w')`);
    await denied(`writing s3://${QUICKSTART_WAREHOUSE_BUCKET}/${FORBIDDEN_PREFIX}/ (same bucket, prefix not granted)`,
      'CREATE TABLE hive.e2e_lp_outside.t AS SELECT * FROM tpch.tiny.region');
    await readDenied(`reading s3://${QUICKSTART_WAREHOUSE_BUCKET}/${FORBIDDEN_PREFIX}/data/ (same bucket, prefix not granted)`,
      'hive.e2e_lp_outside.outside_data', `s3://${QUICKSTART_WAREHOUSE_BUCKET}/${FORBIDDEN_PREFIX}/data`);
    // A bucket not granted at all: Trino already lists a schema's location there before creating it.
    await denied(`a schema in s3://${FORBIDDEN_BUCKET}/ (bucket not granted)`,
      `CREATE SCHEMA hive.e2e_lp_elsewhere WITH (location = 's3://${FORBIDDEN_BUCKET}/w')`);
    await readDenied(`reading s3://${FORBIDDEN_BUCKET}/data/ (bucket not granted)`, 'hive.e2e_lp.elsewhere_data', `s3://${FORBIDDEN_BUCKET}/data`);
  },
};

const LATENCY_MS = 300;

/**
 * The benchmark's S3 latency model (moto_server.py --first-byte-latency-ms): each request waits at least the
 * modelled time; a bad value is refused with its reason. Only a lower bound is checked: the wait is a sleep, so
 * a request can never be faster than it, whatever the machine's load.
 */
const s3LatencyModel: OwnStackCase = {
  name: `s3 latency model: the emulator delays each request by at least ${LATENCY_MS} ms and refuses a bad value (and a bad fault model)`,
  async run(toolchain, workDir) {
    const python = motoPython(toolchain);
    fs.mkdirSync(workDir, { recursive: true });
    const processes = new ProcessSet();
    try {
      const port = await choosePort(undefined, new Set());
      const moto = processes.start({
        name: 's3',
        command: python,
        args: s3EmulatorArguments(toolchain, port, LATENCY_MS),
        logFile: path.join(workDir, 's3.log'),
      });
      await waitUntil('the S3 emulator answering', () => portOpen(port), { timeoutMs: 60000, process: moto });
      const endpoint = `http://127.0.0.1:${port}`;
      const timed = async (url: string, init: RequestInit) => {
        const started = process.hrtime.bigint();
        const response = await fetch(url, init);
        const body = await response.text();
        return { status: response.status, body, ms: Number(process.hrtime.bigint() - started) / 1e6 };
      };
      expectEqual('creating a bucket', (await timed(`${endpoint}/latency`, { method: 'PUT' })).status, 200);
      expectEqual('writing an object', (await timed(`${endpoint}/latency/probe`, { method: 'PUT', body: 'probe' })).status, 200);
      // Listed rather than read: moto keeps an unsigned upload private, and the listing is a read all the same.
      const read = await timed(`${endpoint}/latency`, { method: 'GET' });
      expectTrue('listing the bucket shows the object', read.status === 200 && read.body.includes('<Key>probe</Key>'), `${read.status} ${read.body}`);
      expectTrue(`the listing waited at least ${LATENCY_MS} ms`, read.ms >= LATENCY_MS, `${read.ms.toFixed(1)} ms`);
      expectTrue('the log states the model', fs.readFileSync(path.join(workDir, 's3.log'), 'utf8').includes(`modelled first-byte latency: ${LATENCY_MS} ms`));
    } finally {
      await processes.stopAll();
    }
    let refusal = '';
    try {
      // The flag spelled out: s3EmulatorArguments never passes a negative value. The timeout turns a launcher that
      // accepted the value (and serves until stopped) into a failure, not a hang.
      execFileSync(python, [toolchain.motoLauncher, '--first-byte-latency-ms', '-5', '-H', '127.0.0.1', '-p', '0'],
        { stdio: ['ignore', 'pipe', 'pipe'], timeout: 30000 });
    } catch (error) {
      refusal = String((error as { stderr?: Buffer }).stderr ?? '');
    }
    expectTrue('a negative latency is refused with its reason', refusal.includes("--first-byte-latency-ms: '-5' is not a whole number of milliseconds"),
      refusal || 'it started');
    // The drills' fault model (--fault-rate, --faults) refuses bad values the same way, naming what is allowed.
    for (const [flags, reason] of [
      [['--fault-rate', '5%'], "--fault-rate: '5%' is not a share of requests from 0 to 1"],
      [['--fault-rate', '0.05', '--faults', 'slowdown,timeout'], "--faults: 'timeout' is not a fault kind; allowed: slowdown,internal,drop"],
      [['--faults', 'drop'], '--faults goes with --fault-rate'],
    ] as Array<[string[], string]>) {
      let refused = '';
      try {
        execFileSync(python, [toolchain.motoLauncher, ...flags, '-H', '127.0.0.1', '-p', '0'], { stdio: ['ignore', 'pipe', 'pipe'], timeout: 30000 });
      } catch (error) {
        refused = String((error as { stderr?: Buffer }).stderr ?? '');
      }
      expectTrue(`${flags.join(' ')} is refused with its reason`, refused.includes(reason), refused || 'it started');
    }
  },
};

/**
 * The SQL of examples/quickstart/README.md, read from the README and run unchanged: the statements a user pastes after
 * `cdk deploy` run on the local stack too, after the quickstart's own sample data statements (what its Job runs).
 */
const quickstartReadmeSql: Case = {
  name: 'quickstart README: its SQL, read from examples/quickstart/README.md, runs unchanged',
  plugins: ['hive', 'iceberg'],
  async run(stack) {
    const readme = fs.readFileSync(path.join(repoRoot(), 'examples', 'quickstart', 'README.md'), 'utf8');
    const block = /```sql\n([\s\S]*?)```/.exec(readme);
    expectTrue('examples/quickstart/README.md has a sql block', block !== null);
    const statements = block![1].split('\n').map((line) => line.replace(/--.*$/, '').trim()).join('\n')
      .split(';').map((sql) => sql.trim()).filter((sql) => sql.length > 0);
    expectTrue('the README gives at least four statements', statements.length >= 4, statements.join(' | '));
    await loadSampleData(stack);
    const results: QueryResult[] = [];
    for (const sql of statements) {
      try {
        results.push(await stack.trino.query(sql));
      } catch (error) {
        throw new AssertionError(`the README's statement failed: ${sql}: ${messageOf(error)}`);
      }
    }
    const catalogs = results[0].rows.map((row) => String(row[0]));
    for (const catalog of ['hive', 'iceberg', 'tpch', 'system']) {
      expectTrue(`SHOW CATALOGS lists ${catalog}, as the README says`, catalogs.includes(catalog), catalogs.join(', '));
    }
    const nations = await stack.trino.query('SELECT count(*) FROM tpch.tiny.nation');
    expectEqual('hive.samples.nation has the nations', results[1].rows.length, Number(nations.rows[0][0]));
    const orders = await stack.trino.query('SELECT count(*) FROM iceberg.iceberg_samples.orders');
    expectEqual('the orders per status add up to the Iceberg table\'s rows',
      results[2].rows.reduce((sum, row) => sum + Number(row[1]), 0), Number(orders.rows[0][0]));
    const customers = await stack.trino.query('SELECT count(*) FROM tpch.sf1.customer');
    expectEqual('the README\'s CREATE TABLE AS wrote every sf1 customer', results[3].updateCount, Number(customers.rows[0][0]));
  },
};

// Graceful shutdown last: it takes a worker away.
const CASES: Case[] = [hiveOverParquet, iceberg, tpch, quickstartReadmeSql, leastPrivilege, metastoreRestart, gracefulShutdown];
const OWN_STACK_CASES: OwnStackCase[] = [
  faultTolerance, badConfiguration, badConfigurationAlone, deprecatedConfiguration, s3LatencyModel, passwordSignIn, oauth2SignIn,
  workloadManagement, postgresqlCatalog,
];

/** The plugins the shared stack's Trino loads: the connectors of the quickstart's catalogs (and the folders' names). */
const STACK_PLUGINS = ['hive', 'iceberg', 'tpch'];

/**
 * The assembled server's plugins that a case needs and it lacks, each with the reason: scripts/trino-assemble.sh
 * (TRINO_ASSEMBLE_MISSING=skip) leaves out a plugin Maven Central serves no jars for, and lists it in `.missing`.
 */
function missingPlugins(toolchain: LocalToolchain, plugins: string[]): string[] {
  const listed = new Map<string, string>();
  try {
    for (const line of fs.readFileSync(path.join(toolchain.trinoHome, '.missing'), 'utf8').split('\n')) {
      const [plugin, artifact] = line.split('\t');
      if (plugin && artifact) listed.set(plugin, artifact);
    }
  } catch {
    // no .missing: nothing was left out
  }
  return plugins.filter((plugin) => !fs.existsSync(path.join(toolchain.trinoHome, 'plugin', plugin))).map((plugin) =>
    `plugin/${plugin} (${listed.has(plugin) ? `Maven Central does not serve ${listed.get(plugin)}` : 'not assembled'})`);
}


async function main(): Promise<number> {
  const root = repoRoot();
  const args = process.argv.slice(2);
  // --matrix-subset: the smaller set the version matrix runs on the releases besides the default (scripts/local-e2e.sh --matrix).
  const subset = args.includes('--matrix-subset');
  const selected = args.filter((arg) => arg !== '--matrix-subset');
  const chosen = (c: { name: string; matrix?: boolean; matrixOnly?: boolean }) => (subset ? c.matrix === true : c.matrixOnly !== true)
    && (selected.length === 0 || selected.some((s) => c.name.startsWith(s)));
  const print = (line: string) => process.stdout.write(`${line}\n`);
  const toolchain = toolchainFromEnvironment(root);
  const version = toolchain.trinoVersion?.version;
  // The work directories: the default release's as before; another release's beside them, so that each keeps its logs.
  const suffix = subset ? `-${version}` : '';
  const sharedDir = path.join(root, '.local', `local-e2e${suffix}`);
  const ownDir = path.join(root, '.local', `local-e2e-own${suffix}`);
  if (subset) {
    // The matrix checks what each release accepts and answers, not how fast: every JVM the stack starts (Trino's, the
    // metastore's) compiles with C1 only, through the java launcher's own variable, as TrinoAlone's always do. The
    // full suite keeps the JIT of the rendered files (its graceful shutdown and fault tolerance cases are timed).
    process.env.JDK_JAVA_OPTIONS = [process.env.JDK_JAVA_OPTIONS, ...FAST_START_JIT_OPTIONS].filter((option) => option).join(' ');
  }
  print(`local-e2e: Trino ${version}, ${subset ? `the matrix subset (JVMs: JDK_JAVA_OPTIONS=${process.env.JDK_JAVA_OPTIONS})` : 'the full suite'} `
    + `(server ${toolchain.trinoHome})`);
  const suiteStarted = Date.now();
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  /** The line that says how long Trino took to start, for the matrix summary. */
  let trinoStart: string | undefined;
  stopStacksOnSignal(print);
  enforcedStorage = new EnforcedStorage(toolchain);
  const record = async (name: string, run: () => Promise<void>) => {
    const started = Date.now();
    try {
      await run();
      passed++;
      print(`PASS ${name} (${((Date.now() - started) / 1000).toFixed(1)}s)`);
    } catch (error) {
      failed++;
      print(`FAIL ${name} (${((Date.now() - started) / 1000).toFixed(1)}s): ${messageOf(error)}`);
    }
  };
  const skip = (name: string, reason: string) => {
    skipped++;
    print(`SKIP ${name}: ${reason}`);
  };
  const runnable = <C extends { name: string; plugins?: string[] }>(list: C[]): C[] => list.filter((c) => {
    const missing = missingPlugins(toolchain, c.plugins ?? []);
    if (missing.length > 0) skip(c.name, `Trino ${version} has no ${missing.join(', ')}`);
    return missing.length === 0;
  });
  const cases = runnable(CASES.filter(chosen));
  const ownStackCases = runnable(OWN_STACK_CASES.filter(chosen));
  const stageLine = (line: string) => {
    if (/^\[\d+\/\d+\] trino .* ready in /.test(line) || /^trino .* ready in /.test(line.trim())) trinoStart ??= line.trim();
    print(line);
  };

  const stackMissing = missingPlugins(toolchain, STACK_PLUGINS);
  if (cases.length > 0 && stackMissing.length === 0) {
    let stack: LocalStack | undefined;
    try {
      stack = await startStack({
        toolchain,
        workDir: sharedDir,
        stages: new StageRunner(5, stageLine),
        prepareObjectStorage: enforcedStorage.prepare,
      });
      for (const testCase of cases) {
        await record(testCase.name, () => testCase.run(stack!));
      }
    } catch (error) {
      failed++;
      print(`FAIL the stack did not start: ${messageOf(error)}`);
    } finally {
      if (stack) await stopStack(stack);
    }
  } else if (cases.length > 0) {
    // The stack's catalogs need plugins this release lacks: the cases that need only Trino run on Trino alone, with
    // the catalogs that need no storage (TPC-H); the others are skipped, saying why.
    const alone = cases.filter((c) => c.runOnTrino !== undefined);
    for (const c of cases.filter((other) => other.runOnTrino === undefined)) {
      skip(c.name, `it needs the whole stack, whose catalogs need ${stackMissing.join(', ')}`);
    }
    if (alone.length > 0) {
      print(`the stack's catalogs need ${stackMissing.join(', ')}: ${alone.map((c) => c.name.split(':')[0]).join(', ')} on Trino alone`);
      let cluster: TrinoAlone | undefined;
      try {
        cluster = await TrinoAlone.start({
          toolchain,
          workDir: sharedDir,
          workers: 1,
          purpose: 'no storage',
          print: stageLine,
          ready: async (started) => Number((await started.trino.query(
            "SELECT count(*) FROM system.runtime.nodes WHERE coordinator = false AND state = 'active'")).rows[0][0]) >= 1,
        });
        for (const testCase of alone) {
          await record(testCase.name, () => testCase.runOnTrino!(cluster!.trino));
        }
      } catch (error) {
        failed++;
        print(`FAIL Trino alone did not start: ${messageOf(error)}`);
      } finally {
        if (cluster) await stopStack(cluster);
      }
    }
  }
  for (const testCase of ownStackCases) {
    // A work directory per case, so that each case's logs are still there after the suite.
    const workDir = path.join(ownDir, testCase.name.split(':')[0].replace(/[^a-z0-9]+/gi, '-'));
    await record(testCase.name, () => testCase.run(toolchain, workDir));
  }
  const seconds = ((Date.now() - suiteStarted) / 1000).toFixed(1);
  print(`suite time: ${seconds}s (logs: ${path.join(sharedDir, 'logs')}, ${ownDir})`);
  print(`local-e2e: ${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`);
  // The test command's tally reads this report (TEST_REPORT: where to write it); scripts/local-e2e.sh --matrix the rest.
  if (process.env.TEST_REPORT) {
    fs.writeFileSync(process.env.TEST_REPORT, JSON.stringify({ passed, failed, skipped, version, seconds: Number(seconds), trinoStart }));
  }
  return failed === 0 && passed > 0 ? 0 : 1;
}

main().then((code) => process.exit(code), (error) => {
  process.stderr.write(`${messageOf(error)}\n`);
  process.exit(1);
});
