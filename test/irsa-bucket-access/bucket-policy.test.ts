import { Stack } from 'aws-cdk-lib';
import { BucketAccess } from '../../src';
import { bucketPolicyStatements, ResolvedBucketGrant } from '../../src/irsa-bucket-access/bucket-policy';

const LAKE = 'arn:aws:s3:::lake';
const KEY = 'arn:aws:kms:eu-west-1:111122223333:key/1111-2222';

function render(grants: ResolvedBucketGrant[]) {
  return new Stack().resolve(bucketPolicyStatements(grants).map((s) => s.toStatementJson()));
}

describe('bucket policy statements', () => {
  test('a read grant on a prefix lists and reads only that prefix', () => {
    expect(render([{ bucketArn: LAKE, region: 'eu-west-1', prefixes: ['warehouse'], access: BucketAccess.READ }])).toEqual([
      {
        Sid: 'ListBucket0',
        Effect: 'Allow',
        Action: 's3:ListBucket',
        Resource: LAKE,
        Condition: { StringLike: { 's3:prefix': ['warehouse', 'warehouse/*'] } },
      },
      { Sid: 'BucketLocation0', Effect: 'Allow', Action: 's3:GetBucketLocation', Resource: LAKE },
      { Sid: 'ReadObjects0', Effect: 'Allow', Action: 's3:GetObject', Resource: [`${LAKE}/warehouse`, `${LAKE}/warehouse/*`] },
    ]);
  });

  test('a read-write grant adds write, delete and multipart actions on the same objects', () => {
    const statements = render([{ bucketArn: LAKE, region: 'eu-west-1', prefixes: ['tmp'], access: BucketAccess.READ_WRITE }]);
    expect(statements).toContainEqual({
      Sid: 'WriteObjects0',
      Effect: 'Allow',
      Action: ['s3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
      Resource: [`${LAKE}/tmp`, `${LAKE}/tmp/*`],
    });
  });

  test('read and read-write prefixes of one bucket: reads cover both, writes only the read-write one', () => {
    const statements = render([
      { bucketArn: LAKE, region: 'eu-west-1', prefixes: ['raw'], access: BucketAccess.READ },
      { bucketArn: LAKE, region: 'eu-west-1', prefixes: ['curated'], access: BucketAccess.READ_WRITE },
    ]);
    expect(statements.find((s: any) => s.Sid === 'ReadObjects0').Resource)
      .toEqual([`${LAKE}/raw`, `${LAKE}/raw/*`, `${LAKE}/curated`, `${LAKE}/curated/*`]);
    expect(statements.find((s: any) => s.Sid === 'WriteObjects0').Resource).toEqual([`${LAKE}/curated`, `${LAKE}/curated/*`]);
    expect(statements.find((s: any) => s.Sid === 'ListBucket0').Condition.StringLike['s3:prefix'])
      .toEqual(['raw', 'raw/*', 'curated', 'curated/*']);
  });

  test('a whole-bucket grant lists without condition and reads bucket/*', () => {
    const statements = render([{ bucketArn: LAKE, region: 'eu-west-1', access: BucketAccess.READ }]);
    expect(statements[0]).toEqual({ Sid: 'ListBucket0', Effect: 'Allow', Action: 's3:ListBucket', Resource: LAKE });
    expect(statements[2].Resource).toEqual(`${LAKE}/*`);
  });

  test('a KMS bucket read grant may only decrypt, through S3, with that key', () => {
    const statements = render([{ bucketArn: LAKE, keyArn: KEY, region: 'eu-west-1', access: BucketAccess.READ }]);
    expect(statements).toContainEqual({
      Sid: 'UseBucketKey0',
      Effect: 'Allow',
      Action: 'kms:Decrypt',
      Resource: KEY,
      Condition: { StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } },
    });
  });

  test('a KMS bucket read-write grant may also encrypt and generate data keys', () => {
    const statements = render([{ bucketArn: LAKE, keyArn: KEY, region: 'eu-west-1', access: BucketAccess.READ_WRITE }]);
    expect(statements.find((s: any) => s.Sid === 'UseBucketKey0').Action).toEqual(['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey']);
  });

  test('a bucket without a key gets no KMS statement', () => {
    const statements = render([{ bucketArn: LAKE, region: 'eu-west-1', access: BucketAccess.READ_WRITE }]);
    expect(statements.some((s: any) => JSON.stringify(s.Action).includes('kms:'))).toBe(false);
  });

  test('each bucket gets its own numbered statements', () => {
    const statements = render([
      { bucketArn: LAKE, region: 'eu-west-1', access: BucketAccess.READ },
      { bucketArn: 'arn:aws:s3:::exchange', region: 'eu-west-1', access: BucketAccess.READ_WRITE },
    ]);
    expect(statements.map((s: any) => s.Sid)).toEqual([
      'ListBucket0', 'BucketLocation0', 'ReadObjects0',
      'ListBucket1', 'BucketLocation1', 'ReadObjects1', 'WriteObjects1',
    ]);
  });

  test('no statement uses a wildcard action or Resource "*"', () => {
    const statements = render([
      { bucketArn: LAKE, keyArn: KEY, region: 'eu-west-1', prefixes: ['a', 'b/c'], access: BucketAccess.READ_WRITE },
      { bucketArn: 'arn:aws:s3:::other', region: 'eu-west-1', access: BucketAccess.READ },
    ]);
    for (const statement of statements) {
      expect([statement.Action].flat().filter((a: string) => a.includes('*'))).toEqual([]);
      expect([statement.Resource].flat()).not.toContain('*');
    }
  });
});
