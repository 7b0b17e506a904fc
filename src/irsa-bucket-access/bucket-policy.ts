import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { BucketAccess } from './bucket-grant';

/** One grant reduced to the strings a policy needs; built by the construct from a `BucketGrant`. */
export interface ResolvedBucketGrant {
  readonly bucketArn: string;
  /** ARN of the bucket's KMS key, when it has one. */
  readonly keyArn?: string;
  /** Region of the bucket, for the `kms:ViaService` condition. */
  readonly region: string;
  /** Normalised prefixes (no leading or trailing `/`); undefined means the whole bucket. */
  readonly prefixes?: string[];
  readonly access: BucketAccess;
}

const READ_OBJECT_ACTIONS = ['s3:GetObject'];
const WRITE_OBJECT_ACTIONS = ['s3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'];
const KMS_READ_ACTIONS = ['kms:Decrypt'];
// Multipart uploads of KMS-encrypted objects also need Decrypt, which READ already gives.
const KMS_WRITE_ACTIONS = ['kms:Encrypt', 'kms:GenerateDataKey'];

/**
 * The least-privilege statements for a list of grants: per bucket, list limited to the
 * granted prefixes, object actions limited to `bucket/prefix` and `bucket/prefix/*`, and the
 * bucket's own KMS key usable only through S3. Never `s3:*`, never `Resource: *`.
 *
 * Pure: the same grants always give the same statements, in the same order.
 */
export function bucketPolicyStatements(grants: ResolvedBucketGrant[]): PolicyStatement[] {
  const statements: PolicyStatement[] = [];
  groupByBucket(grants).forEach((bucketGrants, index) => {
    const { bucketArn, keyArn, region } = bucketGrants[0];
    const writes = bucketGrants.filter((g) => g.access === BucketAccess.READ_WRITE);

    statements.push(listStatement(`ListBucket${index}`, bucketArn, bucketGrants));
    statements.push(new PolicyStatement({
      sid: `BucketLocation${index}`,
      actions: ['s3:GetBucketLocation'],
      resources: [bucketArn],
    }));
    statements.push(new PolicyStatement({
      sid: `ReadObjects${index}`,
      actions: READ_OBJECT_ACTIONS,
      resources: objectResources(bucketArn, bucketGrants),
    }));
    if (writes.length > 0) {
      statements.push(new PolicyStatement({
        sid: `WriteObjects${index}`,
        actions: WRITE_OBJECT_ACTIONS,
        resources: objectResources(bucketArn, writes),
      }));
    }
    if (keyArn) {
      statements.push(new PolicyStatement({
        sid: `UseBucketKey${index}`,
        actions: writes.length > 0 ? [...KMS_READ_ACTIONS, ...KMS_WRITE_ACTIONS] : KMS_READ_ACTIONS,
        resources: [keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `s3.${region}.amazonaws.com` } },
      }));
    }
  });
  return statements;
}

function groupByBucket(grants: ResolvedBucketGrant[]): ResolvedBucketGrant[][] {
  const byBucket = new Map<string, ResolvedBucketGrant[]>();
  for (const grant of grants) {
    byBucket.set(grant.bucketArn, [...(byBucket.get(grant.bucketArn) ?? []), grant]);
  }
  return [...byBucket.values()];
}

function listStatement(sid: string, bucketArn: string, grants: ResolvedBucketGrant[]): PolicyStatement {
  if (grants.some((g) => g.prefixes === undefined)) {
    return new PolicyStatement({ sid, actions: ['s3:ListBucket'], resources: [bucketArn] });
  }
  // A listing is allowed only at or below a granted prefix: `s3:prefix` is the key prefix
  // a ListObjects call asks for.
  const listPrefixes = unique(grants.flatMap((g) => g.prefixes!.flatMap((p) => [p, `${p}/*`])));
  return new PolicyStatement({
    sid,
    actions: ['s3:ListBucket'],
    resources: [bucketArn],
    conditions: { StringLike: { 's3:prefix': listPrefixes } },
  });
}

function objectResources(bucketArn: string, grants: ResolvedBucketGrant[]): string[] {
  if (grants.some((g) => g.prefixes === undefined)) return [`${bucketArn}/*`];
  // `prefix` itself as well as what is below it: file systems over S3 probe the key of a
  // "directory" (HEAD warehouse) before listing it, and a 403 there fails the operation.
  return unique(grants.flatMap((g) => g.prefixes!.flatMap((p) => [`${bucketArn}/${p}`, `${bucketArn}/${p}/*`])));
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
