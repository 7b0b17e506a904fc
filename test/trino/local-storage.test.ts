import { Duration, Size } from 'aws-cdk-lib';
import { BucketAccess } from '../../src/irsa-bucket-access/bucket-grant';
import {
  Catalog, FileSystemCache, LocalStorage, ObjectStorage, TrinoConfiguration, TrinoConfigurationOptions, TrinoRole, TrinoVersion,
} from '../../src/trino';

/** 950 GB of NVMe (r7gd.4xlarge / r6id.4xlarge), as the instance-type tables give it: decimal gigabytes. */
const NVME_950GB = Size.mebibytes(Math.floor(950e9 / 2 ** 20));
const LAKE = [{ bucketName: 'analytics-lake', prefixes: ['warehouse'], access: BucketAccess.READ_WRITE }];
const METASTORE = 'thrift://hive-metastore:9083';

const gib = (size: Size | undefined) => size?.toMebibytes() === undefined ? undefined : size.toMebibytes() / 1024;

describe('the rule on an r7gd.4xlarge worker (128 GiB, 950 GB NVMe)', () => {
  const storage = LocalStorage.forNode({ diskSize: NVME_950GB, nodeMemory: Size.gibibytes(128) });

  test('reserves 10 GiB + 15% of the disk, rounded up to whole GiB', () => {
    expect(gib(storage.reserved)).toBe(143);
  });

  test('spill is capped at twice the node memory, half of it per query', () => {
    expect(gib(storage.maxSpillPerNode)).toBe(256);
    expect(gib(storage.maxSpillPerQueryPerNode)).toBe(128);
    expect(storage.spillPath).toBe('/data/trino-local/spill');
  });

  test('the cache gets the rest of the usable disk, kept for a day', () => {
    expect(gib(storage.cacheMaxSize)).toBe(741 - 256);
    expect(storage.cacheTtl?.toSeconds()).toBe(86400);
    expect(storage.cacheDirectory).toBe('/data/trino-local/cache');
  });

  test('cache and spill never exceed the disk minus the reserve', () => {
    expect(storage.used.toMebibytes() + storage.reserved.toMebibytes()).toBeLessThanOrEqual(NVME_950GB.toMebibytes());
  });

  test('renders the fs.cache properties with absolute sizes', () => {
    expect(storage.catalogProperties).toEqual({
      'fs.cache.enabled': 'true',
      'fs.cache.directories': '/data/trino-local/cache',
      'fs.cache.max-sizes': '485GB',
      'fs.cache.ttl': '1d',
    });
  });
});

describe('the split follows the disk and the memory', () => {
  test('a small node with a large disk: spill bounded by memory (2 × 16 GiB), the cache takes the rest', () => {
    const storage = LocalStorage.forNode({ diskSize: NVME_950GB, nodeMemory: Size.gibibytes(16) });
    expect(gib(storage.maxSpillPerNode)).toBe(32);
    expect(gib(storage.cacheMaxSize)).toBe(741 - 32);
  });

  test('a large node with a small disk: spill bounded by half the usable disk', () => {
    // 118 GB (r7gd.large): reserve 10 + 16.5 -> 27 GiB; usable 82 GiB; spill 41 GiB.
    const storage = LocalStorage.forNode({ diskSize: Size.mebibytes(Math.floor(118e9 / 2 ** 20)), nodeMemory: Size.gibibytes(256) });
    expect(gib(storage.maxSpillPerNode)).toBe(41);
    expect(gib(storage.cacheMaxSize)).toBe(41);
  });

  test('cache off: spill may use the whole usable disk (still at most twice the memory)', () => {
    const storage = LocalStorage.forNode({ diskSize: Size.gibibytes(100), nodeMemory: Size.gibibytes(128), fileSystemCache: FileSystemCache.off() });
    // reserve 10 + 15 = 25 GiB; usable 75 GiB.
    expect(storage.cacheEnabled).toBe(false);
    expect(storage.catalogProperties).toEqual({});
    expect(gib(storage.maxSpillPerNode)).toBe(75);
  });

  test('spill off: the cache takes the whole usable disk', () => {
    const storage = LocalStorage.forNode({ diskSize: Size.gibibytes(100), nodeMemory: Size.gibibytes(64), spillToDisk: false });
    expect(storage.spillPath).toBeUndefined();
    expect(gib(storage.cacheMaxSize)).toBe(75);
  });

  test('a tiny disk (under 8 GiB usable) is used for nothing', () => {
    const storage = LocalStorage.forNode({ diskSize: Size.gibibytes(20), nodeMemory: Size.gibibytes(64) });
    expect(storage.cacheEnabled).toBe(false);
    expect(storage.spillPath).toBeUndefined();
    expect(gib(storage.used)).toBe(0);
  });

  test('an explicit cache size leaves the rest to spill, and its TTL is rendered in the largest unit', () => {
    const storage = LocalStorage.forNode({
      diskSize: Size.gibibytes(100),
      nodeMemory: Size.gibibytes(64),
      fileSystemCache: FileSystemCache.of({ maxSize: Size.gibibytes(50), ttl: Duration.hours(6) }),
    });
    expect(storage.catalogProperties['fs.cache.max-sizes']).toBe('50GB');
    expect(storage.catalogProperties['fs.cache.ttl']).toBe('6h');
    expect(gib(storage.maxSpillPerNode)).toBe(25);
  });

  test('the directory follows path', () => {
    const storage = LocalStorage.forNode({ diskSize: Size.gibibytes(100), nodeMemory: Size.gibibytes(64), path: '/mnt/nvme/' });
    expect(storage.cacheDirectory).toBe('/mnt/nvme/cache');
    expect(storage.spillPath).toBe('/mnt/nvme/spill');
  });
});

describe('bad input fails at synth, naming the prop, the value and what is allowed', () => {
  const node = { diskSize: Size.gibibytes(100), nodeMemory: Size.gibibytes(64) };

  test('an explicit cache larger than the usable disk', () => {
    expect(() => LocalStorage.forNode({ ...node, fileSystemCache: FileSystemCache.of({ maxSize: Size.gibibytes(75) }) }))
      .toThrow(/^LocalStorage: fileSystemCache.maxSize \("75 GiB"\) does not fit the local disk: .* at most 74 GiB/);
  });

  test('an explicit cache on a tiny disk', () => {
    const tiny = { diskSize: Size.gibibytes(12), nodeMemory: Size.gibibytes(64) };
    expect(() => LocalStorage.forNode({ ...tiny, fileSystemCache: FileSystemCache.of({ maxSize: Size.gibibytes(1) }) }))
      .toThrow(/fileSystemCache.maxSize \("1 GiB"\) does not fit the local disk/);
  });

  test('a cache size that is not whole gibibytes', () => {
    expect(() => LocalStorage.forNode({ ...node, fileSystemCache: FileSystemCache.of({ maxSize: Size.mebibytes(1536) }) }))
      .toThrow(/fileSystemCache.maxSize \("1\.5 GiB"\) must be a whole number of gibibytes/);
  });

  test('a TTL under a minute', () => {
    expect(() => LocalStorage.forNode({ ...node, fileSystemCache: FileSystemCache.of({ maxSize: Size.gibibytes(10), ttl: Duration.seconds(30) }) }))
      .toThrow(/fileSystemCache.ttl \("30 seconds"\) must be at least 1 minute/);
  });

  test('a disk of zero', () => {
    expect(() => LocalStorage.forNode({ ...node, diskSize: Size.gibibytes(0) })).toThrow(/diskSize \("0 GiB"\) must be more than zero/);
  });

  test('a relative or unsafe path', () => {
    expect(() => LocalStorage.forNode({ ...node, path: 'data/cache' })).toThrow(/path \("data\/cache"\) must be an absolute directory path/);
    expect(() => LocalStorage.forNode({ ...node, path: '/data/../etc' })).toThrow(/path \("\/data\/..\/etc"\)/);
  });
});

describe('TrinoConfiguration with a local disk', () => {
  const BASE: TrinoConfigurationOptions = {
    discoveryUri: 'http://trino:8080',
    coordinatorNode: { nodeMemory: Size.gibibytes(64), nodeVcpus: 8 },
    workerNode: { nodeMemory: Size.gibibytes(128), nodeVcpus: 16 },
    maxWorkers: 4,
    objectStorage: ObjectStorage.aws('eu-west-1'),
    catalogs: [
      Catalog.iceberg({ metastoreUri: METASTORE, storageAccess: LAKE }),
      Catalog.hive({ metastoreUri: METASTORE, storageAccess: LAKE }),
      Catalog.deltaLake({ metastoreUri: METASTORE, storageAccess: LAKE }),
      Catalog.tpch(),
    ],
    localStorage: { diskSize: NVME_950GB },
  };

  test.each(TrinoVersion.SUPPORTED.map((v) => [v.version, v] as const))('Trino %s: every object-storage catalog caches, identically on both roles', (_, version) => {
    const config = new TrinoConfiguration({ ...BASE, version });
    for (const name of ['iceberg', 'hive', 'delta']) {
      const file = `catalog/${name}.properties`;
      const worker = config.files(TrinoRole.WORKER)[file];
      expect(worker).toContain('\nfs.cache.enabled=true\n');
      expect(worker).toContain('\nfs.cache.directories=/data/trino-local/cache\n');
      expect(worker).toContain('\nfs.cache.max-sizes=485GB\n');
      expect(worker).toContain('\nfs.cache.ttl=1d\n');
      expect(config.files(TrinoRole.COORDINATOR)[file]).toBe(worker);
    }
  });

  test('the TPC-H generator does not cache', () => {
    const config = new TrinoConfiguration(BASE);
    expect(config.files(TrinoRole.WORKER)['catalog/tpch.properties']).not.toContain('fs.cache');
  });

  test('spill goes to the same disk with the rule\'s limits: path and node limit on workers, the query limit on both', () => {
    const config = new TrinoConfiguration(BASE);
    expect(config.configProperties(TrinoRole.WORKER)).toMatchObject({
      'spill-enabled': 'true',
      'spiller-spill-path': '/data/trino-local/spill',
      'max-spill-per-node': '256GB',
      'query-max-spill-per-node': '128GB',
    });
    expect(config.configProperties(TrinoRole.COORDINATOR)).toMatchObject({ 'spill-enabled': 'true', 'query-max-spill-per-node': '128GB' });
    expect(config.configProperties(TrinoRole.COORDINATOR)['spiller-spill-path']).toBeUndefined();
  });

  test('an explicit spill replaces the rule\'s', () => {
    const config = new TrinoConfiguration({ ...BASE, spill: { path: '/data/spill' } });
    expect(config.configProperties(TrinoRole.WORKER)['spiller-spill-path']).toBe('/data/spill');
    expect(config.configProperties(TrinoRole.WORKER)['max-spill-per-node']).toBeUndefined();
  });

  test('FileSystemCache.off() renders no fs.cache property but keeps spill', () => {
    const config = new TrinoConfiguration({ ...BASE, localStorage: { diskSize: NVME_950GB, fileSystemCache: FileSystemCache.off() } });
    expect(config.files(TrinoRole.WORKER)['catalog/iceberg.properties']).not.toContain('fs.cache');
    expect(config.configProperties(TrinoRole.WORKER)['spill-enabled']).toBe('true');
  });

  test('without a local disk nothing changes: no cache, no spill', () => {
    const { localStorage, ...noDisk } = BASE;
    const config = new TrinoConfiguration(noDisk);
    expect(config.localStorage).toBeUndefined();
    expect(config.files(TrinoRole.WORKER)['catalog/iceberg.properties']).not.toContain('fs.cache');
    expect(config.configProperties(TrinoRole.WORKER)['spill-enabled']).toBeUndefined();
  });

  test('an fs.cache key in a catalog\'s additionalProperties conflicts with the cache', () => {
    const catalogs = [Catalog.hive({ metastoreUri: METASTORE, storageAccess: LAKE, additionalProperties: { 'fs.cache.ttl': '2d' } })];
    const config = new TrinoConfiguration({ ...BASE, catalogs });
    expect(() => config.files(TrinoRole.WORKER))
      .toThrow(/^TrinoConfiguration: localStorage.fileSystemCache \("fs.cache.ttl"\) is rendered for catalog "hive" by the file-system cache/);
  });

  test('warns when the cache is on but no catalog reads object storage', () => {
    const config = new TrinoConfiguration({ ...BASE, catalogs: [Catalog.tpch()] });
    expect(config.warnings).toEqual([expect.stringMatching(/file-system cache is on .* caches nothing/)]);
  });

  test('the cache\'s page index must fit in 5% of the worker\'s heap headroom', () => {
    // A 16 GiB worker: heap 9 GiB, headroom 2.75 GiB -> 140 MiB allowed; a 5 TiB cache needs ~1.25 GiB of index.
    expect(() => new TrinoConfiguration({
      ...BASE,
      workerNode: { nodeMemory: Size.gibibytes(16), nodeVcpus: 2 },
      localStorage: { diskSize: Size.tebibytes(8), fileSystemCache: FileSystemCache.of({ maxSize: Size.tebibytes(5) }) },
    })).toThrow(/^TrinoConfiguration: localStorage.fileSystemCache \("5120 GiB cache"\) needs about 1.25 GiB of heap for its page index/);
  });

  test('errors name the configuration\'s prop path', () => {
    const fileSystemCache = FileSystemCache.of({ maxSize: Size.gibibytes(99) });
    expect(() => new TrinoConfiguration({ ...BASE, localStorage: { diskSize: Size.gibibytes(100), fileSystemCache } }))
      .toThrow(/^TrinoConfiguration: localStorage.fileSystemCache.maxSize \("99 GiB"\)/);
  });
});
