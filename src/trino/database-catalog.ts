import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { CatalogCredentials, ResolvedCatalogCredentials, resolveCredentials } from './catalog-credentials';
import { isUnresolved, propError, validateTcpPort } from '../private/validation';

// The JDBC catalogs (connector/postgresql.html, connector/mysql.html, connector/redshift.html) and the generic
// catalog: their options, their properties and their checks. The Catalog factories in catalog.ts use these.

const HOST = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const DATABASE = /^[A-Za-z0-9_$-]{1,63}$/;
const CONNECTOR_NAME = /^[a-z][a-z0-9_-]*$/;
/** Property keys that hold a secret (`connection-password`, `kafka.sasl.jaas.config`'s password, keystore passwords...). */
const SECRET_KEY = /(secret|password|secret-key|access-key|token|credentials?|jaas\.config)$/i;
/** Connectors whose storage the library must grant: their typed factories do, the generic catalog cannot. */
const LAKEHOUSE_CONNECTORS: Record<string, string> = {
  hive: 'Catalog.hive / Catalog.hiveOnGlue',
  iceberg: 'Catalog.iceberg / Catalog.icebergOnGlue',
  delta_lake: 'Catalog.deltaLake / Catalog.deltaLakeOnGlue',
};

/** A database in the VPC and how Trino reaches it. */
export interface DatabaseCatalogOptions {
  /**
   * The catalog name, used in SQL and as the file name `catalog/<name>.properties`: lowercase letters, digits and `_`.
   *
   * @default - the connector's name: `postgresql`, `mysql` or `redshift`
   */
  readonly name?: string;
  /** The database server's host name, e.g. `instance.dbInstanceEndpointAddress`. */
  readonly host: string;
  /**
   * The database server's port.
   *
   * @default - the engine's: 5432 (PostgreSQL), 3306 (MySQL), 5439 (Redshift)
   */
  readonly port?: number;
  /** The user name and password, e.g. `CatalogCredentials.fromSecret(instance.secret!)`. */
  readonly credentials: CatalogCredentials;
  /**
   * The database's security group (or the database itself, e.g. an `rds.DatabaseInstance`): TrinoOnEks admits
   * Trino's nodes (the cluster security group) to `port` through it. Leave it out when the database already admits
   * them (or is reached some other way).
   *
   * @default - no ingress rule is added
   */
  readonly connectable?: ec2.IConnectable;
  /**
   * More connector properties (e.g. `postgresql.include-system-tables=true`). The keys the catalog renders, and any
   * key that holds a secret (a password, a token), are refused: credentials come from `credentials`.
   *
   * @default - none
   */
  readonly additionalProperties?: Record<string, string>;
}

/** A PostgreSQL or Redshift catalog: the server holds several databases, and the catalog reads one. */
export interface SingleDatabaseCatalogOptions extends DatabaseCatalogOptions {
  /** The database the catalog reads (its schemas are the catalog's schemas). */
  readonly database: string;
}

/** Any connector, configured by its properties: the escape hatch for connectors the library does not type. */
export interface GenericCatalogOptions {
  /** The catalog name: lowercase letters, digits and `_`. */
  readonly name: string;
  /** `connector.name`, e.g. `oracle`, `sqlserver`, `clickhouse`, `memory`. */
  readonly connectorName: string;
  /**
   * The connector's properties besides `connector.name`. A key that holds a secret (`connection-password`, a token, a
   * key) is refused: pass `credentials`, which renders `connection-user` and `connection-password` from the environment.
   *
   * @default - none
   */
  readonly properties?: Record<string, string>;
  /**
   * The database user name and password, rendered as `connection-user` and `connection-password` (the JDBC connectors' keys).
   *
   * @default - no credentials
   */
  readonly credentials?: CatalogCredentials;
  /**
   * The database's security group (or the database), admitted from Trino's nodes on `port`.
   *
   * @default - no ingress rule is added
   */
  readonly connectable?: ec2.IConnectable;
  /**
   * The port `connectable` admits Trino on; required with `connectable`.
   *
   * @default - none
   */
  readonly port?: number;
}

/** How Trino's nodes reach a catalog's database: what TrinoOnEks opens. */
export interface DatabaseAccess {
  /** The database's security group, or the database. */
  readonly connectable: ec2.IConnectable;
  /** The port. */
  readonly port: number;
}

/** A JDBC catalog, resolved. */
export interface ResolvedDatabaseCatalog {
  readonly properties: Record<string, string>;
  readonly credentials?: ResolvedCatalogCredentials;
  readonly databaseAccess?: DatabaseAccess;
}

/** The engines with a typed factory. */
export interface JdbcEngine {
  readonly connectorName: string;
  readonly construct: string;
  readonly defaultPort: number;
  /** The JDBC URL's scheme: `jdbc:<scheme>://host:port[/database]`. */
  readonly scheme: string;
  /** The catalog reads one database, named in the URL (PostgreSQL, Redshift); else every database is a schema (MySQL). */
  readonly oneDatabase: boolean;
}

/** Checks a JDBC catalog's options and renders its properties. */
export function resolveJdbcCatalog(engine: JdbcEngine, name: string, options: DatabaseCatalogOptions, database?: string): ResolvedDatabaseCatalog {
  const construct = engine.construct;
  if (!isUnresolved(options.host) && !HOST.test(options.host ?? '')) {
    throw propError(construct, 'host', options.host, 'must be a host name, e.g. "orders.abc123.eu-west-1.rds.amazonaws.com" (no scheme, port or path)');
  }
  const port = options.port ?? engine.defaultPort;
  if (!isUnresolved(port)) validateTcpPort(construct, 'port', port);
  if (engine.oneDatabase && !isUnresolved(database) && !DATABASE.test(database ?? '')) {
    throw propError(construct, 'database', database, 'must be a database name: 1 to 63 letters, digits, "_", "$" or "-"');
  }
  if (!(options.credentials instanceof CatalogCredentials)) {
    throw propError(construct, 'credentials', undefined, 'is required: CatalogCredentials.fromSecret(secret) (a Secrets Manager secret with username and password)');
  }
  const credentials = resolveCredentials(name, options.credentials);
  const url = `jdbc:${engine.scheme}://${options.host}:${port}${database !== undefined ? `/${database}` : ''}`;
  const owned: Record<string, string> = {
    'connector.name': engine.connectorName,
    'connection-url': url,
    ...credentialProperties(credentials),
  };
  const additional = options.additionalProperties ?? {};
  for (const key of Object.keys(additional)) {
    if (key in owned) {
      throw propError(construct, 'additionalProperties', key, `is rendered by the library for catalog "${name}"; remove it from additionalProperties`);
    }
    refuseSecretProperty(construct, 'additionalProperties', key);
  }
  return {
    properties: { ...owned, ...additional },
    credentials,
    ...(options.connectable ? { databaseAccess: { connectable: options.connectable, port } } : {}),
  };
}

/** Checks a generic catalog's options and renders its properties. */
export function resolveGenericCatalog(options: GenericCatalogOptions): ResolvedDatabaseCatalog {
  const construct = 'Catalog.generic';
  if (typeof options.connectorName !== 'string' || !CONNECTOR_NAME.test(options.connectorName)) {
    throw propError(construct, 'connectorName', options.connectorName, 'must be a Trino connector name, e.g. "oracle" or "sqlserver"');
  }
  const typed = LAKEHOUSE_CONNECTORS[options.connectorName];
  if (typed) {
    throw propError(construct, 'connectorName', options.connectorName,
      `reads object storage, which must be granted to Trino: use ${typed}, which grants exactly its storageAccess`);
  }
  const credentials = options.credentials ? resolveCredentials(options.name, options.credentials) : undefined;
  const owned: Record<string, string> = { 'connector.name': options.connectorName, ...(credentials ? credentialProperties(credentials) : {}) };
  const properties = options.properties ?? {};
  for (const key of Object.keys(properties)) {
    if (key in owned) {
      throw propError(construct, 'properties', key, `is rendered by the library for catalog "${options.name}"${key === 'connector.name' ? ' from connectorName' : ' from credentials'}; remove it from properties`);
    }
    refuseSecretProperty(construct, 'properties', key);
  }
  if (options.connectable && options.port === undefined) {
    throw propError(construct, 'port', undefined, 'is required with connectable: it is the port Trino\'s nodes are admitted on');
  }
  if (options.port !== undefined && !isUnresolved(options.port)) validateTcpPort(construct, 'port', options.port);
  return {
    properties: { ...owned, ...properties },
    ...(credentials ? { credentials } : {}),
    ...(options.connectable ? { databaseAccess: { connectable: options.connectable, port: options.port! } } : {}),
  };
}

function credentialProperties(credentials: ResolvedCatalogCredentials): Record<string, string> {
  return {
    'connection-user': `\${ENV:${credentials.usernameVariable}}`,
    'connection-password': `\${ENV:${credentials.passwordVariable}}`,
  };
}

/** A secret in a property would be in plain text in the catalog file, the Helm values and a ConfigMap. */
function refuseSecretProperty(construct: string, prop: string, key: string): void {
  if (SECRET_KEY.test(key)) {
    throw propError(construct, prop, key,
      'holds a secret, which would be stored in plain text in the catalog file, the Helm values and a ConfigMap; ' +
      'pass credentials (CatalogCredentials.fromSecret) instead');
  }
}
