// The end-to-end workload management case: the resource groups, groups and group-based access rules the library renders
// (TrinoConfiguration resourceGroups, groups, TrinoAccessControl rules with `group`) on a real coordinator and worker
// (TrinoAlone: TPC-H only, no storage). Each outcome is asserted by the state or error Trino reports.
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { AssertionError, OwnStackCase, expectEqual, expectTrue, stopStack } from './e2e-support';
import { TrinoAlone } from './trino-alone';
import { startPostgres } from '../../local/engines/postgres';
import { LocalToolchain } from '../../local/local-stack';
import { ProcessSet } from '../../local/processes';
import { choosePort, sleep } from '../../local/stages';
import { QueryFailedError } from '../../local/trino-client';
import { Catalog, CatalogAccess, CatalogCredentials, ResourceGroupMemoryLimit, TrinoAccessControl } from '../../src/trino';

const SECOND = 1000;
const REQUEST_TIMEOUT_MS = 30 * SECOND;
/** A query that runs for minutes on one worker: what holds the group's only running slot. */
const LONG_QUERY = 'SELECT count(*) FROM tpch.sf1000.lineitem WHERE comment LIKE \'%unusual%\'';

interface Submitted {
  readonly id: string;
  readonly state: string;
  readonly nextUri?: string;
  readonly error?: { errorName: string; message: string };
}

/**
 * Submits a statement as `user` and follows nextUri until the query is dispatched (past the protocol's own queue: the
 * dispatcher then puts it in its resource group), running, or failed; with `waitsInGroup`, also once it waits in its
 * resource group's queue. The query is left as it is.
 */
async function submit(coordinatorUrl: string, user: string, sql: string, waitsInGroup = false): Promise<Submitted> {
  const headers = { 'X-Trino-User': user, 'X-Trino-Source': 'cdk-trino-on-eks-e2e' };
  const post = await fetch(`${coordinatorUrl}/v1/statement`, { method: 'POST', headers, body: sql, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  let body = await post.json() as any;
  const deadline = Date.now() + 60 * SECOND;
  for (;;) {
    const state: string = body.stats?.state ?? '';
    if (body.error || !body.nextUri || ['RUNNING', 'FINISHED'].includes(state) || (state === 'QUEUED' && body.nextUri.includes('/executing/'))) {
      return { id: body.id, state, nextUri: body.nextUri, error: body.error };
    }
    // A query waiting in its resource group stays behind the protocol's queued URI: the coordinator then knows its group.
    let seen = '';
    if (waitsInGroup && state === 'QUEUED' && body.id) {
      const info = await fetch(`${coordinatorUrl}/v1/query/${body.id}`, { headers, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
      const json = info.ok ? await info.json() as any : undefined;
      seen = `HTTP ${info.status} state ${json?.state} group ${JSON.stringify(json?.resourceGroupId)}`;
      if (json?.state === 'QUEUED' && json?.resourceGroupId !== undefined) return { id: body.id, state, nextUri: body.nextUri };
    }
    if (Date.now() > deadline) throw new AssertionError(`${sql} as ${user}: still ${state} after 60 s (${body.nextUri}; ${seen})`);
    await sleep(200);
    body = await (await fetch(body.nextUri, { headers, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) })).json();
  }
}

/** The coordinator's view of a query: its state and resource group. */
async function queryInfo(coordinatorUrl: string, user: string, id: string): Promise<{ state: string; resourceGroupId?: string[] }> {
  const response = await fetch(`${coordinatorUrl}/v1/query/${id}`, { headers: { 'X-Trino-User': user }, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  if (!response.ok) throw new AssertionError(`GET /v1/query/${id}: HTTP ${response.status}`);
  const info = await response.json() as any;
  return { state: info.state, resourceGroupId: info.resourceGroupId };
}

/** The query's info once it has left its group's queue (or after 60 s, still queued). */
async function leftQueue(coordinatorUrl: string, id: string): Promise<{ state: string; resourceGroupId?: string[] }> {
  const deadline = Date.now() + 60 * SECOND;
  let info = await queryInfo(coordinatorUrl, 'bob', id);
  while (info.state === 'QUEUED' && Date.now() < deadline) {
    await sleep(500);
    info = await queryInfo(coordinatorUrl, 'bob', id);
  }
  return info;
}

/** The error a query failed with, or undefined when it succeeded. */
async function failureOf(query: Promise<unknown>): Promise<QueryFailedError | undefined> {
  try {
    await query;
    return undefined;
  } catch (error) {
    if (error instanceof QueryFailedError) return error;
    throw error;
  }
}

async function cancel(coordinatorUrl: string, user: string, id: string): Promise<void> {
  await fetch(`${coordinatorUrl}/v1/query/${id}`, { method: 'DELETE', headers: { 'X-Trino-User': user }, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
}

export const workloadManagement: OwnStackCase = {
  name: 'workload management: resource groups queue and refuse, groups decide access (rendered resource groups, group file, group rules)',
  plugins: ['tpch', 'password-authenticators', 'resource-group-managers'],
  async run(toolchain: LocalToolchain, workDir: string) {
    const cluster = await TrinoAlone.start({
      toolchain,
      workDir,
      workers: 1,
      purpose: 'workload management',
      customize: (options) => ({
        ...options,
        groups: [{ name: 'etl', users: ['bob'] }, { name: 'analysts', users: ['alice'] }],
        resourceGroups: {
          rootGroups: [{
            name: 'global',
            softMemoryLimit: ResourceGroupMemoryLimit.percentOfCluster(100),
            hardConcurrencyLimit: 10,
            maxQueued: 10,
            subGroups: [
              { name: 'etl', softMemoryLimit: ResourceGroupMemoryLimit.percentOfCluster(50), hardConcurrencyLimit: 1, maxQueued: 1 },
              { name: 'adhoc', softMemoryLimit: ResourceGroupMemoryLimit.percentOfCluster(50), hardConcurrencyLimit: 5, maxQueued: 5 },
            ],
          }],
          selectors: [{ userGroup: 'etl', group: 'global.etl' }, { userGroup: 'analysts', group: 'global.adhoc' }],
        },
        accessControl: TrinoAccessControl.fileBased({
          catalogs: [
            { group: 'etl', catalog: 'tpch|system', access: CatalogAccess.ALL },
            { group: 'analysts', catalog: 'system', access: CatalogAccess.ALL },
          ],
        }),
      }),
      // As alice: the user `trino` is in no group, so no selector takes its queries.
      ready: async (started) => Number((await started.trino.withSession({ user: 'alice' }).query(
        "SELECT count(*) FROM system.runtime.nodes WHERE coordinator = false AND state = 'active'")).rows[0][0]) >= 1,
      print: (line) => process.stdout.write(`    ${line}\n`),
    });
    const url = cluster.coordinatorUrl;
    const started: Array<[string, string]> = [];
    try {
      const files = cluster.coordinator.files;
      expectTrue('the coordinator runs the rendered resource-groups.properties and group-provider.properties',
        files['resource-groups.properties'] !== undefined && files['group-provider.properties'] !== undefined, Object.keys(files).join(', '));

      // Access through a group: bob (etl) reads TPC-H, alice (analysts) may not. (Run to completion: a query whose results
      // are not read keeps its slot in the group.)
      const asUser = (user: string) => cluster.trino.withSession({ user });
      const nations = await asUser('bob').query('SELECT count(*) FROM tpch.tiny.nation');
      expectEqual('bob, in group etl, reads tpch', Number(nations.rows[0][0]), 25);
      const denied = await failureOf(asUser('alice').query('SELECT count(*) FROM tpch.tiny.nation'));
      expectTrue('alice, in group analysts, is refused tpch', denied?.errorName === 'PERMISSION_DENIED' && /Access Denied/.test(denied.message), denied?.message);

      // A user outside every selector is refused before the query is planned.
      const outsider = await failureOf(asUser('carol').query('SELECT 1'));
      expectTrue('carol, in no group, matches no selector and is refused', outsider?.errorName === 'QUERY_REJECTED'
        && /No matching resource group found/.test(outsider.message), outsider?.message);

      // global.etl runs one query and queues one: the second waits, the third is refused.
      const first = await submit(url, 'bob', LONG_QUERY);
      started.push(['bob', first.id]);
      expectEqual('the first etl query is not refused', first.error, undefined);
      const firstInfo = await leftQueue(url, first.id);
      expectEqual('the first etl query runs in global.etl', [firstInfo.state !== 'QUEUED', firstInfo.resourceGroupId], [true, ['global', 'etl']]);
      const second = await submit(url, 'bob', LONG_QUERY, true);
      started.push(['bob', second.id]);
      expectEqual('the second etl query is not refused', second.error, undefined);
      await sleep(2 * SECOND);
      const secondInfo = await queryInfo(url, 'bob', second.id);
      expectEqual('the second etl query waits in global.etl (hardConcurrencyLimit 1)', [secondInfo.state, secondInfo.resourceGroupId], ['QUEUED', ['global', 'etl']]);
      const third = await submit(url, 'bob', LONG_QUERY);
      if (third.id) started.push(['bob', third.id]);
      expectTrue('the third etl query is refused: the queue is full (maxQueued 1)', third.error?.errorName === 'QUERY_QUEUE_FULL',
        JSON.stringify(third.error));
      // Another group is not held up by etl's limit.
      const adhoc = await asUser('alice').query('SELECT count(*) FROM system.runtime.nodes');
      expectTrue('alice\'s query in global.adhoc runs while etl is full', Number(adhoc.rows[0][0]) >= 2);
      // When the running query goes, the queued one starts.
      await cancel(url, 'bob', first.id);
      const promoted = await leftQueue(url, second.id);
      expectTrue('the queued etl query leaves the queue once the running one is cancelled', promoted.state !== 'QUEUED', promoted.state);
    } finally {
      for (const [user, id] of started) await cancel(url, user, id).catch(() => undefined);
      await stopStack(cluster);
    }
  },
};

/**
 * A PostgreSQL catalog (Catalog.postgresql) on a PostgreSQL of its own, with a database and a login of its own whose
 * password reaches Trino only through the environment (CatalogCredentials.fromEnvironment: on EKS the CSI driver sets
 * the same variables from Secrets Manager); one query joins it with TPC-H on coordinator and worker.
 */
export const postgresqlCatalog: OwnStackCase = {
  name: 'postgresql catalog: the rendered JDBC catalog, its password only in the environment, joined with TPC-H in one query',
  plugins: ['tpch', 'postgresql', 'geospatial'],
  // Maven Central serves the PostgreSQL connector only in the 476 server tarball: the version matrix runs this case there.
  matrix: true,
  async run(toolchain: LocalToolchain, workDir: string) {
    const processes = new ProcessSet(`${workDir.replace(/\/+$/, '')}-postgres.processes.json`);
    ProcessSet.stopLeftovers(`${workDir.replace(/\/+$/, '')}-postgres.processes.json`);
    const dataDir = `${workDir.replace(/\/+$/, '')}-postgres`;
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.mkdirSync(path.dirname(dataDir), { recursive: true });
    const password = randomBytes(18).toString('base64url');
    const port = await choosePort(undefined, new Set());
    const postgres = await startPostgres(processes, {
      bin: toolchain.postgresBin,
      dataDir,
      port,
      logFile: `${dataDir}.log`,
      name: 'orders-postgresql',
      users: [{ name: 'orders_reader', password }],
      databases: [{ name: 'orders', owner: 'orders_reader' }],
    });
    let cluster: TrinoAlone | undefined;
    try {
      postgres.sql([
        'CREATE TABLE public.nation_notes (nationkey bigint PRIMARY KEY, note text);',
        "INSERT INTO public.nation_notes VALUES (0, 'algeria'), (7, 'germany'), (24, 'united states');",
        'ALTER TABLE public.nation_notes OWNER TO orders_reader;',
      ].join('\n'), 'orders');
      cluster = await TrinoAlone.start({
        toolchain,
        workDir,
        workers: 1,
        purpose: 'PostgreSQL catalog',
        customize: (options) => ({
          ...options,
          catalogs: [...(options.catalogs ?? []), Catalog.postgresql({
            name: 'orders',
            host: '127.0.0.1',
            port,
            database: 'orders',
            credentials: CatalogCredentials.fromEnvironment('ORDERS_DB_USER', 'ORDERS_DB_PASSWORD'),
          })],
        }),
        environment: { ORDERS_DB_USER: 'orders_reader', ORDERS_DB_PASSWORD: password },
        ready: async (started) => Number((await started.trino.query(
          "SELECT count(*) FROM system.runtime.nodes WHERE coordinator = false AND state = 'active'")).rows[0][0]) >= 1,
        print: (line) => process.stdout.write(`    ${line}\n`),
      });
      const catalogFile = cluster.coordinator.files['catalog/orders.properties'];
      expectTrue('the catalog file holds references, never the password',
        catalogFile.includes('connection-password=${ENV:ORDERS_DB_PASSWORD}') && !catalogFile.includes(password), catalogFile);
      const joined = await cluster.trino.query(
        'SELECT n.name, o.note FROM orders.public.nation_notes o JOIN tpch.tiny.nation n ON n.nationkey = o.nationkey ORDER BY n.nationkey');
      expectEqual('PostgreSQL rows joined with TPC-H nations', joined.rows, [['ALGERIA', 'algeria'], ['GERMANY', 'germany'], ['UNITED STATES', 'united states']]);
      const plan = await cluster.trino.query('SELECT count(*) FROM orders.public.nation_notes');
      expectEqual('rows read through the catalog', Number(plan.rows[0][0]), 3);
    } finally {
      if (cluster) await stopStack(cluster);
      await processes.stopAll();
    }
  },
};
