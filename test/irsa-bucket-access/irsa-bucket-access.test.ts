import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { BucketAccess, BucketGrant, IrsaBucketAccess, IrsaBucketAccessProps, PodIdentityAgent } from '../../src';
import { createdCluster, IMPORTED_OIDC_ARN, importedCluster, newStack } from '../fixtures/clusters';
import { kubernetesObjects, TOKEN_PLACEHOLDER } from '../quality-gate/manifests';
import { qualityGateTests } from '../quality-gate/quality-gate';

const ISSUER = 'oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE0123456789';

function lake(stack: Stack): s3.IBucket {
  return s3.Bucket.fromBucketArn(stack, 'Lake', 'arn:aws:s3:::lake');
}

function fullProps(stack: Stack, props: Partial<IrsaBucketAccessProps> = {}): IrsaBucketAccessProps {
  return {
    cluster: props.cluster ?? importedCluster(stack),
    namespace: 'trino',
    serviceAccountName: 'trino-worker',
    grants: props.grants ?? [{ bucket: lake(stack), prefixes: ['warehouse'], access: BucketAccess.READ_WRITE }],
    ...props,
  };
}

function access(stack: Stack, props: Partial<IrsaBucketAccessProps> = {}): IrsaBucketAccess {
  return new IrsaBucketAccess(stack, 'Access', fullProps(stack, props));
}

describe('IRSA on an imported cluster', () => {
  let stack: Stack;
  let template: Template;
  beforeAll(() => {
    stack = newStack();
    access(stack);
    template = Template.fromStack(stack);
  });

  test('only the named service account, through the cluster OIDC provider, can assume the role', () => {
    template.hasResourceProperties('Custom::AWSCDKCfnJson', {
      Value: JSON.stringify({
        [`${ISSUER}:aud`]: 'sts.amazonaws.com',
        [`${ISSUER}:sub`]: 'system:serviceaccount:trino:trino-worker',
      }),
    });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [{
          Action: 'sts:AssumeRoleWithWebIdentity',
          Effect: 'Allow',
          Principal: { Federated: IMPORTED_OIDC_ARN },
          Condition: { StringEquals: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AccessServiceAccountConditionJson'), 'Value'] } },
        }],
      },
    });
  });

  test('the role has exactly one policy: the customer-managed bucket policy', () => {
    const roles = template.findResources('AWS::IAM::Role', {
      Properties: {
        AssumeRolePolicyDocument: {
          Statement: [Match.objectLike({ Action: 'sts:AssumeRoleWithWebIdentity' })],
        },
      },
    });
    expect(Object.values(roles).map((r) => Object.keys(r.Properties).sort())).toEqual([['AssumeRolePolicyDocument']]);
    template.resourceCountIs('AWS::IAM::Policy', 0);
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^AccessServiceAccountRole') }],
      PolicyDocument: {
        Statement: [
          Match.objectLike({ Sid: 'ListBucket0', Condition: { StringLike: { 's3:prefix': ['warehouse', 'warehouse/*'] } } }),
          Match.objectLike({ Sid: 'BucketLocation0' }),
          Match.objectLike({ Sid: 'ReadObjects0', Resource: ['arn:aws:s3:::lake/warehouse', 'arn:aws:s3:::lake/warehouse/*'] }),
          Match.objectLike({ Sid: 'WriteObjects0', Resource: ['arn:aws:s3:::lake/warehouse', 'arn:aws:s3:::lake/warehouse/*'] }),
        ],
      },
    });
  });

  test('the service account manifest carries the role', () => {
    const objects = kubernetesObjects(stack);
    expect(objects).toEqual([expect.objectContaining({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: expect.objectContaining({
        name: 'trino-worker',
        namespace: 'trino',
        annotations: { 'eks.amazonaws.com/role-arn': TOKEN_PLACEHOLDER },
      }),
    })]);
  });

  qualityGateTests(() => ({ stack, scope: stack }));
});

describe('IRSA on a cluster created in the same app, with a KMS-encrypted bucket of the app', () => {
  let stack: Stack;
  let construct: IrsaBucketAccess;
  let template: Template;
  beforeAll(() => {
    stack = newStack();
    const cluster = createdCluster(stack);
    const bucket = new s3.Bucket(stack, 'Warehouse', { encryption: s3.BucketEncryption.KMS, enforceSSL: true });
    construct = access(stack, { cluster, grants: [{ bucket, access: BucketAccess.READ }] });
    template = Template.fromStack(stack);
  });

  test('the trust uses the created OIDC provider', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({ Principal: { Federated: { Ref: Match.stringLikeRegexp('^ClusterOpenIdConnectProvider') } } })],
      },
    });
  });

  test('the bucket key may only decrypt, through S3', () => {
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([{
          Sid: 'UseBucketKey0',
          Effect: 'Allow',
          Action: 'kms:Decrypt',
          Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^WarehouseKey'), 'Arn'] },
          Condition: { StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } },
        }]),
      },
    });
  });

  test('exposes the role, the service account and its name', () => {
    expect(construct.serviceAccountName).toBe('trino-worker');
    expect(construct.namespace).toBe('trino');
    expect(construct.serviceAccount.serviceAccountName).toBe('trino-worker');
    expect(construct.role).toBe(construct.serviceAccount.role);
    expect(construct.identityType).toBe(eks.IdentityType.IRSA);
  });

  test('the service account is applied through the cluster kubectl provider after the cluster is ready', () => {
    const manifests = template.findResources('Custom::AWSCDK-EKS-KubernetesResource', {
      Properties: { Manifest: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('"kind":"ServiceAccount"')])] } },
    });
    expect(Object.values(manifests)).toEqual([expect.objectContaining({
      DependsOn: expect.arrayContaining([expect.stringMatching(/^ClusterKubectlReadyBarrier/)]),
    })]);
  });

  test('a workload that depends on the construct waits for the account, the role and the policy', () => {
    const appStack = newStack();
    const cluster = createdCluster(appStack);
    const workerAccess = access(appStack, { cluster });
    const workload = new eks.KubernetesManifest(appStack, 'Workload', {
      cluster,
      manifest: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'probe', namespace: 'trino' } }],
    });
    workload.node.addDependency(workerAccess);
    const resources = Template.fromStack(appStack).toJSON().Resources;
    const dependsOn: string[] = resources[appStack.getLogicalId(workload.node.defaultChild as any)].DependsOn;
    expect(dependsOn).toEqual(expect.arrayContaining([
      expect.stringMatching(/^AccessServiceAccountmanifest/),
      expect.stringMatching(/^AccessServiceAccountRole/),
      expect.stringMatching(/^AccessBucketAccessPolicy/),
    ]));
  });

  // On the resources the construct creates (the created cluster is not the library's).
  qualityGateTests(() => ({ stack, scope: construct }));
});

describe('Pod Identity on a created cluster', () => {
  let stack: Stack;
  let construct: IrsaBucketAccess;
  beforeAll(() => {
    stack = newStack();
    construct = access(stack, { cluster: createdCluster(stack), identityType: eks.IdentityType.POD_IDENTITY });
  });

  test('association, pods.eks.amazonaws.com trust with session tags, agent add-on', () => {
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::EKS::PodIdentityAssociation', {
      Namespace: 'trino',
      ServiceAccount: 'trino-worker',
      RoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AccessServiceAccountRole'), 'Arn'] },
    });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: Match.arrayWith([{
          Action: ['sts:AssumeRole', 'sts:TagSession'],
          Effect: 'Allow',
          Principal: { Service: 'pods.eks.amazonaws.com' },
        }]),
      },
    });
    template.resourceCountIs('Custom::AWSCDKCfnJson', 0);
    template.hasResourceProperties('AWS::EKS::Addon', { AddonName: 'eks-pod-identity-agent' });
  });

  qualityGateTests(() => ({ stack, scope: construct }));
});

describe('Pod Identity on an imported cluster', () => {
  test('with INSTALL: the add-on is installed on that cluster', () => {
    const stack = newStack();
    access(stack, { identityType: eks.IdentityType.POD_IDENTITY, podIdentityAgent: PodIdentityAgent.INSTALL });
    Template.fromStack(stack).hasResourceProperties('AWS::EKS::Addon', { AddonName: 'eks-pod-identity-agent', ClusterName: 'analytics' });
  });

  describe('with EXISTING', () => {
    let stack: Stack;
    beforeAll(() => {
      stack = newStack();
      access(stack, {
        cluster: importedCluster(stack, { withOidc: false }),
        identityType: eks.IdentityType.POD_IDENTITY,
        podIdentityAgent: PodIdentityAgent.EXISTING,
      });
    });

    test('no add-on, and no OIDC provider is needed', () => {
      const template = Template.fromStack(stack);
      template.resourceCountIs('AWS::EKS::Addon', 0);
      template.hasResourceProperties('AWS::EKS::PodIdentityAssociation', { ClusterName: 'analytics' });
    });

    qualityGateTests(() => ({ stack, scope: stack }));
  });
});

describe('bad input fails at synth time, naming the prop, the value and what is allowed, and creates nothing', () => {
  const cases: [string, (stack: Stack) => Partial<IrsaBucketAccessProps>, RegExp][] = [
    ['namespace not an RFC 1123 label', () => ({ namespace: 'Trino_NS' }),
      /IrsaBucketAccess: namespace \("Trino_NS"\) must be an RFC 1123 label/],
    ['namespace too long', () => ({ namespace: 'n'.repeat(64) }), /namespace \("n{64}"\) must be an RFC 1123 label: 2 to 63/],
    ['service account name not an RFC 1123 label', () => ({ serviceAccountName: 'trino.worker' }),
      /serviceAccountName \("trino.worker"\) must be an RFC 1123 label/],
    ['empty grant list', () => ({ grants: [] }), /grants \(\[\]\) must name at least one bucket/],
    ['prefix with a wildcard', (s) => ({ grants: [grant(s, ['data/*'])] }),
      /grants\[0\]\.prefixes \("data\/\*"\) must not contain '\*' or '\?'/],
    ['prefix with a leading slash', (s) => ({ grants: [grant(s, ['/data'])] }),
      /grants\[0\]\.prefixes \("\/data"\) must not start with '\/'/],
    ['empty prefix', (s) => ({ grants: [grant(s, ['/'.slice(1)])] }), /grants\[0\]\.prefixes \(""\) must not be empty/],
    ['empty prefix list', (s) => ({ grants: [grant(s, [])] }), /grants\[0\]\.prefixes \(\[\]\) must name at least one prefix/],
    ['same bucket and prefix granted twice with different access', (s) => ({
      grants: [grant(s, ['data'], BucketAccess.READ), grant(s, ['data/'], BucketAccess.READ_WRITE)],
    }), /grants\[1\]\.access \("READ_WRITE"\) conflicts with READ granted earlier on the same bucket and prefix \(data\)/],
    ['Pod Identity on an imported cluster without saying whether the agent runs', () => ({
      identityType: eks.IdentityType.POD_IDENTITY,
    }), /podIdentityAgent \(not set\) must be set for Pod Identity on an imported cluster/],
    ['IRSA on an imported cluster without its OIDC provider', (s) => ({ cluster: importedCluster(s, { withOidc: false }) }),
      /cluster \("analytics"\) was imported without an OpenID Connect provider, which IRSA needs/],
    ['an imported cluster without a kubectl provider', (s) => ({ cluster: importedCluster(s, { withKubectl: false }) }),
      /cluster \("analytics"\) was imported without a kubectl provider/],
    ['podIdentityAgent with IRSA', () => ({ podIdentityAgent: PodIdentityAgent.INSTALL }),
      /podIdentityAgent \("INSTALL"\) applies only to identityType POD_IDENTITY/],
    ['podIdentityAgent on a created cluster', (s) => ({
      cluster: createdCluster(s), identityType: eks.IdentityType.POD_IDENTITY, podIdentityAgent: PodIdentityAgent.EXISTING,
    }), /podIdentityAgent \("EXISTING"\) applies only to imported clusters/],
  ];

  test.each(cases)('%s', (_name, props, message) => {
    const stack = newStack();
    const allProps = fullProps(stack, props(stack));
    const before = stack.node.findAll().length;
    expect(() => new IrsaBucketAccess(stack, 'Access', allProps)).toThrow(message);
    expect(stack.node.tryFindChild('Access')).toBeUndefined();
    expect(stack.node.findAll().length).toBe(before);
  });

  test('a created cluster without a kubectl provider', () => {
    const stack = newStack();
    const cluster = new eks.Cluster(stack, 'Bare', { version: eks.KubernetesVersion.V1_35 });
    expect(() => access(stack, { cluster })).toThrow(/cluster \(.*\) has no kubectl provider: create it with kubectlProviderOptions/);
  });
});

function grant(stack: Stack, prefixes: string[], bucketAccess = BucketAccess.READ): BucketGrant {
  const bucket = (stack.node.tryFindChild('Lake') as s3.IBucket | undefined) ?? lake(stack);
  return { bucket, prefixes, access: bucketAccess };
}

test('an imported bucket with an imported key: the key is granted by ARN', () => {
  const stack = newStack();
  const bucket = s3.Bucket.fromBucketAttributes(stack, 'Sealed', {
    bucketArn: 'arn:aws:s3:::sealed',
    encryptionKey: kms.Key.fromKeyArn(stack, 'SealedKey', 'arn:aws:kms:eu-west-1:111122223333:key/abcd'),
  });
  access(stack, { grants: [{ bucket, access: BucketAccess.READ_WRITE }] });
  Template.fromStack(stack).hasResourceProperties('AWS::IAM::ManagedPolicy', {
    PolicyDocument: {
      Statement: Match.arrayWith([Match.objectLike({
        Sid: 'UseBucketKey0',
        Resource: 'arn:aws:kms:eu-west-1:111122223333:key/abcd',
        Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'],
      })]),
    },
  });
});
