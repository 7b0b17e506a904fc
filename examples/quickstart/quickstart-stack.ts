import { KubectlV35Layer } from '@aws-cdk/lambda-layer-kubectl-v35';
import { Annotations, CfnOutput, Duration, RemovalPolicy, Stack, StackProps, Validations } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { TrinoCluster, TrinoEndpoint, TrinoMetastore, TrinoOnEks, WarehouseLocation } from 'cdk-trino-on-eks';
import { Construct } from 'constructs';
import { QUICKSTART_SAMPLE_DATA_SQL, QUICKSTART_WAREHOUSE_PREFIX, quickstartTrino } from './quickstart-props';
import { SampleDataJob } from './sample-data-job';

/**
 * The quickstart: a new VPC and EKS Auto Mode cluster, a Hive Metastore on RDS PostgreSQL, and Trino with
 * Hive and Iceberg catalogs on a new lake bucket, loaded with a little sample data.
 */
export class QuickstartStack extends Stack {
  public readonly trino: TrinoOnEks;
  public readonly lake: s3.Bucket;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, props);

    // Access logs of the lake bucket: their own bucket (a log bucket cannot log to itself).
    const accessLogs = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{ expiration: Duration.days(365), noncurrentVersionExpiration: Duration.days(30) }],
    });
    Validations.of(accessLogs).acknowledge(
      ...inAllPacks([['AwsSolutions-S1', 'S3BucketLoggingEnabled']],
        'This bucket receives the lake bucket\'s server access logs; logging it to itself would loop.'),
      ...inAllPacks([['', 'S3DefaultEncryptionKMS']],
        'S3 server access logging delivers only to buckets encrypted with SSE-S3 (AES-256), not SSE-KMS.'),
      ...inAllPacks([['', 'S3BucketReplicationEnabled']],
        'Access logs are versioned and kept for a year; a cross-region replica is not needed for this example.'),
    );

    // The lake: the warehouse (the tables the metastore manages). Retained on stack deletion.
    const lakeKey = new kms.Key(this, 'LakeKey', { description: 'Trino quickstart: lake bucket', enableKeyRotation: true, removalPolicy: RemovalPolicy.RETAIN });
    this.lake = new s3.Bucket(this, 'Lake', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: lakeKey,
      bucketKeyEnabled: true,
      enforceSSL: true,
      versioned: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'lake/',
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30), abortIncompleteMultipartUploadAfter: Duration.days(1) }],
    });
    Validations.of(this.lake).acknowledge(...inAllPacks([['', 'S3BucketReplicationEnabled']],
      'The quickstart keeps its lake in one region (versioned, retained); add a replication rule for production data.'));

    // Operator access (optional, from the context): the API server stays private unless an address range is given,
    // and only the given IAM role becomes cluster admin.
    const operatorCidr: string | undefined = this.node.tryGetContext('quickstart:operatorCidr');
    const adminRoleArn: string | undefined = this.node.tryGetContext('quickstart:adminRoleArn');
    const certificateArn: string | undefined = this.node.tryGetContext('quickstart:certificateArn');
    const domainName: string | undefined = this.node.tryGetContext('quickstart:domainName');
    const hostedZoneId: string | undefined = this.node.tryGetContext('quickstart:hostedZoneId');
    const certificate = certificateArn ? acm.Certificate.fromCertificateArn(this, 'Certificate', certificateArn) : undefined;
    const hostedZone = hostedZoneId ? route53.HostedZone.fromHostedZoneId(this, 'Zone', hostedZoneId) : undefined;

    this.trino = new TrinoOnEks(this, 'Trino', {
      // The catalogs, workers and coordinator of quickstart-props.ts (what the local stack runs too).
      ...quickstartTrino({ metastoreUri: TrinoOnEks.CREATED_METASTORE_URI, bucketName: this.lake.bucketName }),
      cluster: TrinoCluster.create({
        kubectlLayer: new KubectlV35Layer(this, 'Kubectl'),
        endpointAccess: operatorCidr ? eks.EndpointAccess.PUBLIC_AND_PRIVATE.onlyFrom(operatorCidr) : eks.EndpointAccess.PRIVATE,
      }),
      // Creates the Hive Metastore (RDS PostgreSQL, private, encrypted, rotated credentials) for this warehouse.
      metastore: TrinoMetastore.create({ warehouse: WarehouseLocation.fromBucket(this.lake, QUICKSTART_WAREHOUSE_PREFIX) }),
      buckets: [this.lake],
      // The coordinator's NetworkPolicy admits Trino's own pods; the sample data Job is a client too.
      networkPolicy: { allowFrom: [{ podLabels: { 'app.kubernetes.io/name': 'trino-sample-data' } }] },
      // The internal TLS endpoint (an ALB through EKS Auto Mode), when a certificate or a DNS name and its hosted zone
      // are given: with the zone, the certificate (unless given) and the name's record are created.
      endpoint: certificate || (domainName && hostedZone)
        ? TrinoEndpoint.loadBalancer({ certificate, domainName, hostedZone })
        : TrinoEndpoint.none(),
    });
    if (!certificate && !(domainName && hostedZone)) {
      Annotations.of(this).addWarningV2('quickstart:no-endpoint', 'No internal TLS endpoint: pass -c quickstart:domainName=<DNS name> ' +
        '-c quickstart:hostedZoneId=<its public Route 53 zone> (or -c quickstart:certificateArn=<ACM certificate ARN>) for one; until then, ' +
        'reach Trino with kubectl port-forward svc/trino -n trino 8080.');
    }

    if (operatorCidr) {
      Validations.of(this.trino.cluster).acknowledge({
        id: 'AwsSolutions-EKS1',
        reason: `The API server's public endpoint was asked for (quickstart:operatorCidr) and admits only ${operatorCidr}; the nodes use the private endpoint.`,
      });
    }
    if (adminRoleArn) {
      new eks.AccessEntry(this, 'AdminAccess', {
        cluster: this.trino.cluster,
        principal: adminRoleArn,
        accessPolicies: [eks.AccessPolicy.fromAccessPolicyName('AmazonEKSClusterAdminPolicy', { accessScopeType: eks.AccessScopeType.CLUSTER })],
      });
    }

    // Sample data: TPC-H tables written into the warehouse by a Job that runs Trino's CLI once Trino is up.
    new SampleDataJob(this, 'SampleData', { trino: this.trino, statements: QUICKSTART_SAMPLE_DATA_SQL, user: 'quickstart' });

    new CfnOutput(this, 'LakeBucket', { description: 'The lake bucket (warehouse/ and samples/)', value: this.lake.bucketName });
    new CfnOutput(this, 'ClusterName', { description: 'The EKS cluster', value: this.trino.cluster.clusterName });
  }
}

const PACK_PREFIXES = ['NIST.800.53.R5', 'HIPAA.Security', 'PCI.DSS.321'];

function inAllPackIds(rules: string[]): string[] {
  return rules.flatMap((rule) => PACK_PREFIXES.map((prefix) => `${prefix}-${rule}`));
}

/** Acknowledgements for a rule in every pack: [AwsSolutions id or '', rule name of the three compliance packs]. */
function inAllPacks(rules: Array<[string, string]>, reason: string) {
  return rules.flatMap(([awsSolutions, rule]) => [
    ...(awsSolutions ? [awsSolutions] : []),
    ...inAllPackIds([rule]),
  ]).map((id) => ({ id, reason }));
}
