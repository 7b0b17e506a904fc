import { IBucket } from 'aws-cdk-lib/aws-s3';
import { BucketAccess, BucketGrant } from '../irsa-bucket-access/bucket-grant';
import { propError } from '../private/validation';
import { CatalogStorageAccess } from '../trino/catalog';

/** One grant of Trino's service account, by bucket name (the bucket itself is looked up when it is created). */
export interface StorageGrantPlan {
  readonly bucketName: string;
  /** Key prefixes; none for the whole bucket. */
  readonly prefixes?: string[];
  readonly access: BucketAccess;
}

/**
 * The grants of Trino's service account: exactly the S3 locations of `TrinoConfiguration.storageAccess`, each
 * on the bucket of the same name among those the user offered. A location whose bucket was not offered fails
 * (nothing would grant it, and queries would fail with Access Denied at run time). The same bucket and prefix
 * asked for twice is granted once, read-write when any asker writes.
 */
export function planStorageGrants(construct: string, accesses: CatalogStorageAccess[], offeredBucketNames: string[]): StorageGrantPlan[] {
  // bucket name -> prefix ('' for the whole bucket) -> access
  const wanted = new Map<string, Map<string, BucketAccess>>();
  for (const access of accesses) {
    if (!offeredBucketNames.includes(access.bucketName)) {
      throw propError(construct, 'catalogs', access.bucketName,
        'reads a bucket nothing grants: add the bucket to buckets (with its KMS key, e.g. s3.Bucket.fromBucketAttributes) ' +
        `so that Trino is granted ${access.access} on it; offered: ${describeOffered(offeredBucketNames)}`);
    }
    const prefixes = wanted.get(access.bucketName) ?? new Map<string, BucketAccess>();
    wanted.set(access.bucketName, prefixes);
    for (const prefix of access.prefixes ?? ['']) {
      const earlier = prefixes.get(prefix);
      prefixes.set(prefix, earlier === BucketAccess.READ_WRITE ? earlier : access.access);
    }
  }

  const grants: StorageGrantPlan[] = [];
  for (const [bucketName, prefixes] of wanted) {
    for (const access of [BucketAccess.READ_WRITE, BucketAccess.READ]) {
      const matching = [...prefixes.entries()].filter(([, a]) => a === access).map(([p]) => p);
      if (matching.length === 0) continue;
      if (matching.includes('')) {
        grants.push({ bucketName, access });
      }
      const named = matching.filter((p) => p !== '');
      if (named.length > 0) grants.push({ bucketName, prefixes: named, access });
    }
  }
  return grants;
}

/** The planned grants on the buckets they name (every name was checked against the offered buckets). */
export function bucketGrants(plans: StorageGrantPlan[], buckets: IBucket[]): BucketGrant[] {
  return plans.map((plan) => {
    const bucket = buckets.find((b) => b.bucketName === plan.bucketName);
    if (!bucket) throw new Error(`TrinoOnEks: no bucket named ${plan.bucketName} was created or offered`);
    return { bucket, access: plan.access, ...(plan.prefixes ? { prefixes: plan.prefixes } : {}) };
  });
}

function describeOffered(names: string[]): string {
  return names.length === 0 ? 'none' : names.map((n) => (n.includes('${Token') ? '(a bucket of this app)' : `"${n}"`)).join(', ');
}
