import { App, Stack, Stage } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Catalog, TrinoAuthentication } from '../../src/trino';
import { covers, isHostName, isInZone } from '../../src/trino-on-eks/endpoint-domain-name';
import { ALB_HOSTED_ZONE_IDS } from '../../src/trino-on-eks/load-balancer-hosted-zones';
import { TrinoCluster } from '../../src/trino-on-eks/trino-cluster-choice';
import { LoadBalancerEndpointOptions, TrinoEndpoint } from '../../src/trino-on-eks/trino-endpoint';
import { TrinoOnEks } from '../../src/trino-on-eks/trino-on-eks';
import { TrinoOnEksProps } from '../../src/trino-on-eks/trino-on-eks-props';
import { TEST_APP_CONTEXT, importedCluster, newStack } from '../fixtures/clusters';
import { kubernetesObjects } from '../quality-gate/manifests';
import { qualityGateTests } from '../quality-gate/quality-gate';
import { synthesize } from '../quality-gate/templates';

const ZONE_ID = 'Z0123456789ABCDEFGHIJ';
const CERTIFICATE_ARN = 'arn:aws:acm:eu-west-1:111122223333:certificate/0a1b2c3d-1111-2222-3333-444455556666';
const ISSUER = 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123';
/** eu-west-1's Application Load Balancers (docs.aws.amazon.com/general/latest/gr/elb.html). */
const EU_WEST_1_ALB_ZONE = 'Z32O12XQLNTSW2';

function exampleZone(stack: Stack): route53.IHostedZone {
  const existing = stack.node.tryFindChild('Zone') as route53.IHostedZone | undefined;
  return existing ?? route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: ZONE_ID, zoneName: 'example.com' });
}

function build(endpoint: (stack: Stack) => LoadBalancerEndpointOptions, extra: (stack: Stack) => Partial<TrinoOnEksProps> = () => ({}),
  stack: Stack = newStack()): { stack: Stack; trino: TrinoOnEks; template: Template } {
  const trino = new TrinoOnEks(stack, 'Trino', {
    cluster: TrinoCluster.existing(importedCluster(stack, { vpcCidrBlock: '10.20.0.0/16' })),
    catalogs: [Catalog.tpch()],
    endpoint: TrinoEndpoint.loadBalancer(endpoint(stack)),
    ...extra(stack),
  });
  return { stack, trino, template: Template.fromStack(stack) };
}

function logicalId(stack: Stack, construct: any): string {
  return stack.getLogicalId(construct.node.defaultChild ?? construct);
}

/** The endpoint's manifest as the template carries it (tokens such as the certificate's ARN joined into the JSON). */
function endpointManifest(stack: Stack): any {
  const manifests = Template.fromStack(stack).findResources('Custom::AWSCDK-EKS-KubernetesResource');
  const endpoint = Object.entries<any>(manifests).find(([id]) => id.includes('Endpoint'))![1];
  return endpoint.Properties.Manifest;
}

function outputs(template: Template): Record<string, any> {
  const all = template.toJSON().Outputs ?? {};
  return Object.fromEntries(Object.entries<any>(all).map(([id, output]) => [id.replace(/^Trino/, '').replace(/[0-9A-F]{8}$/, ''), output.Value]));
}

describe('a domain name in a hosted zone: the certificate and the record are created', () => {
  const { stack, trino, template } = build((s) => ({ domainName: 'trino.example.com', hostedZone: exampleZone(s) }));
  const address = logicalId(stack, stack.node.findAll().find((c) => c.node.path.endsWith('Trino/EndpointAddress'))!);

  test('a certificate for the name, validated through DNS in the zone', () => {
    template.resourceCountIs('AWS::CertificateManager::Certificate', 1);
    template.hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: 'trino.example.com',
      ValidationMethod: 'DNS',
      DomainValidationOptions: [{ DomainName: 'trino.example.com', HostedZoneId: ZONE_ID }],
    });
    expect(trino.endpointCertificate).toBeInstanceOf(acm.Certificate);
  });

  test('the load balancer serves that certificate', () => {
    const certificateId = logicalId(stack, trino.endpointCertificate);
    const manifest = JSON.stringify(endpointManifest(stack));
    expect(manifest).toMatch(/alb\.ingress\.kubernetes\.io\/certificate-arn[^,]*",\{"Ref":"([A-Za-z0-9]+)"\}/);
    expect(manifest.match(/alb\.ingress\.kubernetes\.io\/certificate-arn[^,]*",\{"Ref":"([A-Za-z0-9]+)"\}/)![1]).toBe(certificateId);
  });

  test('an alias A record for the name to the load balancer the Ingress reports, in the ALB zone of the region', () => {
    template.resourceCountIs('AWS::Route53::RecordSet', 1);
    template.hasResourceProperties('AWS::Route53::RecordSet', {
      HostedZoneId: ZONE_ID,
      Name: 'trino.example.com.',
      Type: 'A',
      AliasTarget: { DNSName: { 'Fn::GetAtt': [address, 'Value'] }, HostedZoneId: EU_WEST_1_ALB_ZONE },
    });
    template.hasResourceProperties('Custom::AWSCDK-EKS-KubernetesObjectValue', {
      ObjectType: 'ingress', ObjectName: 'trino', ObjectNamespace: 'trino', JsonPath: '.status.loadBalancer.ingress[0].hostname',
    });
    expect(trino.endpointRecord).toBeDefined();
  });

  test('the endpoint URL is the name; the load balancer\'s own name is an output too', () => {
    expect(trino.endpointUrl).toBe('https://trino.example.com');
    expect(outputs(template)).toMatchObject({
      EndpointUrl: 'https://trino.example.com',
      EndpointLoadBalancer: { 'Fn::GetAtt': [address, 'Value'] },
    });
    expect(outputs(template).OAuth2RedirectUri).toBeUndefined();
  });

  qualityGateTests(() => ({ stack, scope: trino }), { kubernetesObjects: { withoutSchema: ['SecretProviderClass', 'IngressClassParams'] } });
});

describe('OAuth 2.0 with a domain name', () => {
  const oauth2 = (s: Stack): Partial<TrinoOnEksProps> => ({
    authentication: TrinoAuthentication.oauth2({
      issuer: ISSUER, clientId: '4k2example', clientSecret: secretsmanager.Secret.fromSecretNameV2(s, 'ClientSecret', 'trino/oauth2-client-secret'),
    }),
  });

  test('the redirect URI to register is https://<domainName>/oauth2/callback (output), without a warning', () => {
    const { stack, template } = build((s) => ({ domainName: 'trino.example.com', hostedZone: exampleZone(s) }), oauth2);
    expect(outputs(template).OAuth2RedirectUri).toBe('https://trino.example.com/oauth2/callback');
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('without endpoint.domainName'))).toEqual([]);
  });

  test('with a certificate and no domain name: no redirect URI output, and a warning that says what to register', () => {
    const { stack, template } = build((s) => ({ certificate: acm.Certificate.fromCertificateArn(s, 'Certificate', CERTIFICATE_ARN) }), oauth2);
    expect(outputs(template).OAuth2RedirectUri).toBeUndefined();
    Annotations.fromStack(stack).hasWarning('/Test/Trino',
      Match.stringLikeRegexp('OAuth 2.0 sign-in without endpoint.domainName.*register https://<a DNS name of the certificate>/oauth2/callback'));
  });
});

describe('an existing certificate', () => {
  test('with a domain name and a hosted zone: no certificate issued, the record created, the certificate served', () => {
    const { stack, trino, template } = build((s) => ({
      domainName: 'trino.example.com',
      hostedZone: exampleZone(s),
      certificate: acm.Certificate.fromCertificateArn(s, 'Certificate', CERTIFICATE_ARN),
    }));
    template.resourceCountIs('AWS::CertificateManager::Certificate', 0);
    template.hasResourceProperties('AWS::Route53::RecordSet', { Name: 'trino.example.com.', Type: 'A' });
    expect(kubernetesObjects(stack).find((o) => o.kind === 'Ingress').metadata.annotations['alb.ingress.kubernetes.io/certificate-arn']).toBe(CERTIFICATE_ARN);
    expect(trino.endpointUrl).toBe('https://trino.example.com');
  });

  test('with a domain name and no hosted zone: no record; the URL is the name, the load balancer\'s name is output for your DNS', () => {
    const { trino, template } = build((s) => ({
      domainName: 'trino.example.com', certificate: acm.Certificate.fromCertificateArn(s, 'Certificate', CERTIFICATE_ARN),
    }));
    template.resourceCountIs('AWS::Route53::RecordSet', 0);
    expect(trino.endpointUrl).toBe('https://trino.example.com');
    expect(trino.endpointRecord).toBeUndefined();
    expect(Object.keys(outputs(template))).toEqual(expect.arrayContaining(['EndpointUrl', 'EndpointLoadBalancer']));
  });

  test('a wildcard certificate created in the app covers a name one label under it', () => {
    const { template } = build((s) => ({
      domainName: 'trino.example.com',
      hostedZone: exampleZone(s),
      certificate: new acm.Certificate(s, 'Wildcard', { domainName: '*.example.com', validation: acm.CertificateValidation.fromDns(exampleZone(s)) }),
    }));
    template.resourceCountIs('AWS::CertificateManager::Certificate', 1);
    template.hasResourceProperties('AWS::CertificateManager::Certificate', { DomainName: '*.example.com' });
  });

  test('without a domain name: as before, the URL is the load balancer\'s own name and no record is made', () => {
    const { trino, template } = build((s) => ({ certificate: acm.Certificate.fromCertificateArn(s, 'Certificate', CERTIFICATE_ARN) }));
    template.resourceCountIs('AWS::Route53::RecordSet', 0);
    expect(trino.endpointUrl).toMatch(/^https:\/\/\$\{Token\[/);
    expect(Object.keys(outputs(template))).not.toContain('EndpointLoadBalancer');
  });
});

describe('the record where the load balancers\' zone is not known at synth', () => {
  test('a region the library does not list: a CNAME to the load balancer\'s name, 60 s', () => {
    const stack = new Stack(new App({ context: TEST_APP_CONTEXT }), 'Test', { env: { account: '111122223333', region: 'ap-southeast-7' } });
    const { template } = build((s) => ({ domainName: 'trino.example.com', hostedZone: exampleZone(s) }), () => ({}), stack);
    template.hasResourceProperties('AWS::Route53::RecordSet', {
      Name: 'trino.example.com.', Type: 'CNAME', TTL: '60', ResourceRecords: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('EndpointAddress'), 'Value'] }],
    });
    // Written to test-reports/templates, which cfn-lint checks in the build (the alias scenarios are written by their quality gate).
    expect(synthesize(Stage.of(stack)!).map((artifact) => artifact.stackName)).toContain('Test');
  });

  test('an environment-agnostic stack: a CNAME too', () => {
    const stack = new Stack(new App({ context: TEST_APP_CONTEXT }), 'Test');
    const { template } = build((s) => ({ domainName: 'trino.example.com', hostedZone: exampleZone(s) }), () => ({}), stack);
    template.hasResourceProperties('AWS::Route53::RecordSet', { Name: 'trino.example.com.', Type: 'CNAME' });
  });

  test('a zone imported by ID alone (no zone name): the name is not checked against it and the record is still made', () => {
    const { template } = build((s) => ({ domainName: 'trino.example.com', hostedZone: route53.HostedZone.fromHostedZoneId(s, 'ById', ZONE_ID) }));
    template.hasResourceProperties('AWS::Route53::RecordSet', { HostedZoneId: ZONE_ID, Name: 'trino.example.com.', Type: 'A' });
  });

  test('the zone apex where an alias can be made: an alias A record', () => {
    const { template } = build((s) => ({ domainName: 'example.com', hostedZone: exampleZone(s) }));
    template.hasResourceProperties('AWS::Route53::RecordSet', { Name: 'example.com.', Type: 'A', AliasTarget: Match.objectLike({ HostedZoneId: EU_WEST_1_ALB_ZONE }) });
  });
});

describe('names, zones and certificates', () => {
  test.each([
    ['trino.example.com', true], ['a.b', true], ['x-1.example.co.uk', true], ['TRINO.Example.COM', true],
    ['example', false], ['-trino.example.com', false], ['trino-.example.com', false], ['trino.example.com.', false],
    ['*.example.com', false], ['trino_1.example.com', false], ['https://trino.example.com', false], [`${'a'.repeat(64)}.example.com`, false],
  ])('%s is a host name: %s', (name, expected) => {
    expect(isHostName(name as string)).toBe(expected);
  });

  test.each([
    ['trino.example.com', 'example.com', true], ['example.com', 'example.com.', true], ['a.b.Example.com', 'example.COM', true],
    ['notexample.com', 'example.com', false], ['example.com', 'trino.example.com', false],
  ])('%s in zone %s: %s', (name, zone, expected) => {
    expect(isInZone(name as string, zone as string)).toBe(expected);
  });

  test.each([
    ['trino.example.com', 'trino.example.com', true], ['*.example.com', 'trino.example.com', true], ['*.example.com', 'Trino.Example.com', true],
    ['*.example.com', 'a.trino.example.com', false], ['*.example.com', 'example.com', false], ['example.com', 'trino.example.com', false],
  ])('a certificate for %s covers %s: %s', (certificateName, name, expected) => {
    expect(covers(certificateName as string, name as string)).toBe(expected);
  });

  test('the ALB zones: one per region name, each a Route 53 zone ID', () => {
    for (const [region, zone] of Object.entries(ALB_HOSTED_ZONE_IDS)) {
      expect(region).toMatch(/^[a-z]{2}(-gov)?-[a-z]+-\d$/);
      expect(zone).toMatch(/^Z[A-Z0-9]{8,32}$/);
    }
    expect(new Set(Object.values(ALB_HOSTED_ZONE_IDS)).size).toBe(Object.keys(ALB_HOSTED_ZONE_IDS).length);
  });
});
