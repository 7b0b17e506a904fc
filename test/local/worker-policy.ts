// The IAM policy the library synthesizes for Trino's pods (coordinator and workers share one service
// account), taken from a synthesized template: the least-privilege e2e case has the S3 emulator enforce it.
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { quickstartTrinoOptions, QUICKSTART_WAREHOUSE_BUCKET } from '../../local/quickstart-settings';
import { ObjectStorage } from '../../src/trino';
import { TrinoCluster } from '../../src/trino-on-eks/trino-cluster-choice';
import { TrinoOnEks } from '../../src/trino-on-eks/trino-on-eks';
import { importedCluster, newStack } from '../fixtures/clusters';

/** One statement of an IAM policy document, as synthesized (ARNs resolved to the `aws` partition). */
export interface PolicyStatementJson {
  readonly Sid?: string;
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: string | string[];
  readonly Condition?: Record<string, Record<string, unknown>>;
}

/** The statements, and which of their parts the emulator cannot evaluate. */
export interface WorkerPolicy {
  /** Every statement of the synthesized policy, in order. */
  readonly statements: PolicyStatementJson[];
  /** What the emulator is given: the statements, conditions removed (moto would ignore them anyway). */
  readonly enforceable: PolicyStatementJson[];
  /** Each part the emulator cannot evaluate, said plainly. */
  readonly notEvaluated: string[];
}

/**
 * Synthesizes TrinoOnEks with the quickstart's catalogs on an imported cluster and returns the S3 policy of
 * its service account (the managed policy IrsaBucketAccess attaches to the role).
 */
export function synthesizedWorkerPolicy(): WorkerPolicy {
  const stack = newStack('LocalLeastPrivilege');
  const options = quickstartTrinoOptions({
    objectStorage: ObjectStorage.aws('eu-west-1'),
    metastoreUri: TrinoOnEks.CREATED_METASTORE_URI,
    discoveryUri: 'http://trino:8080',
  });
  new TrinoOnEks(stack, 'Trino', {
    cluster: TrinoCluster.existing(importedCluster(stack)),
    catalogs: options.catalogs,
    buckets: [s3.Bucket.fromBucketName(stack, 'Warehouse', QUICKSTART_WAREHOUSE_BUCKET)],
  });
  const policies = Template.fromStack(stack).findResources('AWS::IAM::ManagedPolicy');
  const s3Policies = Object.entries(policies).filter(([id]) => id.includes('BucketAccessPolicy'));
  if (s3Policies.length !== 1) {
    throw new Error(`expected one bucket access policy in the synthesized template, found ${s3Policies.map(([id]) => id).join(', ') || 'none'}`);
  }
  const statements = (resolve(s3Policies[0][1].Properties.PolicyDocument, stack) as { Statement: PolicyStatementJson[] }).Statement;
  const notEvaluated: string[] = [];
  const enforceable = statements.map((statement) => {
    if (!statement.Condition) return statement;
    for (const [operator, keys] of Object.entries(statement.Condition)) {
      for (const [key, value] of Object.entries(keys)) {
        notEvaluated.push(`${statement.Sid ?? '(no Sid)'}: ${operator} ${key} ${JSON.stringify(value)} (moto evaluates no condition ` +
          'but StringEquals on sts:ExternalId in trust policies; it would treat this one as met, so the statement is enforced without it)');
      }
    }
    const { Condition: _condition, ...rest } = statement;
    return rest;
  });
  // Bulk deletes (DeleteObjects, how Iceberg drops a table's files): AWS authorizes s3:DeleteObject on each
  // key; moto 5.2.5 checks s3:DeleteObject on the bucket ARN instead (s3/responses.py, _bucket_response_post).
  const deletableBuckets = [...new Set(statements
    .filter((s) => s.Effect === 'Allow' && asArray(s.Action).includes('s3:DeleteObject'))
    .flatMap((s) => asArray(s.Resource).map((resource) => resource.split('/')[0])))];
  if (deletableBuckets.length > 0) {
    enforceable.push({ Sid: 'EmulatorBulkDelete', Effect: 'Allow', Action: 's3:DeleteObject', Resource: deletableBuckets });
    notEvaluated.push('bulk deletes (DeleteObjects): moto authorizes them on the bucket ARN, not per key as AWS does, so it is also ' +
      `given s3:DeleteObject on ${deletableBuckets.join(', ')}: bulk deletes are not held to the prefixes there (single deletes are)`);
  }
  return { statements, enforceable, notEvaluated };
}

function asArray(value: string | string[]): string[] {
  return Array.isArray(value) ? value : [value];
}

/** Resolves `Fn::Join` and `Ref: AWS::Partition`/`AWS::Region`/`AWS::AccountId` in a synthesized value. */
function resolve(value: unknown, stack: Stack): unknown {
  if (Array.isArray(value)) return value.map((item) => resolve(item, stack));
  if (value === null || typeof value !== 'object') return value;
  const object = value as Record<string, unknown>;
  if ('Fn::Join' in object) {
    const [delimiter, parts] = object['Fn::Join'] as [string, unknown[]];
    return parts.map((part) => String(resolve(part, stack))).join(delimiter);
  }
  if ('Ref' in object) {
    const pseudo: Record<string, string> = { 'AWS::Partition': 'aws', 'AWS::Region': stack.region, 'AWS::AccountId': stack.account };
    const resolved = pseudo[String(object.Ref)];
    if (resolved === undefined) throw new Error(`cannot resolve Ref ${String(object.Ref)} in the worker policy`);
    return resolved;
  }
  return Object.fromEntries(Object.entries(object).map(([key, item]) => [key, resolve(item, stack)]));
}
