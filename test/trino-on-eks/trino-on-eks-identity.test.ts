import { KubectlV35Layer } from '@aws-cdk/lambda-layer-kubectl-v35';
import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { BucketAccess } from '../../src/irsa-bucket-access';
import { PodIdentityAgent } from '../../src/irsa-bucket-access/irsa-bucket-access';
import { Catalog, TrinoAuthentication } from '../../src/trino';
import { POD_NAME_TAG, SecretReaders, secretAccessStatements } from '../../src/trino-on-eks/secret-access';
import { TrinoCluster } from '../../src/trino-on-eks/trino-cluster-choice';
import { TrinoEndpoint } from '../../src/trino-on-eks/trino-endpoint';
import { TrinoOnEks } from '../../src/trino-on-eks/trino-on-eks';
import { TrinoOnEksProps } from '../../src/trino-on-eks/trino-on-eks-props';
import { importedCluster, newStack } from '../fixtures/clusters';
import { kubernetesObjects } from '../quality-gate/manifests';
import { inlineLambdaCode, qualityGateTests } from '../quality-gate/quality-gate';

const CERTIFICATE_ARN = 'arn:aws:acm:eu-west-1:111122223333:certificate/0a1b2c3d-1111-2222-3333-444455556666';
const VPC_CIDR = '10.20.0.0/16';
const HELM = 'Custom::AWSCDK-EKS-HelmChart';
const ADDON = 'AWS::EKS::Addon';
const COORDINATOR_POD = 'trino-coordinator-7d9f8c6b5-x2k4q';
const WORKER_POD = 'trino-worker-6c8d7b9f4-p8m2z';

/** Hive on a lake bucket, with password users behind a TLS load balancer, plus `extra`. */
function build(cluster: (stack: Stack) => TrinoCluster, extra: Partial<TrinoOnEksProps>): { stack: Stack; trino: TrinoOnEks; template: Template } {
  const stack = newStack();
  const trino = new TrinoOnEks(stack, 'Trino', {
    cluster: cluster(stack),
    catalogs: [Catalog.hive({
      metastoreUri: 'thrift://hive-metastore.hive-metastore.svc.cluster.local:9083',
      storageAccess: [{ bucketName: 'analytics-lake', prefixes: ['raw'], access: BucketAccess.READ }],
    })],
    buckets: [s3.Bucket.fromBucketName(stack, 'Lake', 'analytics-lake')],
    authentication: TrinoAuthentication.password({ users: ['analyst'] }),
    endpoint: TrinoEndpoint.loadBalancer({ certificate: acm.Certificate.fromCertificateArn(stack, 'Certificate', CERTIFICATE_ARN) }),
    ...extra,
  });
  return { stack, trino, template: Template.fromStack(stack) };
}

const imported = (options: { withOidc?: boolean } = {}) => (stack: Stack) =>
  TrinoCluster.existing(importedCluster(stack, { vpcCidrBlock: VPC_CIDR, ...options }));
const created = (stack: Stack) => TrinoCluster.create({ kubectlLayer: new KubectlV35Layer(stack, 'Kubectl') });

function logicalId(stack: Stack, construct: any): string {
  return stack.getLogicalId(construct.node.defaultChild ?? construct);
}

/** The statements of the policy through which the pods read their mounted secrets. */
function secretStatements(template: Template): any[] {
  const policy = Object.values<any>(template.findResources('AWS::IAM::ManagedPolicy'))
    .find((p) => /internal shared secret/.test(p.Properties.Description));
  return policy.Properties.PolicyDocument.Statement;
}

/** IAM's StringLike: `*` is any run of characters, `?` one character. */
function stringLike(pattern: string, value: string): boolean {
  const regex = pattern.split('').map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${regex}$`).test(value);
}

/**
 * Whether a session of the role whose pod is `podName` may call `action` on `resource`: some Allow statement names
 * both, and its conditions on the pod name (the only session attribute these statements test) hold.
 */
function allows(statements: any[], action: string, resource: any, podName: string): boolean {
  return statements.some((s) => {
    const actions = [s.Action].flat();
    const resources = [s.Resource].flat().map((r) => JSON.stringify(r));
    if (s.Effect !== 'Allow' || !actions.includes(action) || !resources.includes(JSON.stringify(resource))) return false;
    const patterns = s.Condition?.StringLike?.[POD_NAME_TAG];
    return patterns === undefined || [patterns].flat().some((p: string) => stringLike(p, podName));
  });
}

describe('TrinoOnEks with IRSA (the default)', () => {
  const { stack, trino, template } = build(imported(), {});

  test('the role is trusted through the cluster\'s OpenID Connect provider, and no Pod Identity association exists', () => {
    expect(trino.identityType).toBe(eks.IdentityType.IRSA);
    const role = template.toJSON().Resources[logicalId(stack, trino.role)];
    expect(JSON.stringify(role.Properties.AssumeRolePolicyDocument)).toContain('sts:AssumeRoleWithWebIdentity');
    template.resourceCountIs('AWS::EKS::PodIdentityAssociation', 0);
    template.resourceCountIs(ADDON, 1); // the Secrets Store CSI driver only
  });

  test('the SecretProviderClasses read with the pod\'s IRSA role (no usePodIdentity)', () => {
    const classes = kubernetesObjects(stack).filter((o) => o.kind === 'SecretProviderClass');
    expect(classes.map((c) => c.metadata.name).sort()).toEqual(['trino-coordinator-secrets', 'trino-secrets']);
    for (const c of classes) expect(c.spec.parameters.usePodIdentity).toBeUndefined();
  });

  test('IRSA sessions carry no pod attribute: the password file is readable by the role, and only the coordinator mounts it', () => {
    const statements = secretStatements(template);
    const file = { Ref: logicalId(stack, trino.passwordFileSecret) };
    expect(allows(statements, 'secretsmanager:GetSecretValue', file, COORDINATOR_POD)).toBe(true);
    expect(JSON.stringify(statements)).not.toContain(POD_NAME_TAG);
    const values = trino.helmValues;
    const csiClasses = (role: any) => (role.additionalVolumes ?? []).filter((v: any) => v.csi)
      .map((v: any) => v.csi.volumeAttributes.secretProviderClass);
    expect(csiClasses(values.coordinator)).toEqual(['trino-secrets', 'trino-coordinator-secrets']);
    expect(csiClasses(values.worker)).toEqual(['trino-secrets']);
  });
});

describe('TrinoOnEks with EKS Pod Identity on a cluster it creates', () => {
  const { stack, trino, template } = build(created, { identityType: eks.IdentityType.POD_IDENTITY });

  test('the role is trusted by pods.eks.amazonaws.com (AssumeRole and TagSession) and associated with the trino service account', () => {
    expect(trino.identityType).toBe(eks.IdentityType.POD_IDENTITY);
    const trust = template.toJSON().Resources[logicalId(stack, trino.role)].Properties.AssumeRolePolicyDocument;
    expect(JSON.stringify(trust)).not.toContain('AssumeRoleWithWebIdentity');
    expect(trust.Statement).toContainEqual(expect.objectContaining({
      Action: ['sts:AssumeRole', 'sts:TagSession'], Principal: { Service: 'pods.eks.amazonaws.com' },
    }));
    template.resourceCountIs('AWS::EKS::PodIdentityAssociation', 1);
    template.hasResourceProperties('AWS::EKS::PodIdentityAssociation', {
      Namespace: 'trino', ServiceAccount: 'trino', RoleArn: { 'Fn::GetAtt': [logicalId(stack, trino.role), 'Arn'] },
    });
  });

  test('the chart, whose pods the agent serves, is installed after the eks-pod-identity-agent add-on', () => {
    const agents = template.findResources(ADDON, { Properties: { AddonName: 'eks-pod-identity-agent' } });
    expect(Object.keys(agents)).toHaveLength(1);
    const chart = Object.values<any>(template.findResources(HELM, { Properties: { Release: 'trino' } }))[0];
    expect(chart.DependsOn).toContain(Object.keys(agents)[0]);
  });

  test('both SecretProviderClasses read with Pod Identity', () => {
    const classes = kubernetesObjects(stack).filter((o) => o.kind === 'SecretProviderClass');
    expect(classes).toHaveLength(2);
    for (const c of classes) expect(c.spec.parameters.usePodIdentity).toBe('true');
  });

  test('a worker\'s session cannot read the password file or decrypt with its key; the coordinator\'s can', () => {
    const statements = secretStatements(template);
    const file = { Ref: logicalId(stack, trino.passwordFileSecret) };
    const key = { 'Fn::GetAtt': [logicalId(stack, trino.passwordKey), 'Arn'] };
    expect(allows(statements, 'secretsmanager:GetSecretValue', file, WORKER_POD)).toBe(false);
    expect(allows(statements, 'kms:Decrypt', key, WORKER_POD)).toBe(false);
    expect(allows(statements, 'secretsmanager:GetSecretValue', file, COORDINATOR_POD)).toBe(true);
    expect(allows(statements, 'kms:Decrypt', key, COORDINATOR_POD)).toBe(true);
  });

  test('both roles\' sessions read the shared secret', () => {
    const statements = secretStatements(template);
    const shared = { Ref: logicalId(stack, trino.sharedSecret) };
    expect(allows(statements, 'secretsmanager:GetSecretValue', shared, WORKER_POD)).toBe(true);
    expect(allows(statements, 'secretsmanager:GetSecretValue', shared, COORDINATOR_POD)).toBe(true);
  });

  test('the password key is usable only through Secrets Manager, and only by the coordinator', () => {
    const key = { 'Fn::GetAtt': [logicalId(stack, trino.passwordKey), 'Arn'] };
    const decrypt = secretStatements(template).find((s) => s.Action === 'kms:Decrypt' && JSON.stringify(s.Resource) === JSON.stringify(key));
    expect(decrypt.Condition).toEqual({
      StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' },
      StringLike: { [POD_NAME_TAG]: 'trino-coordinator-*' },
    });
  });

  test('the S3 grants are the role\'s, as with IRSA', () => {
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      Roles: [{ Ref: logicalId(stack, trino.role) }],
      Description: 'S3 access of service account trino/trino',
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 's3:ListBucket', Condition: { StringLike: { 's3:prefix': ['raw', 'raw/*'] } } })]) },
    });
  });

  qualityGateTests(() => ({ stack, scope: trino }), {
    knownCredentialFindings: () => [inlineLambdaCode(trino.passwordFileWriter!, 'the password-file writer\'s source names a `password` variable')],
    kubernetesObjects: { withoutSchema: ['SecretProviderClass', 'IngressClassParams'] },
  });
});

describe('TrinoOnEks with EKS Pod Identity and OAuth 2.0', () => {
  test('every pod\'s session reads the client secret and its key: the chart\'s env, shared by both roles, references it', () => {
    const stack = newStack();
    const secret = new secretsmanager.Secret(stack, 'ClientSecret', { encryptionKey: new kms.Key(stack, 'ClientSecretKey', { enableKeyRotation: true }) });
    new TrinoOnEks(stack, 'Trino', {
      cluster: TrinoCluster.create({ kubectlLayer: new KubectlV35Layer(stack, 'Kubectl') }),
      catalogs: [Catalog.tpch()],
      authentication: TrinoAuthentication.oauth2({ issuer: 'https://idp.example.com', clientId: '4k2example', clientSecret: secret }),
      endpoint: TrinoEndpoint.loadBalancer({ certificate: acm.Certificate.fromCertificateArn(stack, 'Certificate', CERTIFICATE_ARN) }),
      identityType: eks.IdentityType.POD_IDENTITY,
    });
    const statements = secretStatements(Template.fromStack(stack));
    const key = { 'Fn::GetAtt': [logicalId(stack, secret.encryptionKey), 'Arn'] };
    for (const pod of [WORKER_POD, COORDINATOR_POD]) {
      expect(allows(statements, 'secretsmanager:GetSecretValue', { Ref: logicalId(stack, secret) }, pod)).toBe(true);
      expect(allows(statements, 'kms:Decrypt', key, pod)).toBe(true);
    }
  });
});

describe('TrinoOnEks with EKS Pod Identity on an imported cluster', () => {
  test('INSTALL: one agent add-on, installed before the service account, and no OpenID Connect provider needed', () => {
    const { trino, template } = build(imported({ withOidc: false }),
      { identityType: eks.IdentityType.POD_IDENTITY, podIdentityAgent: PodIdentityAgent.INSTALL });
    const agents = template.findResources(ADDON, { Properties: { AddonName: 'eks-pod-identity-agent', ClusterName: 'analytics' } });
    expect(Object.keys(agents)).toHaveLength(1);
    const association = Object.values<any>(template.findResources('AWS::EKS::PodIdentityAssociation'));
    expect(association).toHaveLength(1);
    expect(association[0].DependsOn).toContain(Object.keys(agents)[0]);
    expect(trino.bucketAccess?.identityType).toBe(eks.IdentityType.POD_IDENTITY);
  });

  test('EXISTING: no add-on is installed', () => {
    const { template } = build(imported({ withOidc: false }),
      { identityType: eks.IdentityType.POD_IDENTITY, podIdentityAgent: PodIdentityAgent.EXISTING });
    template.resourcePropertiesCountIs(ADDON, { AddonName: 'eks-pod-identity-agent' }, 0);
    template.resourceCountIs('AWS::EKS::PodIdentityAssociation', 1);
  });
});

describe('secretAccessStatements', () => {
  const grants = [
    { secretArn: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:shared-AbCdEf', readers: SecretReaders.ALL_PODS },
    { secretArn: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:jdbc-??????', keyArn: 'arn:aws:kms:eu-west-1:111122223333:key/1', readers: SecretReaders.ALL_PODS },
    { secretArn: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:password-file-AbCdEf', readers: SecretReaders.COORDINATOR },
  ];
  const render = (podIdentity: boolean) => secretAccessStatements(grants, { region: 'eu-west-1', podIdentity, coordinatorPodPrefix: 'trino-coordinator-' })
    .map((s) => s.toStatementJson());

  test('each secret gets read, and decrypt with its key through Secrets Manager only', () => {
    const statements = render(false);
    expect(statements).toHaveLength(4);
    expect(statements[2]).toEqual({
      Effect: 'Allow',
      Action: 'kms:Decrypt',
      Resource: 'arn:aws:kms:eu-west-1:111122223333:key/1',
      Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' } },
    });
  });

  test('with Pod Identity only the coordinator-only secret is conditioned on the pod name', () => {
    const statements = render(true);
    const conditioned = statements.filter((s) => s.Condition?.StringLike);
    expect(conditioned.map((s) => s.Resource)).toEqual(['arn:aws:secretsmanager:eu-west-1:111122223333:secret:password-file-AbCdEf']);
    expect(conditioned[0].Condition.StringLike).toEqual({ [POD_NAME_TAG]: 'trino-coordinator-*' });
  });
});
