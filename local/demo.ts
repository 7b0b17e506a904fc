import { execFile } from 'child_process';
import { LocalStack } from './local-stack';

/** The demo's schema, in the Hive catalog, at an s3:// location in the warehouse bucket. */
export const DEMO_SCHEMA = 'hive.demo';

/** TPC-H tables copied as Parquet from the generator (scale factor "tiny": 15,000 orders, 60,175 line items, 1,500 customers). */
export const DEMO_TABLES = ['orders', 'lineitem', 'customer'];

/** Revenue per market segment and order priority in 1995, over the Parquet copies in S3. */
export const DEMO_QUERY = `
SELECT c.mktsegment, o.orderpriority, count(DISTINCT o.orderkey) AS orders,
       CAST(sum(l.extendedprice * (1 - l.discount)) AS decimal(12, 2)) AS revenue
FROM ${DEMO_SCHEMA}.orders o
JOIN ${DEMO_SCHEMA}.lineitem l ON l.orderkey = o.orderkey
JOIN ${DEMO_SCHEMA}.customer c ON c.custkey = o.custkey
WHERE o.orderdate >= DATE '1995-01-01' AND o.orderdate < DATE '1996-01-01'
GROUP BY c.mktsegment, o.orderpriority
ORDER BY revenue DESC
LIMIT 10`.trim();

/** Creates the schema and writes the tables as Parquet into S3 through the Hive catalog; returns rows written. */
export async function loadSampleData(stack: LocalStack): Promise<number> {
  const trino = stack.trino;
  await trino.query(`CREATE SCHEMA ${DEMO_SCHEMA} WITH (location = '${stack.plan.warehouseLocation}/demo')`);
  let rows = 0;
  for (const table of DEMO_TABLES) {
    const result = await trino.query(`CREATE TABLE ${DEMO_SCHEMA}.${table} WITH (format = 'PARQUET') AS SELECT * FROM tpch.tiny.${table}`);
    rows += result.updateCount ?? 0;
  }
  return rows;
}

/** Object keys under a prefix of the warehouse bucket, read from the emulator (ListObjectsV2). */
export async function listObjects(stack: LocalStack, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const query = new URLSearchParams({ 'list-type': '2', prefix, ...(token ? { 'continuation-token': token } : {}) });
    const response = await fetch(`${stack.plan.s3Endpoint}/${stack.plan.warehouseBucket}?${query}`);
    const body = await response.text();
    if (!response.ok) throw new Error(`listing s3://${stack.plan.warehouseBucket}/${prefix}: HTTP ${response.status} ${body}`);
    keys.push(...[...body.matchAll(/<Key>([^<]*)<\/Key>/g)].map((match) => match[1]));
    token = /<NextContinuationToken>([^<]*)<\/NextContinuationToken>/.exec(body)?.[1];
  } while (token);
  return keys;
}

/** Runs SQL with the Trino CLI (the command a person would type), returning what it printed. */
export function runCli(stack: LocalStack, sql: string): Promise<string> {
  const [java, ...args] = stack.cliArgv;
  return new Promise((resolve, reject) => {
    execFile(java, [...args, '--output-format=ALIGNED', '--execute', sql], { maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`trino-cli: ${(stderr || error.message).trim()}`));
      else resolve(stdout);
    });
  });
}
