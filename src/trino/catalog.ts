import { ResolvedCatalogCredentials } from './catalog-credentials';
import {
  DatabaseAccess, DatabaseCatalogOptions, GenericCatalogOptions, JdbcEngine, ResolvedDatabaseCatalog, SingleDatabaseCatalogOptions,
  resolveGenericCatalog, resolveJdbcCatalog,
} from './database-catalog';
import { ObjectStorage } from './object-storage';
import { PropertiesFile } from './properties-file';
import { TrinoVersion } from './trino-version';
import { BucketAccess } from '../irsa-bucket-access/bucket-grant';
import { isUnresolved, propError } from '../private/validation';

const CATALOG_NAME = /^[a-z0-9_]+$/;
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
const THRIFT_URI = /^thrift:\/\/([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*):(\d{1,5})$/;
const AWS_REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const ACCOUNT_ID = /^\d{12}$/;
/** The connectors whose catalogs take `fs.cache.*` (object-storage/file-system-cache.html). */
const CACHING_CONNECTORS = ['delta_lake', 'hive', 'iceberg'];

/**
 * S3 objects a catalog reads or writes, as plain data, so that a construct can grant exactly these
 * (and nothing else) to the service account Trino runs as.
 */
export interface CatalogStorageAccess {
  /** Name of the bucket, e.g. `analytics-lake`. */
  readonly bucketName: string;

  /**
   * Key prefixes the access is limited to, without wildcards, e.g. `warehouse` or `raw/events`.
   * Leading and trailing `/` are removed.
   *
   * @default - the whole bucket
   */
  readonly prefixes?: string[];

  /** Read, or read and write. */
  readonly access: BucketAccess;
}

/** What every Delta Lake, Hive and Iceberg catalog needs besides its metastore. */
export interface LakehouseCatalogOptions {
  /**
   * The catalog name, used in SQL (`SELECT … FROM <name>.<schema>.<table>`) and as the file name
   * `catalog/<name>.properties`: lowercase letters, digits and `_`.
   *
   * @default - the connector's usual name: `hive`, `iceberg` or `delta`
   */
  readonly name?: string;

  /** The S3 locations the catalog's tables live in (at least one). */
  readonly storageAccess: CatalogStorageAccess[];

  /**
   * More connector properties (e.g. `hive.non-managed-table-writes-enabled=true`). Keys the library renders
   * (connector, metastore, S3 file system), the legacy `hive.s3.*` file system and static S3 keys are refused.
   *
   * @default - none
   */
  readonly additionalProperties?: Record<string, string>;
}

/** A catalog whose metastore is a Hive Metastore reached over Thrift. */
export interface ThriftMetastoreCatalogOptions extends LakehouseCatalogOptions {
  /**
   * The metastore's Thrift URI, e.g. `thrift://hive-metastore.trino.svc.cluster.local:9083`; a
   * comma-separated list names fallback metastores, tried in order.
   */
  readonly metastoreUri: string;
}

/** A catalog whose metastore is the AWS Glue Data Catalog. */
export interface GlueCatalogOptions extends LakehouseCatalogOptions {
  /** Region of the Glue Data Catalog, e.g. `eu-west-1`. */
  readonly glueRegion: string;

  /**
   * Account ID of the Glue Data Catalog, for a catalog shared from another account.
   *
   * @default - the catalog of the account Trino's credentials belong to
   */
  readonly glueCatalogId?: string;
}

/**
 * A Trino catalog: one `catalog/<name>.properties` file, version-aware, plus the S3 locations it needs.
 *
 * Property names: connector/hive.html, connector/iceberg.html, connector/delta-lake.html and
 * object-storage/metastores.html (`hive.metastore`, `hive.metastore.uri`, `iceberg.catalog.type`,
 * `hive.metastore.glue.region`, `hive.metastore.glue.catalogid`) on trino.io.
 */
export abstract class Catalog {
  /** A Hive connector catalog on a Thrift Hive Metastore. */
  public static hive(options: ThriftMetastoreCatalogOptions): Catalog {
    return LakehouseCatalog.create('hive', 'hive', 'Catalog.hive', options, thriftMetastore('Catalog.hive', options.metastoreUri, false));
  }

  /** A Hive connector catalog on the AWS Glue Data Catalog. */
  public static hiveOnGlue(options: GlueCatalogOptions): Catalog {
    return LakehouseCatalog.create('hive', 'hive', 'Catalog.hiveOnGlue', options, glueMetastore('Catalog.hiveOnGlue', options, false));
  }

  /** An Iceberg connector catalog on a Thrift Hive Metastore (`iceberg.catalog.type=hive_metastore`). */
  public static iceberg(options: ThriftMetastoreCatalogOptions): Catalog {
    return LakehouseCatalog.create('iceberg', 'iceberg', 'Catalog.iceberg', options, thriftMetastore('Catalog.iceberg', options.metastoreUri, true));
  }

  /** An Iceberg connector catalog on the AWS Glue Data Catalog (`iceberg.catalog.type=glue`). */
  public static icebergOnGlue(options: GlueCatalogOptions): Catalog {
    return LakehouseCatalog.create('iceberg', 'iceberg', 'Catalog.icebergOnGlue', options, glueMetastore('Catalog.icebergOnGlue', options, true));
  }

  /** A Delta Lake connector catalog on a Thrift Hive Metastore. */
  public static deltaLake(options: ThriftMetastoreCatalogOptions): Catalog {
    return LakehouseCatalog.create('delta_lake', 'delta', 'Catalog.deltaLake', options, thriftMetastore('Catalog.deltaLake', options.metastoreUri, false));
  }

  /** A Delta Lake connector catalog on the AWS Glue Data Catalog. */
  public static deltaLakeOnGlue(options: GlueCatalogOptions): Catalog {
    return LakehouseCatalog.create('delta_lake', 'delta', 'Catalog.deltaLakeOnGlue', options, glueMetastore('Catalog.deltaLakeOnGlue', options, false));
  }

  /**
   * The TPC-H benchmark data generator (no storage).
   *
   * @param name the catalog name; default `tpch`
   */
  public static tpch(name?: string): Catalog {
    return new GeneratorCatalog(validateCatalogName('Catalog.tpch', name ?? 'tpch'), 'tpch');
  }

  /**
   * The TPC-DS benchmark data generator (no storage).
   *
   * @param name the catalog name; default `tpcds`
   */
  public static tpcds(name?: string): Catalog {
    return new GeneratorCatalog(validateCatalogName('Catalog.tpcds', name ?? 'tpcds'), 'tpcds');
  }

  /**
   * A PostgreSQL catalog (connector/postgresql.html) on one database, e.g. an Amazon RDS or Aurora PostgreSQL
   * instance: `connection-url=jdbc:postgresql://<host>:<port>/<database>`, the user name and password from the
   * environment (`${ENV:...}`), set from `credentials` on coordinator and workers.
   */
  public static postgresql(options: SingleDatabaseCatalogOptions): Catalog {
    return DatabaseCatalog.jdbc({ connectorName: 'postgresql', construct: 'Catalog.postgresql', defaultPort: 5432, scheme: 'postgresql', oneDatabase: true },
      options, options.database);
  }

  /**
   * A MySQL catalog (connector/mysql.html), e.g. an Amazon RDS or Aurora MySQL instance: each database of the
   * server is a schema of the catalog (`connection-url=jdbc:mysql://<host>:<port>`).
   */
  public static mysql(options: DatabaseCatalogOptions): Catalog {
    return DatabaseCatalog.jdbc({ connectorName: 'mysql', construct: 'Catalog.mysql', defaultPort: 3306, scheme: 'mysql', oneDatabase: false }, options);
  }

  /** An Amazon Redshift catalog (connector/redshift.html) on one database: `connection-url=jdbc:redshift://<host>:<port>/<database>`. */
  public static redshift(options: SingleDatabaseCatalogOptions): Catalog {
    return DatabaseCatalog.jdbc({ connectorName: 'redshift', construct: 'Catalog.redshift', defaultPort: 5439, scheme: 'redshift', oneDatabase: true },
      options, options.database);
  }

  /**
   * Any connector by its name and properties (the escape hatch): properties holding a secret are refused (pass
   * `credentials`), and the object-storage connectors are refused (their typed factories grant their storage).
   */
  public static generic(options: GenericCatalogOptions): Catalog {
    const name = validateCatalogName('Catalog.generic', options.name);
    return new DatabaseCatalog(name, options.connectorName, resolveGenericCatalog({ ...options, name }));
  }

  /**
   * Checks catalogs that go into one cluster: every name may be used once (each is a file
   * `catalog/<name>.properties`, and a second one would silently replace the first).
   */
  public static checkNames(catalogs: Catalog[]): void {
    const seen = new Set<string>();
    for (const catalog of catalogs) {
      if (seen.has(catalog.name)) {
        throw propError('Catalog', 'catalogs', catalogs.map((c) => c.name),
          `must have unique names: "${catalog.name}" is used more than once (each catalog is the file catalog/<name>.properties)`);
      }
      seen.add(catalog.name);
    }
  }

  /** The catalog name. */
  public abstract readonly name: string;
  /** The Trino connector, e.g. `iceberg`. */
  public abstract readonly connectorName: string;
  /** The S3 locations the catalog reads or writes (empty for tpch/tpcds). */
  public abstract readonly storageAccess: CatalogStorageAccess[];
  /** The Thrift metastore URI, when the metastore is a Hive Metastore. */
  public abstract readonly metastoreUri?: string;
  /** The Glue Data Catalog region, when the metastore is Glue (the service account then needs Glue permissions). */
  public abstract readonly glueRegion?: string;
  /** The Glue Data Catalog account, when one was given. */
  public abstract readonly glueCatalogId?: string;

  /** Where the catalog's database user name and password come from, when it has any. */
  public get credentials(): ResolvedCatalogCredentials | undefined {
    return undefined;
  }

  /** The database's security group and port Trino's nodes must be admitted to, when one was given. */
  public get databaseAccess(): DatabaseAccess | undefined {
    return undefined;
  }

  /** Whether the catalog reads object storage through Trino's file system, which the file-system cache can cache (Delta Lake, Hive, Iceberg). */
  public get supportsFileSystemCache(): boolean {
    return CACHING_CONNECTORS.includes(this.connectorName);
  }

  /** The file, relative to Trino's configuration directory: `catalog/<name>.properties`. */
  public get fileName(): string {
    return `catalog/${this.name}.properties`;
  }

  /**
   * The catalog's properties for a Trino release.
   *
   * @param version the Trino release
   * @param objectStorage where S3 requests go; required by Delta Lake, Hive and Iceberg catalogs
   */
  public abstract properties(version: TrinoVersion, objectStorage?: ObjectStorage): Record<string, string>;

  /**
   * The content of `catalog/<name>.properties` for a Trino release.
   *
   * @param version the Trino release
   * @param objectStorage where S3 requests go; required by Delta Lake, Hive and Iceberg catalogs
   */
  public render(version: TrinoVersion, objectStorage?: ObjectStorage): string {
    return PropertiesFile.render(this.properties(version, objectStorage));
  }
}

interface Metastore {
  readonly properties: Record<string, string>;
  readonly uri?: string;
  readonly glueRegion?: string;
  readonly glueCatalogId?: string;
}

class LakehouseCatalog extends Catalog {
  public static create(connectorName: string, defaultName: string, construct: string,
    options: LakehouseCatalogOptions, metastore: Metastore): Catalog {
    const name = validateCatalogName(construct, options.name ?? defaultName);
    const storageAccess = validateStorageAccess(construct, options.storageAccess);
    const additional = options.additionalProperties ?? {};
    for (const key of Object.keys(additional)) {
      validateAdditionalProperty(construct, key);
    }
    return new LakehouseCatalog(name, connectorName, storageAccess, metastore, additional, construct);
  }

  public readonly metastoreUri?: string;
  public readonly glueRegion?: string;
  public readonly glueCatalogId?: string;

  private constructor(
    public readonly name: string,
    public readonly connectorName: string,
    public readonly storageAccess: CatalogStorageAccess[],
    private readonly metastore: Metastore,
    private readonly additional: Record<string, string>,
    private readonly construct: string,
  ) {
    super();
    this.metastoreUri = metastore.uri;
    this.glueRegion = metastore.glueRegion;
    this.glueCatalogId = metastore.glueCatalogId;
  }

  public properties(version: TrinoVersion, objectStorage?: ObjectStorage): Record<string, string> {
    if (!objectStorage) {
      throw propError(this.construct, 'objectStorage', undefined,
        `is required to render the ${this.connectorName} catalog "${this.name}": pass ObjectStorage.aws(region) or ObjectStorage.localEmulator(...)`);
    }
    const owned: Record<string, string> = {
      'connector.name': this.connectorName,
      ...this.metastore.properties,
      ...objectStorage._catalogProperties(version),
    };
    for (const key of Object.keys(this.additional)) {
      if (key in owned) {
        throw propError(this.construct, 'additionalProperties', key,
          `is rendered by the library for catalog "${this.name}" (value "${owned[key]}"); remove it from additionalProperties`);
      }
    }
    return { ...owned, ...this.additional };
  }
}

class GeneratorCatalog extends Catalog {
  public readonly storageAccess: CatalogStorageAccess[] = [];
  public readonly metastoreUri?: string = undefined;
  public readonly glueRegion?: string = undefined;
  public readonly glueCatalogId?: string = undefined;

  constructor(public readonly name: string, public readonly connectorName: string) {
    super();
  }

  public properties(): Record<string, string> {
    return { 'connector.name': this.connectorName };
  }
}

/** A catalog on a database (PostgreSQL, MySQL, Redshift) or any connector by its properties: no S3 storage. */
class DatabaseCatalog extends Catalog {
  public static jdbc(engine: JdbcEngine, options: DatabaseCatalogOptions, database?: string): Catalog {
    const name = validateCatalogName(engine.construct, options.name ?? engine.connectorName);
    return new DatabaseCatalog(name, engine.connectorName, resolveJdbcCatalog(engine, name, options, database));
  }

  public readonly storageAccess: CatalogStorageAccess[] = [];
  public readonly metastoreUri?: string = undefined;
  public readonly glueRegion?: string = undefined;
  public readonly glueCatalogId?: string = undefined;

  constructor(public readonly name: string, public readonly connectorName: string, private readonly resolved: ResolvedDatabaseCatalog) {
    super();
  }

  public get credentials(): ResolvedCatalogCredentials | undefined {
    return this.resolved.credentials;
  }

  public get databaseAccess(): DatabaseAccess | undefined {
    return this.resolved.databaseAccess;
  }

  public properties(): Record<string, string> {
    return { ...this.resolved.properties };
  }
}

function thriftMetastore(construct: string, uri: string, iceberg: boolean): Metastore {
  if (!isUnresolved(uri)) {
    const uris = uri.split(',');
    for (const one of uris) {
      const match = THRIFT_URI.exec(one);
      const port = match ? Number(match[5]) : 0;
      if (!match || port < 1 || port > 65535) {
        throw propError(construct, 'metastoreUri', uri,
          'must be thrift://<host>:<port> (or a comma-separated list of them), e.g. "thrift://hive-metastore.trino.svc.cluster.local:9083"');
      }
    }
  }
  const properties: Record<string, string> = iceberg
    ? { 'iceberg.catalog.type': 'hive_metastore', 'hive.metastore.uri': uri }
    : { 'hive.metastore': 'thrift', 'hive.metastore.uri': uri };
  return { properties, uri };
}

function glueMetastore(construct: string, options: GlueCatalogOptions, iceberg: boolean): Metastore {
  const region = options.glueRegion;
  if (!isUnresolved(region) && !AWS_REGION.test(region ?? '')) {
    throw propError(construct, 'glueRegion', region, 'must be an AWS region name such as "eu-west-1"');
  }
  const catalogId = options.glueCatalogId;
  if (catalogId !== undefined && !isUnresolved(catalogId) && !ACCOUNT_ID.test(catalogId)) {
    throw propError(construct, 'glueCatalogId', catalogId, 'must be a 12-digit AWS account ID');
  }
  const properties: Record<string, string> = {
    ...(iceberg ? { 'iceberg.catalog.type': 'glue' } : { 'hive.metastore': 'glue' }),
    'hive.metastore.glue.region': region,
    ...(catalogId !== undefined ? { 'hive.metastore.glue.catalogid': catalogId } : {}),
  };
  return { properties, glueRegion: region, glueCatalogId: catalogId };
}

/** Trino catalog names: lowercase letters, digits and `_` (catalog names are lowercased identifiers). */
function validateCatalogName(construct: string, name: string): string {
  if (typeof name !== 'string' || !CATALOG_NAME.test(name)) {
    throw propError(construct, 'name', name, 'must be a Trino catalog name: lowercase letters, digits and "_" only, e.g. "lake" or "sales_2024"');
  }
  if (name === 'system') {
    throw propError(construct, 'name', name, 'is the name of Trino\'s built-in catalog; choose another name');
  }
  return name;
}

function validateStorageAccess(construct: string, accesses: CatalogStorageAccess[]): CatalogStorageAccess[] {
  if (!accesses || accesses.length === 0) {
    throw propError(construct, 'storageAccess', accesses ?? undefined,
      'must name at least one bucket the catalog\'s tables live in, so that Trino can be granted exactly that');
  }
  return accesses.map((access) => {
    if (!isUnresolved(access.bucketName) && (!BUCKET_NAME.test(access.bucketName) || IPV4.test(access.bucketName) || access.bucketName.includes('..'))) {
      throw propError(construct, 'storageAccess.bucketName', access.bucketName,
        'must be an S3 bucket name: 3 to 63 lowercase letters, digits, "." or "-", starting and ending with a letter or digit');
    }
    if (access.access !== BucketAccess.READ && access.access !== BucketAccess.READ_WRITE) {
      throw propError(construct, 'storageAccess.access', access.access, 'must be BucketAccess.READ or BucketAccess.READ_WRITE');
    }
    const prefixes = access.prefixes?.map((prefix) => {
      if (isUnresolved(prefix)) return prefix;
      const normalized = prefix.replace(/^\/+|\/+$/g, '');
      if (normalized === '' || /[*?]/.test(normalized)) {
        throw propError(construct, 'storageAccess.prefixes', prefix,
          'must be a non-empty key prefix without wildcards, e.g. "warehouse" (leave prefixes out for the whole bucket)');
      }
      return normalized;
    });
    return prefixes === undefined
      ? { bucketName: access.bucketName, access: access.access }
      : { bucketName: access.bucketName, prefixes, access: access.access };
  });
}

function validateAdditionalProperty(construct: string, key: string): void {
  if (key.startsWith('hive.s3.') || key.startsWith('hive.s3select')) {
    throw propError(construct, 'additionalProperties', key,
      'belongs to the legacy S3 file system (deprecated in Trino 470, removed in 481); the library renders the native S3 file system (s3.*)');
  }
  if (key === 's3.aws-access-key' || key === 's3.aws-secret-key') {
    throw propError(construct, 'additionalProperties', key,
      'would put a static AWS key in plain text in the catalog file; Trino uses the service account\'s role (IRSA or Pod Identity)');
  }
  if (key === 's3.use-web-identity-token-credentials-provider') {
    throw propError(construct, 'additionalProperties', key,
      'was removed in Trino 483 and is not needed: the default credential chain already reads the web identity token');
  }
}
