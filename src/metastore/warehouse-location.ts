import { Token } from 'aws-cdk-lib';
import { Bucket, IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { propError } from '../private/validation';

const S3_URI = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\/([^*?]+?)\/?$/;

/** Where the metastore keeps managed tables: a bucket and a key prefix. */
export abstract class WarehouseLocation {
  /** A bucket of the app (or imported) and the prefix under which tables are created, e.g. `warehouse`. */
  public static fromBucket(bucket: IBucket, prefix: string): WarehouseLocation {
    return new BucketWarehouse(bucket, normalizePrefix(prefix));
  }

  /** An `s3://bucket/prefix` URI; the bucket is imported by name. */
  public static fromUri(uri: string): WarehouseLocation {
    const match = S3_URI.exec(uri);
    if (!match) {
      throw propError('WarehouseLocation', 'uri', uri, 'must be s3://<bucket>/<prefix>, with a valid bucket name and a prefix without wildcards');
    }
    return new UriWarehouse(match[1], normalizePrefix(match[2]));
  }

  /** The key prefix of the warehouse (no leading or trailing `/`). */
  public abstract readonly prefix: string;

  /** The bucket's name. */
  public abstract readonly bucketName: string;

  /** The bucket, imported into `scope` when the location was given as a URI. */
  public abstract bucket(scope: Construct): IBucket;
}

class BucketWarehouse extends WarehouseLocation {
  public readonly bucketName: string;
  constructor(private readonly warehouseBucket: IBucket, public readonly prefix: string) {
    super();
    this.bucketName = warehouseBucket.bucketName;
  }
  public bucket(): IBucket {
    return this.warehouseBucket;
  }
}

class UriWarehouse extends WarehouseLocation {
  constructor(public readonly bucketName: string, public readonly prefix: string) {
    super();
  }
  public bucket(scope: Construct): IBucket {
    return Bucket.fromBucketName(scope, 'WarehouseBucket', this.bucketName);
  }
}

function normalizePrefix(prefix: string): string {
  if (Token.isUnresolved(prefix)) return prefix;
  const normalized = prefix.replace(/^\/+|\/+$/g, '');
  if (normalized === '' || /[*?]/.test(normalized)) {
    throw propError('WarehouseLocation', 'prefix', prefix, 'must be a non-empty key prefix without wildcards, e.g. "warehouse"');
  }
  return normalized;
}
