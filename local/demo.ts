import { execFile } from 'child_process';
import { LocalStack } from './local-stack';
import { QUICKSTART_SAMPLE_DATA_SQL } from './quickstart-settings';

/**
 * The tables the quickstart's sample data creates, in the order QUICKSTART_SAMPLE_DATA_SQL creates them
 * (examples/quickstart/quickstart-props.ts, which the AWS quickstart's sample data Job runs too): `hive.samples.nation`
 * (Parquet) and `iceberg.iceberg_samples.orders`, the names the quickstart's README queries.
 */
export const SAMPLE_TABLES: string[] = QUICKSTART_SAMPLE_DATA_SQL
  .map((sql) => /^CREATE TABLE (?:IF NOT EXISTS )?(\S+)/i.exec(sql)?.[1])
  .filter((table): table is string => table !== undefined);

/**
 * Revenue per nation in 1995 across the three catalogs: the Iceberg orders and the Hive nation table of the sample
 * data (Parquet and Iceberg files in S3, through the metastore), and TPC-H's customers from the generator.
 */
export const DEMO_QUERY = `
SELECT n.name AS nation, count(*) AS orders, CAST(sum(o.totalprice) AS decimal(12, 2)) AS revenue
FROM iceberg.iceberg_samples.orders o
JOIN tpch.tiny.customer c ON c.custkey = o.custkey
JOIN hive.samples.nation n ON n.nationkey = c.nationkey
WHERE o.orderdate >= DATE '1995-01-01' AND o.orderdate < DATE '1996-01-01'
GROUP BY n.name
ORDER BY revenue DESC
LIMIT 5`.trim();

/** The quickstart README's SQL to try (examples/quickstart/README.md, "Connect"): it runs unchanged here. */
export const TRY_SQL = [
  'SHOW CATALOGS;',
  'SELECT * FROM hive.samples.nation;',
  'SELECT orderstatus, count(*) FROM iceberg.iceberg_samples.orders GROUP BY 1;',
];

/**
 * Runs the quickstart's own sample data statements (QUICKSTART_SAMPLE_DATA_SQL) in order: the schemas and tables
 * of the AWS quickstart, under the same names, written into the warehouse bucket. Returns the rows written.
 */
export async function loadSampleData(stack: LocalStack): Promise<number> {
  let rows = 0;
  for (const sql of QUICKSTART_SAMPLE_DATA_SQL) {
    const result = await stack.trino.query(sql);
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
