import { metastoreSiteProperties, renderHadoopConfiguration } from '../../src/metastore/metastore-site';

const STORAGE = { warehouseDir: 's3a://lake/warehouse', region: 'eu-west-1' };
const SECRET = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:metastore-AbCdEf';

describe('metastore-site.xml on AWS', () => {
  const properties = metastoreSiteProperties(
    { host: 'db.example', port: 5432, databaseName: 'metastore', username: 'hive', secretArn: SECRET, secretRegion: 'eu-west-1', tls: true },
    STORAGE,
  );

  test('connects through the AWS JDBC wrapper, which reads the credentials from Secrets Manager', () => {
    expect(properties['javax.jdo.option.ConnectionURL']).toBe(
      `jdbc:aws-wrapper:postgresql://db.example:5432/metastore?wrapperPlugins=awsSecretsManager&secretsManagerSecretId=${SECRET}` +
      '&secretsManagerRegion=eu-west-1&sslmode=require');
    expect(properties['javax.jdo.option.ConnectionDriverName']).toBe('software.amazon.jdbc.Driver');
  });

  test('holds no password', () => {
    expect(properties).not.toHaveProperty(['javax.jdo.option.ConnectionPassword']);
    expect(JSON.stringify(properties)).not.toMatch(/password=/i);
  });

  test('uses S3A with the default AWS credential chain for s3:// and s3a:// locations', () => {
    expect(properties).toMatchObject({
      'metastore.warehouse.dir': 's3a://lake/warehouse',
      'fs.s3.impl': 'org.apache.hadoop.fs.s3a.S3AFileSystem',
      'fs.s3a.aws.credentials.provider': 'software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider',
      'fs.s3a.endpoint.region': 'eu-west-1',
      'metastore.thrift.port': '9083',
      'metastore.schema.verification': 'true',
    });
    expect(properties).not.toHaveProperty(['fs.s3a.endpoint']);
  });
});

describe('metastore-site.xml with IAM database authentication', () => {
  const properties = metastoreSiteProperties(
    { host: 'db.example', port: 5433, databaseName: 'metastore', username: 'hive_iam', iamRegion: 'eu-west-1', tls: true },
    STORAGE,
  );

  test('connects through the AWS JDBC wrapper\'s iam plugin as the IAM user, over TLS', () => {
    expect(properties['javax.jdo.option.ConnectionURL']).toBe(
      'jdbc:aws-wrapper:postgresql://db.example:5433/metastore?wrapperPlugins=iam&iamRegion=eu-west-1&sslmode=require');
    expect(properties['javax.jdo.option.ConnectionDriverName']).toBe('software.amazon.jdbc.Driver');
    expect(properties['javax.jdo.option.ConnectionUserName']).toBe('hive_iam');
  });

  test('names no secret and holds no password', () => {
    expect(properties).not.toHaveProperty(['javax.jdo.option.ConnectionPassword']);
    expect(JSON.stringify(properties)).not.toMatch(/secretsManager|password=/i);
  });
});

test('the metastore starts Hive 4.0.1\'s always-on tasks except HiveProtoEventsCleanerTask', () => {
  const properties = metastoreSiteProperties(
    { host: 'h', port: 5433, databaseName: 'metastore', username: 'hive', secretArn: SECRET, tls: true }, STORAGE);
  const tasks = properties['metastore.task.threads.always'].split(',');
  expect(tasks).toHaveLength(6);
  expect(tasks).not.toContain('org.apache.hadoop.hive.metastore.HiveProtoEventsCleanerTask');
  expect(tasks).toContain('org.apache.hadoop.hive.metastore.events.EventCleanerTask');
});

describe('metastore-site.xml on the local stack', () => {
  const properties = metastoreSiteProperties(
    { host: '127.0.0.1', port: 15432, databaseName: 'metastore', username: 'hive', passwordEnvironmentVariable: 'METASTORE_DB_PASSWORD', tls: false },
    { ...STORAGE, endpoint: 'http://127.0.0.1:19000', pathStyleAccess: true },
  );

  test('takes the password from the environment, never from the file', () => {
    expect(properties['javax.jdo.option.ConnectionPassword']).toBe('${env.METASTORE_DB_PASSWORD}');
    expect(properties['javax.jdo.option.ConnectionURL']).toBe('jdbc:postgresql://127.0.0.1:15432/metastore?sslmode=disable');
    expect(properties['javax.jdo.option.ConnectionDriverName']).toBe('org.postgresql.Driver');
  });

  test('points S3A at the loopback endpoint, path-style', () => {
    expect(properties['fs.s3a.endpoint']).toBe('http://127.0.0.1:19000');
    expect(properties['fs.s3a.path.style.access']).toBe('true');
  });
});

test('the Hadoop configuration file is sorted and escapes XML', () => {
  expect(renderHadoopConfiguration({ 'b.key': 'x&y<z>', 'a.key': '1' })).toBe([
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!-- Rendered by cdk-trino-on-eks. -->',
    '<configuration>',
    '  <property>\n    <name>a.key</name>\n    <value>1</value>\n  </property>',
    '  <property>\n    <name>b.key</name>\n    <value>x&amp;y&lt;z&gt;</value>\n  </property>',
    '</configuration>',
    '',
  ].join('\n'));
});

test('Hive 4\'s metadata transformer is off, so tables stay where Trino puts them and stay managed', () => {
  const properties = metastoreSiteProperties(
    { host: 'h', port: 5433, databaseName: 'metastore', username: 'hive', secretArn: SECRET, tls: true }, STORAGE);
  // Blank, not empty: Hive trims the list, while an empty XML value would bring back the default transformer.
  expect(properties['metastore.metadata.transformer.class']).toBe(' ');
  expect(renderHadoopConfiguration(properties)).toContain('<name>metastore.metadata.transformer.class</name>\n    <value> </value>');
});
