import { ArnFormat, Duration, RemovalPolicy, Size, Stack, Token } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import { DatabaseSecret } from 'aws-cdk-lib/aws-rds';
import { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { MetastoreBackup } from './metastore-backup';
import { propError } from '../private/validation';

/** How the metastore logs in to its database. */
export enum DatabaseAuthentication {
  /**
   * As the master user, whose password Secrets Manager generates and rotates. The metastore reads
   * the secret at connection time through the AWS JDBC wrapper (`awsSecretsManager` plugin).
   */
  SECRETS_MANAGER = 'secrets-manager',
  /**
   * IAM database authentication as a dedicated database user (`hive_iam`, granted `rds_iam`): the
   * metastore's role may only `rds-db:connect` as that user and never sees a password. A one-shot
   * Kubernetes Job, whose own service account alone can read the master secret, creates the user.
   */
  IAM = 'iam',
}

/** Options shared by both database engines. */
export interface MetastoreDatabaseOptions {
  /**
   * Instance class of the database (and of each Aurora instance).
   *
   * @default db.t4g.medium
   */
  readonly instanceType?: ec2.InstanceType;

  /**
   * A standby in a second Availability Zone (RDS), or a reader in a second zone (Aurora).
   *
   * @default true
   */
  readonly multiAz?: boolean;

  /**
   * How long automated backups are kept.
   *
   * @default Duration.days(7)
   */
  readonly backupRetention?: Duration;

  /**
   * Backups beyond RDS's automated ones: an AWS Backup plan (its backups are kept in a vault, apart from the
   * database, and outlive it), or none.
   *
   * @default MetastoreBackup.plan() (daily, kept 35 days, in a new vault encrypted with the metastore's key);
   * MetastoreBackup.automatedBackupsOnly() when the metastore's removalPolicy DESTROY is in effect, since a vault
   * that holds backups cannot be deleted with the stack
   */
  readonly backup?: MetastoreBackup;

  /**
   * How often Secrets Manager rotates the database password. The metastore reads the secret
   * through the AWS JDBC wrapper, which fetches the new password when a login fails.
   *
   * @default Duration.days(30)
   */
  readonly rotationInterval?: Duration;

  /**
   * How the metastore logs in. With IAM the master secret still exists (and rotates) for
   * administrators and the one-shot user bootstrap, but the metastore cannot read it.
   *
   * @default DatabaseAuthentication.SECRETS_MANAGER
   */
  readonly authentication?: DatabaseAuthentication;
}

/** Options for RDS for PostgreSQL. */
export interface PostgresDatabaseOptions extends MetastoreDatabaseOptions {
  /** @default PostgresEngineVersion.VER_17_9 (later minor versions are applied automatically) */
  readonly engineVersion?: rds.PostgresEngineVersion;
  /** @default Size.gibibytes(20) */
  readonly allocatedStorage?: Size;
}

/** Options for Aurora PostgreSQL. */
export interface AuroraPostgresDatabaseOptions extends MetastoreDatabaseOptions {
  /** @default AuroraPostgresEngineVersion.VER_17_9 */
  readonly engineVersion?: rds.AuroraPostgresEngineVersion;
}

/**
 * Port of the database: not PostgreSQL's default 5432 (AwsSolutions-RDS11), so a scan of the
 * default port finds nothing even inside the VPC.
 */
export const METASTORE_DATABASE_PORT = 5433;

/** Where the metastore's database lives, in what the service needs of it. @internal */
export interface BoundDatabase {
  readonly endpointAddress: string;
  readonly port: number;
  readonly secret: ISecret;
  readonly securityGroup: ec2.ISecurityGroup;
  readonly instance?: rds.DatabaseInstance;
  readonly cluster?: rds.DatabaseCluster;
  readonly authentication: DatabaseAuthentication;
  /** `arn:…:rds-db:…:dbuser:<resource id>/*`: append the user name for an `rds-db:connect` grant. */
  readonly connectArnPrefix: string;
  /** The AWS Backup plan of the database, unless it has only automated backups. */
  readonly backupPlan?: backup.BackupPlan;
}

/** What the service gives the database to create it. @internal */
export interface DatabaseContext {
  readonly vpc: ec2.IVpc;
  readonly subnets: ec2.SubnetSelection;
  readonly rotationSubnets: ec2.SubnetSelection;
  readonly encryptionKey: kms.IKey;
  readonly removalPolicy: RemovalPolicy;
  readonly databaseName: string;
  readonly username: string;
}

const DEFAULT_INSTANCE_TYPE = ec2.InstanceType.of(ec2.InstanceClass.T4G, ec2.InstanceSize.MEDIUM);

// Instance families RDS offers for each engine (db.<family>.<size>), as of November 2026.
const RDS_POSTGRES_FAMILIES = [
  't3', 't4g', 'm5', 'm5d', 'm6g', 'm6gd', 'm6i', 'm6id', 'm6idn', 'm6in', 'm7g', 'm7gd', 'm7i', 'm8g', 'm8gd',
  'r5', 'r5b', 'r5d', 'r6g', 'r6gd', 'r6i', 'r6id', 'r6idn', 'r6in', 'r7g', 'r7gd', 'r7i', 'r8g', 'r8gd',
  'x2g', 'x2iedn', 'x2iezn',
];
const AURORA_POSTGRES_FAMILIES = ['t3', 't4g', 'r5', 'r6g', 'r6gd', 'r6i', 'r6id', 'r7g', 'r7gd', 'r7i', 'r8g', 'r8gd', 'x2g'];
// Burstable classes too small for the engine.
const TOO_SMALL_SIZES = ['nano', 'micro', 'small'];

/** The PostgreSQL database behind the metastore. */
export abstract class MetastoreDatabase {
  /** RDS for PostgreSQL: one instance, with a Multi-AZ standby by default. */
  public static postgres(options: PostgresDatabaseOptions = {}): MetastoreDatabase {
    validateInstanceType(options.instanceType, RDS_POSTGRES_FAMILIES, 'RDS for PostgreSQL', false);
    if (options.authentication === DatabaseAuthentication.IAM && options.engineVersion) {
      validateIamVersion(options.engineVersion.postgresFullVersion, rdsPostgresSupportsIam,
        'RDS for PostgreSQL supports it from 9.5.15, 9.6.11 and 10.6, and in every version since 11');
    }
    return new PostgresDatabase(options);
  }

  /** Aurora PostgreSQL: a writer, and a reader in another zone by default. */
  public static auroraPostgres(options: AuroraPostgresDatabaseOptions = {}): MetastoreDatabase {
    validateInstanceType(options.instanceType, AURORA_POSTGRES_FAMILIES, 'Aurora PostgreSQL', true);
    if (options.authentication === DatabaseAuthentication.IAM && options.engineVersion) {
      validateIamVersion(options.engineVersion.auroraPostgresFullVersion, auroraPostgresSupportsIam,
        'Aurora PostgreSQL supports it in 11.9, from 11.12, and in every version since 12');
    }
    return new AuroraPostgresDatabase(options);
  }

  /** @internal */
  public abstract _bind(scope: Construct, context: DatabaseContext): BoundDatabase;
}

function validateInstanceType(type: ec2.InstanceType | undefined, families: string[], engine: string, aurora: boolean): void {
  if (!type) return;
  const [family, size] = type.toString().split('.');
  const tooSmall = TOO_SMALL_SIZES.includes(size) || (aurora && family.startsWith('t') && !['medium', 'large'].includes(size));
  if (!families.includes(family) || tooSmall) {
    throw propError('MetastoreDatabase', 'instanceType', `db.${type}`,
      `is not an instance class ${engine} offers for this engine; use one of the families ` +
      `${families.join(', ')}${aurora ? ' (burstable ones only in medium and large)' : ', medium or larger for burstable ones'}`);
  }
}

// Where AWS documents IAM database authentication for PostgreSQL (RDS user guide, "IAM database
// authentication" availability; Aurora user guide, "Supported Regions and Aurora DB engines for IAM
// database authentication"). A bare major version gets the newest minor one, which has it.
function rdsPostgresSupportsIam(major: number, minor: number | undefined, version: string): boolean {
  if (major >= 11 || minor === undefined) return true;
  if (version.startsWith('9.5.')) return minor >= 15;
  if (version.startsWith('9.6.')) return minor >= 11;
  return major === 10 && minor >= 6;
}

function auroraPostgresSupportsIam(major: number, minor: number | undefined): boolean {
  if (major >= 12) return true;
  return major === 11 && (minor === undefined || minor === 9 || minor >= 12);
}

function validateIamVersion(version: string, supports: (major: number, minor: number | undefined, version: string) => boolean, rule: string): void {
  if (Token.isUnresolved(version)) return;
  const parts = version.split('.').map((part) => parseInt(part, 10));
  // 9.6.11: major 9, minor 11 (the third part); 17.9: major 17, minor 9.
  const [major, minor] = parts[0] < 10 ? [parts[0], parts[2]] : [parts[0], parts[1]];
  if (!supports(major, Number.isNaN(minor) ? undefined : minor, version)) {
    throw propError('MetastoreDatabase', 'engineVersion', version,
      `has no IAM database authentication, which authentication: DatabaseAuthentication.IAM needs (${rule}); ` +
      'choose a newer engine version or DatabaseAuthentication.SECRETS_MANAGER');
  }
}

/** `arn:…:rds-db:<region>:<account>:dbuser:<resource id>/`, the resource of `rds-db:connect`. */
function connectArnPrefix(scope: Construct, resourceId: string): string {
  return Stack.of(scope).formatArn({ service: 'rds-db', resource: 'dbuser', resourceName: `${resourceId}/`, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
}

/**
 * The generated master secret follows the database's removal policy: RDS leaves it at DESTROY, so
 * deleting the stack would delete the only copy of the master password of a retained database.
 */
function applySecretRemovalPolicy(database: Construct, removalPolicy: RemovalPolicy): void {
  const secret = database.node.tryFindChild('Secret');
  if (!(secret instanceof DatabaseSecret)) throw new Error(`no generated secret under ${database.node.path}`);
  secret.applyRemovalPolicy(removalPolicy);
}

/** The AWS Backup plan of a database, as `options.backup` asks (see its default). */
function bindBackup(options: MetastoreDatabaseOptions, scope: Construct, context: DatabaseContext, resource: backup.BackupResource) {
  const choice = options.backup
    ?? (context.removalPolicy === RemovalPolicy.DESTROY ? MetastoreBackup.automatedBackupsOnly() : MetastoreBackup.plan());
  return choice._bind(scope, { resource, encryptionKey: context.encryptionKey, removalPolicy: context.removalPolicy });
}

/** Settings every database gets: TLS only, logs to CloudWatch. */
function forceTls(engine: rds.IEngine, scope: Construct): rds.ParameterGroup {
  return new rds.ParameterGroup(scope, 'Parameters', {
    engine,
    description: 'Hive Metastore: TLS only, connection and DDL logging',
    parameters: { 'rds.force_ssl': '1', 'log_connections': '1', 'log_disconnections': '1', 'log_statement': 'ddl' },
  });
}

class PostgresDatabase extends MetastoreDatabase {
  constructor(private readonly options: PostgresDatabaseOptions) {
    super();
  }

  public _bind(scope: Construct, context: DatabaseContext): BoundDatabase {
    const engine = rds.DatabaseInstanceEngine.postgres({ version: this.options.engineVersion ?? rds.PostgresEngineVersion.VER_17_9 });
    const authentication = this.options.authentication ?? DatabaseAuthentication.SECRETS_MANAGER;
    const storage = this.options.allocatedStorage ?? Size.gibibytes(20);
    const instance = new rds.DatabaseInstance(scope, 'Database', {
      engine,
      instanceType: this.options.instanceType ?? DEFAULT_INSTANCE_TYPE,
      port: METASTORE_DATABASE_PORT,
      vpc: context.vpc,
      vpcSubnets: context.subnets,
      publiclyAccessible: false,
      multiAz: this.options.multiAz ?? true,
      databaseName: context.databaseName,
      credentials: rds.Credentials.fromGeneratedSecret(context.username, { encryptionKey: context.encryptionKey }),
      storageEncrypted: true,
      storageEncryptionKey: context.encryptionKey,
      storageType: rds.StorageType.GP3,
      allocatedStorage: Token.isUnresolved(storage.toGibibytes()) ? 20 : storage.toGibibytes(),
      parameterGroup: forceTls(engine, scope),
      backupRetention: this.options.backupRetention ?? Duration.days(7),
      deletionProtection: context.removalPolicy !== RemovalPolicy.DESTROY,
      removalPolicy: context.removalPolicy,
      autoMinorVersionUpgrade: true,
      cloudwatchLogsExports: ['postgresql', 'upgrade'],
      monitoringInterval: Duration.seconds(60),
      enablePerformanceInsights: true,
      performanceInsightEncryptionKey: context.encryptionKey,
      caCertificate: rds.CaCertificate.RDS_CA_RSA2048_G1,
      copyTagsToSnapshot: true,
      iamAuthentication: authentication === DatabaseAuthentication.IAM,
    });
    applySecretRemovalPolicy(instance, context.removalPolicy);
    const backupPlan = bindBackup(this.options, scope, context, backup.BackupResource.fromRdsDatabaseInstance(instance));
    instance.addRotationSingleUser({
      automaticallyAfter: this.options.rotationInterval ?? Duration.days(30),
      vpcSubnets: context.rotationSubnets,
    });
    return {
      endpointAddress: instance.dbInstanceEndpointAddress,
      port: METASTORE_DATABASE_PORT,
      secret: instance.secret!,
      securityGroup: instance.connections.securityGroups[0],
      instance,
      authentication,
      connectArnPrefix: connectArnPrefix(scope, instance.instanceResourceId!),
      backupPlan,
    };
  }
}

class AuroraPostgresDatabase extends MetastoreDatabase {
  constructor(private readonly options: AuroraPostgresDatabaseOptions) {
    super();
  }

  public _bind(scope: Construct, context: DatabaseContext): BoundDatabase {
    const engine = rds.DatabaseClusterEngine.auroraPostgres({
      version: this.options.engineVersion ?? rds.AuroraPostgresEngineVersion.VER_17_9,
    });
    const instanceProps: rds.ProvisionedClusterInstanceProps = {
      instanceType: this.options.instanceType ?? DEFAULT_INSTANCE_TYPE,
      publiclyAccessible: false,
      enablePerformanceInsights: true,
      performanceInsightEncryptionKey: context.encryptionKey,
      caCertificate: rds.CaCertificate.RDS_CA_RSA2048_G1,
    };
    const cluster = new rds.DatabaseCluster(scope, 'Database', {
      engine,
      port: METASTORE_DATABASE_PORT,
      vpc: context.vpc,
      vpcSubnets: context.subnets,
      defaultDatabaseName: context.databaseName,
      credentials: rds.Credentials.fromGeneratedSecret(context.username, { encryptionKey: context.encryptionKey }),
      storageEncrypted: true,
      storageEncryptionKey: context.encryptionKey,
      parameterGroup: forceTls(engine, scope),
      backup: { retention: this.options.backupRetention ?? Duration.days(7) },
      deletionProtection: context.removalPolicy !== RemovalPolicy.DESTROY,
      removalPolicy: context.removalPolicy,
      cloudwatchLogsExports: ['postgresql'],
      monitoringInterval: Duration.seconds(60),
      // Always on (AwsSolutions-RDS6). It opens nothing by itself: only DatabaseAuthentication.IAM
      // grants a role rds-db:connect, and only as its dedicated user.
      iamAuthentication: true,
      copyTagsToSnapshot: true,
      writer: rds.ClusterInstance.provisioned('Writer', instanceProps),
      readers: (this.options.multiAz ?? true) ? [rds.ClusterInstance.provisioned('Reader', instanceProps)] : [],
    });
    applySecretRemovalPolicy(cluster, context.removalPolicy);
    const backupPlan = bindBackup(this.options, scope, context, backup.BackupResource.fromRdsDatabaseCluster(cluster));
    cluster.addRotationSingleUser({
      automaticallyAfter: this.options.rotationInterval ?? Duration.days(30),
      vpcSubnets: context.rotationSubnets,
    });
    return {
      endpointAddress: cluster.clusterEndpoint.hostname,
      port: METASTORE_DATABASE_PORT,
      secret: cluster.secret!,
      securityGroup: cluster.connections.securityGroups[0],
      cluster,
      authentication: this.options.authentication ?? DatabaseAuthentication.SECRETS_MANAGER,
      connectArnPrefix: connectArnPrefix(scope, cluster.clusterResourceIdentifier),
      backupPlan,
    };
  }
}
