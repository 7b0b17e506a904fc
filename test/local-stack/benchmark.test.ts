import { stockFiles } from '../../src/local/benchmark';
import { planLocalStack } from '../../src/local/local-stack-plan';
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
    expect(catalogs(theirs.files)).toEqual(catalogs(mine.files));
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
