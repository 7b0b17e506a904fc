import { BucketAccess } from '../../src/irsa-bucket-access/bucket-grant';
import { Catalog, ObjectStorage, TrinoVersion } from '../../src/trino';

const AWS = ObjectStorage.aws('eu-west-1');
const LAKE = [{ bucketName: 'analytics-lake', prefixes: ['/warehouse/'], access: BucketAccess.READ_WRITE }];
const METASTORE = 'thrift://hive-metastore.trino.svc.cluster.local:9083';

describe('a Hive catalog on a Thrift metastore', () => {
  const catalog = Catalog.hive({ name: 'lake', metastoreUri: METASTORE, storageAccess: LAKE });

  test('renders catalog/lake.properties for Trino 483 (golden)', () => {
    expect(catalog.fileName).toBe('catalog/lake.properties');
    expect(catalog.render(TrinoVersion.V483, AWS)).toBe([
      '# Rendered by cdk-trino-on-eks: change the CDK app, not this file.',
      'connector.name=hive',
      'fs.s3.enabled=true',
      'hive.metastore=thrift',
      `hive.metastore.uri=${METASTORE}`,
      's3.auth-type=DEFAULT',
      's3.region=eu-west-1',
      '',
    ].join('\n'));
  });

  test('uses the older S3 switch for Trino 480', () => {
    expect(catalog.properties(TrinoVersion.V480, AWS)).toEqual({
      'connector.name': 'hive',
      'hive.metastore': 'thrift',
      'hive.metastore.uri': METASTORE,
      'fs.native-s3.enabled': 'true',
      's3.region': 'eu-west-1',
    });
  });

  test('exposes the S3 locations to grant, prefixes without slashes', () => {
    expect(catalog.storageAccess).toEqual([{ bucketName: 'analytics-lake', prefixes: ['warehouse'], access: BucketAccess.READ_WRITE }]);
    expect(catalog.metastoreUri).toBe(METASTORE);
    expect(catalog.glueRegion).toBeUndefined();
  });

  test('needs to know where S3 requests go', () => {
    expect(() => catalog.properties(TrinoVersion.V483)).toThrow(/Catalog.hive: objectStorage \(not set\) is required to render the hive catalog "lake"/);
  });
});

describe('the other catalog kinds', () => {
  const v = TrinoVersion.V483;
  const s3 = { 'fs.s3.enabled': 'true', 's3.region': 'eu-west-1', 's3.auth-type': 'DEFAULT' };

  test('Hive on Glue, with a shared catalog account', () => {
    expect(Catalog.hiveOnGlue({ glueRegion: 'eu-west-1', glueCatalogId: '111122223333', storageAccess: LAKE }).properties(v, AWS)).toEqual({
      'connector.name': 'hive',
      'hive.metastore': 'glue',
      'hive.metastore.glue.region': 'eu-west-1',
      'hive.metastore.glue.catalogid': '111122223333',
      ...s3,
    });
  });

  test('Iceberg on a Thrift metastore', () => {
    expect(Catalog.iceberg({ metastoreUri: METASTORE, storageAccess: LAKE }).properties(v, AWS)).toEqual({
      'connector.name': 'iceberg', 'iceberg.catalog.type': 'hive_metastore', 'hive.metastore.uri': METASTORE, ...s3,
    });
  });

  test('Iceberg on Glue', () => {
    const catalog = Catalog.icebergOnGlue({ glueRegion: 'us-east-1', storageAccess: LAKE });
    expect(catalog.properties(v, AWS)).toEqual({
      'connector.name': 'iceberg', 'iceberg.catalog.type': 'glue', 'hive.metastore.glue.region': 'us-east-1', ...s3,
    });
    expect(catalog.glueRegion).toBe('us-east-1');
  });

  test('Delta Lake on a Thrift metastore', () => {
    expect(Catalog.deltaLake({ metastoreUri: METASTORE, storageAccess: LAKE }).properties(v, AWS)).toEqual({
      'connector.name': 'delta_lake', 'hive.metastore': 'thrift', 'hive.metastore.uri': METASTORE, ...s3,
    });
  });

  test('Delta Lake on Glue', () => {
    expect(Catalog.deltaLakeOnGlue({ glueRegion: 'eu-west-1', storageAccess: LAKE }).properties(v, AWS)).toEqual({
      'connector.name': 'delta_lake', 'hive.metastore': 'glue', 'hive.metastore.glue.region': 'eu-west-1', ...s3,
    });
  });

  test('default names follow the connectors', () => {
    expect([
      Catalog.hive({ metastoreUri: METASTORE, storageAccess: LAKE }).name,
      Catalog.iceberg({ metastoreUri: METASTORE, storageAccess: LAKE }).name,
      Catalog.deltaLake({ metastoreUri: METASTORE, storageAccess: LAKE }).name,
      Catalog.tpch().name,
      Catalog.tpcds().name,
    ]).toEqual(['hive', 'iceberg', 'delta', 'tpch', 'tpcds']);
  });

  test('TPC-H and TPC-DS need no storage and no object storage', () => {
    expect(Catalog.tpch().properties(v)).toEqual({ 'connector.name': 'tpch' });
    expect(Catalog.tpcds('bench').render(v)).toBe('# Rendered by cdk-trino-on-eks: change the CDK app, not this file.\nconnector.name=tpcds\n');
    expect(Catalog.tpch().storageAccess).toEqual([]);
  });

  test('additional properties are added', () => {
    const catalog = Catalog.hive({ metastoreUri: METASTORE, storageAccess: LAKE, additionalProperties: { 'hive.non-managed-table-writes-enabled': 'true' } });
    expect(catalog.properties(v, AWS)['hive.non-managed-table-writes-enabled']).toBe('true');
  });

  test('a fallback metastore list is accepted', () => {
    const uri = 'thrift://10.0.0.1:9083,thrift://10.0.0.2:9083';
    expect(Catalog.hive({ metastoreUri: uri, storageAccess: LAKE }).properties(v, AWS)['hive.metastore.uri']).toBe(uri);
  });
});

describe('catalog names', () => {
  test.each(['Lake', 'my-lake', 'lake.prod', '', 'lake ', 'läke'])('refuses %p', (name) => {
    expect(() => Catalog.hive({ name, metastoreUri: METASTORE, storageAccess: LAKE })).toThrow(
      `Catalog.hive: name (${JSON.stringify(name)}) must be a Trino catalog name: lowercase letters, digits and "_" only`);
  });

  test('refuses the built-in system catalog', () => {
    expect(() => Catalog.tpch('system')).toThrow('Catalog.tpch: name ("system") is the name of Trino\'s built-in catalog');
  });

  test('accepts lowercase letters, digits and underscores', () => {
    expect(Catalog.iceberg({ name: 'sales_2024', metastoreUri: METASTORE, storageAccess: LAKE }).fileName).toBe('catalog/sales_2024.properties');
  });

  test('refuses duplicates in one cluster, naming the duplicate', () => {
    const catalogs = [Catalog.tpch('lake'), Catalog.tpch(), Catalog.hive({ name: 'lake', metastoreUri: METASTORE, storageAccess: LAKE })];
    expect(() => Catalog.checkNames(catalogs)).toThrow(
      'Catalog: catalogs (["lake", "tpch", "lake"]) must have unique names: "lake" is used more than once');
  });

  test('accepts distinct names', () => {
    expect(() => Catalog.checkNames([Catalog.tpch(), Catalog.tpcds()])).not.toThrow();
  });
});

describe('catalog inputs that are refused', () => {
  test.each(['hive-metastore:9083', 'thrift://hive-metastore', 'thrift://hive-metastore:99999', 'http://hms:9083'])('metastore URI %p', (uri) => {
    expect(() => Catalog.hive({ metastoreUri: uri, storageAccess: LAKE })).toThrow(`Catalog.hive: metastoreUri ("${uri}") must be thrift://<host>:<port>`);
  });

  test('a Glue region that is not one', () => {
    expect(() => Catalog.icebergOnGlue({ glueRegion: 'ireland', storageAccess: LAKE }))
      .toThrow('Catalog.icebergOnGlue: glueRegion ("ireland") must be an AWS region name');
  });

  test('a Glue catalog ID that is not an account ID', () => {
    expect(() => Catalog.hiveOnGlue({ glueRegion: 'eu-west-1', glueCatalogId: '1234', storageAccess: LAKE }))
      .toThrow('Catalog.hiveOnGlue: glueCatalogId ("1234") must be a 12-digit AWS account ID');
  });

  test('no storage', () => {
    expect(() => Catalog.deltaLake({ metastoreUri: METASTORE, storageAccess: [] }))
      .toThrow('Catalog.deltaLake: storageAccess ([]) must name at least one bucket');
  });

  test('a bucket name that is not one', () => {
    expect(() => Catalog.hive({ metastoreUri: METASTORE, storageAccess: [{ bucketName: 'My_Bucket', access: BucketAccess.READ }] }))
      .toThrow('Catalog.hive: storageAccess.bucketName ("My_Bucket") must be an S3 bucket name');
  });

  test('a prefix with a wildcard', () => {
    expect(() => Catalog.hive({ metastoreUri: METASTORE, storageAccess: [{ bucketName: 'lake', prefixes: ['raw/*'], access: BucketAccess.READ }] }))
      .toThrow('Catalog.hive: storageAccess.prefixes ("raw/*") must be a non-empty key prefix without wildcards');
  });

  test('legacy hive.s3.* properties', () => {
    expect(() => Catalog.hive({ metastoreUri: METASTORE, storageAccess: LAKE, additionalProperties: { 'hive.s3.endpoint': 'x' } }))
      .toThrow('Catalog.hive: additionalProperties ("hive.s3.endpoint") belongs to the legacy S3 file system');
  });

  test('static S3 keys', () => {
    expect(() => Catalog.iceberg({ metastoreUri: METASTORE, storageAccess: LAKE, additionalProperties: { 's3.aws-secret-key': 'x' } }))
      .toThrow('Catalog.iceberg: additionalProperties ("s3.aws-secret-key") would put a static AWS key in plain text');
  });

  test('the removed web-identity switch', () => {
    expect(() => Catalog.iceberg({ metastoreUri: METASTORE, storageAccess: LAKE, additionalProperties: { 's3.use-web-identity-token-credentials-provider': 'true' } }))
      .toThrow('was removed in Trino 483 and is not needed');
  });

  test('a property the library renders, naming the value it renders', () => {
    const catalog = Catalog.hive({ name: 'lake', metastoreUri: METASTORE, storageAccess: LAKE, additionalProperties: { 's3.region': 'us-east-1' } });
    expect(() => catalog.properties(TrinoVersion.V483, AWS)).toThrow(
      'Catalog.hive: additionalProperties ("s3.region") is rendered by the library for catalog "lake" (value "eu-west-1")');
  });
});
