// Writes the Helm values a default TrinoOnEks installs the chart with (imported cluster, one Hive catalog), for a
// render with the real chart: `npx ts-node test/trino-on-eks/trino-on-eks-values.ts <file>`, then
// `helm template trino <charts/trino at 1.42.2> -n trino -f <file>`.
import { writeFileSync } from 'fs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { BucketAccess } from '../../src/irsa-bucket-access';
import { Catalog } from '../../src/trino';
import { TrinoCluster } from '../../src/trino-on-eks/trino-cluster-choice';
import { TrinoOnEks } from '../../src/trino-on-eks/trino-on-eks';
import { importedCluster, newStack } from '../fixtures/clusters';

const stack = newStack();
const trino = new TrinoOnEks(stack, 'Trino', {
  cluster: TrinoCluster.existing(importedCluster(stack)),
  buckets: [s3.Bucket.fromBucketName(stack, 'Lake', 'analytics-lake')],
  catalogs: [Catalog.iceberg({
    metastoreUri: TrinoOnEks.CREATED_METASTORE_URI,
    storageAccess: [{ bucketName: 'analytics-lake', prefixes: ['warehouse'], access: BucketAccess.READ_WRITE }],
  })],
});
writeFileSync(process.argv[2], JSON.stringify(trino.helmValues, undefined, 1));
