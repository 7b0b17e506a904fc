import { Duration } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledgeRules } from '../private/nag-acknowledgements';
import { statefulRemovalPolicy } from '../private/removal-policy';

/**
 * The exchange bucket: KMS-encrypted (its key is granted with the bucket), TLS only, public access blocked, and
 * every object expired after `expiry` (spool of finished or failed queries; Trino deletes what it can itself).
 */
export function exchangeBucket(scope: Construct, expiry: Duration): s3.Bucket {
  const removalPolicy = statefulRemovalPolicy(scope, undefined, 'The exchange bucket');
  const key = new kms.Key(scope, 'ExchangeKey', {
    description: 'Trino fault-tolerant execution: exchange bucket',
    enableKeyRotation: true,
    removalPolicy,
  });
  const bucket = new s3.Bucket(scope, 'ExchangeBucket', {
    encryption: s3.BucketEncryption.KMS,
    encryptionKey: key,
    bucketKeyEnabled: true,
    enforceSSL: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    removalPolicy,
    lifecycleRules: [{ expiration: expiry, abortIncompleteMultipartUploadAfter: Duration.days(1) }],
  });
  acknowledgeRules(bucket, [
    'AwsSolutions-S1', 'NIST.800.53.R5-S3BucketLoggingEnabled', 'HIPAA.Security-S3BucketLoggingEnabled', 'PCI.DSS.321-S3BucketLoggingEnabled',
    'NIST.800.53.R5-S3BucketReplicationEnabled', 'HIPAA.Security-S3BucketReplicationEnabled', 'PCI.DSS.321-S3BucketReplicationEnabled',
    'NIST.800.53.R5-S3BucketVersioningEnabled', 'HIPAA.Security-S3BucketVersioningEnabled', 'PCI.DSS.321-S3BucketVersioningEnabled',
  ], 'The exchange bucket only holds transient spool data of running queries, written and read by Trino alone and ' +
    'expired by a lifecycle rule: Trino encrypts each spooled file itself, a lost object only makes its query retry, so ' +
    'access logs, replicas and old versions would keep copies of data that is meant to disappear.');
  return bucket;
}
