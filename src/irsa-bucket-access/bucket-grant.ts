import { IBucket } from 'aws-cdk-lib/aws-s3';

/** What a service account may do with the objects under a granted prefix. */
export enum BucketAccess {
  /** List the prefixes and read objects (and decrypt with the bucket's KMS key). */
  READ = 'READ',
  /** READ, plus write and delete objects and manage multipart uploads (and encrypt with the bucket's KMS key). */
  READ_WRITE = 'READ_WRITE',
}

/** Access to one bucket, optionally limited to some prefixes. */
export interface BucketGrant {
  /** The bucket (created in the app or imported). When it has a KMS key, the key is granted too. */
  readonly bucket: IBucket;

  /**
   * Key prefixes the access is limited to, without a leading `/` and without wildcards,
   * for example `warehouse` or `warehouse/sales`. A trailing `/` is ignored.
   *
   * @default - the whole bucket
   */
  readonly prefixes?: string[];

  /** Read, or read and write. */
  readonly access: BucketAccess;
}
