// End-to-end tests on the local stack (run by scripts/local-e2e.sh, not by Jest): one stack with the
// quickstart's rendered configuration, then each case against it, asserting real outcomes.
import { execFileSync } from 'child_process';
import * as path from 'path';
import { listObjects } from '../../src/local/demo';
import { LocalStack, LocalToolchain, toolchainFromEnvironment } from '../../src/local/local-stack';
import { quickstartWarehouseAccess } from '../../src/local/quickstart-settings';
import { StageFailedError, StageRunner, messageOf } from '../../src/local/stages';
import { TPCH_QUERIES } from '../../src/local/tpch-queries';
import { Catalog } from '../../src/trino';

interface Case {
  readonly name: string;
  run(stack: LocalStack): Promise<void>;
}

class AssertionError extends Error {}

function expectEqual(what: string, actual: unknown, expected: unknown): void {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new AssertionError(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
}

function expectTrue(what: string, condition: boolean, detail = ''): void {
  if (!condition) throw new AssertionError(`${what}${detail ? `: ${detail}` : ''}`);
}

/** `s3://bucket/key` → `key` (Trino may report s3:// or s3a://). */
function keyOf(uri: string, bucket: string): string {
  return uri.replace(new RegExp(`^s3a?://${bucket}/`), '');
}

const hiveOverParquet: Case = {
  name: 'hive: Parquet in S3 through the metastore',
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
    const keys = new Set(await listObjects(stack, 'warehouse/'));
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
  async run(stack) {
    const trino = stack.trino.withSession({ catalog: 'tpch', schema: TPCH_SCHEMA });
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

/** A case that starts a stack of its own (run after the shared stack has stopped). */
interface OwnStackCase {
  readonly name: string;
  run(toolchain: LocalToolchain, workDir: string): Promise<void>;
}

const badConfiguration: OwnStackCase = {
  name: 'bad configuration: a wrong rendered property stops the start, reported with stage, reason and log',
  async run(toolchain, workDir) {
    const lines: string[] = [];
    let failure: unknown;
    try {
      const stack = await LocalStack.start({
        toolchain,
        workDir,
        stages: new StageRunner(5, (line) => lines.push(line)),
        // One more Hive catalog with a property the Hive connector does not have.
        customize: (options) => ({
          ...options,
          catalogs: [...(options.catalogs ?? []), Catalog.hive({
            name: 'broken',
            metastoreUri: options.catalogs![0].metastoreUri!,
            storageAccess: quickstartWarehouseAccess(),
            additionalProperties: { 'hive.no-such-property': 'true' },
          })],
        }),
      });
      await stack.stop();
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
    let leftOver = '';
    try {
      leftOver = execFileSync('pgrep', ['-af', workDir]).toString().trim();
    } catch {
      leftOver = ''; // pgrep exits 1 when nothing matches
    }
    expectEqual('processes left running after the failed start', leftOver, '');
  },
};

const CASES: Case[] = [hiveOverParquet, iceberg, tpch];
const OWN_STACK_CASES: OwnStackCase[] = [badConfiguration];

async function main(): Promise<number> {
  const repoRoot = process.env.LOCAL_STACK_ROOT ?? path.resolve(__dirname, '..', '..', '..', '..', '..');
  const selected = process.argv.slice(2);
  const chosen = (name: string) => selected.length === 0 || selected.some((s) => name.startsWith(s));
  const cases = CASES.filter((c) => chosen(c.name));
  const ownStackCases = OWN_STACK_CASES.filter((c) => chosen(c.name));
  const print = (line: string) => process.stdout.write(`${line}\n`);
  const suiteStarted = Date.now();
  let stack: LocalStack | undefined;
  let passed = 0;
  let failed = 0;
  const onSignal = () => {
    print('interrupted: stopping the stack');
    void (stack ? stack.stop() : Promise.resolve()).then(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const toolchain = toolchainFromEnvironment(repoRoot);
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
  if (cases.length > 0) {
    try {
      stack = await LocalStack.start({
        toolchain,
        workDir: path.join(repoRoot, '.local', 'local-e2e'),
        stages: new StageRunner(5, print),
      });
      for (const testCase of cases) {
        await record(testCase.name, () => testCase.run(stack!));
      }
    } catch (error) {
      failed++;
      print(`FAIL the stack did not start: ${messageOf(error)}`);
    } finally {
      await stack?.stop();
      stack = undefined;
    }
  }
  for (const testCase of ownStackCases) {
    await record(testCase.name, () => testCase.run(toolchain, path.join(repoRoot, '.local', 'local-e2e-own')));
  }
  print(`suite time: ${((Date.now() - suiteStarted) / 1000).toFixed(1)}s (logs: ${path.join(repoRoot, '.local', 'local-e2e', 'logs')})`);
  print(`local-e2e: ${passed} passed, ${failed} failed`);
  return failed === 0 && passed > 0 ? 0 : 1;
}

main().then((code) => process.exit(code), (error) => {
  process.stderr.write(`${messageOf(error)}\n`);
  process.exit(1);
});
