import { KubectlV35Layer } from '@aws-cdk/lambda-layer-kubectl-v35';
import { Duration, Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { BucketAccess } from '../../src/irsa-bucket-access';
import { WarehouseLocation } from '../../src/metastore';
import { Catalog, CatalogAccess, RetryPolicy, TrinoAccessControl, TrinoAuthentication } from '../../src/trino';
import { TrinoCluster } from '../../src/trino-on-eks/trino-cluster-choice';
import { TrinoEndpoint } from '../../src/trino-on-eks/trino-endpoint';
import { TrinoMetastore } from '../../src/trino-on-eks/trino-metastore-choice';
import { TrinoOnEks } from '../../src/trino-on-eks/trino-on-eks';

/**
 * TrinoOnEks with every option on, in `stack`: created VPC and Auto Mode cluster, a created Hive Metastore on a
 * warehouse bucket (its default Iceberg catalog), an Iceberg catalog on the AWS Glue Data Catalog, TPC-H,
 * fault-tolerant execution, autoscaling to zero with KEDA, metrics with ServiceMonitors, password users behind an
 * internal load balancer and file access control. Shared by the nag
 * test, the synth benchmark (scripts/synth-benchmark.sh) and the raw nag counts (scripts/nag-raw-counts.sh).
 */
export function fullDeployment(stack: Stack): TrinoOnEks {
  const lake = new s3.Bucket(stack, 'Lake', {
    enforceSSL: true,
    versioned: true,
    encryption: s3.BucketEncryption.S3_MANAGED,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
  });
  return new TrinoOnEks(stack, 'Trino', {
    cluster: TrinoCluster.create({ kubectlLayer: new KubectlV35Layer(stack, 'Kubectl') }),
    metastore: TrinoMetastore.create({ warehouse: WarehouseLocation.fromBucket(lake, 'warehouse') }),
    catalogs: [
      Catalog.iceberg({
        metastoreUri: TrinoOnEks.CREATED_METASTORE_URI,
        storageAccess: [{ bucketName: lake.bucketName, prefixes: ['warehouse'], access: BucketAccess.READ_WRITE }],
      }),
      Catalog.icebergOnGlue({
        name: 'glue',
        glueRegion: stack.region,
        storageAccess: [{ bucketName: lake.bucketName, prefixes: ['glue'], access: BucketAccess.READ }],
      }),
      Catalog.tpch(),
    ],
    workers: { maxCount: 10, autoscaling: { cooldownPeriod: Duration.minutes(10) } },
    faultTolerantExecution: { retryPolicy: RetryPolicy.TASK },
    metrics: { exporterImage: 'bitnami/jmx-exporter:1.4.0', serviceMonitorLabels: { release: 'prometheus' } },
    authentication: TrinoAuthentication.password({ users: ['analyst', 'admin'] }),
    endpoint: TrinoEndpoint.loadBalancer({
      certificate: acm.Certificate.fromCertificateArn(stack, 'Certificate',
        `arn:aws:acm:${stack.region}:${stack.account}:certificate/0a1b2c3d-1111-2222-3333-444455556666`),
    }),
    accessControl: TrinoAccessControl.fileBased({
      catalogs: [{ user: 'admin', access: CatalogAccess.ALL }, { access: CatalogAccess.READ_ONLY }],
    }),
  });
}
