import { KubectlV35Layer } from '@aws-cdk/lambda-layer-kubectl-v35';
import { Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { WarehouseLocation } from '../../src/metastore';
import { Catalog, RetryPolicy } from '../../src/trino';
import { TrinoCluster } from '../../src/trino-on-eks/trino-cluster-choice';
import { TrinoMetastore } from '../../src/trino-on-eks/trino-metastore-choice';
import { TrinoOnEks } from '../../src/trino-on-eks/trino-on-eks';
import { importedCluster, newStack } from '../fixtures/clusters';
import { qualityGateTests } from '../quality-gate/quality-gate';

// A full default deployment: TrinoOnEks creates the VPC, the Auto Mode cluster and the metastore. Every
// finding under the construct must be fixed or acknowledged inside the library, so the user needs none.
describe('cdk-nag, full default deployment (created cluster and metastore)', () => {
  let stack: Stack;
  let trino: TrinoOnEks;
  beforeAll(() => {
    stack = newStack('TrinoNag');
    const lake = new s3.Bucket(stack, 'Lake', {
      enforceSSL: true,
      versioned: true,
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    });
    trino = new TrinoOnEks(stack, 'Trino', {
      cluster: TrinoCluster.create({ kubectlLayer: new KubectlV35Layer(stack, 'Kubectl') }),
      metastore: TrinoMetastore.create({ warehouse: WarehouseLocation.fromBucket(lake, 'warehouse') }),
    });
  });

  qualityGateTests(() => ({ stack, scope: trino }), { kubernetesObjects: { withoutSchema: ['SecretProviderClass'] } });
});

// Fault-tolerant execution adds the exchange bucket and its key; on an imported cluster so the test stays quick.
describe('cdk-nag, fault-tolerant execution on an imported cluster', () => {
  let stack: Stack;
  let trino: TrinoOnEks;
  beforeAll(() => {
    stack = newStack('TrinoFteNag');
    trino = new TrinoOnEks(stack, 'Trino', {
      cluster: TrinoCluster.existing(importedCluster(stack)),
      catalogs: [Catalog.tpch()],
      faultTolerantExecution: { retryPolicy: RetryPolicy.QUERY },
    });
  });

  qualityGateTests(() => ({ stack, scope: trino }), { kubernetesObjects: { withoutSchema: ['SecretProviderClass'] } });
});
