import { RemovalPolicy, Size, Stack, Token } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { ICluster, IdentityType, KubernetesManifest, ServiceAccount } from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { MetastoreClient } from './metastore-client';
import { BoundDatabase, DatabaseAuthentication, MetastoreDatabase } from './metastore-database';
import { MetastoreImage } from './metastore-image';
import { DatabaseUserBootstrap, metastoreManifests } from './metastore-manifests';
import { METASTORE_THRIFT_PORT, metastoreSiteProperties, renderHadoopConfiguration } from './metastore-site';
import { WarehouseLocation } from './warehouse-location';
import { BucketAccess } from '../irsa-bucket-access/bucket-grant';
import { IrsaBucketAccess } from '../irsa-bucket-access/irsa-bucket-access';
import { requireClusterSecurityGroup, requireKubectlProvider } from '../private/cluster-checks';
import { validateCpuQuantity, validateOwnNamespace, validateRfc1123Label } from '../private/kubernetes-names';
import { acknowledgeRules } from '../private/nag-acknowledgements';
import { statefulRemovalPolicy } from '../private/removal-policy';
import { secretReadStatements } from '../private/secret-read';
import { propError, validateWholeNumber } from '../private/validation';

/** Properties of a {@link HiveMetastoreService}. */
export interface HiveMetastoreServiceProps {
  /** The cluster the metastore runs in (created in this app, or imported with a kubectl provider). */
  readonly cluster: ICluster;

  /** Where managed tables live; the metastore's service account gets read-write access to it. */
  readonly warehouse: WarehouseLocation;

  /**
   * VPC of the database.
   *
   * @default - the cluster's VPC
   */
  readonly vpc?: ec2.IVpc;

  /**
   * Security groups whose members may connect to the database: the metastore pods' nodes.
   *
   * @default - the cluster security group (used by EKS Auto Mode and managed nodes)
   */
  readonly databaseClientSecurityGroups?: ec2.ISecurityGroup[];

  /**
   * Namespace of the metastore; it is created by this construct.
   *
   * @default 'hive-metastore'
   */
  readonly namespace?: string;

  /**
   * Name of the Deployment, Service and service account.
   *
   * @default 'hive-metastore'
   */
  readonly name?: string;

  /** @default MetastoreDatabase.postgres() */
  readonly database?: MetastoreDatabase;

  /** @default MetastoreImage.fromAsset() */
  readonly image?: MetastoreImage;

  /**
   * Number of metastore pods.
   *
   * @default 2
   */
  readonly replicas?: number;

  /**
   * CPU request of each pod, in Kubernetes quantity form.
   *
   * @default '500m'
   */
  readonly cpu?: string;

  /**
   * Memory request and limit of each pod (the JVM heap is 70% of it).
   *
   * @default Size.gibibytes(2)
   */
  readonly memory?: Size;

  /**
   * The pods allowed to reach the Thrift port (a NetworkPolicy admits only them).
   *
   * @default - pods labelled `app.kubernetes.io/name: trino` in namespace `trino`
   */
  readonly clients?: MetastoreClient[];

  /** @default IdentityType.IRSA */
  readonly identityType?: IdentityType;

  /**
   * What happens to the database, its secret and its key when the stack is deleted. DESTROY takes
   * effect only with the context flag `cdk-trino-on-eks:allowDestroy`; a warning says what happened.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

const CONSTRUCT = 'HiveMetastoreService';
const DATABASE_NAME = 'metastore';
/** The master user (its password in Secrets Manager, rotated). */
const DATABASE_USER = 'hive';
/** The metastore's own user with IAM database authentication (granted rds_iam, no password). */
const DATABASE_IAM_USER = 'hive_iam';

/**
 * A Hive Metastore for Trino's Hive, Iceberg and Delta Lake catalogs: PostgreSQL on RDS (or Aurora)
 * in private subnets, encrypted with its own KMS key, TLS only, credentials in Secrets Manager with
 * rotation (read at connection time, never written into a template, ConfigMap or pod spec) or IAM
 * database authentication, and the metastore Deployment, Service, PodDisruptionBudget and
 * NetworkPolicy on EKS.
 *
 * @example
 * declare const cluster: eks.Cluster;
 * declare const lake: s3.Bucket;
 * const metastore = new HiveMetastoreService(this, 'Metastore', {
 *   cluster,
 *   warehouse: WarehouseLocation.fromBucket(lake, 'warehouse'),
 * });
 * // metastore.thriftUri is thrift://hive-metastore.hive-metastore.svc.cluster.local:9083
 */
export class HiveMetastoreService extends Construct {
  /** The RDS instance, when the database is RDS for PostgreSQL. */
  public readonly databaseInstance?: rds.DatabaseInstance;
  /** The Aurora cluster, when the database is Aurora PostgreSQL. */
  public readonly databaseCluster?: rds.DatabaseCluster;
  /**
   * The Secrets Manager secret with the master credentials (rotated). With IAM database
   * authentication only the bootstrap Job's service account can read it.
   */
  public readonly databaseSecret: ISecret;
  /** How the metastore logs in to the database. */
  public readonly databaseAuthentication: DatabaseAuthentication;
  /** The database user the metastore connects as (`hive`, or `hive_iam` with IAM authentication). */
  public readonly databaseUser: string;
  /**
   * With IAM database authentication: the service account of the one-shot Job that creates the
   * metastore's database user; the only principal that may read the master secret.
   */
  public readonly bootstrapServiceAccount?: ServiceAccount;
  /** Security group of the database. */
  public readonly databaseSecurityGroup: ec2.ISecurityGroup;
  /** The AWS Backup plan of the database, unless it was given `MetastoreBackup.automatedBackupsOnly()`. */
  public readonly backupPlan?: backup.IBackupPlan;
  /** KMS key encrypting the database storage, its secret and Performance Insights. */
  public readonly encryptionKey: kms.Key;
  /** The metastore's service account and its S3 access. */
  public readonly serviceAccess: IrsaBucketAccess;
  /** The metastore's namespace. */
  public readonly namespaceManifest: KubernetesManifest;
  /** The metastore's Kubernetes objects (configuration, Deployment, Service, PDB, NetworkPolicy). */
  public readonly manifest: KubernetesManifest;
  /** Namespace of the metastore. */
  public readonly namespace: string;
  /** Name of the metastore's Service. */
  public readonly serviceName: string;
  /** What Trino catalogs put in `hive.metastore.uri`. */
  public readonly thriftUri: string;
  /** `s3://bucket/prefix` of the warehouse. */
  public readonly warehouseUri: string;

  constructor(scope: Construct, id: string, props: HiveMetastoreServiceProps) {
    const namespace = props.namespace ?? 'hive-metastore';
    const name = props.name ?? 'hive-metastore';
    const replicas = props.replicas ?? 2;
    validateOwnNamespace(CONSTRUCT, 'namespace', namespace);
    validateRfc1123Label(CONSTRUCT, 'name', name);
    validateCpuQuantity(CONSTRUCT, 'cpu', props.cpu ?? '500m');
    if (!Token.isUnresolved(replicas)) {
      validateWholeNumber(CONSTRUCT, 'replicas', replicas, 1, ' (2 or more keeps the metastore up through node drains)');
    }
    const memory = props.memory ?? Size.gibibytes(2);
    if (memory.toMebibytes() < 512) {
      throw propError(CONSTRUCT, 'memory', `${memory.toMebibytes()} MiB`, 'must be at least 512 MiB for the metastore JVM');
    }
    const clients = props.clients ?? [{ namespace: 'trino', podLabels: { 'app.kubernetes.io/name': 'trino' } }];
    if (clients.length === 0) {
      throw propError(CONSTRUCT, 'clients', [], 'must name at least one client (Trino\'s pods), or nothing could reach the metastore');
    }
    clients.forEach((client, index) => validateRfc1123Label(CONSTRUCT, `clients[${index}].namespace`, client.namespace));
    requireKubectlProvider(CONSTRUCT, 'cluster', props.cluster);
    const vpc = clusterVpc(props);
    const databaseClients = props.databaseClientSecurityGroups
      ?? [requireClusterSecurityGroup(CONSTRUCT, 'cluster', props.cluster, 'pass databaseClientSecurityGroups (the security groups of the nodes the metastore runs on)')];
    super(scope, id);

    this.namespace = namespace;
    this.serviceName = name;
    this.thriftUri = `thrift://${name}.${namespace}.svc.cluster.local:${METASTORE_THRIFT_PORT}`;
    const removalPolicy = statefulRemovalPolicy(this, props.removalPolicy, 'The metastore database, its secret and its KMS key');

    this.encryptionKey = new kms.Key(this, 'Key', {
      description: `Hive Metastore ${namespace}/${name}: database storage, credentials and Performance Insights`,
      enableKeyRotation: true,
      removalPolicy,
    });
    const database = (props.database ?? MetastoreDatabase.postgres())._bind(this, {
      vpc,
      subnets: databaseSubnets(vpc),
      rotationSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      encryptionKey: this.encryptionKey,
      removalPolicy,
      databaseName: DATABASE_NAME,
      username: DATABASE_USER,
    });
    this.databaseInstance = database.instance;
    this.databaseCluster = database.cluster;
    this.databaseSecret = database.secret;
    this.databaseSecurityGroup = database.securityGroup;
    for (const client of databaseClients) {
      database.securityGroup.connections.allowFrom(client, ec2.Port.tcp(database.port), 'Hive Metastore pods');
    }
    this.backupPlan = database.backupPlan;
    acknowledgeDatabaseFindings(database);

    this.namespaceManifest = new KubernetesManifest(this, 'Namespace', {
      cluster: props.cluster,
      manifest: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace, labels: { 'app.kubernetes.io/part-of': 'trino' } } }],
    });
    const warehouseBucket = props.warehouse.bucket(this);
    this.warehouseUri = `s3://${warehouseBucket.bucketName}/${props.warehouse.prefix}`;
    this.serviceAccess = new IrsaBucketAccess(this, 'ServiceAccount', {
      cluster: props.cluster,
      namespace,
      serviceAccountName: name,
      identityType: props.identityType,
      grants: [{ bucket: warehouseBucket, prefixes: [props.warehouse.prefix], access: BucketAccess.READ_WRITE }],
    });
    this.serviceAccess.node.addDependency(this.namespaceManifest);
    this.databaseAuthentication = database.authentication;
    const iamAuthentication = database.authentication === DatabaseAuthentication.IAM;
    this.databaseUser = iamAuthentication ? DATABASE_IAM_USER : DATABASE_USER;
    let bootstrap: DatabaseUserBootstrap | undefined;
    if (iamAuthentication) {
      this.grantConnect(database);
      this.bootstrapServiceAccount = new ServiceAccount(this, 'BootstrapServiceAccount', {
        cluster: props.cluster,
        namespace,
        name: `${name}-db-bootstrap`,
        identityType: props.identityType,
      });
      this.bootstrapServiceAccount.node.addDependency(this.namespaceManifest);
      this.grantSecretRead('BootstrapSecretAccess', this.bootstrapServiceAccount.role, database.secret,
        'Hive Metastore database user bootstrap: read the master credentials once, to create the IAM user');
      bootstrap = {
        serviceAccountName: this.bootstrapServiceAccount.serviceAccountName,
        iamUser: DATABASE_IAM_USER,
        // Only the connection: the Job reads nothing else.
        siteXml: renderHadoopConfiguration(connectionProperties(metastoreSiteProperties(
          this.databaseConnection(database, { secretArn: database.secret.secretArn, secretRegion: Stack.of(this).region }, DATABASE_USER),
          { warehouseDir: '', region: Stack.of(this).region },
        ))),
      };
    } else {
      this.grantSecretRead('DatabaseSecretAccess', this.serviceAccess.role, database.secret,
        'Hive Metastore: read the database credentials (rotated by Secrets Manager)');
    }

    const image = (props.image ?? MetastoreImage.fromAsset()).bind(this);
    const siteXml = renderHadoopConfiguration(metastoreSiteProperties(
      this.databaseConnection(database,
        iamAuthentication ? { iamRegion: Stack.of(this).region } : { secretArn: database.secret.secretArn, secretRegion: Stack.of(this).region },
        this.databaseUser),
      { warehouseDir: `s3a://${warehouseBucket.bucketName}/${props.warehouse.prefix}`, region: Stack.of(this).region },
    ));

    this.manifest = new KubernetesManifest(this, 'Workload', {
      cluster: props.cluster,
      manifest: metastoreManifests({
        name,
        namespace,
        image: image.imageUri,
        architecture: image.architecture,
        replicas,
        cpu: props.cpu ?? '500m',
        memoryMebibytes: memory.toMebibytes(),
        serviceAccountName: name,
        siteXml,
        clients,
        bootstrap,
      }),
    });
    // The accounts (with their roles and policies) exist before the first pod starts, and the
    // database before the metastore (or the bootstrap Job) tries to reach it.
    this.manifest.node.addDependency(this.serviceAccess, database.instance ?? database.cluster!);
    if (this.bootstrapServiceAccount) this.manifest.node.addDependency(this.bootstrapServiceAccount);
  }

  private databaseConnection(
    database: BoundDatabase, credentials: { secretArn?: string; secretRegion?: string; iamRegion?: string }, username: string,
  ) {
    return { host: database.endpointAddress, port: database.port, databaseName: DATABASE_NAME, username, tls: true, ...credentials };
  }

  /** `rds-db:connect` as the metastore's IAM database user only, in a customer-managed policy. */
  private grantConnect(database: BoundDatabase): void {
    new iam.ManagedPolicy(this, 'DatabaseConnectAccess', {
      description: `Hive Metastore: connect to the database as ${DATABASE_IAM_USER} with IAM database authentication`,
      roles: [this.serviceAccess.role],
      statements: [new iam.PolicyStatement({ actions: ['rds-db:connect'], resources: [`${database.connectArnPrefix}${DATABASE_IAM_USER}`] })],
    });
  }

  /** Read access to the database secret, in a customer-managed policy of `role`. */
  private grantSecretRead(id: string, role: iam.IRole, secret: ISecret, description: string): void {
    new iam.ManagedPolicy(this, id, {
      description,
      roles: [role],
      statements: secretReadStatements(secret.secretArn, this.encryptionKey.keyArn, Stack.of(this).region),
    });
  }
}

function connectionProperties(properties: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(properties).filter(([name]) => name.startsWith('javax.jdo.option.')));
}

function clusterVpc(props: HiveMetastoreServiceProps): ec2.IVpc {
  if (props.vpc) return props.vpc;
  try {
    return props.cluster.vpc;
  } catch {
    throw propError(CONSTRUCT, 'vpc', undefined, `must be set: cluster ${props.cluster.clusterName} was imported without its VPC`);
  }
}

/** Isolated subnets when the VPC has them (the database needs no route out), else private ones. */
function databaseSubnets(vpc: ec2.IVpc): ec2.SubnetSelection {
  return { subnetType: vpc.isolatedSubnets.length > 0 ? ec2.SubnetType.PRIVATE_ISOLATED : ec2.SubnetType.PRIVATE_WITH_EGRESS };
}

function acknowledgeDatabaseFindings(bound: BoundDatabase): void {
  const database: Construct = bound.instance ?? bound.cluster!;
  const securityGroup = bound.securityGroup;
  // PCI DSS 3.2.1 has no backup-plan rule.
  const inBackupPlan = ['NIST.800.53.R5-RDSInBackupPlan', 'HIPAA.Security-RDSInBackupPlan'];
  if (!bound.backupPlan) {
    acknowledgeRules(database, inBackupPlan,
      'MetastoreBackup.automatedBackupsOnly() was chosen: the database has automated RDS backups with point-in-time ' +
      'recovery (7 days by default, backupRetention) and deletion protection, and no AWS Backup plan.');
  } else if (bound.cluster) {
    acknowledgeRules(database, inBackupPlan,
      'The Aurora cluster is in the AWS Backup plan (its selection names the cluster, the unit AWS Backup backs up ' +
      'for Aurora); the rule looks for its instances, which AWS Backup does not select one by one.');
  }
  const selectionRole = bound.backupPlan?.node.tryFindChild('Database')?.node.tryFindChild('Role');
  if (selectionRole) {
    acknowledgeRules(selectionRole, ['AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]'],
      'AWS Backup assumes this role to back up the database; AWSBackupServiceRolePolicyForBackup is the service policy ' +
      'AWS documents and keeps current for every resource type AWS Backup supports.');
  }
  const monitoringRole = database.node.tryFindChild('MonitoringRole');
  if (monitoringRole) {
    acknowledgeRules(monitoringRole, ['AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole]'],
      'Enhanced Monitoring needs this AWS-managed service role policy: it only lets RDS write OS metrics to the ' +
      'RDSOSMetrics log group.');
  }
  // The rotation function's ingress rule names the database port through a deploy-time attribute
  // (5433), which the common-ports rules cannot read.
  for (const rule of securityGroup.node.children.filter((c) => c.node.id.includes('RotationSingleUser'))) {
    acknowledgeRules(rule, ['NIST.800.53.R5-EC2RestrictedCommonPorts', 'NIST.800.53.R5-EC2RestrictedSSH',
      'HIPAA.Security-EC2RestrictedCommonPorts', 'HIPAA.Security-EC2RestrictedSSH',
      'PCI.DSS.321-EC2RestrictedCommonPorts', 'PCI.DSS.321-EC2RestrictedSSH'],
    'Admits only the Secrets Manager rotation function\'s security group, on the database port (5433) that ' +
    'CloudFormation resolves at deploy time; not SSH, not open to any address range.');
  }
}
