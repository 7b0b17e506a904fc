/**
 * Real-engine proof of the metastore image, without Docker (scripts/metastore-local-test.sh runs it): PostgreSQL
 * from Debian on 127.0.0.1, the jars the image uses (scripts/metastore-jars.sh), the image's own entrypoint, the
 * metastore-site.xml rendered by the library's renderer (src/metastore/metastore-site.ts), and Secrets Manager
 * served by moto on loopback; the engines are started by local/engines/, as the local stack starts them.
 * Checks: schema created on first start; left as it is on the second; two concurrent starts on an empty database
 * serialize and leave one valid schema; a real Thrift client (MetastoreThriftProbe.java) creates and reads a
 * database and a table; an unreachable database ends in a clear, bounded failure; Hive's own always-on task list
 * minus HiveProtoEventsCleanerTask (TaskDefaults.java); the AWS JDBC wrapper reads the password from Secrets
 * Manager (the configuration the construct renders on AWS, only the endpoint pointed at moto) and picks up a
 * rotated one without a restart; the bootstrap-iam-user mode creates the IAM database user idempotently, with the
 * master secret read from Secrets Manager, on a new database and on one whose schema the master created; a Hive
 * 3.1.0 schema is upgraded at start.
 * Not testable here: the IAM token itself (a local PostgreSQL cannot verify RDS tokens, so the IAM user is given
 * a password to stand in for it).
 *
 * Prints a PASS or FAIL line per check and the total; writes {"passed": N, "failed": N} to $TEST_REPORT when set.
 * Inputs (scripts/metastore-local-test.sh sets them; defaults as scripts/local-setup.sh lays things out):
 * METASTORE_TEST_ROOT (the checkout), LOCAL_STACK_METASTORE_HOME, LOCAL_STACK_METASTORE_JAVA_HOME (else JAVA_HOME,
 * else `java` on the PATH), LOCAL_STACK_MOTO_SERVER, LOCAL_STACK_POSTGRES_BIN.
 */
import { spawn } from 'child_process';
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { launchMetastore, metastoreJava, MetastoreOptions, runMetastoreEntrypoint, runSchemaTool, startMetastore } from '../../local/engines/metastore';
import { MotoServer, pythonBesideMotoServer, startMoto } from '../../local/engines/moto';
import { literal, newestPostgresBin, PostgresServer, startPostgres } from '../../local/engines/postgres';
import { ProcessSet } from '../../local/processes';
import { choosePort, lastLines, messageOf, StageFailedError } from '../../local/stages';
import { MetastoreDatabaseConnection, metastoreSiteProperties, renderHadoopConfiguration } from '../../src/metastore/metastore-site';

/** The checkout: compiled, this file is five levels below it (.local/local-stack-build/out/test/metastore-engine). */
const ROOT = process.env.METASTORE_TEST_ROOT ?? path.resolve(__dirname, '..', '..', '..', '..', '..');
const SOURCES = path.join(ROOT, 'test', 'metastore-engine');
/** The schema version Hive 4.0.x creates. */
const HIVE_SCHEMA = '4.0.0';
/** A metastore start takes 10 to 40 s on an idle 2-core machine, several times that when the machine is shared. */
const START_TIMEOUT_MS = 600_000;
/**
 * The JVM options of the suite's own short-lived Java tools (the Thrift client, TaskDefaults, the schematool runs
 * that check a schema): the client compiler only and the serial collector start faster and take about half the
 * CPU. The metastore and the entrypoint's own Java processes run as the image runs them.
 */
const TOOL_JVM = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'];
/** Any key works with moto; the JDBC wrapper's and boto3's default credential chains read these. */
const AWS_ENVIRONMENT = { AWS_ACCESS_KEY_ID: 'moto', AWS_SECRET_ACCESS_KEY: 'moto', AWS_REGION: 'us-east-1' };

function log(line: string): void {
  process.stdout.write(`[metastore-test] ${line}\n`);
}

/** The tally: one PASS or FAIL line per check. */
class Checks {
  public passed = 0;
  public failed = 0;

  /** Records a check; `detail` is printed with a failure (what was found instead). */
  public check(name: string, ok: boolean, detail?: string): boolean {
    if (ok) {
      this.passed++;
      log(`PASS ${name}`);
    } else {
      this.failed++;
      log(`FAIL ${name}${detail ? ` (${detail})` : ''}`);
    }
    return ok;
  }

  /** A check that the value is the expected one. */
  public equal(name: string, actual: string, expected: string): boolean {
    return this.check(name, actual === expected, `got "${actual}", expected "${expected}"`);
  }
}

/** What a short command printed and how it ended. */
interface Finished {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a short command to its end, capturing its output (a timeout kills it). */
function run(command: string, args: string[], options: { env?: Record<string, string>; timeoutMs?: number } = {}): Promise<Finished> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 300_000);
    const done = (code: number | null, error?: Error) => {
      clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(stdout).toString(), stderr: Buffer.concat(stderr).toString() + (error ? error.message : '') });
    };
    child.on('error', (error) => done(127, error));
    child.on('close', (code) => done(code));
  });
}

function randomPassword(): string {
  return randomBytes(18).toString('hex');
}

function read(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function count(text: string, needle: string): number {
  return text.split('\n').filter((line) => line.includes(needle)).length;
}

async function suite(checks: Checks, work: string, processes: ProcessSet, abort: AbortSignal, timings: string[]): Promise<void> {
  const metastoreHome = process.env.LOCAL_STACK_METASTORE_HOME ?? path.join(ROOT, '.local', 'hive-metastore');
  const javaHome = process.env.LOCAL_STACK_METASTORE_JAVA_HOME || undefined;
  const motoServer = process.env.LOCAL_STACK_MOTO_SERVER ?? path.join(ROOT, '.local', 'venv', 'bin', 'moto_server');
  const postgresBin = process.env.LOCAL_STACK_POSTGRES_BIN ?? newestPostgresBin();
  for (const [what, file] of [['metastore', path.join(metastoreHome, 'entrypoint.sh')], ['moto server', motoServer],
    ['PostgreSQL', path.join(postgresBin, 'postgres')]]) {
    if (!fs.existsSync(file)) throw new Error(`${what} not found at ${file}: run scripts/metastore-local-test.sh, which sets it up`);
  }
  const runtime = { home: metastoreHome, javaHome };
  const java = metastoreJava(runtime);
  const taken = new Set<number>();
  const freePort = () => choosePort(undefined, taken);
  const logFile = (name: string) => path.join(work, `${name}.log`);
  const seconds = (ms: number) => Math.round(ms / 1000);

  // moto starts (a Python import of a few seconds) while the rest of the set-up works; section 7 waits for it.
  const motoStarting = startMoto(processes, {
    python: pythonBesideMotoServer(motoServer),
    launcher: path.join(ROOT, 'local', 'moto_server.py'),
    port: await freePort(),
    logFile: logFile('moto'),
    abort,
  });
  motoStarting.catch(() => undefined); // awaited (and its failure reported) in section 7

  // The Java helpers, compiled once against the metastore's jars (javac of the same JDK).
  const classes = path.join(work, 'classes');
  const javac = java.includes('/') ? path.join(path.dirname(java), 'javac') : 'javac';
  const compiled = await run(javac, [...TOOL_JVM.map((option) => `-J${option}`), '--release', '17', '-nowarn', '-d', classes, '-cp', path.join(metastoreHome, 'lib', '*'),
    path.join(SOURCES, 'MetastoreThriftProbe.java'), path.join(SOURCES, 'TaskDefaults.java')]);
  if (compiled.code !== 0) throw new Error(`javac of test/metastore-engine/*.java failed: ${compiled.stderr.trim()}`);
  const clientClasspath = [classes, path.join(metastoreHome, 'conf'), path.join(metastoreHome, 'lib', '*')].join(':');
  const warehouse = `file://${work}/warehouse`;
  /** A real Thrift client creates and reads a database `name` and its table; true when it printed PASS and exited 0. */
  const thriftProbe = async (uri: string, name: string): Promise<boolean> => {
    const probe = await run(java, [...TOOL_JVM, '-cp', clientClasspath, 'MetastoreThriftProbe', uri, name, warehouse]);
    for (const line of probe.stdout.trim().split('\n').filter(Boolean)) log(`    | ${line}`);
    if (probe.code !== 0) for (const line of probe.stderr.trim().split('\n').slice(-10)) log(`    | ${line}`);
    return probe.code === 0;
  };

  // PostgreSQL, a cluster of its own (as the postgres system user when run as root).
  const postgresPort = await freePort();
  const hivePassword = randomPassword();
  const postgres: PostgresServer = await startPostgres(processes, {
    bin: postgresBin,
    dataDir: path.join(work, 'pgdata'),
    port: postgresPort,
    logFile: logFile('postgresql'),
    users: [{ name: 'hive', password: hivePassword }],
    databases: [{ name: 'metastore', owner: 'hive' }, { name: 'metastore_concurrent', owner: 'hive' }],
    abort,
  });
  const sql = (statements: string, database?: string) => postgres.sql(statements, database);
  log(`PostgreSQL ${postgres.version} on 127.0.0.1:${postgresPort}`);
  const schemaVersion = (database: string) => sql('SELECT string_agg("SCHEMA_VERSION", \',\') FROM "VERSION"', database);
  const tblsOid = (database: string) => sql('SELECT \'public."TBLS"\'::regclass::oid', database);

  /** metastore-site.xml from the library's renderer into work/NAME; `overrides` change the connection's defaults. */
  const renderConf = (name: string, databaseName: string, port: number, overrides: Partial<MetastoreDatabaseConnection> = {}): string => {
    const dir = path.join(work, name);
    fs.mkdirSync(dir, { recursive: true });
    const database: MetastoreDatabaseConnection = {
      host: '127.0.0.1', port, databaseName, username: 'hive', passwordEnvironmentVariable: 'METASTORE_DB_PASSWORD', tls: false, ...overrides,
    };
    fs.writeFileSync(path.join(dir, 'metastore-site.xml'),
      renderHadoopConfiguration(metastoreSiteProperties(database, { warehouseDir: warehouse, region: 'us-east-1' })));
    return dir;
  };
  const siteOf = (confDir: string) => read(path.join(confDir, 'metastore-site.xml'));
  const conf = renderConf('conf', 'metastore', postgresPort);
  const confConcurrent = renderConf('conf-concurrent', 'metastore_concurrent', postgresPort);
  const confUnreachable = renderConf('conf-unreachable', 'metastore', await freePort());
  checks.check('the rendered configuration holds no password', !siteOf(conf).includes(hivePassword));

  const hiveEnvironment = { METASTORE_DB_PASSWORD: hivePassword };
  const metastore = (confDir: string, port: number, name: string, env: Record<string, string>): MetastoreOptions =>
    ({ ...runtime, confDir, port, logFile: logFile(name), name, env, timeoutMs: START_TIMEOUT_MS, abort });
  const schemaTool = async (confDir: string, name: string, env: Record<string, string>, ...args: string[]) =>
    runSchemaTool(processes, { ...runtime, confDir, logFile: logFile(name), name, env, args, jvmOptions: TOOL_JVM });

  // 1. First start: the schema is created.
  let port = await freePort();
  let server = await startMetastore(processes, metastore(conf, port, 'first', hiveEnvironment));
  const firstSeconds = seconds(server.readyAfterMs!);
  log(`first start (schema creation included): Thrift open after ${firstSeconds}s`);
  timings.push(`${firstSeconds}s creating the schema`);
  checks.equal('first start creates the schema', schemaVersion('metastore'), HIVE_SCHEMA);
  const oidBefore = tblsOid('metastore');

  // 2. A real Thrift client creates and reads a database and a table.
  checks.check('a Thrift client creates and reads a database and a table', await thriftProbe(server.uri, 'probe'));
  await server.stop();

  // 3. Second start: the schema is left as it is (same tables, same version, same data).
  server = await startMetastore(processes, metastore(conf, port, 'second', hiveEnvironment));
  const secondSeconds = seconds(server.readyAfterMs!);
  log(`second start (schema present): Thrift open after ${secondSeconds}s`);
  timings.push(`${secondSeconds}s with the schema present`);
  checks.equal('second start leaves the schema as it is', tblsOid('metastore'), oidBefore);
  checks.equal('second start keeps one schema version', schemaVersion('metastore'), HIVE_SCHEMA);
  checks.equal('second start keeps the data', sql('SELECT count(*) FROM "DBS" WHERE "NAME" = \'probe\'', 'metastore'), '1');
  checks.check('second start did not re-create the schema', read(logFile('second')).includes('No schema upgrade required'));
  await server.stop();

  // 4. Two concurrent starts against an empty database. The light work of 5 and 6 (an entrypoint that mostly
  // sleeps between its attempts, two small JVMs) runs meanwhile; their checks come after.
  const a = launchMetastore(processes, metastore(confConcurrent, await freePort(), 'concurrent-a', hiveEnvironment));
  const b = launchMetastore(processes, metastore(confConcurrent, await freePort(), 'concurrent-b', hiveEnvironment));
  const unreachableRun = runMetastoreEntrypoint(processes, {
    ...runtime,
    confDir: confUnreachable,
    logFile: logFile('unreachable'),
    name: 'unreachable',
    env: { ...hiveEnvironment, METASTORE_DB_WAIT_ATTEMPTS: '3', METASTORE_DB_WAIT_SECONDS: '1' },
  });
  const taskClasspath = [classes, path.join(metastoreHome, 'lib', '*')].join(':');
  const renderedTasks = /<name>metastore\.task\.threads\.always<\/name>\s*<value>(.*?)<\/value>/.exec(siteOf(conf))?.[1] ?? '';
  const taskRuns = Promise.all([
    run(java, [...TOOL_JVM, '-cp', taskClasspath, 'TaskDefaults']),
    run(java, [...TOOL_JVM, '-cp', taskClasspath, 'TaskDefaults', renderedTasks]),
  ]);
  const [readyA, readyB] = await Promise.allSettled([a.waitReady(), b.waitReady()]);
  checks.check('concurrent start A reaches ready', readyA.status === 'fulfilled', readyA.status === 'rejected' ? messageOf(readyA.reason) : undefined);
  checks.check('concurrent start B reaches ready', readyB.status === 'fulfilled', readyB.status === 'rejected' ? messageOf(readyB.reason) : undefined);
  checks.equal('concurrent starts leave exactly one schema version row', schemaVersion('metastore_concurrent'), HIVE_SCHEMA);
  checks.equal('exactly one of the concurrent starts created the schema',
    String(count(read(logFile('concurrent-a')) + read(logFile('concurrent-b')), 'Initialization script completed')), '1');
  checks.check('the concurrently created schema validates',
    await schemaTool(confConcurrent, 'concurrent-validate', hiveEnvironment, '-validate') === 0, `see ${logFile('concurrent-validate')}`);
  await a.stop();
  await b.stop();

  // 5. An unreachable database: bounded retries, a clear message, a non-zero exit.
  const unreachableExit = await unreachableRun;
  checks.check(`an unreachable database fails the start (exit ${unreachableExit})`, unreachableExit !== 0);
  checks.check('after 3 attempts, with a clear message', read(logFile('unreachable')).includes('database still unreachable after 3 attempts'));

  // 6. The task list the renderer sets is Hive's own default without HiveProtoEventsCleanerTask.
  const [defaults, loaded] = await taskRuns;
  const hiveTasks = defaults.stdout.trim().split(',').filter((task) => task && !task.includes('HiveProtoEventsCleanerTask')).join(',');
  checks.equal("metastore.task.threads.always is Hive's default minus HiveProtoEventsCleanerTask", renderedTasks, hiveTasks);
  checks.check("every task of the rendered list loads from the image's jars", loaded.code === 0, loaded.stderr.trim().split('\n')[0]);
  checks.check("no HiveProtoEventsCleanerTask in the metastore's log", !read(logFile('first')).includes('HiveProtoEventsCleanerTask'));

  // 7. Secrets Manager on loopback (moto): the AWS JDBC wrapper reads the password at connection time.
  const moto: MotoServer = await motoStarting;
  const secrets = async (action: 'create' | 'rotate', name: string, username: string, password: string): Promise<string> => {
    const call = await run(pythonBesideMotoServer(motoServer), [path.join(SOURCES, 'secrets_manager.py'), String(moto.port), action, name, username, password],
      { env: AWS_ENVIRONMENT });
    if (call.code !== 0) throw new Error(`secrets_manager.py ${action} ${name}: ${call.stderr.trim().split('\n').slice(-1)[0]}`);
    return call.stdout.trim();
  };
  const hiveSecret = await secrets('create', 'metastore/hive', 'hive', hivePassword);
  /** The connection the construct renders on AWS, the endpoint on moto. */
  const secretsManagerConnection = (secretArn: string, username: string): Partial<MetastoreDatabaseConnection> => ({
    secretArn, secretRegion: 'us-east-1', secretsManagerEndpoint: moto.endpoint, username, passwordEnvironmentVariable: undefined,
  });
  const confSecret = renderConf('conf-secret', 'metastore', postgresPort, secretsManagerConnection(hiveSecret, 'hive'));
  const secretSite = siteOf(confSecret);
  checks.check('the Secrets Manager configuration names the awsSecretsManager plugin and holds no password',
    secretSite.includes(`wrapperPlugins=awsSecretsManager&amp;secretsManagerSecretId=${hiveSecret}`)
    && !/ConnectionPassword/i.test(secretSite) && !secretSite.toLowerCase().includes(hivePassword.toLowerCase()));
  const motoCalls = () => count(read(logFile('moto')), 'POST / HTTP');
  const callsBefore = motoCalls();
  // No password in the environment either: it can only come from the secret.
  port = await freePort();
  server = await startMetastore(processes, metastore(confSecret, port, 'secret', AWS_ENVIRONMENT));
  const secretSeconds = seconds(server.readyAfterMs!);
  log(`start with the password from Secrets Manager: Thrift open after ${secretSeconds}s`);
  checks.check('with the password read from Secrets Manager, a Thrift client creates and reads a database and a table',
    await thriftProbe(server.uri, 'probe_secret'));
  checks.check('the metastore called Secrets Manager', motoCalls() > callsBefore, `${motoCalls()} calls, ${callsBefore} before the start`);
  // Rotation, as Secrets Manager's single-user rotation does it: new password in the database and the secret;
  // then every open connection of hive is cut, so the running metastore must log in again.
  const rotatedPassword = randomPassword();
  sql(`ALTER USER hive PASSWORD ${literal(rotatedPassword)}`);
  await secrets('rotate', 'metastore/hive', 'hive', rotatedPassword);
  sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = 'hive'");
  checks.check('after a rotation, the running metastore logs in with the new password (no restart)', await thriftProbe(server.uri, 'probe_rotated'));
  checks.check('the metastore that read the secret is still the one running', server.process.running);
  await server.stop();
  sql(`ALTER USER hive PASSWORD ${literal(hivePassword)}`);

  // 8. IAM database authentication: bootstrap-iam-user, as on RDS. rds_iam exists and the master is not a
  // superuser, only CREATEROLE (RDS's master is rds_superuser, never a superuser).
  const masterPassword = randomPassword();
  sql(`CREATE ROLE rds_iam NOLOGIN;\nCREATE ROLE master LOGIN CREATEROLE PASSWORD ${literal(masterPassword)};`);
  sql('CREATE DATABASE metastore_iam OWNER master;\nCREATE DATABASE metastore_switch OWNER master;');
  const masterSecret = await secrets('create', 'metastore/master', 'master', masterPassword);
  const confBootstrap = renderConf('conf-bootstrap', 'metastore_iam', postgresPort, secretsManagerConnection(masterSecret, 'master'));
  const confBootstrapSwitch = renderConf('conf-bootstrap-switch', 'metastore_switch', postgresPort, secretsManagerConnection(masterSecret, 'master'));
  /** The image's bootstrap-iam-user mode, as the Kubernetes Job runs it; true when it exits 0. */
  const bootstrap = async (confDir: string, name: string) => await runMetastoreEntrypoint(processes, {
    ...runtime, confDir, logFile: logFile(name), name, args: ['bootstrap-iam-user'], env: { ...AWS_ENVIRONMENT, METASTORE_IAM_USER: 'hive_iam' },
  }) === 0;
  checks.check('bootstrap-iam-user creates the user (master password read from Secrets Manager)', await bootstrap(confBootstrap, 'bootstrap-1'));
  checks.check('it created the role', read(logFile('bootstrap-1')).includes('created role hive_iam'));
  const iamRole = () => sql("SELECT rolcanlogin, rolpassword IS NULL, pg_has_role('hive_iam', 'rds_iam', 'member') FROM pg_authid WHERE rolname = 'hive_iam'");
  checks.equal('hive_iam logs in, has no password and is a member of rds_iam', iamRole(), 't|t|t');
  checks.equal('hive_iam may connect to metastore_iam and create in its schema public',
    sql("SELECT has_database_privilege('hive_iam', 'metastore_iam', 'CONNECT'), has_schema_privilege('hive_iam', 'public', 'CREATE')", 'metastore_iam'), 't|t');
  checks.equal('the master is not left a member of hive_iam (nor of rds_iam)',
    sql("SELECT pg_has_role('master', 'hive_iam', 'member'), pg_has_role('master', 'rds_iam', 'member')"), 'f|f');
  const roleState = () => sql("SELECT oid, rolcanlogin, rolpassword IS NULL, pg_has_role('hive_iam', 'rds_iam', 'member'), "
    + "pg_has_role('master', 'hive_iam', 'member') FROM pg_authid WHERE rolname = 'hive_iam'");
  const stateBefore = roleState();
  checks.check('a second bootstrap succeeds and changes nothing', await bootstrap(confBootstrap, 'bootstrap-2'));
  checks.check('it found the role', read(logFile('bootstrap-2')).includes('role hive_iam exists'));
  checks.equal('after the second bootstrap, hive_iam is the same role with the same grants', roleState(), stateBefore);
  // The token stands in as a password: a local PostgreSQL cannot verify RDS IAM tokens.
  const iamPassword = randomPassword();
  sql(`ALTER ROLE hive_iam PASSWORD ${literal(iamPassword)}`);
  const iamEnvironment = { ...AWS_ENVIRONMENT, METASTORE_IAM_PASSWORD: iamPassword };
  const confIam = renderConf('conf-iam', 'metastore_iam', postgresPort, { username: 'hive_iam', passwordEnvironmentVariable: 'METASTORE_IAM_PASSWORD' });
  server = await startMetastore(processes, metastore(confIam, await freePort(), 'iam', iamEnvironment));
  const iamSeconds = seconds(server.readyAfterMs!);
  log(`start as hive_iam on a new database (schema creation included): Thrift open after ${iamSeconds}s`);
  checks.equal('as hive_iam, the metastore created the schema', schemaVersion('metastore_iam'), HIVE_SCHEMA);
  checks.equal('the schema is owned by hive_iam', sql("SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'", 'metastore_iam'), 'hive_iam');
  checks.check('as hive_iam, a Thrift client creates and reads a database and a table', await thriftProbe(server.uri, 'probe_iam'));
  await server.stop();
  // Switching a deployment from the master's password to IAM: the schema the master created moves to hive_iam.
  const confSwitchMaster = renderConf('conf-switch-master', 'metastore_switch', postgresPort,
    { username: 'master', passwordEnvironmentVariable: 'METASTORE_MASTER_PASSWORD' });
  const switchInit = await schemaTool(confSwitchMaster, 'switch-init', { ...AWS_ENVIRONMENT, METASTORE_MASTER_PASSWORD: masterPassword }, '-initSchema');
  checks.check('the master created the schema to switch from (schematool -initSchema)',
    switchInit === 0 && schemaVersion('metastore_switch') === HIVE_SCHEMA, `exit ${switchInit}, see ${logFile('switch-init')}`);
  checks.check('bootstrap on a schema the master created moves it to hive_iam', await bootstrap(confBootstrapSwitch, 'bootstrap-switch'));
  checks.check('it reports what it moved', /moved [1-9][0-9]* tables\/views/.test(read(logFile('bootstrap-switch'))));
  checks.equal('nothing in schema public is owned by another user', sql(
    "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' "
    + "AND c.relkind IN ('r','p','v','m','S') AND pg_get_userbyid(c.relowner) <> 'hive_iam'", 'metastore_switch'), '0');
  checks.equal('the master is still not a member of hive_iam', sql("SELECT pg_has_role('master', 'hive_iam', 'member')"), 'f');
  const confSwitchIam = renderConf('conf-switch-iam', 'metastore_switch', postgresPort,
    { username: 'hive_iam', passwordEnvironmentVariable: 'METASTORE_IAM_PASSWORD' });
  checks.check('as hive_iam, the moved schema validates', await schemaTool(confSwitchIam, 'switch-validate', iamEnvironment, '-validate') === 0,
    `see ${logFile('switch-validate')}`);

  // 9. Hive moved on: a schema of an older Hive (3.1.0) is upgraded by the entrypoint at start.
  sql('CREATE DATABASE metastore_upgrade OWNER hive');
  sql('ALTER SCHEMA public OWNER TO hive', 'metastore_upgrade');
  const confUpgrade = renderConf('conf-upgrade', 'metastore_upgrade', postgresPort);
  const upgradeEnvironment = { ...AWS_ENVIRONMENT, ...hiveEnvironment };
  await schemaTool(confUpgrade, 'upgrade-init', upgradeEnvironment, '-initSchemaTo', '3.1.0');
  checks.equal('an old schema (Hive 3.1.0) to start from', schemaVersion('metastore_upgrade'), '3.1.0');
  server = await startMetastore(processes, metastore(confUpgrade, await freePort(), 'upgrade', upgradeEnvironment));
  const upgradeSeconds = seconds(server.readyAfterMs!);
  log(`start on a Hive 3.1.0 schema (upgrade included): Thrift open after ${upgradeSeconds}s`);
  checks.equal(`the entrypoint upgraded the schema to ${HIVE_SCHEMA}`, schemaVersion('metastore_upgrade'), HIVE_SCHEMA);
  checks.check("through Hive's upgrade scripts", read(logFile('upgrade')).includes('upgrade-3.1.0-to-3.2.0.postgres.sql'));
  checks.check('the upgraded schema validates', await schemaTool(confUpgrade, 'upgrade-validate', upgradeEnvironment, '-validate') === 0,
    `see ${logFile('upgrade-validate')}`);
  await server.stop();

  timings.push(`${upgradeSeconds}s upgrading a 3.1.0 schema`, `${secretSeconds}s with the password from Secrets Manager`,
    `${iamSeconds}s as the IAM user creating the schema`);
}

async function main(): Promise<number> {
  const started = Date.now();
  // The passwords reach each process only through the environment this suite gives it.
  for (const name of ['METASTORE_DB_PASSWORD', 'METASTORE_IAM_PASSWORD', 'METASTORE_MASTER_PASSWORD']) delete process.env[name];
  const work = fs.mkdtempSync('/tmp/metastore-test.');
  fs.chmodSync(work, 0o755); // the postgres system user reaches its data directory inside
  const processes = new ProcessSet();
  const interrupt = new AbortController();
  const onSignal = () => interrupt.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const checks = new Checks();
  const timings: string[] = [];
  try {
    await suite(checks, work, processes, interrupt.signal, timings);
  } catch (error) {
    // A step every later check depends on failed (a start that never opened Thrift, …): the rest is skipped.
    checks.check(`the suite ran to its end: ${messageOf(error)}`, false);
    const logFile = error instanceof StageFailedError ? error.logFile : undefined;
    const tail = logFile ? lastLines(logFile, 30) : undefined;
    if (tail && !interrupt.signal.aborted) log(`${logFile}:\n${tail.split('\n').map((line) => `    | ${line}`).join('\n')}`);
  } finally {
    await processes.stopAll();
  }
  if (timings.length > 0) log(`metastore startup (until Thrift accepts connections): ${timings.join(', ')}`);
  log(`suite time: ${Math.round((Date.now() - started) / 1000)}s`);
  if (checks.failed === 0) {
    fs.rmSync(work, { recursive: true, force: true });
  } else {
    log(`logs kept in ${work}`);
  }
  process.stdout.write(`metastore: ${checks.passed} passed, ${checks.failed} failed\n`);
  // The test command's tally reads this report (TEST_REPORT: where to write it).
  if (process.env.TEST_REPORT) fs.writeFileSync(process.env.TEST_REPORT, `{"passed": ${checks.passed}, "failed": ${checks.failed}}\n`);
  return checks.failed === 0 ? 0 : 1;
}

main().then((code) => process.exit(code), (error) => {
  process.stderr.write(`${messageOf(error)}\n`);
  process.exit(1);
});
