/** How the metastore reaches its PostgreSQL database. */
export interface MetastoreDatabaseConnection {
  /** Host name of the database endpoint. */
  readonly host: string;
  readonly port: number;
  readonly databaseName: string;
  readonly username: string;
  /**
   * On AWS: the Secrets Manager secret holding the credentials, read at connection time by the
   * AWS JDBC wrapper (so no password is ever in the configuration, and a rotated one is picked up).
   */
  readonly secretArn?: string;
  /** Region of the secret. */
  readonly secretRegion?: string;
  /**
   * On AWS, instead of a secret: IAM database authentication. The AWS JDBC wrapper signs a token
   * with the pod's role for every new connection (the user must have been granted `rds_iam`).
   */
  readonly iamRegion?: string;
  /** Endpoint of Secrets Manager, for an emulator on loopback. */
  readonly secretsManagerEndpoint?: string;
  /**
   * Without a secret (the local stack): the environment variable holding the password, substituted
   * by Hadoop's configuration (`${env.NAME}`) so the file itself never contains it.
   */
  readonly passwordEnvironmentVariable?: string;
  /** Require TLS to the database. */
  readonly tls: boolean;
}

/** Where the metastore's warehouse lives and how it reaches S3. */
export interface MetastoreStorage {
  /** `s3a://bucket/prefix` of managed tables. */
  readonly warehouseDir: string;
  readonly region: string;
  /** An S3-compatible endpoint (the local stack); unset on AWS. */
  readonly endpoint?: string;
  readonly pathStyleAccess?: boolean;
}

/** Thrift port every client uses (`thrift://host:9083`). */
export const METASTORE_THRIFT_PORT = 9083;

// MetastoreConf.TASK_THREADS_ALWAYS of Hive 4.0.1, without HiveProtoEventsCleanerTask.
const ALWAYS_TASKS = [
  'org.apache.hadoop.hive.metastore.events.EventCleanerTask',
  'org.apache.hadoop.hive.metastore.RuntimeStatsCleanerTask',
  'org.apache.hadoop.hive.metastore.metrics.AcidMetricService',
  'org.apache.hadoop.hive.metastore.metrics.AcidMetricLogger',
  'org.apache.hadoop.hive.metastore.ScheduledQueryExecutionsMaintTask',
  'org.apache.hadoop.hive.metastore.ReplicationMetricsMaintTask',
];

/**
 * The properties of `metastore-site.xml`, for EKS and for the local stack alike. Pure.
 */
export function metastoreSiteProperties(database: MetastoreDatabaseConnection, storage: MetastoreStorage): Record<string, string> {
  const properties: Record<string, string> = {
    'javax.jdo.option.ConnectionURL': jdbcUrl(database),
    'javax.jdo.option.ConnectionDriverName': (database.secretArn || database.iamRegion) ? 'software.amazon.jdbc.Driver' : 'org.postgresql.Driver',
    'javax.jdo.option.ConnectionUserName': database.username,
    'metastore.thrift.port': String(METASTORE_THRIFT_PORT),
    'metastore.warehouse.dir': storage.warehouseDir,
    // The schema is created and upgraded by the image's entrypoint (schematool), never implicitly.
    'metastore.schema.verification': 'true',
    'datanucleus.schema.autoCreateAll': 'false',
    // Trino reads no notifications; without this every client would need to be a proxy user.
    'metastore.event.db.notification.api.auth': 'false',
    // Hive 4.0.1's default list minus HiveProtoEventsCleanerTask: that class ships with hive-exec,
    // not with the standalone metastore, so with the default every start fails to load it. It
    // cleans Hive-on-Tez query event files, which no Trino setup writes.
    'metastore.task.threads.always': ALWAYS_TASKS.join(','),
    // Hive 4's default MetastoreDefaultTransformer rewrites what clients without Hive's capability
    // flags (Trino among them) create: a schema's tables move to <warehouse>/<db>.db instead of the
    // schema's location, and managed tables become external, so Trino's INSERT into them fails. A
    // blank class list turns the transformer off (Hive trims the value; an empty element would
    // fall back to the default). Found by the local stack's Hive-over-Parquet end-to-end case.
    'metastore.metadata.transformer.class': ' ',
    // s3:// locations (written by Trino) go through the same S3A file system as s3a://.
    'fs.s3.impl': 'org.apache.hadoop.fs.s3a.S3AFileSystem',
    // The default AWS chain: web identity (IRSA), container credentials (Pod Identity), env (local).
    'fs.s3a.aws.credentials.provider': 'software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider',
    'fs.s3a.endpoint.region': storage.region,
  };
  if (database.passwordEnvironmentVariable) {
    properties['javax.jdo.option.ConnectionPassword'] = `\${env.${database.passwordEnvironmentVariable}}`;
  }
  if (storage.endpoint) properties['fs.s3a.endpoint'] = storage.endpoint;
  if (storage.pathStyleAccess) properties['fs.s3a.path.style.access'] = 'true';
  return properties;
}

function jdbcUrl(database: MetastoreDatabaseConnection): string {
  const address = `${database.host}:${database.port}/${database.databaseName}`;
  const tls = database.tls ? 'sslmode=require' : 'sslmode=disable';
  if (database.iamRegion) {
    // The token is signed for the host and port of this URL: the endpoint, never an alias.
    return `jdbc:aws-wrapper:postgresql://${address}?wrapperPlugins=iam&iamRegion=${database.iamRegion}&${tls}`;
  }
  if (!database.secretArn) return `jdbc:postgresql://${address}?${tls}`;
  const parameters = [
    // The plugin code of the AWS Advanced JDBC Wrapper 2.x (an unknown code fails every connection).
    'wrapperPlugins=awsSecretsManager',
    `secretsManagerSecretId=${database.secretArn}`,
    ...(database.secretRegion ? [`secretsManagerRegion=${database.secretRegion}`] : []),
    ...(database.secretsManagerEndpoint ? [`secretsManagerEndpoint=${database.secretsManagerEndpoint}`] : []),
    tls,
  ];
  return `jdbc:aws-wrapper:postgresql://${address}?${parameters.join('&')}`;
}

/** Writes properties as a Hadoop configuration file (`<configuration><property>…`), sorted by name. */
export function renderHadoopConfiguration(properties: Record<string, string>): string {
  const entries = Object.keys(properties).sort().map((name) =>
    `  <property>\n    <name>${escapeXml(name)}</name>\n    <value>${escapeXml(properties[name])}</value>\n  </property>`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<!-- Rendered by cdk-trino-on-eks. -->\n<configuration>\n${entries.join('\n')}\n</configuration>\n`;
}

function escapeXml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
