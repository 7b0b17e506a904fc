import { Duration, Size } from 'aws-cdk-lib';
import { trinoDataSize } from './trino-units';
import { describeMebibytes, wholeMebibytes, wholeSeconds } from '../private/units';
import { propError } from '../private/validation';

/** Sizes of the file-system cache when they are given rather than derived from the disk. */
export interface FileSystemCacheSizeOptions {
  /** Most data the cache keeps on each worker's local disk (`fs.cache.max-sizes`), whole gibibytes, at least 1 GiB. */
  readonly maxSize: Size;

  /**
   * How long a file stays cached after it was last read (`fs.cache.ttl`).
   *
   * @default Duration.days(1)
   */
  readonly ttl?: Duration;
}

/**
 * Trino's file-system cache for object storage (object-storage/file-system-cache.html): copies of the S3
 * files workers read, kept on the worker's local disk so that repeated reads of the same Parquet/ORC files
 * do not go back to S3. Per catalog (Hive, Iceberg, Delta Lake); the TPC-H/TPC-DS generators never cache.
 */
export class FileSystemCache {
  /** Sized from the local disk by the LocalStorage rule; none when the node has no usable local disk. */
  public static auto(): FileSystemCache {
    return new FileSystemCache('auto');
  }

  /** No file-system cache. */
  public static off(): FileSystemCache {
    return new FileSystemCache('off');
  }

  /** A cache of this size (it must fit the local disk with the LocalStorage rule's reserve). */
  public static of(options: FileSystemCacheSizeOptions): FileSystemCache {
    return new FileSystemCache('sized', options);
  }

  /** @internal `auto`, `off` or `sized`. */
  public readonly _kind: string;
  /** @internal */
  public readonly _sizes?: FileSystemCacheSizeOptions;

  private constructor(kind: string, sizes?: FileSystemCacheSizeOptions) {
    this._kind = kind;
    this._sizes = sizes;
  }
}

/** The worker node's local disk and how Trino uses it. */
export interface LocalStorageOptions {
  /**
   * Size of the node's local disk (the instance store, e.g. 950 GB on an r7gd.4xlarge), which also holds
   * the container images, logs and everything else the kubelet counts as ephemeral storage.
   */
  readonly diskSize: Size;

  /**
   * The directory on that disk Trino uses; the cache and the spill directories are under it.
   *
   * @default '/data/trino-local'
   */
  readonly path?: string;

  /**
   * The file-system cache of object-storage catalogs.
   *
   * @default FileSystemCache.auto()
   */
  readonly fileSystemCache?: FileSystemCache;

  /**
   * Spill to the same disk when a query runs short of memory (`spill-enabled`, limits from the rule).
   * An explicit `spill` in the configuration replaces it.
   *
   * @default true
   */
  readonly spillToDisk?: boolean;
}

/** The node a LocalStorage is computed for. */
export interface LocalStorageNodeOptions extends LocalStorageOptions {
  /** Memory of the node (spill is bounded by it). */
  readonly nodeMemory: Size;
}

const GIB = 1024;
/** Container images, container logs, Trino's own data directory. */
const RESERVED_FIXED = 10 * GIB;
/** The kubelet evicts pods below 10% free (`nodefs.available`), plus 5% so Trino never gets close. */
const RESERVED_FRACTION = 0.15;
/** Below this much usable disk, caching and spilling are not worth the risk of filling the disk. */
const MIN_USABLE = 8 * GIB;
const MIN_CACHE = GIB;
const MIN_SPILL = GIB;
/** Spill per node is at most this many times the node's memory. */
const SPILL_MEMORY_MULTIPLE = 2;
const DEFAULT_TTL_SECONDS = 24 * 60 * 60;
/** Alluxio's default page (`fs.cache.page-size`) and a generous estimate of its on-heap index entry per page. */
const CACHE_PAGE_MIB = 1;
const CACHE_INDEX_BYTES_PER_PAGE = 256;
const ABSOLUTE_PATH = /^\/[A-Za-z0-9._/-]*$/;

/**
 * How a worker uses its local disk: the file-system cache (`fs.cache.*` in every object-storage catalog)
 * and spill (`spiller-spill-path`, `max-spill-per-node`, `query-max-spill-per-node`), from the disk's size
 * and the node's memory. Pure; used by TrinoConfiguration, so the same numbers reach EKS and the local stack.
 *
 * The rule (sizes in whole GiB, rounded in the safe direction):
 * 1. **Reserve** = 10 GiB (images, logs, Trino's data directory) + 15% of the disk (the kubelet evicts pods
 *    when less than 10% is free, and Trino refuses to spill to a disk more than 90% full,
 *    `spiller-max-used-space-threshold`; 5% more keeps Trino clear of both), rounded up. **Usable** = disk − reserve.
 *    With less than 8 GiB usable, `auto` uses the disk for nothing.
 * 2. **Spill per node** (`max-spill-per-node`) = the smaller of half the usable disk (all of it when the cache is
 *    off) and 2 × the node's memory: spill holds operator state that did not fit in memory, and a query spilling
 *    more than twice the node's memory runs for hours; the rest of the disk serves the cache better.
 *    **Spill per query per node** (`query-max-spill-per-node`) = half of it, so two memory-heavy queries can
 *    spill side by side and one runaway query cannot take the whole disk.
 * 3. **Cache** (`fs.cache.max-sizes`) = usable − spill; an explicit size must fit in usable − spill (at least
 *    1 GiB of spill when spill is on). Sizes are absolute (not `fs.cache.max-disk-usage-percentages`): the disk is
 *    shared with spill and images, and the numbers are identical on every node.
 * 4. **TTL** (`fs.cache.ttl`) = 1 day: entries are keyed by file path, modification time and length, so the TTL
 *    does not guard freshness; it only drops files nobody read for a day (instance-store nodes rarely live
 *    longer, Trino's 7-day default keeps dead entries). Size-based eviction does the rest.
 * 5. The cache's index lives on the heap (about 256 bytes per cached 1 MiB page, untracked by Trino's memory
 *    pools): TrinoConfiguration checks it stays under 5% of `memory.heap-headroom-per-node`.
 *
 * Worked example, an r7gd.4xlarge worker (128 GiB, 950 GB = 884 GiB NVMe): reserve = 10 + 133 = 143 GiB;
 * usable = 741 GiB; spill = min(370, 256) = 256 GiB, 128 GiB per query; cache = 485 GiB, TTL 1 day.
 */
export class LocalStorage {
  /** Applies the rule to a node. */
  public static forNode(options: LocalStorageNodeOptions): LocalStorage {
    return LocalStorage._compute(options, 'LocalStorage', '');
  }

  /** @internal The rule, with errors naming the caller's construct and prop path (e.g. `localStorage.`). */
  public static _compute(options: LocalStorageNodeOptions, construct: string, propPrefix: string): LocalStorage {
    const prop = (name: string) => `${propPrefix}${name}`;
    const path = (options.path ?? '/data/trino-local').replace(/\/+$/, '');
    if (!ABSOLUTE_PATH.test(path) || path.split('/').includes('..') || path === '') {
      throw propError(construct, prop('path'), options.path,
        'must be an absolute directory path of letters, digits, ".", "_", "-" and "/", e.g. "/data/trino-local"');
    }
    const disk = wholeMebibytes(options.diskSize, construct, prop('diskSize'));
    if (disk <= 0) {
      throw propError(construct, prop('diskSize'), describeMebibytes(disk),
        'must be more than zero; leave localStorage out for a node without a local disk');
    }
    const memory = wholeMebibytes(options.nodeMemory, construct, prop('nodeMemory'));
    const cache = options.fileSystemCache ?? FileSystemCache.auto();
    const spillOn = options.spillToDisk ?? true;

    const reserve = ceilTo(RESERVED_FIXED + disk * RESERVED_FRACTION, GIB);
    const usable = Math.max(0, floorTo(disk - reserve, GIB));
    const tooSmall = usable < MIN_USABLE;
    const describeUsable = `a ${describeMebibytes(disk)} disk leaves ${describeMebibytes(usable)} after the ${describeMebibytes(reserve)} reserve ` +
      '(10 GiB + 15% for images, logs and the kubelet\'s eviction threshold)';

    let cacheMib = 0;
    let ttlSeconds = DEFAULT_TTL_SECONDS;
    let spillMib = 0;
    if (cache._kind === 'sized') {
      const sizes = cache._sizes!;
      cacheMib = wholeMebibytes(sizes.maxSize, construct, prop('fileSystemCache.maxSize'));
      if (cacheMib < MIN_CACHE || cacheMib % GIB !== 0) {
        throw propError(construct, prop('fileSystemCache.maxSize'), describeMebibytes(cacheMib),
          'must be a whole number of gibibytes, at least 1 GiB; use FileSystemCache.off() for no cache');
      }
      const room = spillOn ? usable - MIN_SPILL : usable;
      if (cacheMib > room) {
        throw propError(construct, prop('fileSystemCache.maxSize'), describeMebibytes(cacheMib),
          `does not fit the local disk: ${describeUsable}${spillOn ? ', and spill needs at least 1 GiB of it' : ''}, ` +
          `so the cache can be at most ${describeMebibytes(Math.max(0, room))}; lower maxSize${spillOn ? ', set spillToDisk to false' : ''} or use a larger disk`);
      }
      if (sizes.ttl !== undefined) {
        ttlSeconds = wholeSeconds(sizes.ttl, construct, prop('fileSystemCache.ttl'));
        if (ttlSeconds < 60) {
          throw propError(construct, prop('fileSystemCache.ttl'), `${ttlSeconds} seconds`,
            'must be at least 1 minute; use FileSystemCache.off() for no cache');
        }
      }
      if (spillOn) spillMib = Math.min(floorTo(usable - cacheMib, GIB), SPILL_MEMORY_MULTIPLE * memory);
    } else if (!tooSmall) {
      const cacheOn = cache._kind === 'auto';
      if (spillOn) spillMib = Math.min(floorTo(cacheOn ? usable / 2 : usable, GIB), SPILL_MEMORY_MULTIPLE * memory);
      if (cacheOn) cacheMib = usable - spillMib;
    }
    if (spillMib < MIN_SPILL) spillMib = 0;
    if (cacheMib < MIN_CACHE) cacheMib = 0;

    return new LocalStorage(path, disk, reserve, cacheMib, ttlSeconds, spillMib);
  }

  /** The directory on the local disk (the volume the worker mounts). */
  public readonly path: string;
  /** The local disk's size. */
  public readonly diskSize: Size;
  /** What the rule leaves to the rest of the node. */
  public readonly reserved: Size;
  /** `fs.cache.directories`, when the cache is on. */
  public readonly cacheDirectory?: string;
  /** `fs.cache.max-sizes`, when the cache is on. */
  public readonly cacheMaxSize?: Size;
  /** `fs.cache.ttl`, when the cache is on. */
  public readonly cacheTtl?: Duration;
  /** `spiller-spill-path`, when spill is on. */
  public readonly spillPath?: string;
  /** `max-spill-per-node`, when spill is on. */
  public readonly maxSpillPerNode?: Size;
  /** `query-max-spill-per-node`, when spill is on. */
  public readonly maxSpillPerQueryPerNode?: Size;
  /** What Trino may write on the disk at most (cache + spill): the size limit of the volume. */
  public readonly used: Size;

  private readonly cacheMib: number;
  private readonly ttlSeconds: number;

  private constructor(path: string, disk: number, reserve: number, cacheMib: number, ttlSeconds: number, spillMib: number) {
    this.path = path;
    this.diskSize = Size.mebibytes(disk);
    this.reserved = Size.mebibytes(reserve);
    this.cacheMib = cacheMib;
    this.ttlSeconds = ttlSeconds;
    if (cacheMib > 0) {
      this.cacheDirectory = `${path}/cache`;
      this.cacheMaxSize = Size.mebibytes(cacheMib);
      this.cacheTtl = Duration.seconds(ttlSeconds);
    }
    if (spillMib > 0) {
      this.spillPath = `${path}/spill`;
      this.maxSpillPerNode = Size.mebibytes(spillMib);
      this.maxSpillPerQueryPerNode = Size.mebibytes(Math.max(MIN_SPILL, floorTo(spillMib / 2, GIB)));
    }
    this.used = Size.mebibytes(cacheMib + spillMib);
  }

  /** Whether the file-system cache is on. */
  public get cacheEnabled(): boolean {
    return this.cacheMib > 0;
  }

  /**
   * The `fs.cache.*` properties every object-storage catalog gets (empty when the cache is off). Valid for
   * Trino 476 to 483, where the cache is configured per catalog (484 moves the sizes to a node-wide cache
   * manager). `fs.cache.preferred-hosts-count` is left at its default (2): 481 moved it to the coordinator.
   */
  public get catalogProperties(): Record<string, string> {
    if (this.cacheMib === 0) return {};
    return {
      'fs.cache.enabled': 'true',
      'fs.cache.directories': this.cacheDirectory!,
      'fs.cache.max-sizes': trinoDataSize(this.cacheMib),
      'fs.cache.ttl': trinoDuration(this.ttlSeconds),
    };
  }

  /** Heap the cache's page index may take, an estimate (about 256 bytes per cached 1 MiB page). */
  public get cacheIndexHeap(): Size {
    return Size.mebibytes(Math.ceil((this.cacheMib / CACHE_PAGE_MIB) * CACHE_INDEX_BYTES_PER_PAGE / (1024 * 1024)));
  }
}

/** A Trino duration in the largest whole unit: `1d`, `6h`, `90m`, `45s`. */
function trinoDuration(seconds: number): string {
  if (seconds % 86400 === 0) return `${seconds / 86400}d`;
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}

function floorTo(value: number, step: number): number {
  return Math.floor(value / step) * step;
}

function ceilTo(value: number, step: number): number {
  return Math.ceil(value / step) * step;
}
