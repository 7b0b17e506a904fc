// The drills (run by scripts/local-drills.sh, not by Jest): the configuration the library renders, on the local stack's
// real engines, under load and faults. Each drill has a bounded duration and request count, asserts what must hold and
// reports its figures; the runner prints one table (drill, result, figures) and writes TEST_REPORT ({passed, failed}).
//   s3-errors      S3 answers 503 SlowDown, 500 InternalError or drops the connection on 1% then 5% of requests
//                  (--short: 5% only) during Hive and Iceberg writes and reads: every statement succeeds, results exact
//   s3-errors-fte  the same at 5% with retry-policy TASK and the exchange in S3: a join and a CTAS succeed
//   metastore-db   PostgreSQL (the metastore's database) stopped 30 s during a workload, then started: the metastore
//                  reconnects without a restart, queries succeed after, no table metadata lost
//   coordinator    the coordinator restarted during a workload: the workers re-register, the first query succeeds
//   spill-full-disk  the workers' spill path on a small filesystem filled beyond Trino's threshold: a query that must
//                  spill fails with OUT_OF_SPILL_SPACE, the workers stay up
//   soak           16 clients for DRILLS_SOAK_SECONDS (600): short queries, memory-heavy TPC-H on a Parquet copy in S3,
//                  inserts into Hive and Iceberg; every acknowledged row readable at the end
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Bounds, Tally, errorName, firstSuccess, runClients, seconds } from './workload';
import { SPILL_QUERY, SPILL_SESSION, smallWorkers } from '../../local/benchmark';
import { LocalStack, LocalToolchain, toolchainFromEnvironment } from '../../local/local-stack';
import { METASTORE_DB_NAME } from '../../local/local-stack-plan';
import { StageRunner, messageOf, sleep, waitUntil } from '../../local/stages';
import { TPCH_QUERIES } from '../../local/tpch-queries';
import { QueryFailedError, TrinoClient } from '../../local/trino-client';
import { RetryPolicy, TrinoConfigurationOptions, TrinoRole } from '../../src/trino';
import {
  AssertionError, expectEqual, expectTrue, generatorRowCount, interruption, queryInfo, repoRoot, startStack, stopStack, stopStacksOnSignal,
} from '../local/e2e-support';

const SECOND = 1000;
const MINUTE = 60 * SECOND;

/** A drill that cannot run on this machine (it says why): a SKIP row, neither passed nor failed. */
class DrillSkipped extends Error {}

/** What a drill hands back: its figures, one line for the table. A failed assertion throws instead. */
type Figures = string;

/** The stack a drill runs on; drills of one kind share one stack, in the order of DRILLS. */
type StackKind = 'standard' | 'fte' | 'small-workers';

interface Drill {
  readonly id: string;
  readonly stack: StackKind;
  /** Part of --short (the test command's drills stage). */
  readonly short?: boolean;
  run(stack: LocalStack, options: DrillOptions): Promise<Figures>;
}

interface DrillOptions {
  readonly short: boolean;
  readonly soakSeconds: number;
  readonly soakClients: number;
  readonly soakSchema: string;
  readonly toolchain: LocalToolchain;
}

/** A value of a query's first row. */
async function scalar(trino: TrinoClient, sql: string): Promise<unknown> {
  return (await trino.query(sql)).rows[0][0];
}

/** Runs a statement that must succeed; its failure is an assertion failure naming it. */
async function must(trino: TrinoClient, sql: string) {
  try {
    return await trino.query(sql);
  } catch (error) {
    throw new AssertionError(`${sql.slice(0, 100)}: ${messageOf(error)}`);
  }
}

/** The faults injected between two readings of the emulator's counts, as `N of M requests (slowdown a, internal b, drop c)`. */
type FaultCounts = { requests: number; injected: Record<string, number> };

function describeFaults(before: FaultCounts, after: FaultCounts): string {
  const kinds = Object.keys(after.injected);
  const injected = kinds.reduce((sum, kind) => sum + after.injected[kind] - (before.injected[kind] ?? 0), 0);
  return `${injected} faults in ${after.requests - before.requests} S3 requests (${kinds.map((k) => `${k} ${after.injected[k] - (before.injected[k] ?? 0)}`).join(', ')})`;
}

function injectedBetween(before: { injected: Record<string, number> }, after: { injected: Record<string, number> }): number {
  return Object.keys(after.injected).reduce((sum, kind) => sum + after.injected[kind] - (before.injected[kind] ?? 0), 0);
}

// ---- (a) S3 errors ------------------------------------------------------------------------------------------------

/** Faults a rate must have injected before its rounds end (so that a pass is not a run that met no fault). */
const MIN_FAULTS = 10;
/** The most rounds a rate runs (each about 10 statements), and for how long at most. */
const MAX_ROUNDS = 20;
const MAX_RATE_MS = 4 * MINUTE;

const s3Errors: Drill = {
  id: 's3-errors',
  stack: 'standard',
  short: true,
  async run(stack, options) {
    const trino = stack.trino;
    const location = stack.plan.warehouseLocation;
    await must(trino, `CREATE SCHEMA IF NOT EXISTS hive.drill_s3 WITH (location = '${location}/drill_s3')`);
    await must(trino, `CREATE SCHEMA IF NOT EXISTS iceberg.drill_s3_iceberg WITH (location = '${location}/drill_s3_iceberg')`);
    const expected = (await must(trino, 'SELECT count(*), sum(orderkey), sum(custkey) FROM tpch.tiny.orders')).rows[0];
    const small = (await must(trino, 'SELECT count(*) FROM tpch.tiny.orders WHERE orderkey <= 3000')).rows[0][0];
    const rest = (await must(trino, 'SELECT count(*), sum(orderkey), sum(custkey) FROM tpch.tiny.orders WHERE orderkey > 3000')).rows[0];
    const figures: string[] = [];
    for (const rate of options.short ? [0.05] : [0.01, 0.05]) {
      const before = await stack.setS3Faults({ rate });
      const started = Date.now();
      let statements = 0;
      let rounds = 0;
      const run = async (sql: string) => {
        statements++;
        return must(trino, sql);
      };
      try {
        while (rounds < MAX_ROUNDS && Date.now() - started < MAX_RATE_MS) {
          const tag = `r${Math.round(rate * 100)}_${rounds}`;
          // Hive: a Parquet table written, appended to, read back exactly, dropped.
          await run(`CREATE TABLE hive.drill_s3.orders_${tag} WITH (format = 'PARQUET') AS SELECT * FROM tpch.tiny.orders`);
          await run(`INSERT INTO hive.drill_s3.orders_${tag} SELECT * FROM tpch.tiny.orders WHERE orderkey <= 3000`);
          const hive = (await run(`SELECT count(*), sum(orderkey) FILTER (WHERE orderkey > 3000), sum(custkey) FILTER (WHERE orderkey > 3000) FROM hive.drill_s3.orders_${tag}`)).rows[0];
          expectEqual(`hive rows and checksums at ${rate * 100}% faults`, hive, [Number(expected[0]) + Number(small), rest[1], rest[2]]);
          await run(`DROP TABLE hive.drill_s3.orders_${tag}`);
          // Iceberg: written, appended to, deleted from (a positional delete file), read back exactly, dropped.
          await run(`CREATE TABLE iceberg.drill_s3_iceberg.orders_${tag} AS SELECT * FROM tpch.tiny.orders`);
          await run(`INSERT INTO iceberg.drill_s3_iceberg.orders_${tag} SELECT * FROM tpch.tiny.orders WHERE orderkey <= 3000`);
          await run(`DELETE FROM iceberg.drill_s3_iceberg.orders_${tag} WHERE orderkey <= 3000`);
          const iceberg = (await run(`SELECT count(*), sum(orderkey), sum(custkey) FROM iceberg.drill_s3_iceberg.orders_${tag}`)).rows[0];
          expectEqual(`iceberg rows and checksums at ${rate * 100}% faults`, iceberg, rest);
          await run(`DROP TABLE iceberg.drill_s3_iceberg.orders_${tag}`);
          rounds++;
          if (injectedBetween(before, await stack.s3FaultCounts()) >= MIN_FAULTS) break;
        }
      } finally {
        await stack.setS3Faults({ rate: 0 });
      }
      const after = await stack.s3FaultCounts();
      expectTrue(`at least ${MIN_FAULTS} faults injected at ${rate * 100}%`, injectedBetween(before, after) >= MIN_FAULTS, describeFaults(before, after));
      figures.push(`${rate * 100}%: ${statements}/${statements} statements ok in ${seconds(Date.now() - started)}, ${describeFaults(before, after)}`);
    }
    return figures.join('; ');
  },
};

// ---- (a) S3 errors with fault-tolerant execution -----------------------------------------------------------------

const EXCHANGE_BUCKET = 'trino-quickstart-exchange';

function faultTolerant(options: TrinoConfigurationOptions): TrinoConfigurationOptions {
  return { ...options, retryPolicy: RetryPolicy.TASK, exchange: { bucketName: EXCHANGE_BUCKET, prefix: 'exchange' } };
}

const s3ErrorsFte: Drill = {
  id: 's3-errors-fte',
  stack: 'fte',
  async run(stack) {
    const trino = stack.trino;
    const rate = 0.05;
    await must(trino, `CREATE SCHEMA hive.drill_fte WITH (location = '${stack.plan.warehouseLocation}/drill_fte')`);
    const before = await stack.setS3Faults({ rate });
    const started = Date.now();
    let retried = 0;
    const lines: string[] = [];
    try {
      const rows = await generatorRowCount(trino, 'tpch.tiny.lineitem');
      const created = await must(trino, "CREATE TABLE hive.drill_fte.lineitem WITH (format = 'PARQUET') AS SELECT * FROM tpch.tiny.lineitem");
      expectEqual('rows written with retry-policy TASK', created.updateCount, rows);
      // A join over a partitioned exchange: every stage's output is spooled to the exchange bucket and read back.
      const joinSql = 'SELECT count(*), sum(o.custkey), sum(l.partkey) FROM hive.drill_fte.lineitem l JOIN tpch.tiny.orders o ON l.orderkey = o.orderkey';
      const expected = (await must(trino.withSession({ properties: { join_distribution_type: 'PARTITIONED' } }),
        'SELECT count(*), sum(o.custkey), sum(l.partkey) FROM tpch.tiny.lineitem l JOIN tpch.tiny.orders o ON l.orderkey = o.orderkey')).rows[0];
      let joins = 0;
      // Until the fault model has answered MIN_FAULTS requests with a fault, within bounds.
      while (joins < MAX_ROUNDS && Date.now() - started < MAX_RATE_MS && injectedBetween(before, await stack.s3FaultCounts()) < MIN_FAULTS) {
        const result = await must(trino.withSession({ properties: { join_distribution_type: 'PARTITIONED' } }), joinSql);
        joins++;
        expectEqual(`join ${joins} under faults`, result.rows[0], expected);
        const info = await queryInfo(stack, result.queryId);
        expectEqual('the query ran with retry policy', info.retryPolicy, 'TASK');
        retried += info.tasks.filter((t) => t.attempt > 0).length;
      }
      lines.push(`CTAS ${rows} rows + ${joins} partitioned joins ok`);
    } finally {
      await stack.setS3Faults({ rate: 0 });
    }
    const after = await stack.s3FaultCounts();
    const exchangeObjects = listCount(stack, EXCHANGE_BUCKET);
    expectTrue(`at least ${MIN_FAULTS} faults injected`, injectedBetween(before, after) >= MIN_FAULTS, describeFaults(before, after));
    return `5%: ${lines.join(', ')} in ${seconds(Date.now() - started)}, ${describeFaults(before, after)}; `
      + `task attempts retried by Trino: ${retried}; exchange bucket left with ${exchangeObjects} objects`;
  },
};

/** Objects in a bucket (the exchange's spool is removed when queries finish), through the emulator directly. */
function listCount(stack: LocalStack, bucket: string): string {
  try {
    const xml = execFileSync('curl', ['-s', `${stack.plan.s3Endpoint}/${bucket}?list-type=2`]).toString();
    return String((xml.match(/<Key>/g) ?? []).length);
  } catch (error) {
    return `unknown (${messageOf(error)})`;
  }
}

// ---- (b) the metastore's database stopped --------------------------------------------------------------------------

const DB_OUTAGE_MS = 30 * SECOND;

const metastoreDb: Drill = {
  id: 'metastore-db',
  stack: 'standard',
  short: true,
  async run(stack) {
    const trino = stack.trino;
    const location = stack.plan.warehouseLocation;
    await must(trino, `CREATE SCHEMA IF NOT EXISTS hive.drill_db WITH (location = '${location}/drill_db')`);
    await must(trino, "CREATE TABLE IF NOT EXISTS hive.drill_db.nation WITH (format = 'PARQUET') AS SELECT * FROM tpch.tiny.nation");
    await must(trino, "CREATE TABLE IF NOT EXISTS hive.drill_db.region WITH (format = 'ORC') AS SELECT * FROM tpch.tiny.region");
    await must(trino, `CREATE SCHEMA IF NOT EXISTS iceberg.drill_db_iceberg WITH (location = '${location}/drill_db_iceberg')`);
    await must(trino, 'CREATE TABLE IF NOT EXISTS iceberg.drill_db_iceberg.customer AS SELECT * FROM tpch.tiny.customer');
    const metadata = () => stack.postgres.sql(
      'SELECT d."NAME", t."TBL_NAME", t."TBL_TYPE", s."LOCATION", (SELECT count(*) FROM "COLUMNS_V2" c WHERE c."CD_ID" = s."CD_ID") '
      + 'FROM "TBLS" t JOIN "DBS" d ON t."DB_ID" = d."DB_ID" JOIN "SDS" s ON t."SD_ID" = s."SD_ID" ORDER BY 1, 2;', METASTORE_DB_NAME);
    const metadataBefore = metadata();
    const metastore = stack.processes.all.find((p) => p.spec.name === 'metastore')!;
    const metastorePid = metastore.pid;

    const tally = new Tally();
    let stopLoad = false;
    const bounds: Bounds = { deadline: Date.now() + 4 * MINUTE, maxRequests: 5000 };
    const statements = [
      { statementClass: 'hive read', sql: 'SELECT count(*) FROM hive.drill_db.nation' },
      { statementClass: 'iceberg read', sql: 'SELECT count(*) FROM iceberg.drill_db_iceberg.customer' },
      { statementClass: 'show tables', sql: 'SHOW TABLES FROM hive.drill_db' },
    ];
    const load = runClients(tally, 3, bounds, (client) => {
      const statement = statements[client % statements.length];
      return { statementClass: statement.statementClass, run: () => trino.query(statement.sql, MINUTE) };
    }, () => stopLoad, 200);
    await sleep(5 * SECOND);
    const stoppedAt = Date.now();
    await stack.postgres.stop();
    await sleep(DB_OUTAGE_MS);
    const startedAt = Date.now();
    await stack.postgres.start();
    const recoveredAt = await firstSuccess(trino, 'SELECT count(*) FROM hive.drill_db.region', 3 * MINUTE);
    // The workload goes on for 20 s after the first success: every query of the last 15 s must succeed.
    await sleep(20 * SECOND);
    stopLoad = true;
    await load;
    expectTrue('a query succeeded within 3 minutes of the database\'s start', recoveredAt !== undefined);
    const failures = tally.failed;
    const lastFailure = failures.length > 0 ? Math.max(...failures.map((o) => o.endedAt)) : undefined;
    const firstFailure = failures.length > 0 ? Math.min(...failures.map((o) => o.endedAt)) : undefined;
    const late = tally.outcomes.filter((o) => o.startedAt > recoveredAt! + 5 * SECOND);
    expectTrue('every query that started 5 s after the first success succeeded', late.length > 0 && late.every((o) => o.error === undefined),
      tally.errorSummary(late.filter((o) => o.error !== undefined)));
    expectEqual('the metastore was not restarted (same process, running)', [metastore.pid, metastore.running], [metastorePid, true]);
    // Writes go through the metastore's database again, and nothing written before is lost.
    await must(trino, 'CREATE TABLE hive.drill_db.after_outage AS SELECT * FROM tpch.tiny.region');
    await must(trino, 'INSERT INTO iceberg.drill_db_iceberg.customer SELECT * FROM tpch.tiny.customer WHERE custkey <= 10');
    await must(trino, 'DROP TABLE hive.drill_db.after_outage');
    expectEqual('table metadata in the metastore\'s database (tables, types, locations, columns) before and after', metadata(), metadataBefore);
    expectEqual('hive.drill_db.nation read after', await scalar(trino, 'SELECT count(*) FROM hive.drill_db.nation'), 25);
    const overlapping = tally.outcomes.filter((o) => o.endedAt >= stoppedAt && o.startedAt <= recoveredAt!);
    const longest = Math.max(0, ...overlapping.map((o) => o.endedAt - o.startedAt));
    const window = failures.length === 0 ? 'no query failed'
      : `failed queries ended between ${seconds(firstFailure! - stoppedAt)} after the stop and ${seconds(lastFailure! - startedAt)} after the start `
        + `(${failures.length} of ${tally.outcomes.length}: ${tally.errorSummary()})`;
    return `database down ${seconds(startedAt - stoppedAt)}; ${window}; queries waited up to ${seconds(longest)} meanwhile; first success ${seconds(recoveredAt! - startedAt)} after the start; `
      + `metastore not restarted; ${metadataBefore.split('\n').length} tables' metadata unchanged`;
  },
};

// ---- (c) the coordinator restarted ---------------------------------------------------------------------------------

async function activeWorkers(trino: TrinoClient): Promise<number> {
  try {
    return Number(await scalar(trino, "SELECT count(*) FROM system.runtime.nodes WHERE coordinator = false AND state = 'active'"));
  } catch {
    return 0;
  }
}

const coordinatorRestart: Drill = {
  id: 'coordinator',
  stack: 'standard',
  async run(stack) {
    const trino = stack.trino;
    await must(trino, `CREATE SCHEMA IF NOT EXISTS hive.drill_coordinator WITH (location = '${stack.plan.warehouseLocation}/drill_coordinator')`);
    await must(trino, "CREATE TABLE IF NOT EXISTS hive.drill_coordinator.orders WITH (format = 'PARQUET') AS SELECT * FROM tpch.tiny.orders");
    const tally = new Tally();
    let stopLoad = false;
    const load = runClients(tally, 4, { deadline: Date.now() + 5 * MINUTE, maxRequests: 5000 }, (client, i) => client % 2 === 0
      ? { statementClass: 'hive lookup', run: () => trino.query(`SELECT * FROM hive.drill_coordinator.orders WHERE orderkey = ${1 + ((client * 97 + i) % 1000) * 32}`, MINUTE) }
      : { statementClass: 'tpch aggregate', run: () => trino.query('SELECT orderstatus, count(*) FROM tpch.tiny.orders GROUP BY 1', MINUTE) },
    () => stopLoad, 100);
    await sleep(5 * SECOND);
    const stoppedAt = Date.now();
    const coordinator = await stack.restartTrinoNode('coordinator');
    const exitedAt = Date.now();
    await waitUntil('the coordinator started again', () => trino.isStarted(), { timeoutMs: 5 * MINUTE, process: coordinator, intervalMs: 250 });
    const servingAt = Date.now();
    await waitUntil('both workers active again', async () => (await activeWorkers(trino)) >= 2, { timeoutMs: 3 * MINUTE, process: coordinator, intervalMs: 250 });
    const workersAt = Date.now();
    const firstQueryAt = await firstSuccess(trino, 'SELECT count(*) FROM hive.drill_coordinator.orders', 2 * MINUTE);
    await sleep(15 * SECOND);
    stopLoad = true;
    await load;
    expectTrue('the first query after the restart succeeded', firstQueryAt !== undefined);
    const late = tally.outcomes.filter((o) => o.startedAt > firstQueryAt!);
    expectTrue('every query after the first success succeeded', late.length > 0 && late.every((o) => o.error === undefined),
      tally.errorSummary(late.filter((o) => o.error !== undefined)));
    const during = tally.failed;
    return `stop took ${seconds(exitedAt - stoppedAt)}; serving ${seconds(servingAt - stoppedAt)} after the stop, both workers re-registered at `
      + `${seconds(workersAt - stoppedAt)}, first query ok at ${seconds(firstQueryAt! - stoppedAt)}; clients saw ${during.length} failures of `
      + `${tally.outcomes.length} statements: ${tally.errorSummary()}`;
  },
};

// ---- (d) spill onto a full disk ------------------------------------------------------------------------------------

/** The spill filesystem: a tmpfs this small, filled to FILL of it, beyond Trino's spiller-max-used-space-threshold (0.9). */
const SPILL_FS_MIB = 64;
const SPILL_FILL = 0.95;

function spillPathOf(stack: LocalStack, worker: string): string {
  const config = stack.plan.nodes.find((n) => n.name === worker)!.files['config.properties'];
  const line = /^spiller-spill-path=(.*)$/m.exec(config);
  if (!line) throw new AssertionError(`${worker}'s config.properties has no spiller-spill-path: spill is off in the rendered configuration`);
  return line[1].split(',')[0].trim();
}

const spillFullDisk: Drill = {
  id: 'spill-full-disk',
  stack: 'small-workers',
  async run(stack) {
    if (process.getuid?.() !== 0) throw new DrillSkipped('needs root, to mount a small tmpfs on the spill path');
    const workers = stack.plan.nodes.filter((n) => n.role === TrinoRole.WORKER).map((n) => n.name);
    const mounted: string[] = [];
    try {
      for (const worker of workers) {
        const spillPath = spillPathOf(stack, worker);
        fs.mkdirSync(spillPath, { recursive: true });
        try {
          execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${SPILL_FS_MIB}m,mode=0755`, `drill-spill-${worker}`, spillPath], { stdio: ['ignore', 'pipe', 'pipe'] });
        } catch (error) {
          throw new DrillSkipped(`mounting a tmpfs on the spill path failed (${messageOf(error).split('\n')[0]})`);
        }
        mounted.push(spillPath);
        execFileSync('dd', ['if=/dev/zero', `of=${path.join(spillPath, 'filler')}`, 'bs=1M', `count=${Math.floor(SPILL_FS_MIB * SPILL_FILL)}`], { stdio: 'ignore' });
      }
      const df = execFileSync('df', ['-h', '--output=size,used,pcent', mounted[0]]).toString().trim().split('\n')[1].trim().replace(/\s+/g, ' ');
      const client = stack.trino.withSession({ properties: { ...SPILL_SESSION, spill_enabled: 'true' } });
      const started = Date.now();
      let failure: unknown;
      try {
        await client.query(SPILL_QUERY, 10 * MINUTE);
      } catch (error) {
        failure = error;
      }
      const took = Date.now() - started;
      expectTrue('the query that must spill failed', failure !== undefined, 'it succeeded: did it spill elsewhere?');
      expectEqual('its error', errorName(failure), 'OUT_OF_SPILL_SPACE');
      for (const worker of workers) {
        expectTrue(`${worker} is still running`, stack.trinoProcess(worker)!.running, stack.trinoProcess(worker)!.describeExit());
      }
      expectEqual('workers active after the failure', await activeWorkers(stack.trino), workers.length);
      expectEqual('a query after it', await scalar(stack.trino, 'SELECT count(*) FROM tpch.tiny.nation'), 25);
      return `spill paths on ${SPILL_FS_MIB} MiB tmpfs, ${df}: the join failed after ${seconds(took)} with `
        + `${(failure as QueryFailedError).errorName} ("${(failure as QueryFailedError).message.slice((failure as QueryFailedError).errorName.length + 2, 120)}"); `
        + `${workers.length} workers up and active, next query ok`;
    } finally {
      await stopStack(stack);
      for (const spillPath of mounted) execFileSync('umount', ['-l', spillPath]);
    }
  },
};

// ---- (e) soak -------------------------------------------------------------------------------------------------------

const HEAVY = ['q01', 'q09', 'q18', 'q21'];
/** The soak's insert tables' schemas: one each, since both catalogs share the metastore's databases. */
const WRITES = { hive: 'hive.drill_soak_writes', iceberg: 'iceberg.drill_soak_writes_iceberg' };

/** Heap of each Trino node (GET /v1/status: heapUsed, heapAvailable), as `name used/max`. */
async function heaps(stack: LocalStack): Promise<string> {
  const lines: string[] = [];
  for (const node of stack.plan.nodes) {
    try {
      const status = await (await fetch(`http://127.0.0.1:${node.httpPort}/v1/status`, { headers: { 'X-Trino-User': 'trino' } })).json() as
        { heapUsed: number; heapAvailable: number };
      lines.push(`${node.name} ${(status.heapUsed / 2 ** 30).toFixed(2)}/${(status.heapAvailable / 2 ** 30).toFixed(2)} GiB`);
    } catch (error) {
      lines.push(`${node.name} unknown (${messageOf(error)})`);
    }
  }
  return lines.join(', ');
}

const soak: Drill = {
  id: 'soak',
  stack: 'standard',
  async run(stack, options) {
    const trino = stack.trino;
    const location = stack.plan.warehouseLocation;
    const schema = `hive.drill_soak_${options.soakSchema}`;
    const prepStarted = Date.now();
    await must(trino, `CREATE SCHEMA IF NOT EXISTS ${schema} WITH (location = '${location}/drill_soak_${options.soakSchema}')`);
    for (const table of ['nation', 'region', 'supplier', 'customer', 'part', 'partsupp', 'orders', 'lineitem']) {
      await must(trino, `CREATE TABLE IF NOT EXISTS ${schema}.${table} WITH (format = 'PARQUET') AS SELECT * FROM tpch.${options.soakSchema}.${table}`);
    }
    await must(trino, `CREATE SCHEMA IF NOT EXISTS hive.drill_soak_writes WITH (location = '${location}/drill_soak_writes')`);
    await must(trino, `CREATE SCHEMA IF NOT EXISTS iceberg.drill_soak_writes_iceberg WITH (location = '${location}/drill_soak_writes_iceberg')`);
    await must(trino, 'DROP TABLE IF EXISTS hive.drill_soak_writes.events');
    await must(trino, 'DROP TABLE IF EXISTS iceberg.drill_soak_writes_iceberg.events');
    await must(trino, "CREATE TABLE hive.drill_soak_writes.events (client integer, seq integer, note varchar) WITH (format = 'PARQUET')");
    await must(trino, 'CREATE TABLE iceberg.drill_soak_writes_iceberg.events (client integer, seq integer, note varchar)');
    const maxOrderKey = Number(await scalar(trino, `SELECT max(orderkey) FROM ${schema}.orders`));
    const prepared = Date.now() - prepStarted;

    const data = trino.withSession({ catalog: 'hive', schema: `drill_soak_${options.soakSchema}` });
    const acknowledged = { hive: new Set<string>(), iceberg: new Set<string>() };
    const tally = new Tally();
    const clients = options.soakClients;
    const heavyClients = Math.max(1, Math.round(clients / 4));
    const writerClients = 2;
    const started = Date.now();
    await runClients(tally, clients, { deadline: started + options.soakSeconds * SECOND, maxRequests: 200_000 }, (client, i) => {
      if (client < heavyClients) {
        const name = HEAVY[(client + i) % HEAVY.length];
        return { statementClass: 'heavy (TPC-H q01/q09/q18/q21)', run: () => data.query(TPCH_QUERIES[name], 15 * MINUTE) };
      }
      if (client < heavyClients + writerClients) {
        const catalog = (client + i) % 2 === 0 ? 'hive' : 'iceberg';
        const key = `${client}:${i}`;
        return {
          statementClass: `insert (${catalog})`,
          run: async () => {
            await trino.query(`INSERT INTO ${WRITES[catalog]}.events VALUES (${client}, ${i}, 'soak')`, 5 * MINUTE);
            acknowledged[catalog].add(key);
          },
        };
      }
      const key = 1 + Math.floor(Math.random() * maxOrderKey);
      return i % 2 === 0
        ? { statementClass: 'short (point lookup)', run: () => data.query(`SELECT orderkey, totalprice, orderstatus FROM orders WHERE orderkey = ${key}`, 5 * MINUTE) }
        : { statementClass: 'short (small aggregate)', run: () => data.query(`SELECT n.name, count(*) FROM customer c JOIN nation n ON c.nationkey = n.nationkey WHERE c.custkey BETWEEN ${key % 100000} AND ${key % 100000 + 500} GROUP BY 1`, 5 * MINUTE) };
    }, () => interruption.signal.aborted);
    const ran = Date.now() - started;
    const heapAfter = await heaps(stack);
    // Every acknowledged insert is readable; a failed one may or may not have landed (the client cannot know).
    const missing: string[] = [];
    for (const catalog of ['hive', 'iceberg'] as const) {
      const rows = (await must(trino, `SELECT client, seq FROM ${WRITES[catalog]}.events`)).rows.map((r) => `${r[0]}:${r[1]}`);
      const present = new Set(rows);
      for (const key of acknowledged[catalog]) if (!present.has(key)) missing.push(`${catalog} ${key}`);
      expectEqual(`${catalog}: rows read back that were written twice`, rows.length - present.size, 0);
    }
    const workersUp = await activeWorkers(trino);
    const table = tally.byClass().map((c) => `${c.name}: ${c.completed} ok, ${c.failed} failed${c.failed > 0 ? ` (${c.errors})` : ''}, `
      + `p50 ${seconds(c.p50Ms)} p95 ${seconds(c.p95Ms)}`).join('; ');
    process.stdout.write(`    soak by class: ${table}\n    heap after: ${heapAfter}\n`);
    expectEqual('acknowledged inserts missing at the end', missing, []);
    expectEqual('workers active at the end', workersUp, 2);
    expectEqual('failed statements', tally.errorSummary(), 'none');
    return `${clients} clients (${heavyClients} heavy, ${writerClients} writers) for ${seconds(ran)} on a Parquet copy of tpch.${options.soakSchema} `
      + `(copied in ${seconds(prepared)}): ${tally.completed} completed, ${tally.failed.length} failed; ${table}; `
      + `${acknowledged.hive.size + acknowledged.iceberg.size} acknowledged inserts all readable; heap after: ${heapAfter}`;
  },
};

// ---- the runner -----------------------------------------------------------------------------------------------------

/** In the order they run: the standard stack's drills (the coordinator's restart and the soak last on it), then the others. */
const DRILLS: Drill[] = [s3Errors, metastoreDb, coordinatorRestart, soak, s3ErrorsFte, spillFullDisk];

const STACK_OPTIONS: Record<StackKind, (options: TrinoConfigurationOptions) => TrinoConfigurationOptions> = {
  'standard': (options) => options,
  'fte': faultTolerant,
  'small-workers': smallWorkers,
};

const USAGE = 'usage: local-drills [--short] [DRILL...]   drills: ' + DRILLS.map((d) => d.id).join(', ')
  + '; DRILLS_SOAK_SECONDS (600), DRILLS_SOAK_CLIENTS (16), DRILLS_SOAK_SCHEMA (sf1)';

interface Row {
  readonly drill: string;
  readonly result: 'PASS' | 'FAIL' | 'SKIP';
  readonly figures: string;
  readonly seconds: number;
}

function positive(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new Error(`${name}: '${raw}' is not a whole number above 0`);
  return Number(raw);
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const short = args.includes('--short');
  const names = args.filter((a) => a !== '--short');
  const unknown = names.filter((n) => !DRILLS.some((d) => d.id === n));
  if (unknown.length > 0 || args.includes('--help')) {
    process.stderr.write(`${unknown.length > 0 ? `no drill named ${unknown.join(', ')}\n` : ''}${USAGE}\n`);
    return 2;
  }
  const soakSchema = process.env.DRILLS_SOAK_SCHEMA ?? 'sf1';
  if (!/^(tiny|sf\d+(\.\d+)?)$/.test(soakSchema)) throw new Error(`DRILLS_SOAK_SCHEMA: '${soakSchema}' is not a TPC-H schema (tiny, sf1, …)`);
  const toolchain = toolchainFromEnvironment(repoRoot());
  const options: DrillOptions = {
    short,
    soakSeconds: positive('DRILLS_SOAK_SECONDS', 600),
    soakClients: positive('DRILLS_SOAK_CLIENTS', 16),
    soakSchema,
    toolchain,
  };
  const chosen = DRILLS.filter((d) => (names.length > 0 ? names.includes(d.id) : !short || d.short));
  const print = (line: string) => process.stdout.write(`${line}\n`);
  stopStacksOnSignal(print);
  print(`local-drills: Trino ${toolchain.trinoVersion?.version}, ${chosen.map((d) => d.id).join(', ')}${short ? ' (--short)' : ''}`);
  const rows: Row[] = [];
  const started = Date.now();
  for (const kind of ['standard', 'fte', 'small-workers'] as StackKind[]) {
    const drills = chosen.filter((d) => d.stack === kind);
    if (drills.length === 0) continue;
    let stack: LocalStack | undefined;
    try {
      stack = await startStack({
        toolchain,
        workDir: path.join(repoRoot(), '.local', `local-drills-${kind}`),
        stages: new StageRunner(5, (line) => print(`  ${line}`)),
        customize: STACK_OPTIONS[kind],
      });
      for (const drill of drills) {
        const drillStarted = Date.now();
        print(`--> ${drill.id}`);
        let row: Row;
        try {
          const figures = await drill.run(stack, options);
          row = { drill: drill.id, result: 'PASS', figures, seconds: (Date.now() - drillStarted) / 1000 };
        } catch (error) {
          row = { drill: drill.id, result: error instanceof DrillSkipped ? 'SKIP' : 'FAIL', figures: messageOf(error), seconds: (Date.now() - drillStarted) / 1000 };
        }
        rows.push(row);
        print(`${row.result} ${drill.id} (${row.seconds.toFixed(1)}s): ${row.figures}`);
      }
    } catch (error) {
      for (const drill of drills.filter((d) => !rows.some((r) => r.drill === d.id))) {
        rows.push({ drill: drill.id, result: 'FAIL', figures: `the ${kind} stack did not start: ${messageOf(error)}`, seconds: 0 });
      }
    } finally {
      if (stack) await stopStack(stack);
    }
  }
  const passed = rows.filter((r) => r.result === 'PASS').length;
  const failed = rows.filter((r) => r.result === 'FAIL').length;
  const skipped = rows.length - passed - failed;
  print('');
  print('| drill | result | time | figures |');
  print('|---|---|---|---|');
  for (const row of rows) print(`| ${row.drill} | ${row.result} | ${row.seconds.toFixed(0)}s | ${row.figures.replace(/\|/g, '\\|')} |`);
  print(`\nlocal-drills: ${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''} in ${((Date.now() - started) / 1000).toFixed(0)}s (Trino ${toolchain.trinoVersion?.version})`);
  if (process.env.TEST_REPORT) {
    fs.writeFileSync(process.env.TEST_REPORT, JSON.stringify({ passed, failed, skipped, version: toolchain.trinoVersion?.version, drills: rows }));
  }
  return failed === 0 && passed > 0 ? 0 : 1;
}

main().then((code) => process.exit(code), (error) => {
  process.stderr.write(`${messageOf(error)}\n`);
  process.exit(1);
});
