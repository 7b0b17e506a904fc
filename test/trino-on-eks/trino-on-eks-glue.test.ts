import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { BucketAccess } from '../../src/irsa-bucket-access';
import { Catalog, TrinoRole } from '../../src/trino';
import { GLUE_READ_ACTIONS, GLUE_WRITE_ACTIONS, glueCatalogStatements } from '../../src/trino-on-eks/glue-access';
import { TrinoCluster } from '../../src/trino-on-eks/trino-cluster-choice';
import { TrinoOnEks } from '../../src/trino-on-eks/trino-on-eks';
import { importedCluster, newStack } from '../fixtures/clusters';

const readOnlyIceberg = Catalog.icebergOnGlue({
  name: 'lake',
  glueRegion: 'eu-west-1',
  storageAccess: [{ bucketName: 'analytics-lake', prefixes: ['iceberg'], access: BucketAccess.READ }],
});
const writingHive = Catalog.hiveOnGlue({
  name: 'staging',
  glueRegion: 'eu-west-1',
  storageAccess: [{ bucketName: 'analytics-lake', prefixes: ['staging'], access: BucketAccess.READ_WRITE }],
});
const sharedDelta = Catalog.deltaLakeOnGlue({
  name: 'shared',
  glueRegion: 'us-east-1',
  glueCatalogId: '444455556666',
  storageAccess: [{ bucketName: 'analytics-lake', prefixes: ['delta'], access: BucketAccess.READ }],
});

describe('glueCatalogStatements (pure)', () => {
  test('a read-only catalog gets read actions on its Data Catalog only', () => {
    const statements = glueCatalogStatements([readOnlyIceberg], '111122223333', 'aws').map((s) => s.toStatementJson());
    expect(statements).toEqual([{
      Effect: 'Allow',
      Action: [...GLUE_READ_ACTIONS],
      Resource: [
        'arn:aws:glue:eu-west-1:111122223333:catalog',
        'arn:aws:glue:eu-west-1:111122223333:database/*',
        'arn:aws:glue:eu-west-1:111122223333:table/*/*',
      ],
    }]);
    expect(JSON.stringify(statements)).not.toMatch(/glue:(Create|Update|Delete|BatchCreate|BatchDelete|BatchUpdate)/);
  });

  test('a catalog writing its storage also gets the write actions; one statement per Data Catalog', () => {
    const statements = glueCatalogStatements([readOnlyIceberg, writingHive], '111122223333', 'aws').map((s) => s.toStatementJson());
    expect(statements).toHaveLength(1);
    expect(statements[0].Action).toEqual([...GLUE_READ_ACTIONS, ...GLUE_WRITE_ACTIONS]);
  });

  test('a shared catalog from another account and region is scoped to that Data Catalog', () => {
    const statements = glueCatalogStatements([readOnlyIceberg, sharedDelta], '111122223333', 'aws').map((s) => s.toStatementJson());
    expect(statements.map((s) => s.Resource[0])).toEqual([
      'arn:aws:glue:eu-west-1:111122223333:catalog',
      'arn:aws:glue:us-east-1:444455556666:catalog',
    ]);
    expect(statements[1].Action).toEqual([...GLUE_READ_ACTIONS]);
  });

  test('no wildcard action, and catalogs without Glue grant nothing', () => {
    const all = glueCatalogStatements([readOnlyIceberg, writingHive, sharedDelta], '111122223333', 'aws').map((s) => s.toStatementJson());
    expect(all.flatMap((s) => s.Action).some((a: string) => a.includes('*'))).toBe(false);
    expect(glueCatalogStatements([Catalog.tpch()], '111122223333', 'aws')).toEqual([]);
  });
});

describe('TrinoOnEks with Glue catalogs', () => {
  let stack: Stack;
  let trino: TrinoOnEks;
  let template: Template;
  beforeAll(() => {
    stack = newStack();
    const lake = s3.Bucket.fromBucketName(stack, 'Lake', 'analytics-lake');
    trino = new TrinoOnEks(stack, 'Trino', { cluster: TrinoCluster.existing(importedCluster(stack)), catalogs: [readOnlyIceberg, writingHive], buckets: [lake] });
    template = Template.fromStack(stack);
  });

  test('the Glue catalogs are rendered (no longer refused)', () => {
    const files = trino.configuration.files(TrinoRole.COORDINATOR);
    expect(files['catalog/lake.properties']).toContain('iceberg.catalog.type=glue');
    expect(files['catalog/staging.properties']).toContain('hive.metastore=glue');
  });

  test('the service account\'s role gets the Glue policy, read and write on this account\'s Data Catalog', () => {
    expect(trino.glueAccess).toBeDefined();
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      Description: Match.stringLikeRegexp('AWS Glue Data Catalog access of the catalogs lake, staging'),
      PolicyDocument: {
        Statement: [{
          Effect: 'Allow',
          Action: [...GLUE_READ_ACTIONS, ...GLUE_WRITE_ACTIONS],
          Resource: [
            { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':glue:eu-west-1:111122223333:catalog']] },
            { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':glue:eu-west-1:111122223333:database/*']] },
            { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':glue:eu-west-1:111122223333:table/*/*']] },
          ],
        }],
      },
      Roles: [{ Ref: Match.stringLikeRegexp('ServiceAccount') }],
    });
  });

  test('the catalogs\' S3 locations are granted as before (read on iceberg, read-write on staging)', () => {
    const policies = template.findResources('AWS::IAM::ManagedPolicy', { Properties: { Description: Match.stringLikeRegexp('S3 access') } });
    const text = JSON.stringify(policies);
    expect(text).toContain('analytics-lake/iceberg/*');
    expect(text).toContain('analytics-lake/staging/*');
  });

  test('the chart waits for the Glue policy', () => {
    const chart = Object.values(template.findResources('Custom::AWSCDK-EKS-HelmChart'))[0];
    const policy = stack.getLogicalId(trino.glueAccess!.node.defaultChild as any);
    expect(chart.DependsOn).toContain(policy);
  });

  test('without Glue catalogs there is no Glue policy', () => {
    const other = newStack();
    const t = new TrinoOnEks(other, 'Trino', { cluster: TrinoCluster.existing(importedCluster(other)), catalogs: [Catalog.tpch()] });
    expect(t.glueAccess).toBeUndefined();
    expect(JSON.stringify(Template.fromStack(other).toJSON())).not.toContain('glue:');
  });
});
