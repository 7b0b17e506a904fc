import { Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Catalog, OAuth2AuthenticationOptions, TrinoAuthentication, TrinoRole } from '../../src/trino';
import { TrinoCluster } from '../../src/trino-on-eks/trino-cluster-choice';
import { TrinoEndpoint } from '../../src/trino-on-eks/trino-endpoint';
import { TrinoOnEks } from '../../src/trino-on-eks/trino-on-eks';
import { TrinoOnEksProps } from '../../src/trino-on-eks/trino-on-eks-props';
import { importedCluster, newStack } from '../fixtures/clusters';
import { kubernetesObjects } from '../quality-gate/manifests';
import { qualityGateTests } from '../quality-gate/quality-gate';

const CERTIFICATE_ARN = 'arn:aws:acm:eu-west-1:111122223333:certificate/0a1b2c3d-1111-2222-3333-444455556666';
const ISSUER = 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123';
const HELM = 'Custom::AWSCDK-EKS-HelmChart';

/** TrinoOnEks with OAuth 2.0 behind the load balancer on `stack`; the client secret has its own KMS key. */
function withOAuth2(stack: Stack, options: Partial<OAuth2AuthenticationOptions> = {}, extra: Partial<TrinoOnEksProps> = {}):
{ trino: TrinoOnEks; secret: secretsmanager.Secret } {
  const secret = new secretsmanager.Secret(stack, 'ClientSecret', { encryptionKey: new kms.Key(stack, 'ClientSecretKey', { enableKeyRotation: true }) });
  const trino = new TrinoOnEks(stack, 'Trino', {
    cluster: TrinoCluster.existing(importedCluster(stack, { vpcCidrBlock: '10.20.0.0/16' })),
    catalogs: [Catalog.tpch()],
    authentication: TrinoAuthentication.oauth2({ issuer: ISSUER, clientId: '4k2example', clientSecret: secret, ...options }),
    endpoint: TrinoEndpoint.loadBalancer({ certificate: acm.Certificate.fromCertificateArn(stack, 'Certificate', CERTIFICATE_ARN) }),
    ...extra,
  });
  return { trino, secret };
}

function chartValues(stack: Stack): any {
  const chart = Template.fromStack(stack).findResources(HELM, { Properties: { Release: 'trino' } });
  return JSON.parse(Object.values<any>(chart)[0].Properties.Values);
}

describe('OAuth 2.0 sign-in behind an internal load balancer', () => {
  const stack = newStack();
  const { trino, secret } = withOAuth2(stack);
  const template = Template.fromStack(stack);
  const values = chartValues(stack);

  test('the coordinator signs users in at the issuer, behind forwarded HTTPS; workers authenticate nobody', () => {
    const coordinator = trino.configuration.configProperties(TrinoRole.COORDINATOR);
    expect(coordinator).toMatchObject({
      'http-server.authentication.type': 'OAUTH2',
      'http-server.authentication.oauth2.issuer': ISSUER,
      'http-server.authentication.oauth2.client-id': '4k2example',
      'http-server.authentication.oauth2.client-secret': '${ENV:TRINO_OAUTH2_CLIENT_SECRET}',
      'http-server.process-forwarded': 'true',
    });
    expect(values.server.config.authenticationType).toBe('OAUTH2');
    expect(trino.configuration.configProperties(TrinoRole.WORKER)['http-server.authentication.type']).toBeUndefined();
  });

  test('the client secret is synced from Secrets Manager by the CSI driver into the Secret the env references', () => {
    const spc = kubernetesObjects(stack).find((o) => o.kind === 'SecretProviderClass' && o.metadata.name === 'trino-secrets');
    expect(spc.spec.secretObjects).toContainEqual(
      { secretName: 'trino-oauth2-client-secret', type: 'Opaque', data: [{ objectName: 'client-secret', key: 'client-secret' }] });
    expect(JSON.parse(spc.spec.parameters.objects).map((o: any) => o.objectAlias)).toEqual(['shared-secret', 'client-secret']);
    expect(values.env).toContainEqual({
      name: 'TRINO_OAUTH2_CLIENT_SECRET', valueFrom: { secretKeyRef: { name: 'trino-oauth2-client-secret', key: 'client-secret' } },
    });
    // No password file and no coordinator-only class.
    expect(trino.coordinatorSecretProviderClass).toBeUndefined();
    expect(values.auth).toBeUndefined();
  });

  test('the pods\' role reads that secret and decrypts it through Secrets Manager only', () => {
    const secretId = stack.getLogicalId(secret.node.defaultChild as any);
    const keyId = stack.getLogicalId(secret.encryptionKey!.node.defaultChild as any);
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          { Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], Effect: 'Allow', Resource: { Ref: secretId } },
          {
            Action: 'kms:Decrypt',
            Effect: 'Allow',
            Resource: { 'Fn::GetAtt': [keyId, 'Arn'] },
            Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' } },
          },
        ]),
      },
    });
  });

  test('no warning about an open endpoint', () => {
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('authentication is off'))).toEqual([]);
  });

  qualityGateTests(() => ({ stack, scope: trino }), { kubernetesObjects: { withoutSchema: ['SecretProviderClass', 'IngressClassParams'] } });
});

describe('OAuth 2.0 with a client secret imported by name', () => {
  const stack = newStack();
  const clientSecret = secretsmanager.Secret.fromSecretNameV2(stack, 'ImportedClientSecret', 'trino/oauth2-client-secret');
  const trino = new TrinoOnEks(stack, 'Trino', {
    cluster: TrinoCluster.existing(importedCluster(stack, { vpcCidrBlock: '10.20.0.0/16' })),
    catalogs: [Catalog.tpch()],
    authentication: TrinoAuthentication.oauth2({ issuer: ISSUER, clientId: '4k2example', clientSecret }),
    endpoint: TrinoEndpoint.loadBalancer({ certificate: acm.Certificate.fromCertificateArn(stack, 'Certificate', CERTIFICATE_ARN) }),
  });

  test('the CSI driver reads it by name (its ARN is partial), the role may read every version of that name', () => {
    const spc = kubernetesObjects(stack).find((o) => o.kind === 'SecretProviderClass' && o.metadata.name === 'trino-secrets');
    expect(JSON.parse(spc.spec.parameters.objects)[1]).toEqual(
      { objectName: 'trino/oauth2-client-secret', objectAlias: 'client-secret', objectType: 'secretsmanager' });
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([{
          Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
          Effect: 'Allow',
          Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':secretsmanager:eu-west-1:111122223333:secret:trino/oauth2-client-secret-??????']] },
        }]),
      },
    });
  });

  qualityGateTests(() => ({ stack, scope: trino }), { kubernetesObjects: { withoutSchema: ['SecretProviderClass', 'IngressClassParams'] } });
});

describe('bad OAuth 2.0 input, refused before any resource', () => {
  test('OAuth 2.0 without a TLS endpoint', () => {
    const stack = newStack();
    expect(() => withOAuth2(stack, {}, { endpoint: TrinoEndpoint.none() }))
      .toThrow(/TrinoOnEks: authentication \("OAUTH2"\) needs a TLS endpoint, because Trino accepts passwords and sign-ins only over HTTPS/);
    expect(stack.node.tryFindChild('Trino')).toBeUndefined();
  });

  test.each<[string, Partial<OAuth2AuthenticationOptions>, RegExp]>([
    ['an http issuer', { issuer: 'http://idp.internal' }, /TrinoOnEks: authentication.oauth2.issuer \("http:\/\/idp.internal"\) must be the identity provider's https:\/\/ issuer URL/],
    ['a scope with a comma', { scopes: ['openid,email'] }, /TrinoOnEks: authentication.oauth2.scopes\[0\] \("openid,email"\) must be an OAuth 2.0 scope/],
    ['a principal claim with a space', { principalField: 'e mail' }, /TrinoOnEks: authentication.oauth2.principalField \("e mail"\) must be a token claim name/],
  ])('%s', (_name, options, message) => {
    const stack = newStack();
    expect(() => withOAuth2(stack, options)).toThrow(message);
    expect(stack.node.tryFindChild('Trino')).toBeUndefined();
  });
});
