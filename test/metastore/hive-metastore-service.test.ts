import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { App, CfnElement, Duration, RemovalPolicy, Size, Stack, Stage } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  DatabaseAuthentication, HiveMetastoreService, HiveMetastoreServiceProps, ImageArchitecture, MetastoreBackup, MetastoreDatabase, MetastoreImage,
  WarehouseLocation,
} from '../../src';
import { METASTORE_IMAGE_DIRECTORY } from '../../src/metastore/metastore-image';
import { createdCluster, ENV, importedCluster, newStack, TEST_APP_CONTEXT } from '../fixtures/clusters';
import { manifestCredentials, templateCredentials } from '../quality-gate/credentials';
import { kubernetesObjects } from '../quality-gate/manifests';
import { qualityGateTests } from '../quality-gate/quality-gate';

const IMAGE = 'public.ecr.aws/example/hive-metastore:4.1.0';

function metastore(stack: Stack, props: Partial<HiveMetastoreServiceProps> = {}): HiveMetastoreService {
  return new HiveMetastoreService(stack, 'Metastore', fullProps(stack, props));
}

function fullProps(stack: Stack, props: Partial<HiveMetastoreServiceProps> = {}): HiveMetastoreServiceProps {
  return {
    cluster: props.cluster ?? (stack.node.tryFindChild('Cluster') as eks.Cluster | undefined) ?? createdCluster(stack),
    warehouse: props.warehouse ?? WarehouseLocation.fromBucket(new s3.Bucket(stack, 'Lake'), 'warehouse'),
    image: MetastoreImage.fromRegistry(IMAGE, ImageArchitecture.ARM64),
    ...props,
  };
}

function objectsOf(stack: Stack, kind: string): any[] {
  return kubernetesObjects(stack).filter((o) => o.kind === kind);
}

/** The statements of every customer-managed policy attached to a role (no inline policy may exist). */
function statementsOf(template: Template, role: iam.IRole): any[] {
  const roleId = Stack.of(role).getLogicalId(role.node.defaultChild as CfnElement);
  expect(JSON.stringify(template.findResources('AWS::IAM::Policy'))).not.toContain(`"${roleId}"`);
  return Object.values(template.findResources('AWS::IAM::ManagedPolicy'))
    .filter((p) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
    .flatMap((p) => p.Properties.PolicyDocument.Statement);
}

describe('the default: RDS for PostgreSQL on a created cluster', () => {
  let stack: Stack;
  let service: HiveMetastoreService;
  let template: Template;
  beforeAll(() => {
    stack = newStack();
    service = metastore(stack);
    template = Template.fromStack(stack);
  });

  test('the database is private, encrypted with its own key, Multi-AZ, backed up and protected from deletion', () => {
    template.hasResourceProperties('AWS::RDS::DBInstance', {
      Engine: 'postgres',
      PubliclyAccessible: false,
      StorageEncrypted: true,
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^MetastoreKey'), 'Arn'] },
      MultiAZ: true,
      BackupRetentionPeriod: 7,
      DeletionProtection: true,
      AutoMinorVersionUpgrade: true,
      EnableCloudwatchLogsExports: ['postgresql', 'upgrade'],
      DBInstanceClass: 'db.t4g.medium',
    });
    template.hasResource('AWS::RDS::DBInstance', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  test('the database, its secret and its key are retained when the stack is deleted', () => {
    for (const type of ['AWS::RDS::DBInstance', 'AWS::SecretsManager::Secret', 'AWS::KMS::Key']) {
      const resources = Object.entries(template.findResources(type)).filter(([id]) => /^(Test)?Metastore/.test(id));
      expect(resources.length).toBeGreaterThan(0);
      for (const [, resource] of resources) expect(resource).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    }
  });

  test('TLS is enforced by the parameter group', () => {
    template.hasResourceProperties('AWS::RDS::DBParameterGroup', { Parameters: Match.objectLike({ 'rds.force_ssl': '1' }) });
  });

  test('only the cluster security group (and the rotation function) may connect, on 5433', () => {
    const ingress = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress'))
      .map((r) => r.Properties)
      .filter((p) => JSON.stringify(p.GroupId).includes('MetastoreDatabaseSecurityGroup'));
    expect(ingress).toHaveLength(2);
    expect(ingress).toContainEqual(expect.objectContaining({
      FromPort: 5433,
      ToPort: 5433,
      SourceSecurityGroupId: { 'Fn::GetAtt': [expect.stringMatching(/^Cluster/), 'ClusterSecurityGroupId'] },
    }));
    expect(ingress).toContainEqual(expect.objectContaining({
      SourceSecurityGroupId: { 'Fn::GetAtt': [expect.stringMatching(/RotationSingleUserSecurityGroup/), 'GroupId'] },
    }));
    template.resourcePropertiesCountIs('AWS::EC2::SecurityGroup', {
      SecurityGroupIngress: Match.arrayWith([Match.objectLike({ CidrIp: '0.0.0.0/0' })]),
    }, 0);
  });

  test('the credentials are generated, encrypted with the key, and rotated every 30 days', () => {
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: Match.objectLike({ SecretStringTemplate: '{"username":"hive"}', GenerateStringKey: 'password' }),
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^MetastoreKey'), 'Arn'] },
    });
    template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
      RotationRules: { ScheduleExpression: 'rate(30 days)' },
    });
  });

  test('the password is a dynamic reference to the secret; the metastore reads the secret itself', () => {
    template.hasResourceProperties('AWS::RDS::DBInstance', {
      MasterUserPassword: { 'Fn::Join': ['', Match.arrayWith(['{{resolve:secretsmanager:'])] },
    });
    const configMap = objectsOf(stack, 'ConfigMap')[0];
    expect(configMap.data['metastore-site.xml']).toMatch(/wrapperPlugins=awsSecretsManager&amp;secretsManagerSecretId=CFN-TOKEN/);
  });

  test('password authentication: no IAM database authentication and no rds-db:connect', () => {
    template.hasResourceProperties('AWS::RDS::DBInstance', { EnableIAMDatabaseAuthentication: false });
    expect(JSON.stringify(template.toJSON())).not.toMatch(/rds-db:connect/);
    expect(objectsOf(stack, 'Job')).toEqual([]);
    expect(service.databaseAuthentication).toBe(DatabaseAuthentication.SECRETS_MANAGER);
    expect(service.databaseUser).toBe('hive');
  });

  test('the metastore role reads its secret (through Secrets Manager only) and writes the warehouse prefix', () => {
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: [
          { Effect: 'Allow', Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], Resource: { Ref: Match.stringLikeRegexp('^MetastoreDatabaseSecret') } },
          {
            Effect: 'Allow',
            Action: 'kms:Decrypt',
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^MetastoreKey'), 'Arn'] },
            Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' } },
          },
        ],
      },
    });
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'WriteObjects0' })]) },
      Description: 'S3 access of service account hive-metastore/hive-metastore',
    });
  });

  test('the Deployment runs two non-root replicas, read-only, on the image architecture, spread over zones', () => {
    const [deployment] = objectsOf(stack, 'Deployment');
    expect(deployment.spec.replicas).toBe(2);
    const pod = deployment.spec.template.spec;
    expect(pod.serviceAccountName).toBe('hive-metastore');
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' } });
    expect(pod.nodeSelector).toEqual({ 'kubernetes.io/arch': 'arm64' });
    expect(pod.topologySpreadConstraints[0].topologyKey).toBe('topology.kubernetes.io/zone');
    const [container] = pod.containers;
    expect(container.image).toBe(IMAGE);
    expect(container.securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    expect(container.resources).toEqual({ requests: { cpu: '500m', memory: '2048Mi' }, limits: { memory: '2048Mi' } });
    for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) {
      expect(container[probe].tcpSocket).toEqual({ port: 'thrift' });
    }
  });

  test('a PodDisruptionBudget keeps all but one pod up, a Service exposes Thrift on 9083', () => {
    expect(objectsOf(stack, 'PodDisruptionBudget')[0].spec).toEqual({
      maxUnavailable: 1, selector: { matchLabels: { 'app.kubernetes.io/name': 'hive-metastore' } },
    });
    expect(objectsOf(stack, 'Service')[0].spec.ports).toEqual([{ name: 'thrift', port: 9083, targetPort: 'thrift', protocol: 'TCP' }]);
    expect(service.thriftUri).toBe('thrift://hive-metastore.hive-metastore.svc.cluster.local:9083');
  });

  test('the NetworkPolicy admits only Trino pods on 9083', () => {
    expect(objectsOf(stack, 'NetworkPolicy')).toHaveLength(1);
    expect(objectsOf(stack, 'NetworkPolicy')[0].spec.ingress).toEqual([{
      from: [{
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'trino' } },
        podSelector: { matchLabels: { 'app.kubernetes.io/name': 'trino' } },
      }],
      ports: [{ protocol: 'TCP', port: 9083 }],
    }]);
  });

  test('namespace, then service account, then the workload, which also waits for the database', () => {
    const resources = template.toJSON().Resources;
    const logicalId = (c: any) => stack.getLogicalId(c.node.defaultChild ?? c.node.findChild('Resource'));
    const accountManifest = Object.keys(resources).find((k) => /^MetastoreServiceAccount.*manifest/.test(k))!;
    expect(resources[accountManifest].DependsOn).toContain(logicalId(service.namespaceManifest));
    expect(resources[logicalId(service.manifest)].DependsOn).toEqual(expect.arrayContaining([
      accountManifest, expect.stringMatching(/^MetastoreDatabase[0-9A-F]+$/),
    ]));
  });

  test('exposes the database, its secret, the service account and the URIs', () => {
    expect(service.databaseInstance).toBeDefined();
    expect(service.databaseCluster).toBeUndefined();
    expect(service.databaseSecret).toBe(service.databaseInstance!.secret);
    expect(service.serviceAccess.serviceAccountName).toBe('hive-metastore');
    expect(stack.resolve(service.warehouseUri)).toEqual({ 'Fn::Join': ['', ['s3://', { Ref: expect.stringMatching(/^Lake/) }, '/warehouse']] });
  });

  test('an AWS Backup plan backs the database up daily at 05:00 UTC and keeps each backup 35 days', () => {
    template.resourceCountIs('AWS::Backup::BackupPlan', 1);
    template.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: {
        BackupPlanName: Match.anyValue(),
        BackupPlanRule: [Match.objectLike({
          ScheduleExpression: 'cron(0 5 * * ? *)',
          Lifecycle: { DeleteAfterDays: 35 },
          TargetBackupVault: { 'Fn::GetAtt': [Match.stringLikeRegexp('^MetastoreBackupVault'), 'BackupVaultName'] },
        })],
      },
    });
    const database = stack.getLogicalId(service.databaseInstance!.node.defaultChild as CfnElement);
    const [selection] = Object.values<any>(template.findResources('AWS::Backup::BackupSelection'));
    expect(JSON.stringify(selection.Properties.BackupSelection.Resources)).toContain(`"${database}"`);
    expect(service.backupPlan).toBeDefined();
  });

  test('the backups go to their own vault, encrypted with the metastore\'s key and retained with the stack', () => {
    template.hasResource('AWS::Backup::BackupVault', {
      Properties: { EncryptionKeyArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^MetastoreKey'), 'Arn'] }, BackupVaultName: Match.anyValue() },
      DeletionPolicy: 'Retain',
    });
  });

  qualityGateTests(() => ({ stack, scope: service }));
});

describe('backups', () => {
  test('a plan with a retention, a schedule and an existing vault: no vault is created', () => {
    const stack = newStack();
    const vault = backup.BackupVault.fromBackupVaultName(stack, 'Vault', 'organisation-vault');
    metastore(stack, {
      database: MetastoreDatabase.postgres({
        backup: MetastoreBackup.plan({ retention: Duration.days(90), schedule: events.Schedule.cron({ hour: '*/12', minute: '0' }), vault }),
      }),
    });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Backup::BackupVault', 0);
    template.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: Match.objectLike({
        BackupPlanRule: [Match.objectLike({
          ScheduleExpression: 'cron(0 */12 * * ? *)', Lifecycle: { DeleteAfterDays: 90 }, TargetBackupVault: 'organisation-vault',
        })],
      }),
    });
  });

  test('Aurora: the plan selects the cluster, the unit AWS Backup backs up', () => {
    const stack = newStack();
    const service = metastore(stack, { database: MetastoreDatabase.auroraPostgres() });
    const cluster = stack.getLogicalId(service.databaseCluster!.node.defaultChild as CfnElement);
    const [selection] = Object.values<any>(Template.fromStack(stack).findResources('AWS::Backup::BackupSelection'));
    expect(JSON.stringify(selection.Properties.BackupSelection.Resources)).toContain(`"${cluster}"`);
  });

  test('automated backups only: no AWS Backup resource', () => {
    const stack = newStack();
    const service = metastore(stack, { database: MetastoreDatabase.postgres({ backup: MetastoreBackup.automatedBackupsOnly() }) });
    const template = Template.fromStack(stack);
    for (const type of ['AWS::Backup::BackupPlan', 'AWS::Backup::BackupSelection', 'AWS::Backup::BackupVault']) {
      template.resourceCountIs(type, 0);
    }
    template.hasResourceProperties('AWS::RDS::DBInstance', { BackupRetentionPeriod: 7 });
    expect(service.backupPlan).toBeUndefined();
  });

  test('DESTROY in effect: no plan by default (a vault that holds backups cannot be deleted with the stack)', () => {
    const stack = new Stack(new App({ context: { ...TEST_APP_CONTEXT, 'cdk-trino-on-eks:allowDestroy': true } }), 'Test', { env: ENV });
    metastore(stack, { removalPolicy: RemovalPolicy.DESTROY });
    Template.fromStack(stack).resourceCountIs('AWS::Backup::BackupPlan', 0);
  });

  test('DESTROY in effect with a plan asked for: the created vault follows the removal policy', () => {
    const stack = new Stack(new App({ context: { ...TEST_APP_CONTEXT, 'cdk-trino-on-eks:allowDestroy': true } }), 'Test', { env: ENV });
    metastore(stack, { removalPolicy: RemovalPolicy.DESTROY, database: MetastoreDatabase.postgres({ backup: MetastoreBackup.plan() }) });
    Template.fromStack(stack).hasResource('AWS::Backup::BackupVault', { DeletionPolicy: 'Delete' });
  });
});

describe('automated backups only passes the nag packs (the backup-plan finding acknowledged with the choice)', () => {
  let stack: Stack;
  let service: HiveMetastoreService;
  beforeAll(() => {
    stack = newStack();
    service = metastore(stack, { database: MetastoreDatabase.postgres({ backup: MetastoreBackup.automatedBackupsOnly() }) });
  });

  qualityGateTests(() => ({ stack, scope: service }));
});

describe('Aurora PostgreSQL', () => {
  let stack: Stack;
  let service: HiveMetastoreService;
  beforeAll(() => {
    stack = newStack();
    const instanceType = ec2.InstanceType.of(ec2.InstanceClass.R7G, ec2.InstanceSize.LARGE);
    service = metastore(stack, { database: MetastoreDatabase.auroraPostgres({ instanceType }) });
  });

  test('a writer and a reader, encrypted, private, protected', () => {
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::RDS::DBCluster', {
      Engine: 'aurora-postgresql', StorageEncrypted: true, DeletionProtection: true, BackupRetentionPeriod: 7,
    });
    template.resourcePropertiesCountIs('AWS::RDS::DBInstance', { DBInstanceClass: 'db.r7g.large', PubliclyAccessible: false }, 2);
    expect(service.databaseCluster).toBeDefined();
  });

  test('the cluster and its secret are retained', () => {
    const template = Template.fromStack(stack);
    template.hasResource('AWS::RDS::DBCluster', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    template.hasResource('AWS::SecretsManager::Secret', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  test('TLS forced by the cluster parameter group, credentials rotated', () => {
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::RDS::DBClusterParameterGroup', { Parameters: Match.objectLike({ 'rds.force_ssl': '1' }) });
    template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', { RotationRules: { ScheduleExpression: 'rate(30 days)' } });
  });

  qualityGateTests(() => ({ stack, scope: service }));
});

describe('IAM database authentication (RDS for PostgreSQL)', () => {
  let stack: Stack;
  let service: HiveMetastoreService;
  let template: Template;
  beforeAll(() => {
    stack = newStack();
    service = metastore(stack, { database: MetastoreDatabase.postgres({ authentication: DatabaseAuthentication.IAM }) });
    template = Template.fromStack(stack);
  });

  test('the instance has IAM database authentication on, and still a rotated master secret', () => {
    template.hasResourceProperties('AWS::RDS::DBInstance', { EnableIAMDatabaseAuthentication: true, PubliclyAccessible: false, StorageEncrypted: true });
    template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', { RotationRules: { ScheduleExpression: 'rate(30 days)' } });
    expect(service.databaseAuthentication).toBe(DatabaseAuthentication.IAM);
    expect(service.databaseUser).toBe('hive_iam');
  });

  test('the metastore role may only rds-db:connect as hive_iam on this instance, and cannot read the secret', () => {
    expect(statementsOf(template, service.serviceAccess.role)).toEqual(expect.arrayContaining([{
      Effect: 'Allow',
      Action: 'rds-db:connect',
      Resource: {
        'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':rds-db:eu-west-1:111122223333:dbuser:',
          { 'Fn::GetAtt': [expect.stringMatching(/^MetastoreDatabase[0-9A-F]+$/), 'DbiResourceId'] }, '/hive_iam']],
      },
    }]));
    expect(JSON.stringify(statementsOf(template, service.serviceAccess.role))).not.toMatch(/secretsmanager|kms:Decrypt/);
  });

  test('only the bootstrap service account reads the master secret', () => {
    const statements = statementsOf(template, service.bootstrapServiceAccount!.role);
    expect(statements).toEqual([
      expect.objectContaining({ Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], Resource: { Ref: expect.stringMatching(/^MetastoreDatabaseSecret/) } }),
      expect.objectContaining({ Action: 'kms:Decrypt', Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' } } }),
    ]);
    expect(JSON.stringify(statements)).not.toMatch(/rds-db|s3:/);
    expect(service.bootstrapServiceAccount!.serviceAccountName).toBe('hive-metastore-db-bootstrap');
  });

  test('the metastore connects through the wrapper\'s iam plugin as hive_iam, naming no secret', () => {
    const site = objectsOf(stack, 'ConfigMap').find((c) => c.metadata.name === 'hive-metastore-config').data['metastore-site.xml'];
    expect(site).toMatch(/wrapperPlugins=iam&amp;iamRegion=eu-west-1&amp;sslmode=require/);
    expect(site).toMatch(/<name>javax.jdo.option.ConnectionUserName<\/name>\s*<value>hive_iam<\/value>/);
    expect(site).not.toMatch(/secretsManager/);
  });

  test('a one-shot Job, as the bootstrap account, creates hive_iam with the master secret', () => {
    const [job] = objectsOf(stack, 'Job');
    expect(job.metadata.name).toMatch(/^hive-metastore-db-bootstrap-[0-9a-f]{8}$/);
    const pod = job.spec.template.spec;
    expect(pod.serviceAccountName).toBe('hive-metastore-db-bootstrap');
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001 });
    const [container] = pod.containers;
    expect(container).toMatchObject({ image: IMAGE, args: ['bootstrap-iam-user'] });
    expect(container.env).toContainEqual({ name: 'METASTORE_IAM_USER', value: 'hive_iam' });
    expect(container.securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    const site = objectsOf(stack, 'ConfigMap').find((c) => c.metadata.name === 'hive-metastore-db-bootstrap').data['metastore-site.xml'];
    expect(site).toMatch(/wrapperPlugins=awsSecretsManager&amp;secretsManagerSecretId=CFN-TOKEN/);
    expect(site).not.toMatch(/warehouse|thrift/);
    // Not selected by the metastore's Service, PDB or NetworkPolicy; its own policy admits nothing.
    expect(job.spec.template.metadata.labels['app.kubernetes.io/name']).toBe('hive-metastore-db-bootstrap');
    expect(objectsOf(stack, 'NetworkPolicy').find((p) => p.metadata.name === 'hive-metastore-db-bootstrap').spec).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'hive-metastore-db-bootstrap' } }, policyTypes: ['Ingress'],
    });
  });

  test('the workload waits for the bootstrap account', () => {
    const resources = template.toJSON().Resources;
    const logicalId = (c: any) => stack.getLogicalId(c.node.defaultChild ?? c.node.findChild('Resource'));
    const accountManifest = Object.keys(resources).find((k) => /^MetastoreBootstrapServiceAccount.*manifest/.test(k))!;
    expect(resources[logicalId(service.manifest)].DependsOn).toContain(accountManifest);
  });

  qualityGateTests(() => ({ stack, scope: service }));
});

describe('IAM database authentication (Aurora PostgreSQL)', () => {
  let stack: Stack;
  let service: HiveMetastoreService;
  beforeAll(() => {
    stack = newStack();
    service = metastore(stack, { database: MetastoreDatabase.auroraPostgres({ authentication: DatabaseAuthentication.IAM }) });
  });

  test('rds-db:connect names the cluster resource id', () => {
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::RDS::DBCluster', { EnableIAMDatabaseAuthentication: true });
    expect(statementsOf(template, service.serviceAccess.role)).toContainEqual(expect.objectContaining({
      Action: 'rds-db:connect',
      Resource: { 'Fn::Join': ['', expect.arrayContaining([{ 'Fn::GetAtt': [expect.stringMatching(/^MetastoreDatabase[0-9A-F]+$/), 'DBClusterResourceId'] }, '/hive_iam'])] },
    }));
  });

  qualityGateTests(() => ({ stack, scope: service }));
});

describe('the credential scan finds what it looks for', () => {
  test('a literal password, an access key and an inline JDBC password in a template', () => {
    const findings = templateCredentials({
      Resources: {
        Db: { Properties: { MasterUserPassword: 'hunter2hunter2' } },
        Fn: { Properties: { Environment: { Variables: { KEY: 'AKIAABCDEFGHIJKLMNOP' } } } },
        Cfg: { Properties: { Url: 'jdbc:postgresql://db:5432/x?user=hive&password=hunter2' } },
        Ok: { Properties: { MasterUserPassword: '{{resolve:secretsmanager:arn:aws:secretsmanager:eu-west-1:1:secret:x:SecretString:password::}}' } },
      },
    });
    expect(findings.map((f) => f.where)).toEqual([
      'template.Resources.Db.Properties.MasterUserPassword',
      'template.Resources.Fn.Properties.Environment.Variables.KEY',
      'template.Resources.Cfg.Properties.Url',
    ]);
  });

  test('a Secret, a secretKeyRef, a password variable, a ConnectionPassword and a dynamic reference in manifests', () => {
    const findings = manifestCredentials([
      { kind: 'Secret', metadata: { name: 's' }, stringData: { x: 'y' } },
      {
        kind: 'Deployment',
        metadata: { name: 'd' },
        spec: {
          containers: [{
            env: [
              { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 's', key: 'x' } } },
            ],
          }],
        },
      },
      { kind: 'ConfigMap', metadata: { name: 'c' }, data: { 'site.xml': '<name>javax.jdo.option.ConnectionPassword</name>', 'other': '{{resolve:secretsmanager:x}}' } },
    ]);
    expect(findings.map((f) => f.why)).toEqual(expect.arrayContaining([
      'a Secret object in the manifest', 'secretKeyRef in a pod spec', 'an environment variable DB_PASSWORD',
      'a JDO ConnectionPassword', 'a dynamic reference, resolved into the manifest',
    ]));
  });
});

test('without Multi-AZ: a single-AZ instance (RDS) or no reader (Aurora)', () => {
  const rdsStack = newStack();
  metastore(rdsStack, { database: MetastoreDatabase.postgres({ multiAz: false }) });
  Template.fromStack(rdsStack).hasResourceProperties('AWS::RDS::DBInstance', { MultiAZ: false });
  const auroraStack = newStack();
  metastore(auroraStack, { database: MetastoreDatabase.auroraPostgres({ multiAz: false }) });
  Template.fromStack(auroraStack).resourceCountIs('AWS::RDS::DBInstance', 1);
});

describe('with EKS Pod Identity and IAM database authentication', () => {
  let stack: Stack;
  let service: HiveMetastoreService;
  beforeAll(() => {
    stack = newStack();
    service = metastore(stack, {
      identityType: eks.IdentityType.POD_IDENTITY,
      database: MetastoreDatabase.postgres({ authentication: DatabaseAuthentication.IAM }),
    });
  });

  test('the metastore (and, with IAM authentication, the bootstrap Job) get associations', () => {
    const template = Template.fromStack(stack);
    for (const serviceAccount of ['hive-metastore', 'hive-metastore-db-bootstrap']) {
      template.hasResourceProperties('AWS::EKS::PodIdentityAssociation', { Namespace: 'hive-metastore', ServiceAccount: serviceAccount });
    }
  });

  qualityGateTests(() => ({ stack, scope: service }));
});

describe('removal policy', () => {
  test('DESTROY without the context flag keeps everything and warns', () => {
    const stack = newStack();
    metastore(stack, { removalPolicy: RemovalPolicy.DESTROY });
    Template.fromStack(stack).hasResource('AWS::RDS::DBInstance', { DeletionPolicy: 'Retain' });
    Template.fromStack(stack).hasResource('AWS::SecretsManager::Secret', { DeletionPolicy: 'Retain' });
    Annotations.fromStack(stack).hasWarning('/Test/Metastore',
      Match.stringLikeRegexp('RETAINED: removalPolicy DESTROY takes effect only with the context flag cdk-trino-on-eks:allowDestroy'));
  });

  test('DESTROY with the context flag deletes, lifts deletion protection and warns', () => {
    const stack = new Stack(new App({ context: { ...TEST_APP_CONTEXT, 'cdk-trino-on-eks:allowDestroy': true } }), 'Test', { env: ENV });
    metastore(stack, { removalPolicy: RemovalPolicy.DESTROY });
    const template = Template.fromStack(stack);
    template.hasResource('AWS::RDS::DBInstance', { DeletionPolicy: 'Delete', Properties: Match.objectLike({ DeletionProtection: false }) });
    template.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Delete' });
    template.hasResource('AWS::SecretsManager::Secret', { DeletionPolicy: 'Delete' });
    Annotations.fromStack(stack).hasWarning('/Test/Metastore', Match.stringLikeRegexp('will be DELETED with the stack'));
  });
});

test('the default image is built from docker/hive-metastore (shipped in the package) for amd64 nodes', () => {
  const stack = newStack();
  const props = fullProps(stack);
  new HiveMetastoreService(stack, 'Metastore', { ...props, image: MetastoreImage.fromAsset() });
  const assembly = Stage.of(stack)!.synth();
  const manifest = JSON.parse(readFileSync(join(assembly.directory, `${stack.artifactId}.assets.json`), 'utf-8'));
  expect(Object.values(manifest.dockerImages)).toEqual([
    expect.objectContaining({ source: expect.objectContaining({ platform: 'linux/amd64' }) }),
  ]);
  const [deployment] = objectsOf(stack, 'Deployment');
  expect(deployment.spec.template.spec.nodeSelector).toEqual({ 'kubernetes.io/arch': 'amd64' });
  expect(deployment.spec.template.spec.containers[0].image).toMatch(/CFN-TOKEN/);
  expect(existsSync(join(METASTORE_IMAGE_DIRECTORY, 'Dockerfile'))).toBe(true);
  expect(existsSync(join(METASTORE_IMAGE_DIRECTORY, 'pom.xml'))).toBe(true);
});

test('a warehouse given as a URI imports the bucket and grants its prefix', () => {
  const stack = newStack();
  const service = metastore(stack, { warehouse: WarehouseLocation.fromUri('s3://analytics-lake/hive/warehouse/') });
  expect(service.warehouseUri).toBe('s3://analytics-lake/hive/warehouse');
  Template.fromStack(stack).hasResourceProperties('AWS::IAM::ManagedPolicy', {
    PolicyDocument: {
      Statement: Match.arrayWith([Match.objectLike({
        Sid: 'ReadObjects0',
        Resource: [
          { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::analytics-lake/hive/warehouse']] },
          { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::analytics-lake/hive/warehouse/*']] },
        ],
      })]),
    },
  });
});

describe('bad input fails at synth time, naming the prop, the value and what is allowed, and creates nothing', () => {
  const cases: [string, (stack: Stack) => Partial<HiveMetastoreServiceProps>, RegExp][] = [
    ['replicas below 1', () => ({ replicas: 0 }), /HiveMetastoreService: replicas \(0\) must be a whole number of at least 1/],
    ['fractional replicas', () => ({ replicas: 1.5 }), /replicas \(1.5\) must be a whole number/],
    ['namespace not an RFC 1123 label', () => ({ namespace: 'Hive' }), /namespace \("Hive"\) must be an RFC 1123 label/],
    ['no clients', () => ({ clients: [] }), /clients \(\[\]\) must name at least one client/],
    ['too little memory', () => ({ memory: Size.mebibytes(256) }), /memory \("256 MiB"\) must be at least 512 MiB/],
    ['an imported cluster without its VPC', (s) => ({ cluster: importedCluster(s) }), /vpc \(not set\) must be set: cluster analytics was imported without its VPC/],
  ];
  test.each(cases)('%s', (_name, props, message) => {
    const stack = newStack();
    const allProps = fullProps(stack, props(stack));
    const before = stack.node.findAll().length;
    expect(() => new HiveMetastoreService(stack, 'Metastore', allProps)).toThrow(message);
    expect(stack.node.findAll().length).toBe(before);
  });

  const factoryCases: [string, () => unknown, RegExp][] = [
    ['a backup retention that is not whole days', () => MetastoreBackup.plan({ retention: Duration.hours(36) }),
      /MetastoreBackup: retention \("1 day 12 hours"\) must be a whole number of days, at least 1/],
    ['a backup retention of 0 days', () => MetastoreBackup.plan({ retention: Duration.days(0) }),
      /MetastoreBackup: retention \("0 days"\) must be a whole number of days/],
    ['a backup schedule that is a rate', () => MetastoreBackup.plan({ schedule: events.Schedule.rate(Duration.hours(12)) }),
      /MetastoreBackup: schedule \("rate\(12 hours\)"\) must be a cron schedule \(Schedule.cron\): AWS Backup takes no rate expression/],
    ['an instance class RDS does not offer', () => MetastoreDatabase.postgres({ instanceType: new ec2.InstanceType('c5.large') }),
      /MetastoreDatabase: instanceType \("db.c5.large"\) is not an instance class RDS for PostgreSQL offers/],
    ['a burstable class too small for PostgreSQL', () => MetastoreDatabase.postgres({ instanceType: new ec2.InstanceType('t4g.micro') }),
      /instanceType \("db.t4g.micro"\) is not an instance class RDS for PostgreSQL offers/],
    ['an instance class Aurora PostgreSQL does not offer', () => MetastoreDatabase.auroraPostgres({ instanceType: new ec2.InstanceType('m6i.large') }),
      /instanceType \("db.m6i.large"\) is not an instance class Aurora PostgreSQL offers/],
    ['a warehouse that is not s3://bucket/prefix', () => WarehouseLocation.fromUri('https://lake.s3.amazonaws.com/warehouse'),
      /WarehouseLocation: uri \("https:\/\/lake.s3.amazonaws.com\/warehouse"\) must be s3:\/\/<bucket>\/<prefix>/],
    ['a warehouse without a prefix', () => WarehouseLocation.fromUri('s3://lake'), /uri \("s3:\/\/lake"\) must be s3:\/\/<bucket>\/<prefix>/],
    ['a warehouse prefix with a wildcard', () => WarehouseLocation.fromBucket(s3.Bucket.fromBucketName(newStack(), 'B', 'lake'), 'data/*'),
      /WarehouseLocation: prefix \("data\/\*"\) must be a non-empty key prefix without wildcards/],
    ['IAM authentication on an RDS for PostgreSQL version without it',
      () => MetastoreDatabase.postgres({ authentication: DatabaseAuthentication.IAM, engineVersion: rds.PostgresEngineVersion.VER_10_5 }),
      new RegExp('MetastoreDatabase: engineVersion \\("10.5"\\) has no IAM database authentication, which authentication: ' +
        'DatabaseAuthentication.IAM needs \\(RDS for PostgreSQL supports it from 9.5.15, 9.6.11 and 10.6')],
    ['IAM authentication on RDS for PostgreSQL 9.6.10',
      () => MetastoreDatabase.postgres({ authentication: DatabaseAuthentication.IAM, engineVersion: rds.PostgresEngineVersion.of('9.6.10', '9.6') }),
      /engineVersion \("9.6.10"\) has no IAM database authentication/],
    ['IAM authentication on an Aurora PostgreSQL version without it',
      () => MetastoreDatabase.auroraPostgres({ authentication: DatabaseAuthentication.IAM, engineVersion: rds.AuroraPostgresEngineVersion.VER_11_8 }),
      /MetastoreDatabase: engineVersion \("11.8"\) has no IAM database authentication, .*\(Aurora PostgreSQL supports it in 11.9, from 11.12, and in every version since 12\); choose a newer engine version or DatabaseAuthentication.SECRETS_MANAGER/],
    ['IAM authentication on Aurora PostgreSQL 10',
      () => MetastoreDatabase.auroraPostgres({
        authentication: DatabaseAuthentication.IAM, engineVersion: rds.AuroraPostgresEngineVersion.VER_10_14,
      }),
      /engineVersion \("10.14"\) has no IAM database authentication/],
    ['a registry image without a tag or digest', () => MetastoreImage.fromRegistry('public.ecr.aws/example/hive-metastore'),
      /MetastoreImage: imageUri \("public.ecr.aws\/example\/hive-metastore"\) must name a tag or a digest/],
    ['a registry image with a port but no tag', () => MetastoreImage.fromRegistry('registry.local:5000/hive-metastore'),
      /imageUri \("registry.local:5000\/hive-metastore"\) must name a tag or a digest/],
  ];
  test.each(factoryCases)('%s', (_name, factory, message) => {
    expect(factory).toThrow(message);
  });

  test.each([
    ['RDS 9.5.15', () => MetastoreDatabase.postgres({ authentication: DatabaseAuthentication.IAM, engineVersion: rds.PostgresEngineVersion.of('9.5.15', '9.5') })],
    ['RDS 9.6.11', () => MetastoreDatabase.postgres({ authentication: DatabaseAuthentication.IAM, engineVersion: rds.PostgresEngineVersion.of('9.6.11', '9.6') })],
    ['RDS 10.6', () => MetastoreDatabase.postgres({ authentication: DatabaseAuthentication.IAM, engineVersion: rds.PostgresEngineVersion.VER_10_6 })],
    ['RDS 11.1', () => MetastoreDatabase.postgres({ authentication: DatabaseAuthentication.IAM, engineVersion: rds.PostgresEngineVersion.VER_11_1 })],
    ['Aurora 11.9', () => MetastoreDatabase.auroraPostgres({ authentication: DatabaseAuthentication.IAM, engineVersion: rds.AuroraPostgresEngineVersion.VER_11_9 })],
    ['Aurora 11.12', () => MetastoreDatabase.auroraPostgres({ authentication: DatabaseAuthentication.IAM, engineVersion: rds.AuroraPostgresEngineVersion.VER_11_12 })],
    ['Aurora 12.4', () => MetastoreDatabase.auroraPostgres({ authentication: DatabaseAuthentication.IAM, engineVersion: rds.AuroraPostgresEngineVersion.VER_12_4 })],
    ['an old version without IAM authentication, with password authentication',
      () => MetastoreDatabase.postgres({ engineVersion: rds.PostgresEngineVersion.VER_10_5 })],
  ])('IAM authentication is accepted on %s', (_name, factory) => {
    expect(factory).not.toThrow();
  });

  test('a digest-pinned registry image is accepted', () => {
    expect(() => MetastoreImage.fromRegistry(`registry.local:5000/hive-metastore@sha256:${'a'.repeat(64)}`)).not.toThrow();
  });
});
