import { IBucket } from 'aws-cdk-lib/aws-s3';
import { BucketAccess, BucketGrant } from '../irsa-bucket-access/bucket-grant';
import { propError } from '../private/validation';
import { CatalogStorageAccess } from '../trino/catalog';

/**
 * The grants of Trino's service account: exactly the S3 locations of `TrinoConfiguration.storageAccess`, each
 * on the bucket of the same name among those the user offered. A location whose bucket was not offered fails
 * (nothing would grant it, and queries would fail with Access Denied at run time). The same bucket and prefix
 * asked for twice is granted once, read-write when any asker writes.
 */
export function storageGrants(construct: string, accesses: CatalogStorageAccess[], buckets: IBucket[]): BucketGrant[] {
  const byName = new Map<string, IBucket>();
  for (const bucket of buckets) byName.set(bucket.bucketName, bucket);

  // bucket name -> prefix ('' for the whole bucket) -> access
  const wanted = new Map<string, Map<string, BucketAccess>>();
  for (const access of accesses) {
    if (!byName.has(access.bucketName)) {
      throw propError(construct, 'catalogs', access.bucketName,
        'reads a bucket nothing grants: add the bucket to buckets (with its KMS key, e.g. s3.Bucket.fromBucketAttributes) ' +
        `so that Trino is granted ${access.access} on it; offered: ${describeOffered(buckets)}`);
    }
    const prefixes = wanted.get(access.bucketName) ?? new Map<string, BucketAccess>();
    wanted.set(access.bucketName, prefixes);
    for (const prefix of access.prefixes ?? ['']) {
      const earlier = prefixes.get(prefix);
      prefixes.set(prefix, earlier === BucketAccess.READ_WRITE ? earlier : access.access);
    }
  }

  const grants: BucketGrant[] = [];
  for (const [bucketName, prefixes] of wanted) {
    const bucket = byName.get(bucketName)!;
    for (const access of [BucketAccess.READ_WRITE, BucketAccess.READ]) {
      const matching = [...prefixes.entries()].filter(([, a]) => a === access).map(([p]) => p);
      if (matching.length === 0) continue;
      if (matching.includes('')) {
        grants.push({ bucket, access });
      }
      const named = matching.filter((p) => p !== '');
      if (named.length > 0) grants.push({ bucket, prefixes: named, access });
    }
  }
  return grants;
}

function describeOffered(buckets: IBucket[]): string {
  return buckets.length === 0 ? 'none' : buckets.map((b) => b.bucketName).map((n) => (n.includes('${Token') ? '(a bucket of this app)' : `"${n}"`)).join(', ');
}
