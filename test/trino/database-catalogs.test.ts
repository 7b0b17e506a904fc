import { Stack, Size } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Catalog, CatalogCredentials, TrinoConfiguration, TrinoRole } from '../../src/trino';
import { TrinoChartValues } from '../../src/trino-on-eks/chart-values';
import { parseProperties } from '../fixtures/properties-parser';

const stack = new Stack();
const ordersSecret = secretsmanager.Secret.fromSecretNameV2(stack, 'Orders', 'orders-db');
const credentials = CatalogCredentials.fromSecret(ordersSecret);
const BASE = {
  discoveryUri: 'http://trino:8080',
  coordinatorNode: { nodeMemory: Size.gibibytes(16), nodeVcpus: 4 },
  workerNode: { nodeMemory: Size.gibibytes(64), nodeVcpus: 16 },
  maxWorkers: 2,
};

describe('JDBC catalogs', () => {
  test('PostgreSQL reads one database, the user name and password from the environment', () => {
    const catalog = Catalog.postgresql({ name: 'orders', host: 'orders.abc123.eu-west-1.rds.amazonaws.com', database: 'shop', credentials });
    expect(parseProperties(catalog.render(new TrinoConfiguration(BASE).version))).toEqual({
      'connector.name': 'postgresql',
      'connection-url': 'jdbc:postgresql://orders.abc123.eu-west-1.rds.amazonaws.com:5432/shop',
      'connection-user': '${ENV:TRINO_CATALOG_ORDERS_USERNAME}',
      'connection-password': '${ENV:TRINO_CATALOG_ORDERS_PASSWORD}',
    });
    expect(catalog.credentials).toEqual({
      secret: ordersSecret,
      usernameKey: 'username',
      passwordKey: 'password',
      usernameVariable: 'TRINO_CATALOG_ORDERS_USERNAME',
      passwordVariable: 'TRINO_CATALOG_ORDERS_PASSWORD',
    });
    expect(catalog.storageAccess).toEqual([]);
  });

  test('MySQL names no database (each is a schema); Redshift its own port; both default their names', () => {
    const mysql = Catalog.mysql({ host: 'crm.internal', credentials, additionalProperties: { 'mysql.auto-reconnect': 'true' } });
    expect(mysql.name).toBe('mysql');
    expect(mysql.properties(new TrinoConfiguration(BASE).version)).toMatchObject({
      'connector.name': 'mysql', 'connection-url': 'jdbc:mysql://crm.internal:3306', 'mysql.auto-reconnect': 'true',
    });
    const redshift = Catalog.redshift({ host: 'dw.abc.eu-west-1.redshift.amazonaws.com', database: 'dev', credentials });
    expect(redshift.properties(new TrinoConfiguration(BASE).version)['connection-url']).toBe('jdbc:redshift://dw.abc.eu-west-1.redshift.amazonaws.com:5439/dev');
  });

  test('a database security group and port are what TrinoOnEks opens', () => {
    const sg = ec2.SecurityGroup.fromSecurityGroupId(stack, 'Db', 'sg-0123456789abcdef0');
    const catalog = Catalog.postgresql({ host: 'db.internal', port: 6432, database: 'app', credentials, connectable: sg });
    expect(catalog.databaseAccess).toEqual({ connectable: sg, port: 6432 });
  });

  test('the generic catalog renders the connector and its properties, credentials as connection-user/-password', () => {
    const catalog = Catalog.generic({
      name: 'erp',
      connectorName: 'oracle',
      properties: { 'connection-url': 'jdbc:oracle:thin:@erp.internal:1521/ORCL' },
      credentials: CatalogCredentials.fromEnvironment('ERP_USER', 'ERP_PASSWORD'),
    });
    expect(catalog.properties(new TrinoConfiguration(BASE).version)).toEqual({
      'connector.name': 'oracle',
      'connection-url': 'jdbc:oracle:thin:@erp.internal:1521/ORCL',
      'connection-user': '${ENV:ERP_USER}',
      'connection-password': '${ENV:ERP_PASSWORD}',
    });
    expect(Catalog.generic({ name: 'scratch', connectorName: 'memory' }).credentials).toBeUndefined();
  });

  test('the chart sets the variables on every pod from the catalog\'s Secret, and the catalog file keeps only references', () => {
    const configuration = new TrinoConfiguration({ ...BASE, catalogs: [Catalog.postgresql({ name: 'orders', host: 'db.internal', database: 'shop', credentials })] });
    const values = new TrinoChartValues(configuration, { namespace: 'trino', serviceAccountName: 'trino', sharedSecret: { secretName: 'trino-internal', key: 'shared-secret' } }).values;
    expect(values.env).toEqual(expect.arrayContaining([
      { name: 'TRINO_CATALOG_ORDERS_USERNAME', valueFrom: { secretKeyRef: { name: 'trino-catalog-orders-credentials', key: 'username' } } },
      { name: 'TRINO_CATALOG_ORDERS_PASSWORD', valueFrom: { secretKeyRef: { name: 'trino-catalog-orders-credentials', key: 'password' } } },
    ]));
    expect(values.catalogs.orders).toContain('connection-password=${ENV:TRINO_CATALOG_ORDERS_PASSWORD}');
    // Coordinator and workers read the same catalog file: both connect.
    expect(configuration.files(TrinoRole.WORKER)['catalog/orders.properties']).toBe(configuration.files(TrinoRole.COORDINATOR)['catalog/orders.properties']);
  });
});

describe('bad database catalogs are refused, naming the prop', () => {
  test.each([
    ['a password in the generic catalog', () => Catalog.generic({ name: 'erp', connectorName: 'oracle', properties: { 'connection-password': 'hunter2' } }),
      /Catalog.generic: properties \("connection-password"\) holds a secret, which would be stored in plain text/],
    ['a token in additional properties', () => Catalog.mysql({ host: 'crm.internal', credentials, additionalProperties: { 'mysql.jdbc.token': 'x' } }),
      /Catalog.mysql: additionalProperties \("mysql.jdbc.token"\) holds a secret/],
    ['a rendered key in additional properties', () => Catalog.postgresql({ host: 'db', database: 'a', credentials, additionalProperties: { 'connection-url': 'jdbc:x' } }),
      /Catalog.postgresql: additionalProperties \("connection-url"\) is rendered by the library/],
    ['a URL as the host', () => Catalog.postgresql({ host: 'jdbc:postgresql://db:5432', database: 'a', credentials }),
      /Catalog.postgresql: host \("jdbc:postgresql:\/\/db:5432"\) must be a host name/],
    ['no database', () => Catalog.redshift({ host: 'dw', credentials } as any), /Catalog.redshift: database \(not set\) must be a database name/],
    ['a port out of range', () => Catalog.mysql({ host: 'crm', port: 70000, credentials }), /Catalog.mysql: port \(70000\) must be a TCP port/],
    ['no credentials', () => Catalog.postgresql({ host: 'db', database: 'a' } as any), /Catalog.postgresql: credentials \(not set\) is required/],
    ['a lake connector in the generic catalog', () => Catalog.generic({ name: 'lake', connectorName: 'iceberg' }),
      /Catalog.generic: connectorName \("iceberg"\) reads object storage, which must be granted to Trino: use Catalog.iceberg/],
    ['connectable without a port', () => Catalog.generic({ name: 'erp', connectorName: 'oracle', connectable: ec2.SecurityGroup.fromSecurityGroupId(stack, 'Sg2', 'sg-1') }),
      /Catalog.generic: port \(not set\) is required with connectable/],
    ['a JSON key JMESPath cannot select', () => CatalogCredentials.fromSecret(ordersSecret, { usernameKey: 'user-name' }),
      /CatalogCredentials.fromSecret: usernameKey \("user-name"\) must be a top-level JSON key/],
    ['a value instead of a variable name', () => CatalogCredentials.fromEnvironment('admin', 'hunter2!'),
      /CatalogCredentials.fromEnvironment: passwordVariable \("hunter2!"\) must be the name of an environment variable/],
  ])('%s', (_, attempt, message) => {
    expect(attempt).toThrow(message);
  });
});
