// The local stack's benchmark (scripts/local-benchmark.sh): prints tables, asserts nothing.
//   bash scripts/local-benchmark.sh [--schema tiny|sf1|...] [--work-dir DIR] [--s3-latency-ms N]
//     [--spill-only | --concurrency-only | --cache-only]
// Four runs of the stack (coordinator + 2 workers); the first three write a Parquet copy of tpch.<schema> to the
// S3 emulator through the Hive catalog:
// 1. the library's configuration with the file-system cache on (the local stack's default): the 22 TPC-H
//    queries on the Parquet copy cold (cache empty), then warm (WARM_PASSES passes, median); 4 and 8 concurrent
//    streams of Q9, Q18 and Q21;
// 2. the library's configuration with the cache off: the 22 queries cold, then warm (median of WARM_PASSES);
// 3. Trino's stock configuration (same heap, no cache, Trino's memory defaults): the 22 queries once, and the
//    4 and 8 streams;
// 4. the library's configuration on small workers (SPILL_WORKER_NODE): the spill case, a join larger than a
//    worker's memory pool, with spill on and with it off (--spill-only runs only this).
// --concurrency-only runs only the streams, ours then stock: the check of the memory rule under load, which needs a
// larger schema (sf1) than the cache comparison. --cache-only runs only the scan-heavy queries (SCAN_QUERIES), cold
// then warm, with the cache on and off: the cache's speed-up where reads cost what they do with real data (sf1).
// --s3-latency-ms N makes the S3 emulator wait N ms before serving each request, a labelled model of Amazon S3's
// first-byte latency (moto on loopback answers in about a millisecond; see moto_server.py). Off by default.
import * as fs from 'fs';
import * as path from 'path';
import { Size } from 'aws-cdk-lib';
import { LocalStack, toolchainFromEnvironment } from './local-stack';
import { LocalTrinoNode } from './local-stack-plan';
import { QUICKSTART_MAX_WORKERS, QUICKSTART_TRINO_VERSION } from './quickstart-settings';
import { StageRunner, messageOf } from './stages';
import { TPCH_QUERIES } from './tpch-queries';
import { TrinoClient } from './trino-client';
import { FileSystemCache, PropertiesFile, TrinoConfigurationOptions, TrinoMemory, TrinoMemoryOptions, TrinoRole } from '../src/trino';

const TPCH_TABLES = ['nation', 'region', 'part', 'supplier', 'partsupp', 'customer', 'orders', 'lineitem'];
const PARQUET_SCHEMA = 'bench';
/** The memory-heavy TPC-H queries the concurrency runs are made of. */
export const HEAVY_QUERIES = ['q09', 'q18', 'q21'];
export const STREAM_COUNTS = [4, 8];
/** The scan-heavy TPC-H queries the cache is judged on (warm with the cache against warm without it). */
export const SCAN_QUERIES = ['q01', 'q06', 'q12', 'q14'];
/**
 * The spill case's workers: a 4 GiB "node" per worker process, which the library's memory rule turns into a 2 GiB
 * heap, 1 GiB of heap headroom and a 1 GiB memory pool (`query.max-memory-per-node`). Trino revokes (spills)
 * memory when a node's pool passes `memory-revoking-threshold` (0.9 of it), not when a query reaches its own
 * per-node limit, so proving spill needs a build side larger than a worker's whole pool: with the local stack's
 * usual 5 GiB workers (2 GiB pools) that is too much data for a shared machine. Measured on Trino 476: a 3 GiB node
 * (1 GiB heap, 512 MB pool) spilled, but with spill off its JVM ran out of heap (OutOfMemoryError, worker gone)
 * before the query reached the 512 MB limit: 512 MB of headroom is too little there (the rule now keeps at least
 * 1 GiB of headroom and a 2 GiB heap).
 */
export const SPILL_WORKER_NODE: TrinoMemoryOptions = { nodeMemory: Size.gibibytes(4), nodeVcpus: 2, systemReserved: Size.mebibytes(0) };
/**
 * The spill case: a partitioned join of tpch.sf1.lineitem with itself whose build side (6 million rows, each with its
 * comment padded to 500 characters: about 1.5 GB per worker) is larger than a worker's pool. Trino 476 spills a join
 * only when its probe side arrives over a partitioned exchange (AddLocalExchanges marks other joins not spillable):
 * joined on orderkey itself the generator's tables are partitioned on it and the join runs colocated, unspillable, so
 * the key is computed. The padded side is the right one, the build side, with join reordering off (SPILL_SESSION).
 */
export const SPILL_QUERY = 'SELECT count(*), max(b.padded) FROM (SELECT orderkey * 8 + linenumber AS k FROM tpch.sf1.lineitem) a ' +
  'JOIN (SELECT orderkey * 8 + linenumber AS k, rpad(comment, 500, \'.\') AS padded FROM tpch.sf1.lineitem) b ON a.k = b.k';
/** The spill case's session besides `spill_enabled`. */
export const SPILL_SESSION = { join_distribution_type: 'PARTITIONED', join_reordering_strategy: 'NONE' };

/** The library's configuration on the spill case's small workers (spill stays on, as the LocalStorage rule renders it). */
export function smallWorkers(options: TrinoConfigurationOptions): TrinoConfigurationOptions {
  return { ...options, workerNode: SPILL_WORKER_NODE };
}

/**
 * Trino's stock configuration for a node, at the same heap: config.properties with only what a cluster needs
 * to form (role, port, discovery; the coordinator schedules no tasks, as in ours, so the same processes do
 * the work), jvm.config with the heap and only the options Trino refuses to start without; the same
 * node.properties and catalog files without the file-system cache. Every other property is Trino's default.
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
    if (file.startsWith('catalog/')) files[file] = content.split('\n').filter((line) => !line.startsWith('fs.cache.')).join('\n');
  }
  return files;
}

/** The library's configuration with the file-system cache turned off (the benchmark's cache-off run). */
export function cacheOff(options: TrinoConfigurationOptions): TrinoConfigurationOptions {
  return options.localStorage ? { ...options, localStorage: { ...options.localStorage, fileSystemCache: FileSystemCache.off() } } : options;
}

/** The queries of one stream: the heavy queries, rotated by the stream's number so streams do not run in lockstep. */
export function streamQueries(stream: number): string[] {
  const shift = stream % HEAVY_QUERIES.length;
  return [...HEAVY_QUERIES.slice(shift), ...HEAVY_QUERIES.slice(0, shift)];
}

/** Seconds, or the error of a query that failed. */
type Timing = number | string;

export interface ConcurrencyResult {
  readonly streams: number;
  readonly completed: number;
  readonly failed: number;
  /** Distinct failure reasons. */
  readonly reasons: string[];
  readonly wallSeconds: number;
}

async function loadParquet(stack: LocalStack, schema: string, print: (line: string) => void): Promise<void> {
  const started = Date.now();
  await stack.trino.query(`CREATE SCHEMA hive.${PARQUET_SCHEMA} WITH (location = '${stack.plan.warehouseLocation}/${PARQUET_SCHEMA}')`);
  for (const table of TPCH_TABLES) {
    await stack.trino.query(`CREATE TABLE hive.${PARQUET_SCHEMA}.${table} WITH (format = 'PARQUET') AS SELECT * FROM tpch.${schema}.${table}`);
  }
  print(`    Parquet copy of tpch.${schema} written to S3 in ${((Date.now() - started) / 1000).toFixed(1)}s`);
}

async function timeQuery(client: TrinoClient, sql: string): Promise<Timing> {
  const started = Date.now();
  try {
    await client.query(sql);
    return (Date.now() - started) / 1000;
  } catch (error) {
    return `FAILED ${failureReason(error)}`;
  }
}

/**
 * Warm passes per setting; the tables show each query's median. On a shared 2-core machine one pass is not enough:
 * the same warm pass of the four scan-heavy queries at sf1 took 7 s or 22 s.
 */
export const WARM_PASSES = 3;

/** Per query, the median of its times over the passes; FAILED when it failed in any of them. */
export function medianTimes(passes: Map<string, Timing>[]): Map<string, Timing> {
  const medians = new Map<string, Timing>();
  for (const name of passes[0]?.keys() ?? []) {
    const times = passes.map((p) => p.get(name));
    const failed = times.findIndex((t) => typeof t !== 'number');
    if (failed >= 0) {
      medians.set(name, times[failed] ?? 'FAILED (not run)');
      continue;
    }
    const sorted = (times as number[]).sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    medians.set(name, sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2);
  }
  return medians;
}

/** The requests the S3 emulator served, by kind. */
export interface S3Requests {
  /** GETs of an object (whole or a range): what the file-system cache can save. */
  readonly objectReads: number;
  /** GETs of a bucket: listings. */
  readonly listings: number;
  /** HEADs: an object's or a prefix's metadata. */
  readonly heads: number;
  /** PUT, POST and DELETE. */
  readonly writes: number;
}

/** Counts the requests in lines of the S3 emulator's log (Werkzeug's access log, possibly coloured). */
export function countS3Requests(lines: string[]): S3Requests {
  let objectReads = 0;
  let listings = 0;
  let heads = 0;
  let writes = 0;
  for (const line of lines) {
    // eslint-disable-next-line no-control-regex
    const request = /"(GET|HEAD|PUT|POST|DELETE) (\/[^ ?]*)\S* HTTP\/[\d.]+"/.exec(line.replace(/\x1b\[[0-9;]*m/g, ''));
    if (!request) continue;
    const [, method, pathOnly] = request;
    const isObject = pathOnly.replace(/^\/+|\/+$/g, '').includes('/');
    if (method === 'GET') {
      if (isObject) objectReads++; else listings++;
    } else if (method === 'HEAD') {
      heads++;
    } else {
      writes++;
    }
  }
  return { objectReads, listings, heads, writes };
}

/** What the S3 emulator's log gained after its first `offset` bytes, as lines. */
function s3LogSince(stack: LocalStack, offset: number): string[] {
  return fs.readFileSync(stack.logFile('s3')).subarray(offset).toString('utf8').split('\n');
}

export function describeS3Requests(requests: S3Requests): string {
  return `S3 requests: ${requests.objectReads} object reads, ${requests.listings} listings, ${requests.heads} HEADs, ${requests.writes} writes`;
}

/** The 22 queries (or the named ones) on the Parquet copy, one after the other. */
async function pass(stack: LocalStack, label: string, print: (line: string) => void,
  names: string[] = Object.keys(TPCH_QUERIES)): Promise<Map<string, Timing>> {
  const client = stack.trino.withSession({ catalog: 'hive', schema: PARQUET_SCHEMA });
  const times = new Map<string, Timing>();
  const logSize = fs.statSync(stack.logFile('s3')).size;
  for (const name of names) times.set(name, await timeQuery(client, TPCH_QUERIES[name]));
  print(`    ${label}: ${total(times).toFixed(1)}s; ${describeS3Requests(countS3Requests(s3LogSince(stack, logSize)))}`);
  return times;
}

async function concurrency(stack: LocalStack, streams: number, print: (line: string) => void): Promise<ConcurrencyResult> {
  const client = stack.trino.withSession({ catalog: 'hive', schema: PARQUET_SCHEMA });
  const started = Date.now();
  const results = await Promise.all(Array.from({ length: streams }, async (_, stream) => {
    const timings: Timing[] = [];
    for (const name of streamQueries(stream)) timings.push(await timeQuery(client, TPCH_QUERIES[name]));
    return timings;
  }));
  const all = results.flat();
  const failures = all.filter((t): t is string => typeof t === 'string');
  const result = {
    streams,
    completed: all.length - failures.length,
    failed: failures.length,
    reasons: [...new Set(failures.map((f) => f.replace(/^FAILED /, '')))],
    wallSeconds: (Date.now() - started) / 1000,
  };
  print(`    ${streams} streams of ${HEAVY_QUERIES.join('/')}: ${result.completed} completed, ${result.failed} failed, ${result.wallSeconds.toFixed(1)}s`);
  return result;
}

export interface SpillResult {
  readonly withSpill: Timing;
  readonly withoutSpill: Timing;
  /** `spilledDataSize` of the run with spill on, from the coordinator's query info. */
  readonly spilled?: string;
  /** `peakUserMemoryReservation` of the run with spill on. */
  readonly peakUserMemory?: string;
}

async function spillCase(stack: LocalStack, print: (line: string) => void): Promise<SpillResult> {
  const run = async (spill: boolean): Promise<{ timing: Timing; spilled?: string; peakUserMemory?: string }> => {
    const client = stack.trino.withSession({ properties: { ...SPILL_SESSION, spill_enabled: String(spill) } });
    const started = Date.now();
    try {
      const result = await client.query(SPILL_QUERY);
      const info = await stack.trino.queryInfo(result.queryId).catch(() => undefined);
      const stats = info?.queryStats;
      return { timing: (Date.now() - started) / 1000, spilled: stats?.spilledDataSize, peakUserMemory: stats?.peakUserMemoryReservation };
    } catch (error) {
      return { timing: `FAILED ${failureReason(error, 240)}` };
    }
  };
  const on = await run(true);
  print(`    spill on: ${describe(on.timing)} (spilled ${inGigabytes(on.spilled)}, peak user memory ${inGigabytes(on.peakUserMemory)})`);
  const off = await run(false);
  print(`    spill off: ${describe(off.timing)}`);
  return { withSpill: on.timing, withoutSpill: off.timing, spilled: on.spilled, peakUserMemory: on.peakUserMemory };
}

/**
 * Whether the spill case proved spill: the join succeeded with spill on and wrote to disk, and failed at a
 * memory limit with spill off.
 */
export function spillVerdict(result: SpillResult): string {
  const spilledBytes = parseDataSize(result.spilled);
  const onOk = typeof result.withSpill === 'number' && spilledBytes !== undefined && spilledBytes > 0;
  const offAtLimit = typeof result.withoutSpill === 'string' && /EXCEEDED_\w*MEMORY_LIMIT/.test(result.withoutSpill);
  if (onOk && offAtLimit) return 'spill proven: the join completed only with spill on, by spilling to the local disk';
  const why = [
    ...(typeof result.withSpill === 'string' ? ['it failed with spill on'] : spilledBytes ? [] : ['nothing was spilled with spill on']),
    ...(offAtLimit ? [] : [typeof result.withoutSpill === 'number' ? 'it fit in memory with spill off' : 'spill off failed for another reason than memory']),
  ];
  return `spill not proven: ${why.join(', ')}`;
}

/** A Trino data size in Trino's GB (GiB), e.g. `2.91GB` for `3120944552B`; `?` when unknown. */
export function inGigabytes(size: string | undefined): string {
  const bytes = parseDataSize(size);
  return bytes === undefined ? '?' : `${(bytes / 1024 ** 3).toFixed(2)}GB`;
}

/** Bytes of a Trino data size such as `1.5GB` or `512B`, or undefined. */
function parseDataSize(size: string | undefined): number | undefined {
  const match = size === undefined ? null : /^([\d.]+)\s*(B|kB|MB|GB|TB|PB)$/.exec(size.trim());
  if (!match) return undefined;
  return Number(match[1]) * 1024 ** ['B', 'kB', 'MB', 'GB', 'TB', 'PB'].indexOf(match[2]);
}

function printSpill(spill: SpillResult, print: (line: string) => void): void {
  const pool = TrinoMemory.forNode(SPILL_WORKER_NODE).maxMemoryPerNode.toMebibytes();
  print('');
  const session = Object.entries(SPILL_SESSION).map(([k, v]) => `${k}=${v}`).join(', ');
  print(`Spill case (workers with a ${pool} MB memory pool; ${session}): ${SPILL_QUERY}`);
  print(`  spill_enabled=true:  ${describe(spill.withSpill)}, spilled ${inGigabytes(spill.spilled)}, ` +
    `peak user memory ${inGigabytes(spill.peakUserMemory)} (cluster)`);
  print(`  spill_enabled=false: ${describe(spill.withoutSpill)}`);
  print(`  ${spillVerdict(spill)}`);
}

/** The error name and the start of the message, e.g. `EXCEEDED_LOCAL_MEMORY_LIMIT: Query exceeded per-node memory limit of 32MB`. */
function failureReason(error: unknown, length = 110): string {
  return messageOf(error).split('\n')[0].slice(0, length);
}

function describe(timing: Timing): string {
  return typeof timing === 'number' ? `succeeded in ${timing.toFixed(1)}s` : timing;
}

function total(times: Map<string, Timing>): number {
  return [...times.values()].reduce<number>((sum, t) => sum + (typeof t === 'number' ? t : 0), 0);
}

function cell(value: Timing | undefined, width: number): string {
  const text = typeof value === 'number' ? value.toFixed(2) : value === undefined ? '-' : 'FAILED';
  return text.padStart(width);
}

/** a / b with two decimals, or `-` when either is missing or failed. */
export function ratio(a: Timing | undefined, b: Timing | undefined): string {
  return typeof a === 'number' && typeof b === 'number' && b > 0 ? `${(a / b).toFixed(2)}` : '-';
}

/** The cache table: per query, cache on cold/warm/ratio, cache off cold/warm/ratio, stock. */
export function cacheTable(on: [Map<string, Timing>, Map<string, Timing>], off: [Map<string, Timing>, Map<string, Timing>],
  stock: Map<string, Timing>): string[] {
  const w = 9;
  const lines = [
    `${'query'.padEnd(6)}${'cache on (ours)'.padStart(w * 3)}   ${'cache off (ours)'.padStart(w * 3)}   ${'stock'.padStart(w)}`,
    `${''.padEnd(6)}${'cold s'.padStart(w)}${'warm s'.padStart(w)}${'w/c'.padStart(w)}   ${'cold s'.padStart(w)}${'warm s'.padStart(w)}${'w/c'.padStart(w)}   ${'cold s'.padStart(w)}`,
  ];
  const row = (name: string, get: (m: Map<string, Timing>) => Timing | undefined) =>
    `${name.padEnd(6)}${cell(get(on[0]), w)}${cell(get(on[1]), w)}${ratio(get(on[1]), get(on[0])).padStart(w)}   ` +
    `${cell(get(off[0]), w)}${cell(get(off[1]), w)}${ratio(get(off[1]), get(off[0])).padStart(w)}   ${cell(get(stock), w)}`;
  for (const name of on[0].keys()) lines.push(row(name, (m) => m.get(name)));
  lines.push(row('total', (m) => total(m)));
  return lines;
}

/** Per query, warm without the cache / warm with it: the cache's speed-up on a second read. */
export function cacheSpeedups(onWarm: Map<string, Timing>, offWarm: Map<string, Timing>): string[] {
  return [...onWarm.keys()].map((name) => {
    const speedup = ratio(offWarm.get(name), onWarm.get(name));
    return `  ${name}: warm without the cache / warm with it = ${speedup === '-' ? 'not measured (a run failed)' : `${speedup}x`}`;
  });
}

/** The concurrency table: per stream count, ours and stock side by side. */
export function concurrencyTable(ours: ConcurrencyResult[], stock: ConcurrencyResult[]): string[] {
  const lines = [`${'streams'.padEnd(8)}${'config'.padEnd(8)}${'completed'.padStart(10)}${'failed'.padStart(8)}${'wall s'.padStart(9)}  failure reasons`];
  for (const [label, results] of [['ours', ours], ['stock', stock]] as const) {
    for (const r of results) {
      lines.push(`${String(r.streams).padEnd(8)}${label.padEnd(8)}${String(r.completed).padStart(10)}${String(r.failed).padStart(8)}` +
        `${r.wallSeconds.toFixed(1).padStart(9)}  ${r.reasons.join('; ') || '-'}`);
    }
  }
  return lines;
}

export const BENCHMARK_USAGE =
  'Usage: scripts/local-benchmark.sh [--schema tiny|sf1|...] [--work-dir DIR] [--s3-latency-ms N] [--spill-only | --concurrency-only | --cache-only]';
/** The highest --s3-latency-ms: Amazon S3's median for small requests is tens of milliseconds. */
export const MAX_S3_LATENCY_MS = 1000;

export interface BenchmarkArguments {
  readonly schema: string;
  readonly workDir: string;
  /** 0: no modelled latency. */
  readonly s3FirstByteLatencyMs: number;
  readonly spillOnly: boolean;
  readonly concurrencyOnly: boolean;
  readonly cacheOnly: boolean;
}

/** The benchmark's command line; throws an Error that names the bad argument and what is allowed. */
export function parseBenchmarkArguments(argv: string[], callerDir: string, defaultWorkDir: string): BenchmarkArguments {
  let schema = 'tiny';
  let workDir = defaultWorkDir;
  let s3FirstByteLatencyMs = 0;
  const only: string[] = [];
  const valueOf = (i: number): string => {
    if (argv[i + 1] === undefined) throw new Error(`${argv[i]} needs a value`);
    return argv[i + 1];
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--spill-only' || arg === '--concurrency-only' || arg === '--cache-only') {
      only.push(arg);
    } else if (arg === '--schema') {
      schema = valueOf(i++);
      if (!/^(tiny|sf[0-9.]+)$/.test(schema)) throw new Error(`--schema: '${schema}' is not a TPC-H schema; use tiny, sf1, sf10, ...`);
    } else if (arg === '--work-dir') {
      workDir = path.resolve(callerDir, valueOf(i++));
    } else if (arg === '--s3-latency-ms') {
      const value = valueOf(i++);
      s3FirstByteLatencyMs = Number(value);
      if (!/^[0-9]+$/.test(value) || s3FirstByteLatencyMs > MAX_S3_LATENCY_MS) {
        throw new Error(`--s3-latency-ms: '${value}' is not a whole number of milliseconds from 0 to ${MAX_S3_LATENCY_MS}`);
      }
    } else {
      throw new Error(`unknown argument '${arg}'`);
    }
  }
  if (only.length > 1) throw new Error(`${only.join(' and ')}: choose one of --spill-only, --concurrency-only and --cache-only`);
  return {
    schema,
    workDir,
    s3FirstByteLatencyMs,
    spillOnly: only[0] === '--spill-only',
    concurrencyOnly: only[0] === '--concurrency-only',
    cacheOnly: only[0] === '--cache-only',
  };
}

async function main(): Promise<number> {
  const repoRoot = process.env.LOCAL_STACK_ROOT ?? path.resolve(__dirname, '..', '..', '..', '..', '..');
  let args: BenchmarkArguments;
  try {
    args = parseBenchmarkArguments(process.argv.slice(2), process.env.LOCAL_STACK_CALLER_DIR ?? process.cwd(),
      path.join(repoRoot, '.local', 'local-benchmark'));
  } catch (error) {
    process.stderr.write(`${messageOf(error)}\n${BENCHMARK_USAGE}\n`);
    return 2;
  }
  const { schema, workDir, s3FirstByteLatencyMs, spillOnly, concurrencyOnly, cacheOnly } = args;
  const print = (line: string) => process.stdout.write(`${line}\n`);
  const toolchain = toolchainFromEnvironment(repoRoot);
  let stack: LocalStack | undefined;
  const onSignal = () => {
    void (stack ? stack.stop() : Promise.resolve()).then(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const start = async (label: string, options: {
    customize?: (o: TrinoConfigurationOptions) => TrinoConfigurationOptions;
    rewriteFiles?: (node: LocalTrinoNode) => Record<string, string>;
    withoutParquet?: boolean;
  } = {}): Promise<LocalStack> => {
    print(`${label}:`);
    const started = Date.now();
    stack = await LocalStack.start({
      toolchain,
      workDir,
      stages: new StageRunner(5, (line) => print(`    ${line}`)),
      customize: options.customize,
      rewriteFiles: options.rewriteFiles,
      s3FirstByteLatencyMs,
    });
    print(`    started in ${((Date.now() - started) / 1000).toFixed(1)}s`);
    if (!options.withoutParquet) await loadParquet(stack, schema, print);
    return stack;
  };
  const stop = async () => {
    await stack?.stop();
    stack = undefined;
  };

  print(`Benchmark: Trino ${QUICKSTART_TRINO_VERSION.version}, coordinator + ${QUICKSTART_MAX_WORKERS} workers on 127.0.0.1, ` +
    `TPC-H ${schema} as Parquet in the S3 emulator; the library's configuration (cache on, cache off) vs Trino's stock configuration (same heap)`);
  print(s3FirstByteLatencyMs > 0
    ? `S3 emulator: modelled first-byte latency of ${s3FirstByteLatencyMs} ms on every request (a model of Amazon S3, not a measurement of it)`
    : 'S3 emulator: no modelled latency (moto on loopback answers in about a millisecond)');
  try {
    const spillRun = async (label: string): Promise<SpillResult> => {
      const spill = await spillCase(await start(label, { customize: smallWorkers, withoutParquet: true }), print);
      await stop();
      return spill;
    };
    if (spillOnly) {
      printSpill(await spillRun('library configuration on small workers, spill case only'), print);
      return 0;
    }
    // The pieces the full run and the single-purpose runs share.
    const allStreams = async (running: LocalStack): Promise<ConcurrencyResult[]> => {
      const results: ConcurrencyResult[] = [];
      for (const streams of STREAM_COUNTS) results.push(await concurrency(running, streams, print));
      return results;
    };
    const coldThenWarm = async (running: LocalStack, coldLabel: string, names?: string[]): Promise<[Map<string, Timing>, Map<string, Timing>]> => {
      const cold = await pass(running, coldLabel, print, names);
      const warm: Map<string, Timing>[] = [];
      for (let i = 1; i <= WARM_PASSES; i++) warm.push(await pass(running, `warm ${i}/${WARM_PASSES}`, print, names));
      return [cold, medianTimes(warm)];
    };
    const printConcurrency = (ours: ConcurrencyResult[], stock: ConcurrencyResult[]) => {
      print('');
      print(`Concurrency: N streams at once, each running ${HEAVY_QUERIES.join(', ')} (rotated), TPC-H ${schema} on Parquet`);
      concurrencyTable(ours, stock).forEach(print);
    };
    if (cacheOnly) {
      let running = await start('library configuration, file-system cache on, scan-heavy queries only');
      const on = await coldThenWarm(running, 'cold (cache empty)', SCAN_QUERIES);
      await stop();
      running = await start('library configuration, file-system cache off, scan-heavy queries only', { customize: cacheOff });
      const off = await coldThenWarm(running, 'cold', SCAN_QUERIES);
      await stop();
      print('');
      print(`TPC-H ${schema} on Parquet in S3, scan-heavy queries, seconds (no stock run)`);
      cacheTable(on, off, new Map()).forEach(print);
      cacheSpeedups(on[1], off[1]).forEach(print);
      return 0;
    }
    if (concurrencyOnly) {
      const ours = await allStreams(await start('library configuration, concurrency only'));
      await stop();
      const stock = await allStreams(await start('stock configuration, concurrency only', { rewriteFiles: stockFiles }));
      await stop();
      printConcurrency(ours, stock);
      return 0;
    }
    let s = await start('run 1, library configuration, file-system cache on');
    const on = await coldThenWarm(s, 'cold (cache empty)');
    const ours = await allStreams(s);
    await stop();

    s = await start('run 2, library configuration, file-system cache off', { customize: cacheOff });
    const off = await coldThenWarm(s, 'cold');
    await stop();

    s = await start('run 3, stock configuration', { rewriteFiles: stockFiles });
    const stockCold = await pass(s, 'cold', print);
    const stock = await allStreams(s);
    await stop();

    const spill = await spillRun('run 4, library configuration on small workers, spill case');

    print('');
    print(`TPC-H ${schema} on Parquet in S3, seconds per query (w/c = warm / cold: below 1, the second read was faster)`);
    cacheTable(on, off, stockCold).forEach(print);
    printConcurrency(ours, stock);
    printSpill(spill, print);
    print('');
    print('One run on a shared machine: a query\'s time moves by tens of percent between runs. The S3 object reads per pass show ' +
      'what the cache saves; without --s3-latency-ms the emulator answers in about a millisecond, so it saves less time here than ' +
      'against Amazon S3.');
    return 0;
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
