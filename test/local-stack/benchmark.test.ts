import {
  ConcurrencyResult, HEAVY_QUERIES, MAX_S3_LATENCY_MS, SpillResult, cacheOff, countS3Requests, describeS3Requests, medianTimes,
  parseBenchmarkArguments,
  cacheSpeedups, inGigabytes, concurrencyTable, ratio, smallWorkers, spillVerdict,
  stockFiles, streamQueries,
} from '../../local/benchmark';
import { planLocalStack } from '../../local/local-stack-plan';
import { TrinoRole } from '../../src/trino';

const PORTS = { s3: 19000, postgres: 15433, metastore: 19083, coordinator: 18080, workers: [18081, 18082] };

/** A properties file as key → value. */
function parse(file: string): Record<string, string> {
  return Object.fromEntries(file.split('\n').filter((line) => line && !line.startsWith('#')).map((line) => {
    const at = line.indexOf('=');
    return [line.slice(0, at), line.slice(at + 1)];
  }));
}

describe("the benchmark's stock configuration", () => {
  const ours = planLocalStack({ workDir: '/tmp/stack', ports: PORTS });
  const stock = planLocalStack({ workDir: '/tmp/stack', ports: PORTS, rewriteFiles: stockFiles });

  test.each(['coordinator', 'worker-1'])('%s: the same heap, catalogs and node, no tuned property', (name) => {
    const mine = ours.nodes.find((n) => n.name === name)!;
    const theirs = stock.nodes.find((n) => n.name === name)!;
    const heap = mine.files['jvm.config'].split('\n').filter((line) => line.startsWith('-Xmx'));
    expect(heap).toHaveLength(1);
    expect(theirs.files['jvm.config'].split('\n').filter((line) => line.startsWith('-Xmx'))).toEqual(heap);
    expect(theirs.files['node.properties']).toBe(mine.files['node.properties']);
    const catalogs = (files: Record<string, string>) => Object.entries(files).filter(([file]) => file.startsWith('catalog/'));
    // The same catalogs without the file-system cache (stock Trino caches nothing).
    const withoutCache = (files: Record<string, string>) => catalogs(files).map(([file, content]) =>
      [file, content.split('\n').filter((line) => !line.startsWith('fs.cache.')).join('\n')]);
    expect(catalogs(theirs.files)).toEqual(withoutCache(mine.files));
    expect(catalogs(theirs.files).some(([, content]) => content.includes('fs.cache'))).toBe(false);
    expect(catalogs(mine.files).some(([, content]) => content.includes('fs.cache.enabled=true'))).toBe(true);
    expect(catalogs(theirs.files).length).toBeGreaterThan(0);

    const config = parse(theirs.files['config.properties']);
    expect(config.coordinator).toBe(mine.role === TrinoRole.COORDINATOR ? 'true' : 'false');
    expect(config['http-server.http.port']).toBe(String(mine.httpPort));
    expect(config['discovery.uri']).toBe(parse(mine.files['config.properties'])['discovery.uri']);
    // Trino's defaults: none of the memory, shutdown or scale-to-zero properties the library renders.
    for (const key of Object.keys(config)) {
      expect(['coordinator', 'node-scheduler.include-coordinator', 'http-server.http.port', 'discovery.uri']).toContain(key);
    }
    expect(Object.keys(theirs.files).filter((file) => file.startsWith('access-control'))).toEqual([]);
  });
});

describe('the benchmark\'s runs', () => {
  test('the cache-off run is the library\'s configuration with FileSystemCache.off(): no fs.cache, spill kept', () => {
    const off = planLocalStack({ workDir: '/tmp/stack', ports: PORTS, customize: cacheOff });
    const worker = off.nodes.find((n) => n.name === 'worker-1')!;
    expect(worker.files['catalog/hive.properties']).not.toContain('fs.cache');
    expect(parse(worker.files['config.properties'])['spill-enabled']).toBe('true');
  });

  test('every stream runs Q9, Q18 and Q21 once, starting at a different query', () => {
    const streams = [0, 1, 2, 3].map(streamQueries);
    for (const queries of streams) expect([...queries].sort()).toEqual([...HEAVY_QUERIES].sort());
    expect(streams.slice(0, 3).map((queries) => queries[0])).toEqual(['q09', 'q18', 'q21']);
  });

  test('the cache speed-up is warm without the cache over warm with it, per query', () => {
    const onWarm = new Map<string, number | string>([['q01', 0.5], ['q06', 'FAILED x']]);
    const offWarm = new Map<string, number | string>([['q01', 1], ['q06', 2]]);
    expect(cacheSpeedups(onWarm, offWarm)).toEqual([
      '  q01: warm without the cache / warm with it = 2.00x',
      '  q06: warm without the cache / warm with it = not measured (a run failed)',
    ]);
  });

  test('ratio divides, and says "-" when a side failed', () => {
    expect(ratio(1, 4)).toBe('0.25');
    expect(ratio('FAILED x', 4)).toBe('-');
  });

  test('the concurrency table lists ours and stock per stream count with the failure reasons', () => {
    const result = (streams: number, failed: number, reasons: string[]): ConcurrencyResult =>
      ({ streams, completed: 3 * streams - failed, failed, reasons, wallSeconds: 12.34 });
    const lines = concurrencyTable([result(4, 0, [])], [result(4, 2, ['EXCEEDED_LOCAL_MEMORY_LIMIT: Query exceeded per-node memory limit'])]);
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/^4\s+ours\s+12\s+0\s+12.3\s+-$/);
    expect(lines[2]).toMatch(/^4\s+stock\s+10\s+2\s+12.3\s+EXCEEDED_LOCAL_MEMORY_LIMIT/);
  });
});

describe('the spill case', () => {
  test('runs on workers whose memory pool the library sizes at 1 GB (4 GiB node, 2 GiB heap, 1 GiB headroom), with spill on', () => {
    const plan = planLocalStack({ workDir: '/tmp/stack', ports: PORTS, customize: smallWorkers });
    const worker = plan.nodes.find((n) => n.name === 'worker-1')!;
    const config = parse(worker.files['config.properties']);
    expect(worker.files['jvm.config'].split('\n')).toContain('-Xmx2G');
    expect(config['query.max-memory-per-node']).toBe('1GB');
    expect(config['memory.heap-headroom-per-node']).toBe('1GB');
    expect(config['spill-enabled']).toBe('true');
    expect(config['spiller-spill-path']).toBe('/tmp/stack/trino/worker-1/local-disk/spill');
  });

  test('the coordinator keeps its usual size', () => {
    const usual = planLocalStack({ workDir: '/tmp/stack', ports: PORTS }).nodes.find((n) => n.name === 'coordinator')!;
    const small = planLocalStack({ workDir: '/tmp/stack', ports: PORTS, customize: smallWorkers }).nodes.find((n) => n.name === 'coordinator')!;
    expect(small.files['jvm.config']).toBe(usual.files['jvm.config']);
  });

  const limit = 'FAILED EXCEEDED_LOCAL_MEMORY_LIMIT: Query exceeded per-node memory limit of 512MB';
  test.each<[string, SpillResult, RegExp]>([
    ['spill on succeeded and spilled, spill off hit the limit', { withSpill: 20, withoutSpill: limit, spilled: '1.2GB' }, /^spill proven/],
    ['nothing spilled', { withSpill: 20, withoutSpill: limit, spilled: '0B' }, /not proven: nothing was spilled/],
    ['spill on failed too', { withSpill: limit, withoutSpill: limit }, /not proven: it failed with spill on/],
    ['the join fit in memory', { withSpill: 20, withoutSpill: 15, spilled: '1MB' }, /not proven: it fit in memory with spill off/],
    ['spill off failed otherwise', { withSpill: 20, withoutSpill: 'FAILED GENERIC_INTERNAL_ERROR: x', spilled: '1MB' }, /not proven: spill off failed for another reason/],
  ])('verdict: %s', (_, result, expected) => {
    expect(spillVerdict(result)).toMatch(expected);
  });

  test('sizes are printed in Trino\'s GB', () => {
    expect(inGigabytes('3120944552B')).toBe('2.91GB');
    expect(inGigabytes('1.25GB')).toBe('1.25GB');
    expect(inGigabytes(undefined)).toBe('?');
  });
});

describe("the benchmark's command line", () => {
  const parseArguments = (...argv: string[]) => parseBenchmarkArguments(argv, '/home/me', '/repo/.local/local-benchmark');

  test('defaults: tiny, the default work directory, no modelled S3 latency, the full run', () => {
    expect(parseArguments()).toEqual({
      schema: 'tiny', workDir: '/repo/.local/local-benchmark', s3FirstByteLatencyMs: 0, spillOnly: false, concurrencyOnly: false, cacheOnly: false,
    });
  });

  test('reads the schema, a work directory relative to the caller, the modelled latency and one single-purpose run', () => {
    expect(parseArguments('--schema', 'sf1', '--work-dir', 'bench', '--s3-latency-ms', '20', '--cache-only')).toEqual({
      schema: 'sf1', workDir: '/home/me/bench', s3FirstByteLatencyMs: 20, spillOnly: false, concurrencyOnly: false, cacheOnly: true,
    });
  });

  test.each([
    [['--s3-latency-ms', '-5'], /--s3-latency-ms: '-5' is not a whole number of milliseconds from 0 to 1000/],
    [['--s3-latency-ms', '2.5'], /'2\.5' is not a whole number/],
    [['--s3-latency-ms', String(MAX_S3_LATENCY_MS + 1)], /'1001' is not a whole number of milliseconds from 0 to 1000/],
    [['--s3-latency-ms'], /--s3-latency-ms needs a value/],
    [['--schema', 'sf1;drop'], /--schema: 'sf1;drop' is not a TPC-H schema; use tiny, sf1, sf10/],
    [['--cache-only', '--spill-only'], /--cache-only and --spill-only: choose one of/],
    [['--fast'], /unknown argument '--fast'/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseArguments(...argv)).toThrow(message);
  });
});

describe("the S3 requests a pass made, from the emulator's access log", () => {
  // Lines as moto's Werkzeug server writes them (colours included), plus lines that are not requests.
  const log = [
    '\x1b[31m\x1b[1mWARNING: This is a development server.\x1b[0m',
    '127.0.0.1 - - [01/Dec/2026 17:10:30] "\x1b[35m\x1b[1mGET /trino-quickstart-lake/warehouse/bench/lineitem/20261201_x HTTP/1.1\x1b[0m" 206 -',
    '127.0.0.1 - - [01/Dec/2026 17:10:30] "GET /trino-quickstart-lake/warehouse/bench/part/20261201_y HTTP/1.1" 200 -',
    '127.0.0.1 - - [01/Dec/2026 17:10:31] "GET /trino-quickstart-lake?list-type=2&prefix=warehouse%2Fbench%2Flineitem%2F HTTP/1.1" 200 -',
    '127.0.0.1 - - [01/Dec/2026 17:10:31] "GET /trino-quickstart-lake/?list-type=2 HTTP/1.1" 200 -',
    '127.0.0.1 - - [01/Dec/2026 17:10:31] "\x1b[33mHEAD /trino-quickstart-lake/warehouse/bench/nation HTTP/1.1\x1b[0m" 404 -',
    '127.0.0.1 - - [01/Dec/2026 17:10:32] "PUT /trino-quickstart-lake/warehouse/bench/nation/20261201_z HTTP/1.1" 200 -',
    '127.0.0.1 - - [01/Dec/2026 17:10:32] "POST /trino-quickstart-lake/warehouse/bench/lineitem/20261201_x?uploads HTTP/1.1" 200 -',
    '127.0.0.1 - - [01/Dec/2026 17:10:33] "DELETE /trino-quickstart-lake/warehouse/tmp HTTP/1.1" 204 -',
    '',
  ];

  test('object GETs (ranges too), bucket listings, HEADs and writes are told apart', () => {
    expect(countS3Requests(log)).toEqual({ objectReads: 2, listings: 2, heads: 1, writes: 3 });
  });

  test('no request lines, no requests', () => {
    expect(countS3Requests(['', ' * Running on http://127.0.0.1:9000'])).toEqual({ objectReads: 0, listings: 0, heads: 0, writes: 0 });
  });

  test('printed in one line', () => {
    expect(describeS3Requests(countS3Requests(log))).toBe('S3 requests: 2 object reads, 2 listings, 1 HEADs, 3 writes');
  });
});

describe('the warm passes, summed up per query', () => {
  test('the median of an odd number of passes is the middle time', () => {
    const passes = [new Map([['q01', 3.1], ['q06', 1]]), new Map([['q01', 2.0], ['q06', 9]]), new Map([['q01', 2.5], ['q06', 2]])];
    expect([...medianTimes(passes)]).toEqual([['q01', 2.5], ['q06', 2]]);
  });

  test('of an even number, the mean of the two middle times', () => {
    expect(medianTimes([new Map([['q01', 1]]), new Map([['q01', 4]]), new Map([['q01', 2]]), new Map([['q01', 3]])]).get('q01')).toBe(2.5);
  });

  test('a query that failed in any pass is reported failed, with its reason', () => {
    const passes = [new Map<string, number | string>([['q01', 1]]), new Map<string, number | string>([['q01', 'FAILED out of memory']])];
    expect(medianTimes(passes).get('q01')).toBe('FAILED out of memory');
  });
});
