import { KubectlV35Layer } from '@aws-cdk/lambda-layer-kubectl-v35';
import { CfnElement, Duration, RemovalPolicy, Size, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { BucketAccess } from '../../src/irsa-bucket-access';
import { HiveMetastoreService, ImageArchitecture, MetastoreImage, WarehouseLocation } from '../../src/metastore';
import { Catalog, FileSystemCache, RetryPolicy, TrinoRole, TrinoVersion } from '../../src/trino';
import { TrinoCluster } from '../../src/trino-on-eks/trino-cluster-choice';
import { TrinoMetastore } from '../../src/trino-on-eks/trino-metastore-choice';
import { TrinoOnEks } from '../../src/trino-on-eks/trino-on-eks';
import { TrinoOnEksProps } from '../../src/trino-on-eks/trino-on-eks-props';
import { createdCluster, importedCluster, newStack } from '../fixtures/clusters';
import { kubernetesObjects } from '../quality-gate/manifests';
import { qualityGateTests } from '../quality-gate/quality-gate';
import { synthesize } from '../quality-gate/templates';

const HELM = 'Custom::AWSCDK-EKS-HelmChart';

function lakeStack(): { stack: Stack; lake: s3.IBucket } {
  const stack = newStack();
  const lake = s3.Bucket.fromBucketName(stack, 'Lake', 'analytics-lake');
  return { stack, lake };
}

function hiveCatalog(bucketName = 'analytics-lake', access = BucketAccess.READ): Catalog {
  return Catalog.hive({
    metastoreUri: 'thrift://hive-metastore.hive-metastore.svc.cluster.local:9083',
    storageAccess: [{ bucketName, prefixes: ['raw'], access }],
  });
}

/** TrinoOnEks on an imported cluster with one Hive catalog over an imported bucket. */
function onImportedCluster(extra: Partial<TrinoOnEksProps> = {}): { stack: Stack; trino: TrinoOnEks } {
  const { stack, lake } = lakeStack();
  const trino = new TrinoOnEks(stack, 'Trino', {
    cluster: TrinoCluster.existing(importedCluster(stack)),
    catalogs: [hiveCatalog()],
    buckets: [lake],
    ...extra,
  });
  return { stack, trino };
}

/** The values the chart is installed with, as synthesized (deploy-time values stay as intrinsics). */
function chartValues(stack: Stack): any {
  const charts = Template.fromStack(stack).findResources(HELM);
  const ids = Object.keys(charts);
  expect(ids).toHaveLength(1);
  const values = charts[ids[0]].Properties.Values;
  return JSON.parse(typeof values === 'string' ? values : flatten(values));
}

function flatten(value: any): string {
  if (typeof value === 'string') return value;
  const [delimiter, parts] = value['Fn::Join'];
  return parts.map((part: any) => (typeof part === 'string' ? part : 'CFN-TOKEN')).join(delimiter);
}

describe('on an imported cluster, one Hive catalog over one bucket', () => {
  let stack: Stack;
  let trino: TrinoOnEks;
  let template: Template;
  beforeAll(() => {
    ({ stack, trino } = onImportedCluster());
    template = Template.fromStack(stack);
  });

  test('the namespace is created, labelled part-of trino', () => {
    const namespaces = kubernetesObjects(stack).filter((o) => o.kind === 'Namespace');
    expect(namespaces).toHaveLength(1);
    expect(namespaces[0]).toMatchObject({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'trino', labels: { 'app.kubernetes.io/part-of': 'trino' } } });
  });

  test('the official chart, pinned, in the namespace, with release name trino', () => {
    template.hasResourceProperties(HELM, {
      Chart: 'trino',
      Repository: 'https://trinodb.github.io/charts',
      Version: '1.42.2',
      Namespace: 'trino',
      Release: 'trino',
      CreateNamespace: Match.absent(), // the namespace is ours, not the release's
    });
  });

  test('the image tag is the Trino version, the service account is ours and not created by the chart', () => {
    const values = chartValues(stack);
    expect(values.image.tag).toBe(TrinoVersion.LATEST.imageTag);
    expect(values.serviceAccount).toEqual({ create: false, name: 'trino' });
    expect(values.fullnameOverride).toBe('trino');
  });

  test('the shared secret reaches pods only as a Secret reference, synced by the SecretProviderClass', () => {
    const values = chartValues(stack);
    expect(values.env).toEqual([{
      name: trino.configuration.sharedSecretEnvironmentVariable,
      valueFrom: { secretKeyRef: { name: 'trino-internal-shared-secret', key: 'shared-secret' } },
    }]);
    const spc = kubernetesObjects(stack).find((o) => o.kind === 'SecretProviderClass');
    expect(spc).toMatchObject({
      apiVersion: 'secrets-store.csi.x-k8s.io/v1',
      metadata: { name: 'trino-secrets', namespace: 'trino' },
      spec: {
        provider: 'aws',
        parameters: { region: 'eu-west-1' },
        secretObjects: [{ secretName: 'trino-internal-shared-secret', type: 'Opaque', data: [{ objectName: 'shared-secret', key: 'shared-secret' }] }],
      },
    });
    // The object is the generated secret, by ARN (a deploy-time value), aliased to the synced key.
    expect(JSON.parse(spc.spec.parameters.objects)).toEqual([{ objectName: expect.stringContaining('CFN-TOKEN'), objectAlias: 'shared-secret' }]);
    // Every Trino pod mounts the class, which keeps the synced Secret alive.
    for (const role of ['coordinator', 'worker']) {
      expect(values[role].additionalVolumes).toContainEqual({
        name: 'secrets-store', csi: { driver: 'secrets-store.csi.k8s.io', readOnly: true, volumeAttributes: { secretProviderClass: 'trino-secrets' } },
      });
    }
  });

  test('the shared secret is generated by Secrets Manager, encrypted with its own rotated key', () => {
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true },
      KmsKeyId: Match.anyValue(),
    });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  test('the Secrets Store CSI driver add-on syncs secrets and tolerates the worker taint', () => {
    template.hasResourceProperties('AWS::EKS::Addon', {
      AddonName: 'aws-secrets-store-csi-driver-provider',
      ConfigurationValues: Match.serializedJson(Match.objectLike({
        'secrets-store-csi-driver': { syncSecret: { enabled: true }, linux: { tolerations: [{ operator: 'Exists' }] } },
      })),
    });
  });

  test('the role reads the shared secret only, and decrypts only through Secrets Manager', () => {
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: [
          { Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], Effect: 'Allow', Resource: { Ref: Match.stringLikeRegexp('SharedSecret') } },
          {
            Action: 'kms:Decrypt',
            Effect: 'Allow',
            Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' } },
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('SharedSecretKey'), 'Arn'] },
          },
        ],
      },
    });
  });

  test('the service account is granted exactly the catalog location: read on analytics-lake/raw', () => {
    expect(trino.bucketAccess).toBeDefined();
    const policies = template.findResources('AWS::IAM::ManagedPolicy', { Properties: { Description: Match.stringLikeRegexp('S3 access of service account trino/trino') } });
    const statements = Object.values(policies).flatMap((p: any) => p.Properties.PolicyDocument.Statement);
    const actions = statements.flatMap((s: any) => [s.Action].flat());
    expect(actions).toContain('s3:GetObject');
    expect(actions).not.toContain('s3:PutObject');
    expect(JSON.stringify(statements)).toContain(':s3:::analytics-lake/raw/*');
    expect(JSON.stringify(statements)).not.toMatch(/analytics-lake\/\*"/);
  });

  test('node pools: coordinator on-demand, workers spot first with the shutdown budget as terminationGracePeriod', () => {
    const pools = kubernetesObjects(stack).filter((o) => o.kind === 'NodePool');
    const worker = pools.find((p) => p.metadata.name === 'trino-workers');
    const coordinator = pools.find((p) => p.metadata.name === 'trino-coordinator');
    expect(worker.spec.template.spec.terminationGracePeriod).toBe(`${trino.gracefulShutdown.budget.terminationGracePeriodSeconds}s`);
    expect(JSON.stringify(worker.spec.template.spec.requirements)).toContain('spot');
    expect(JSON.stringify(coordinator.spec.template.spec.requirements)).not.toContain('spot');
  });

  test('workers are scheduled on the worker pool and tolerate its taint; the coordinator on its pool', () => {
    const values = chartValues(stack);
    expect(values.worker.nodeSelector).toEqual({ 'karpenter.sh/nodepool': 'trino-workers' });
    expect(values.worker.tolerations).toEqual([{ key: 'trino.io/role', operator: 'Equal', value: 'worker', effect: 'NoSchedule' }]);
    expect(values.coordinator.nodeSelector).toEqual({ 'karpenter.sh/nodepool': 'trino-coordinator' });
  });

  test('graceful shutdown: chart values and the pod budget agree (390 s by default), and a worker PDB exists', () => {
    const values = chartValues(stack);
    expect(values.worker.gracefulShutdown).toEqual({ enabled: true, gracePeriodSeconds: 30 });
    expect(values.worker.terminationGracePeriodSeconds).toBe(390);
    // The values carry exactly what GracefulShutdownWorkers says a release needs.
    expect(values).toMatchObject(trino.gracefulShutdown.chartValues);
    const pdb = kubernetesObjects(stack).find((o) => o.kind === 'PodDisruptionBudget');
    expect(pdb.metadata).toMatchObject({ name: 'trino-worker', namespace: 'trino' });
  });

  test('the chart waits for the namespace, service account, secret objects and node pools', () => {
    const chart = Object.values(template.findResources(HELM))[0] as any;
    const dependsOn: string[] = chart.DependsOn ?? [];
    for (const pattern of [/TrinoNamespace/, /TrinoServiceAccount/, /TrinoSecretProviderClass/, /TrinoSharedSecret[0-9A-F]{8}$/, /TrinoWorkerNodePool/, /TrinoCoordinatorNodePool/, /TrinoSharedSecretAccess/]) {
      expect(dependsOn.some((d) => pattern.test(d))).toBe(true);
    }
  });

  test('outputs: the coordinator service, the role ARN and the buckets', () => {
    template.hasOutput('*', { Value: 'http://trino.trino.svc.cluster.local:8080' });
    template.hasOutput('*', { Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('ServiceAccountRole'), 'Arn'] } });
    template.hasOutput('*', { Value: 'analytics-lake' });
  });

  test('one SecretProviderClass (no schema package, so asserted above instead of validated)', () => {
    const objects = kubernetesObjects(stack);
    expect(objects.filter((o) => o.kind === 'SecretProviderClass')).toHaveLength(1);
  });

  test('no secret value anywhere in the template', () => {
    const text = JSON.stringify(synthesize(stack.node.root as any).find((s) => s.stackName === stack.stackName)!.template);
    expect(text).not.toMatch(/shared-secret=(?!\$\{ENV:)/);
    expect(text).not.toMatch(/"SecretString"/);
    expect(text).not.toMatch(/"value":"[A-Za-z0-9]{64}"/);
    expect(text).not.toMatch(/aws-secret-key|password=/i);
  });

  qualityGateTests(() => ({ stack, scope: trino }), { kubernetesObjects: { withoutSchema: ['SecretProviderClass'] } });
});

describe('created cluster with a metastore', () => {
  let stack: Stack;
  let trino: TrinoOnEks;
  let template: Template;
  beforeAll(() => {
    stack = newStack();
    const lake = new s3.Bucket(stack, 'Lake', { enforceSSL: true });
    trino = new TrinoOnEks(stack, 'Trino', {
      cluster: TrinoCluster.create({ kubectlLayer: new KubectlV35Layer(stack, 'Kubectl') }),
      metastore: TrinoMetastore.create({ warehouse: WarehouseLocation.fromBucket(lake, 'warehouse') }),
    });
    template = Template.fromStack(stack);
  });

  test('an Auto Mode cluster with every control-plane log, encrypted Secrets and a private endpoint', () => {
    template.hasResourceProperties('AWS::EKS::Cluster', {
      ComputeConfig: { Enabled: true },
      EncryptionConfig: [{ Provider: { KeyArn: Match.anyValue() }, Resources: ['secrets'] }],
      Logging: { ClusterLogging: { EnabledTypes: Match.arrayWith([{ Type: 'api' }, { Type: 'audit' }, { Type: 'authenticator' }, { Type: 'controllerManager' }, { Type: 'scheduler' }]) } },
      ResourcesVpcConfig: Match.objectLike({ EndpointPublicAccess: false, EndpointPrivateAccess: true }),
    });
  });

  test('a VPC with flow logs', () => {
    template.resourceCountIs('AWS::EC2::FlowLog', 1);
    expect(trino.vpc).toBeDefined();
  });

  test('the VPC\'s default security group is closed: its rules are removed at deployment', () => {
    template.hasResourceProperties('Custom::VpcRestrictDefaultSG', {
      DefaultSecurityGroupId: { 'Fn::GetAtt': [stack.getLogicalId(trino.vpc!.node.defaultChild as CfnElement), 'DefaultSecurityGroup'] },
    });
  });

  test('the flow log delivers with a role whose only policy is a customer-managed one, on its log group', () => {
    const flowLog = Object.values<any>(template.findResources('AWS::EC2::FlowLog'))[0];
    const role = flowLog.Properties.DeliverLogsPermissionArn['Fn::GetAtt'][0];
    const attached = (type: string) => Object.values<any>(template.findResources(type))
      .filter((p) => JSON.stringify(p.Properties.Roles ?? []).includes(`"${role}"`));
    expect(attached('AWS::IAM::Policy')).toEqual([]);
    const [managed] = attached('AWS::IAM::ManagedPolicy');
    expect(managed.Properties.PolicyDocument.Statement).toEqual([{
      Effect: 'Allow',
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
      Resource: { 'Fn::GetAtt': [flowLog.Properties.LogGroupName.Ref, 'Arn'] },
    }]);
    expect(flowLog.DependsOn).toEqual(expect.arrayContaining([Object.keys(template.findResources('AWS::IAM::ManagedPolicy'))
      .find((id) => template.toJSON().Resources[id] === managed)]));
  });

  test('the default catalog is Iceberg on the created metastore with read-write on the warehouse', () => {
    expect(trino.metastore).toBeDefined();
    expect(trino.configuration.catalogs.map((c) => [c.name, c.connectorName, c.metastoreUri]))
      .toEqual([['iceberg', 'iceberg', TrinoOnEks.CREATED_METASTORE_URI]]);
    expect(trino.metastore!.thriftUri).toBe(TrinoOnEks.CREATED_METASTORE_URI);
    expect(trino.configuration.storageAccess).toEqual([{ bucketName: expect.any(String), prefixes: ['warehouse'], access: BucketAccess.READ_WRITE }]);
  });

  test('the chart waits for the metastore', () => {
    const chart = Object.values(template.findResources(HELM))[0] as any;
    expect((chart.DependsOn as string[]).some((d) => /TrinoMetastore/.test(d))).toBe(true);
  });

  qualityGateTests(() => ({ stack, scope: trino }), { kubernetesObjects: { withoutSchema: ['SecretProviderClass'] } });
});

describe('removal of the created metastore', () => {
  function metastoreDeletionPolicies(context: Record<string, unknown>, removalPolicy?: RemovalPolicy): string[] {
    const stack = newStack();
    Object.entries(context).forEach(([key, value]) => stack.node.setContext(key, value));
    const lake = new s3.Bucket(stack, 'Lake', { enforceSSL: true });
    new TrinoOnEks(stack, 'Trino', {
      cluster: TrinoCluster.create({ kubectlLayer: new KubectlV35Layer(stack, 'Kubectl') }),
      metastore: TrinoMetastore.create({ warehouse: WarehouseLocation.fromBucket(lake, 'warehouse'), removalPolicy }),
    });
    const databases = Template.fromStack(stack).findResources('AWS::RDS::DBInstance');
    return Object.values(databases).map((d: any) => d.DeletionPolicy);
  }

  test('retained by default', () => {
    expect(metastoreDeletionPolicies({})).toEqual(['Retain']);
  });

  test('DESTROY is passed to the metastore, and takes effect only with the context flag', () => {
    expect(metastoreDeletionPolicies({}, RemovalPolicy.DESTROY)).toEqual(['Retain']);
    expect(metastoreDeletionPolicies({ 'cdk-trino-on-eks:allowDestroy': true }, RemovalPolicy.DESTROY)).toEqual(['Delete']);
  });
});

describe('the metastore choice', () => {
  test('TrinoMetastore.none() gives no metastore and no default catalog', () => {
    const stack = newStack();
    const trino = new TrinoOnEks(stack, 'Trino', { cluster: TrinoCluster.existing(importedCluster(stack)), metastore: TrinoMetastore.none() });
    expect(trino.metastore).toBeUndefined();
    expect(trino.configuration.catalogs).toEqual([]);
    expect(trino.grantedBuckets).toEqual([]);
    Template.fromStack(stack).resourceCountIs('AWS::RDS::DBInstance', 0);
  });

  test('TrinoMetastore.existing(metastore) is used as it is: the default Iceberg catalog on its Thrift URI and warehouse, no second metastore', () => {
    const stack = newStack();
    const cluster = createdCluster(stack);
    const lake = s3.Bucket.fromBucketName(stack, 'Lake', 'analytics-lake');
    const shared = new HiveMetastoreService(stack, 'SharedMetastore', {
      cluster,
      warehouse: WarehouseLocation.fromUri('s3://analytics-lake/hive/warehouse/'),
      image: MetastoreImage.fromRegistry('public.ecr.aws/example/hive-metastore:4.1.0', ImageArchitecture.ARM64),
    });
    const trino = new TrinoOnEks(stack, 'Trino', {
      cluster: TrinoCluster.existing(cluster),
      metastore: TrinoMetastore.existing(shared),
      buckets: [lake],
    });
    expect(trino.metastore).toBe(shared);
    expect(trino.configuration.catalogs.map((c) => [c.name, c.connectorName, c.metastoreUri])).toEqual([['iceberg', 'iceberg', shared.thriftUri]]);
    expect(trino.configuration.storageAccess).toEqual([{ bucketName: 'analytics-lake', prefixes: ['hive/warehouse'], access: BucketAccess.READ_WRITE }]);
    Template.fromStack(stack).resourceCountIs('AWS::RDS::DBInstance', 1);
    expect(trino.node.tryFindChild('Metastore')).toBeUndefined();
  });
});

describe('fault-tolerant execution', () => {
  let stack: Stack;
  let trino: TrinoOnEks;
  let template: Template;
  beforeAll(() => {
    ({ stack, trino } = onImportedCluster({ faultTolerantExecution: {} }));
    template = Template.fromStack(stack);
  });

  test('an exchange bucket: KMS-encrypted, public access blocked, objects expired after a day', () => {
    expect(trino.exchangeBucket).toBeDefined();
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: Match.anyValue() } }] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 1, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 }, Status: 'Enabled' })] },
    });
  });

  test('the exchange bucket accepts TLS only', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  test('retry-policy TASK and the exchange manager on the bucket reach both roles', () => {
    expect(trino.configuration.retryPolicy).toBe(RetryPolicy.TASK);
    expect(trino.configuration.configProperties(TrinoRole.COORDINATOR)['retry-policy']).toBe('TASK');
    const values = chartValues(stack);
    expect(values.server.exchangeManager).toEqual({ name: 'filesystem', baseDir: [expect.stringMatching(/^s3:\/\/CFN-TOKEN$/)] });
  });

  test('the service account may read and write the exchange bucket, and use its key', () => {
    const policies = template.findResources('AWS::IAM::ManagedPolicy', { Properties: { Description: Match.stringLikeRegexp('S3 access of service account') } });
    const text = JSON.stringify(Object.values(policies));
    expect(text).toMatch(/ExchangeBucket/);
    expect(text).toContain('s3:PutObject');
    expect(text).toMatch(/ExchangeKey/);
    expect(trino.grantedBuckets).toContain(trino.exchangeBucket);
  });

  test('with retries, a long shutdown budget on spot workers is a note, not a warning', () => {
    expect(trino.gracefulShutdown.spotWorkers).toBe(true);
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('spot interruption'));
  });
});

describe('workers on the instance store', () => {
  const workerPool = (stack: Stack) => kubernetesObjects(stack).find((o) => o.kind === 'NodePool' && o.metadata.name === 'trino-workers');
  const families = (stack: Stack) => workerPool(stack).spec.template.spec.requirements.find((r: any) => r.key === 'eks.amazonaws.com/instance-family').values;

  test('by default (x86 workers) nothing changes: r6i/r6a/r7i/r7a, no cache, no spill, no local volume', () => {
    const { stack, trino } = onImportedCluster();
    expect(families(stack)).toEqual(['r6i', 'r6a', 'r7i', 'r7a']);
    expect(trino.configuration.localStorage).toBeUndefined();
    expect(chartValues(stack).catalogs.hive).not.toContain('fs.cache');
  });

  describe('with Graviton workers', () => {
    let stack: Stack;
    let trino: TrinoOnEks;
    beforeAll(() => ({ stack, trino } = onImportedCluster({ workers: { graviton: true } })));

    test('the worker pool launches the NVMe families on arm64 or x86', () => {
      expect(families(stack)).toEqual(['r6gd', 'r7gd', 'r8gd', 'r6id']);
      expect(workerPool(stack).spec.template.spec.requirements).toContainEqual({ key: 'kubernetes.io/arch', operator: 'In', values: ['amd64', 'arm64'] });
    });

    test('the configuration is sized for the 4xlarge\'s 950 GB disk: cache 485 GiB, spill 256 GiB', () => {
      expect(trino.configuration.localStorage!.cacheMaxSize!.toGibibytes()).toBe(485);
      expect(trino.configuration.localStorage!.maxSpillPerNode!.toGibibytes()).toBe(256);
    });

    test('the chart values cache the catalog on the local volume and spill to it', () => {
      const values = chartValues(stack);
      expect(values.catalogs.hive).toContain('fs.cache.enabled=true\n');
      expect(values.worker.additionalVolumes).toContainEqual({ name: 'local-storage', emptyDir: { sizeLimit: '829Gi' } });
      expect(values.worker.additionalVolumeMounts).toContainEqual({ name: 'local-storage', mountPath: '/data/trino-local' });
      expect(values.server.workerExtraConfig).toContain('spiller-spill-path=/data/trino-local/spill');
    });
  });

  test('x86 instance-store workers on request (r6id), and the cache can be turned off while spill stays', () => {
    const { stack, trino } = onImportedCluster({ workers: { instanceStore: true, fileSystemCache: FileSystemCache.off() } });
    expect(families(stack)).toEqual(['r6id']);
    expect(trino.configuration.localStorage!.cacheEnabled).toBe(false);
    expect(chartValues(stack).catalogs.hive).not.toContain('fs.cache');
    expect(chartValues(stack).server.workerExtraConfig).toContain('spill');
  });

  test('Graviton without instance store on request: r6g/r7g/r8g too, no local disk', () => {
    const { stack, trino } = onImportedCluster({ workers: { graviton: true, instanceStore: false } });
    expect(families(stack)).toEqual(['r6i', 'r6a', 'r7i', 'r7a', 'r6g', 'r7g', 'r8g']);
    expect(trino.configuration.localStorage).toBeUndefined();
  });
});

describe('bad input', () => {
  const cases: Array<[string, () => void, RegExp]> = [
    ['min workers above max', () => onImportedCluster({ workers: { minCount: 5, maxCount: 3 } }),
      /TrinoOnEks: workers.minCount \(5\) must not exceed workers.maxCount \(3\)/],
    ['a Trino version outside the supported range', () => onImportedCluster({ version: TrinoVersion.of(470) }),
      /TrinoVersion.*470.*476/],
    ['two catalogs with the same name', () => onImportedCluster({ catalogs: [hiveCatalog(), hiveCatalog()] }),
      /catalogs \(\["hive", "hive"\]\) must have unique names: "hive" is used more than once/],
    ['a catalog reading a bucket nothing grants', () => onImportedCluster({ catalogs: [hiveCatalog('other-bucket')] }),
      /TrinoOnEks: catalogs \("other-bucket"\) reads a bucket nothing grants: add the bucket to buckets.*offered: "analytics-lake"/],
    ['helmValues lowering the worker termination grace period below the budget',
      () => onImportedCluster({ helmValues: { worker: { terminationGracePeriodSeconds: 60 } } }),
      /TrinoOnEks: helmValues.worker.terminationGracePeriodSeconds \(60\) may only be raised: it must be at least 390/],
    ['helmValues putting the shared secret inline', () => onImportedCluster({
      helmValues: { env: [{ name: 'TRINO_INTERNAL_SHARED_SECRET', value: 'hunter2' }] },
    }), /TrinoOnEks: helmValues.env\[0\].value \("\(hidden\)"\) would put TRINO_INTERNAL_SHARED_SECRET in plain text/],
    ['helmValues replacing the service account', () => onImportedCluster({ helmValues: { serviceAccount: { create: true } } }),
      /TrinoOnEks: helmValues.serviceAccount \(\{"create":true\}\) is owned by the library \(the service account holds exactly the granted S3 access\)/],
    ['helmValues changing the image tag', () => onImportedCluster({ helmValues: { image: { tag: '470' } } }),
      /TrinoOnEks: helmValues.image .*is owned by the library \(the image tag is the Trino version/],
    ['helmValues renaming the chart objects', () => onImportedCluster({ helmValues: { nameOverride: 'lake' } }),
      /TrinoOnEks: helmValues.nameOverride \("lake"\) is owned by the library \(the names and labels the PodDisruptionBudget/],
    ['a worker heap larger than the worker memory', () => onImportedCluster({ workers: { heap: Size.gibibytes(200) } }),
      /TrinoOnEks: workers.heap \("204800 MiB"\) must fit a 4xlarge worker node: it exceeds what the node can give the heap.*at most/],
    ['an unknown worker instance size', () => onImportedCluster({ workers: { instanceSize: 'huge' } }),
      /TrinoOnEks: workers.instanceSize \("huge"\) must be one of large, xlarge, 2xlarge/],
    ['fault-tolerant execution with retry policy NONE', () => onImportedCluster({ faultTolerantExecution: { retryPolicy: RetryPolicy.NONE } }),
      /TrinoOnEks: faultTolerantExecution.retryPolicy \("NONE"\) must be TASK or QUERY/],
    ['an exchange expiry that is not whole days', () => onImportedCluster({ faultTolerantExecution: { exchangeExpiry: Duration.hours(12) } }),
      /TrinoOnEks: faultTolerantExecution.exchangeExpiry \("Duration.hours\(12\)"\) must be a whole number of days, at least 1/],
    ['no cluster', () => new TrinoOnEks(newStack(), 'Trino', {} as any),
      /TrinoOnEks: cluster \(not set\) is required: TrinoCluster.create\(.*TrinoCluster.existing\(cluster\) uses one of the app/],
    ['a bad namespace', () => onImportedCluster({ namespace: 'Trino_NS' }),
      /TrinoOnEks: namespace \("Trino_NS"\) must be an RFC 1123 label/],
    ['a file-system cache without instance-store workers', () => onImportedCluster({ workers: { fileSystemCache: FileSystemCache.of({ maxSize: Size.gibibytes(100) }) } }),
      /TrinoOnEks: workers.fileSystemCache \("FileSystemCache.of\(...\)"\) needs workers with a local disk: set workers.instanceStore \(or workers.graviton\) to true/],
    ['a file-system cache larger than the instance store', () => onImportedCluster({
      workers: { graviton: true, fileSystemCache: FileSystemCache.of({ maxSize: Size.gibibytes(900) }) },
    }), /TrinoOnEks: workers.fileSystemCache.maxSize \("900 GiB"\) does not fit the local disk/],
  ];

  test.each(cases)('%s', (_name, build, message) => {
    expect(build).toThrow(message);
  });

  test('a raised termination grace period and free keys are accepted', () => {
    const { trino } = onImportedCluster({
      helmValues: { worker: { terminationGracePeriodSeconds: 600 }, coordinator: { annotations: { team: 'data' } } },
    });
    expect(trino.helmValues.worker.terminationGracePeriodSeconds).toBe(600);
    expect(trino.helmValues.coordinator.annotations).toMatchObject({ team: 'data' });
  });

  test('a catalog without storage gets a service account with a role (for the shared secret) and no S3 grant', () => {
    const stack = newStack();
    const trino = new TrinoOnEks(stack, 'Trino', { cluster: TrinoCluster.existing(importedCluster(stack)), catalogs: [Catalog.tpch()] });
    expect(trino.bucketAccess).toBeUndefined();
    expect(trino.grantedBuckets).toEqual([]);
    const template = Template.fromStack(stack);
    expect(Object.keys(template.findResources('AWS::IAM::ManagedPolicy', { Properties: { Description: Match.stringLikeRegexp('S3 access') } }))).toEqual([]);
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', { Description: Match.stringLikeRegexp('read the secrets its pods mount through the Secrets Store CSI driver .the internal shared secret') });
    expect(Object.keys(template.findOutputs('*')).some((o) => /Buckets/.test(o))).toBe(false);
  });

  test('bad input creates nothing', () => {
    const stack = newStack();
    expect(() => new TrinoOnEks(stack, 'Trino', { cluster: TrinoCluster.existing(importedCluster(stack)), workers: { minCount: 4, maxCount: 2 } })).toThrow();
    expect(stack.node.tryFindChild('Trino')).toBeUndefined();
  });

  test('a longer shutdown budget moves the pool and the pod together', () => {
    const { stack, trino } = onImportedCluster({ workers: { gracefulShutdown: { longestTask: Duration.minutes(20) } } });
    expect(trino.gracefulShutdown.budget.terminationGracePeriodSeconds).toBe(2 * 30 + 1200 + 30);
    expect(chartValues(stack).worker.terminationGracePeriodSeconds).toBe(1290);
    const pool = kubernetesObjects(stack).find((o) => o.kind === 'NodePool' && o.metadata.name === 'trino-workers');
    expect(pool.spec.template.spec.terminationGracePeriod).toBe('1290s');
  });
});
