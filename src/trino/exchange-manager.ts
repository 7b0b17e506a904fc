import { CatalogStorageAccess } from './catalog';
import { ObjectStorage } from './object-storage';
import { BucketAccess } from '../irsa-bucket-access/bucket-grant';
import { isUnresolved, propError } from '../private/validation';

const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/**
 * Where fault-tolerant execution spools exchange data: an S3 bucket (with a lifecycle rule that expires
 * objects after a day or two: queries that die leave their spool behind) and an optional prefix.
 */
export interface ExchangeLocation {
  /** Name of the bucket, e.g. `trino-exchange`. */
  readonly bucketName: string;

  /**
   * Key prefix under which exchange data is written, without wildcards, e.g. `exchange`.
   *
   * @default - the whole bucket
   */
  readonly prefix?: string;
}

/** A validated exchange location, and what it renders to. */
export interface ResolvedExchange {
  /** `s3://bucket/prefix` (or `s3://bucket`). */
  readonly baseDirectory: string;
  /** Read-write access to exactly the exchange location. */
  readonly storageAccess: CatalogStorageAccess;
}

/** Validates an exchange location (construct/prop name the caller in errors). */
export function resolveExchange(location: ExchangeLocation, construct: string, prop: string): ResolvedExchange {
  const bucket = location.bucketName;
  if (!isUnresolved(bucket) && !BUCKET_NAME.test(bucket)) {
    throw propError(construct, `${prop}.bucketName`, bucket,
      'must be an S3 bucket name: 3 to 63 lowercase letters, digits, "." or "-", starting and ending with a letter or digit');
  }
  let prefix: string | undefined;
  if (location.prefix !== undefined) {
    prefix = isUnresolved(location.prefix) ? location.prefix : location.prefix.replace(/^\/+|\/+$/g, '');
    if (prefix === '' || /[*?,]/.test(prefix)) {
      throw propError(construct, `${prop}.prefix`, location.prefix,
        'must be a non-empty key prefix without wildcards or commas, e.g. "exchange" (leave it out for the whole bucket)');
    }
  }
  return {
    baseDirectory: prefix === undefined ? `s3://${bucket}` : `s3://${bucket}/${prefix}`,
    storageAccess: prefix === undefined
      ? { bucketName: bucket, access: BucketAccess.READ_WRITE }
      : { bucketName: bucket, prefixes: [prefix], access: BucketAccess.READ_WRITE },
  };
}

/**
 * `exchange-manager.properties`, the same on the coordinator and every worker: the filesystem exchange
 * manager on S3 (admin/fault-tolerant-execution.html, "Exchange manager"): `exchange-manager.name=filesystem`,
 * `exchange.base-directories`, `exchange.s3.region`, and for the local emulator `exchange.s3.endpoint`,
 * `exchange.s3.path-style-access` and static keys. Spooled data is encrypted by Trino itself
 * (`exchange.encryption-enabled` defaults to true).
 */
export function exchangeManagerProperties(exchange: ResolvedExchange, objectStorage: ObjectStorage): Record<string, string> {
  return {
    'exchange-manager.name': 'filesystem',
    'exchange.base-directories': exchange.baseDirectory,
    ...objectStorage._exchangeProperties(),
  };
}
