import { KubectlV35Layer } from '@aws-cdk/lambda-layer-kubectl-v35';
import { Stack, Stage } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { BucketAccess } from '../../src/irsa-bucket-access';
import { Catalog, CatalogAccess, SystemInformationAccess, TrinoAccessControl, TrinoAuthentication, TrinoRole } from '../../src/trino';
import { PASSWORD_FILE_HANDLER } from '../../src/trino-on-eks/password-file-handler';
import { TrinoCluster } from '../../src/trino-on-eks/trino-cluster-choice';
import { TrinoClusterCompute } from '../../src/trino-on-eks/trino-cluster-compute';
import { TrinoEndpoint } from '../../src/trino-on-eks/trino-endpoint';
import { TrinoOnEks } from '../../src/trino-on-eks/trino-on-eks';
import { TrinoOnEksProps } from '../../src/trino-on-eks/trino-on-eks-props';
import { importedCluster, newStack } from '../fixtures/clusters';
import { kubernetesObjects } from '../quality-gate/manifests';
import { inlineLambdaCode, qualityGateTests } from '../quality-gate/quality-gate';
import { synthesize } from '../quality-gate/templates';

const CERTIFICATE_ARN = 'arn:aws:acm:eu-west-1:111122223333:certificate/0a1b2c3d-1111-2222-3333-444455556666';
const HELM = 'Custom::AWSCDK-EKS-HelmChart';

function build(extra: (stack: Stack) => Partial<TrinoOnEksProps>): { stack: Stack; trino: TrinoOnEks } {
  const stack = newStack();
  const trino = new TrinoOnEks(stack, 'Trino', {
    cluster: TrinoCluster.existing(importedCluster(stack, { vpcCidrBlock: VPC_CIDR })),
    catalogs: [Catalog.hive({
      metastoreUri: 'thrift://hive-metastore.hive-metastore.svc.cluster.local:9083',
      storageAccess: [{ bucketName: 'analytics-lake', prefixes: ['raw'], access: BucketAccess.READ }],
    })],
    buckets: [s3.Bucket.fromBucketName(stack, 'Lake', 'analytics-lake')],
    ...extra(stack),
  });
  return { stack, trino };
}

/** The imported cluster's VPC: the coordinator admits the load balancer from this range. */
const VPC_CIDR = '10.20.0.0/16';

function certificate(stack: Stack): acm.ICertificate {
  const existing = stack.node.tryFindChild('Certificate') as acm.ICertificate | undefined;
  return existing ?? acm.Certificate.fromCertificateArn(stack, 'Certificate', CERTIFICATE_ARN);
}

function secured(stack: Stack): Partial<TrinoOnEksProps> {
  return {
    authentication: TrinoAuthentication.password({ users: ['analyst', 'admin'] }),
    endpoint: TrinoEndpoint.loadBalancer({ certificate: certificate(stack) }),
  };
}

function chartValues(stack: Stack): any {
  const chart = Template.fromStack(stack).findResources(HELM, { Properties: { Release: 'trino' } });
  return JSON.parse(Object.values<any>(chart)[0].Properties.Values);
}

function logicalId(stack: Stack, construct: any): string {
  return stack.getLogicalId(construct.node.defaultChild ?? construct);
}

describe('password authentication behind an internal load balancer', () => {
  let stack: Stack;
  let trino: TrinoOnEks;
  let template: Template;
  beforeAll(() => {
    ({ stack, trino } = build(secured));
    template = Template.fromStack(stack);
  });

  test('the coordinator authenticates passwords from the file the chart mounts, behind forwarded HTTPS', () => {
    const coordinator = trino.configuration.configProperties(TrinoRole.COORDINATOR);
    expect(coordinator['http-server.authentication.type']).toBe('PASSWORD');
    expect(coordinator['http-server.process-forwarded']).toBe('true');
    const values = chartValues(stack);
    expect(values.server.config.authenticationType).toBe('PASSWORD');
    expect(values.auth).toEqual({ passwordAuthSecret: 'trino-password-file' });
    expect(values.coordinator.additionalConfigFiles['password-authenticator.properties'])
      .toContain('file.password-file=/etc/trino/auth/password/password.db');
  });

  test('one generated, KMS-encrypted secret per user, JSON with the user name and a generated password', () => {
    expect(trino.userSecrets).toHaveLength(2);
    for (const user of ['analyst', 'admin']) {
      template.hasResourceProperties('AWS::SecretsManager::Secret', {
        GenerateSecretString: {
          SecretStringTemplate: JSON.stringify({ username: user }),
          GenerateStringKey: 'password',
          PasswordLength: 32,
          ExcludePunctuation: true,
        },
        KmsKeyId: { 'Fn::GetAtt': [logicalId(stack, trino.passwordKey), 'Arn'] },
      });
    }
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true, Description: Match.stringLikeRegexp('users\' passwords') });
  });

  test('the password file is its own secret under the same key, and the pods\' role may read only it of the password secrets', () => {
    const fileSecret = logicalId(stack, trino.passwordFileSecret);
    const resources = template.toJSON().Resources;
    expect(resources[fileSecret].Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': [logicalId(stack, trino.passwordKey), 'Arn'] });
    const access = Object.values<any>(template.findResources('AWS::IAM::ManagedPolicy'))
      .find((p) => /internal shared secret/.test(p.Properties.Description));
    const statements = access.Properties.PolicyDocument.Statement;
    const readable = statements.filter((s: any) => s.Action.includes?.('secretsmanager:GetSecretValue')).map((s: any) => s.Resource);
    expect(readable).toContainEqual({ Ref: fileSecret });
    for (const user of trino.userSecrets) expect(JSON.stringify(readable)).not.toContain(logicalId(stack, user));
  });

  test('the writer runs inline Node.js with the handler, with the users\' secret ARNs (no value) in its environment', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Handler: 'index.handler',
      Code: { ZipFile: PASSWORD_FILE_HANDLER },
      Environment: {
        Variables: {
          PASSWORD_FILE_SECRET: { Ref: logicalId(stack, trino.passwordFileSecret) },
          USERS: Match.anyValue(),
        },
      },
    });
  });

  test('the writer runs one at a time, and a run that failed every retry lands in its dead-letter queue, encrypted with the password key', () => {
    const writer = template.toJSON().Resources[logicalId(stack, trino.passwordFileWriter)];
    expect(writer.Properties.ReservedConcurrentExecutions).toBe(1);
    const queue = logicalId(stack, trino.passwordFileDeadLetterQueue);
    expect(writer.Properties.DeadLetterConfig).toEqual({ TargetArn: { 'Fn::GetAtt': [queue, 'Arn'] } });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: logicalId(stack, trino.passwordFileWriter) },
      MaximumRetryAttempts: 2,
    });
    expect(template.toJSON().Resources[queue].Properties).toEqual(expect.objectContaining({
      KmsMasterKeyId: { 'Fn::GetAtt': [logicalId(stack, trino.passwordKey), 'Arn'] },
      MessageRetentionPeriod: 14 * 24 * 3600,
    }));
    // TLS only.
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: queue }],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  test('the writer\'s permissions are all in its managed policy: no inline policy on its role', () => {
    const role = writerRoleLogicalId();
    expect(Object.values<any>(template.findResources('AWS::IAM::Policy'))
      .filter((p) => JSON.stringify(p.Properties.Roles ?? []).includes(role))).toEqual([]);
  });

  function writerRoleLogicalId(): string {
    const writer = template.toJSON().Resources[logicalId(stack, trino.passwordFileWriter)];
    return writer.Properties.Role['Fn::GetAtt'][0];
  }

  test('the writer\'s role: read the users\' secrets and the file, write only the file, KMS only through Secrets Manager', () => {
    const [policy] = Object.values<any>(template.findResources('AWS::IAM::ManagedPolicy', {
      Properties: { Description: Match.stringLikeRegexp('write the password file') },
    }));
    const statements = policy.Properties.PolicyDocument.Statement;
    const users = trino.userSecrets.map((s) => ({ Ref: logicalId(stack, s) }));
    const file = { Ref: logicalId(stack, trino.passwordFileSecret) };
    expect(statements).toContainEqual({ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: [...users, file] });
    expect(statements).toContainEqual({ Effect: 'Allow', Action: 'secretsmanager:PutSecretValue', Resource: file });
    expect(statements).toContainEqual({
      Effect: 'Allow',
      Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
      Resource: { 'Fn::GetAtt': [logicalId(stack, trino.passwordKey), 'Arn'] },
      Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' } },
    });
    // The dead-letter queue: send to it only, its key only through SQS.
    const queue = { 'Fn::GetAtt': [logicalId(stack, trino.passwordFileDeadLetterQueue), 'Arn'] };
    expect(statements).toContainEqual({ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: queue });
    expect(statements).toContainEqual({
      Effect: 'Allow',
      Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
      Resource: { 'Fn::GetAtt': [logicalId(stack, trino.passwordKey), 'Arn'] },
      Condition: { StringEquals: { 'kms:ViaService': 'sqs.eu-west-1.amazonaws.com' } },
    });
    expect(JSON.stringify(statements)).not.toMatch(/"Resource":"\*"|"Action":"[a-z]+:\*"/);
    expect(statements).toHaveLength(6);
  });

  test('the file is written at deployment (custom resource) and every 5 minutes (a changed password)', () => {
    template.hasResourceProperties('Custom::TrinoPasswordFile', {
      ServiceToken: { 'Fn::GetAtt': [logicalId(stack, trino.passwordFileWriter), 'Arn'] },
      Users: [{ user: 'analyst', secretArn: Match.anyValue() }, { user: 'admin', secretArn: Match.anyValue() }],
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(5 minutes)',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [logicalId(stack, trino.passwordFileWriter), 'Arn'] } })],
    });
  });

  test('the chart waits for the password file', () => {
    const chart = Object.values<any>(template.findResources(HELM, { Properties: { Release: 'trino' } }))[0];
    const writeAtDeployment = Object.keys(template.findResources('Custom::TrinoPasswordFile'))[0];
    expect(chart.DependsOn).toContain(writeAtDeployment);
  });

  test('the CSI driver syncs the password file into the Secret the chart mounts, from a class only the coordinator mounts, and polls for changes', () => {
    const classes = kubernetesObjects(stack).filter((o) => o.kind === 'SecretProviderClass');
    const named = (name: string) => classes.find((o) => o.metadata.name === name);
    expect(named('trino-secrets').spec.secretObjects).toEqual([
      { secretName: 'trino-internal-shared-secret', type: 'Opaque', data: [{ objectName: 'shared-secret', key: 'shared-secret' }] },
    ]);
    expect(named('trino-coordinator-secrets').spec.secretObjects).toEqual([
      { secretName: 'trino-password-file', type: 'Opaque', data: [{ objectName: 'password.db', key: 'password.db' }] },
    ]);
    expect(JSON.parse(named('trino-coordinator-secrets').spec.parameters.objects).map((o: any) => o.objectAlias)).toEqual(['password.db']);
    const values = chartValues(stack);
    const mounted = (role: string) => values[role].additionalVolumes.map((v: any) => v.csi?.volumeAttributes?.secretProviderClass).filter(Boolean);
    expect(mounted('coordinator')).toEqual(['trino-secrets', 'trino-coordinator-secrets']);
    expect(mounted('worker')).toEqual(['trino-secrets']);
    template.hasResourceProperties('AWS::EKS::Addon', {
      ConfigurationValues: Match.serializedJson(Match.objectLike({
        'secrets-store-csi-driver': Match.objectLike({ enableSecretRotation: true, rotationPollInterval: '2m' }),
      })),
    });
  });

  test('the writer\'s inline code is the handler\'s source; the Helm values carry no password hash', () => {
    const json = template.toJSON();
    // The writer's inline code is the handler's source (it names a `password` variable, which the scan reads as one:
    // the quality gate below lets exactly that finding through).
    const writer = logicalId(stack, trino.passwordFileWriter);
    expect(json.Resources[writer].Properties.Code.ZipFile).toBe(PASSWORD_FILE_HANDLER);
    // Neither a password nor a hash: the values carry a Secret name, the chart mounts it.
    expect(JSON.stringify(chartValues(stack))).not.toMatch(/:[0-9]{4,}:[0-9a-f]{16,}:[0-9a-f]{32,}/);
  });

  test('the preStop call as admin needs no password: workers authenticate nobody', () => {
    expect(trino.configuration.configProperties(TrinoRole.WORKER)['http-server.authentication.type']).toBeUndefined();
    expect(trino.configuration.gracefulShutdown!.preStopCommand.join(' ')).toContain('http://localhost:8080/v1/info/state');
  });

  test('with autoscaling, KEDA\'s metrics user is the coordinator\'s management.user (plain HTTP /metrics without a password)', () => {
    const { stack: scaled, trino: withKeda } = build((s) => ({ ...secured(s), workers: { autoscaling: {} } }));
    expect(withKeda.configuration.configProperties(TrinoRole.COORDINATOR)['management.user']).toBe('keda-autoscaler');
    expect(chartValues(scaled).server.coordinatorExtraConfig.split('\n')).toContain('management.user=keda-autoscaler');
    expect(trino.configuration.configProperties(TrinoRole.COORDINATOR)['management.user']).toBeUndefined();
  });

  test('outputs the users\' secrets and the HTTPS endpoint', () => {
    const outputs = template.toJSON().Outputs;
    expect(Object.keys(outputs)).toEqual(expect.arrayContaining([expect.stringMatching(/UserSecrets/), expect.stringMatching(/EndpointUrl/)]));
    expect(trino.endpointUrl).toMatch(/^https:\/\//);
  });

  // Also the cdk-nag check of password authentication behind a load balancer, and the schema check of its Ingress and IngressClass.
  qualityGateTests(() => ({ stack, scope: trino }), {
    knownCredentialFindings: () => [inlineLambdaCode(trino.passwordFileWriter!, 'the password-file writer\'s source names a `password` variable')],
    kubernetesObjects: { withoutSchema: ['SecretProviderClass', 'IngressClassParams'] },
  });
});

describe('the load balancer endpoint', () => {
  test('IngressClassParams, IngressClass and an HTTPS-only internal Ingress to the coordinator Service', () => {
    const { stack } = build(secured);
    const objects = kubernetesObjects(stack);
    const params = objects.find((o) => o.kind === 'IngressClassParams');
    expect(params).toEqual({
      apiVersion: 'eks.amazonaws.com/v1',
      kind: 'IngressClassParams',
      metadata: { name: 'trino-trino-alb', labels: expect.any(Object) },
      spec: { scheme: 'internal', namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'trino' } } },
    });
    const ingressClass = objects.find((o) => o.kind === 'IngressClass');
    expect(ingressClass.spec).toEqual({
      controller: 'eks.amazonaws.com/alb',
      parameters: { apiGroup: 'eks.amazonaws.com', kind: 'IngressClassParams', name: 'trino-trino-alb' },
    });
    const ingress = objects.find((o) => o.kind === 'Ingress');
    expect(ingress.metadata).toMatchObject({ name: 'trino', namespace: 'trino' });
    expect(ingress.metadata.annotations).toEqual({
      'alb.ingress.kubernetes.io/scheme': 'internal',
      'alb.ingress.kubernetes.io/target-type': 'ip',
      'alb.ingress.kubernetes.io/listen-ports': '[{"HTTPS":443}]',
      'alb.ingress.kubernetes.io/certificate-arn': CERTIFICATE_ARN,
      'alb.ingress.kubernetes.io/ssl-policy': 'ELBSecurityPolicy-TLS13-1-2-2021-06',
      'alb.ingress.kubernetes.io/backend-protocol': 'HTTP',
      'alb.ingress.kubernetes.io/healthcheck-path': '/v1/info',
      'alb.ingress.kubernetes.io/success-codes': '200',
      'alb.ingress.kubernetes.io/load-balancer-attributes': 'routing.http.drop_invalid_header_fields.enabled=true',
    });
    expect(ingress.spec).toEqual({
      ingressClassName: 'trino-trino-alb',
      rules: [{ http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'trino', port: { number: 8080 } } } }] } }],
    });
    // The chart's coordinator Service is what the backend names.
    expect(chartValues(stack).fullnameOverride).toBe('trino');
    expect(chartValues(stack).service.port).toBe(8080);
  });

  test('one Ingress and one IngressClass (validated by the quality gate of password authentication behind the load balancer)', () => {
    const { stack } = build(secured);
    const objects = kubernetesObjects(stack).filter((o) => ['Ingress', 'IngressClass'].includes(o.kind));
    expect(objects).toHaveLength(2);
  });

  test('the Ingress is applied after the chart, and its address is read back for the output', () => {
    const { stack, trino } = build(secured);
    const resources = Template.fromStack(stack).toJSON().Resources;
    expect(resources[logicalId(stack, trino.endpointManifest)].DependsOn).toContain(logicalId(stack, trino.chart));
    Template.fromStack(stack).hasResourceProperties('Custom::AWSCDK-EKS-KubernetesObjectValue', {
      ObjectType: 'ingress', ObjectName: 'trino', ObjectNamespace: 'trino', JsonPath: '.status.loadBalancer.ingress[0].hostname',
    });
  });

  test('internet-facing with allowed ranges and another TLS policy', () => {
    const { stack } = build((s) => ({
      ...secured(s),
      endpoint: TrinoEndpoint.loadBalancer({
        certificate: certificate(s),
        internetFacing: true,
        allowFrom: [ec2.Peer.ipv4('203.0.113.0/24'), ec2.Peer.ipv4('198.51.100.7/32')],
        sslPolicy: 'ELBSecurityPolicy-TLS13-1-3-2021-06',
      }),
    }));
    const objects = kubernetesObjects(stack);
    expect(objects.find((o) => o.kind === 'IngressClassParams').spec.scheme).toBe('internet-facing');
    expect(objects.find((o) => o.kind === 'Ingress').metadata.annotations).toMatchObject({
      'alb.ingress.kubernetes.io/scheme': 'internet-facing',
      'alb.ingress.kubernetes.io/inbound-cidrs': '203.0.113.0/24,198.51.100.7/32',
      'alb.ingress.kubernetes.io/ssl-policy': 'ELBSecurityPolicy-TLS13-1-3-2021-06',
    });
  });

  test('an endpoint without authentication works, with a warning', () => {
    const { stack, trino } = build((s) => ({ endpoint: TrinoEndpoint.loadBalancer({ certificate: certificate(s) }) }));
    expect(trino.configuration.configProperties(TrinoRole.COORDINATOR)['http-server.process-forwarded']).toBe('true');
    expect(trino.userSecrets).toEqual([]);
    Annotations.fromStack(stack).hasWarning('/Test/Trino', Match.stringLikeRegexp('authentication is off, so anyone who reaches it can query as any user'));
  });
});

describe('file access control', () => {
  test('the coordinator gets the typed rules, KEDA\'s metrics user first in system information; workers keep the shutdown rule', () => {
    const { stack, trino } = build((s) => ({
      ...secured(s),
      workers: { autoscaling: {} },
      accessControl: TrinoAccessControl.fileBased({
        catalogs: [{ user: 'admin', access: CatalogAccess.ALL }, { access: CatalogAccess.READ_ONLY }],
        systemInformation: [{ user: 'admin', access: [SystemInformationAccess.READ] }],
      }),
    }));
    const values = chartValues(stack);
    expect(values.accessControl).toMatchObject({ type: 'configmap', configFile: 'rules.json', refreshPeriod: '60s' });
    expect(JSON.parse(values.accessControl.rules['rules.json'])).toEqual({
      catalogs: [{ user: 'admin', allow: 'all' }, { allow: 'read-only' }],
      system_information: [{ user: 'keda-autoscaler', allow: ['read'] }, { user: 'admin', allow: ['read'] }],
    });
    expect(values.worker.gracefulShutdown.enabled).toBe(true);
    expect(trino.configuration.files(TrinoRole.WORKER)['access-control/graceful-shutdown-rules.json']).toContain('"admin"');
  });

  test('without rules the coordinator has no access control (Trino allows everything)', () => {
    const { stack } = build(secured);
    expect(chartValues(stack).accessControl).toBeUndefined();
  });
});

describe('defaults: no authentication, no endpoint', () => {
  test('no password users, no Lambda, no Ingress, no rotation in the CSI driver', () => {
    const { stack, trino } = build(() => ({}));
    const template = Template.fromStack(stack);
    expect(trino.userSecrets).toEqual([]);
    expect(trino.passwordFileSecret).toBeUndefined();
    expect(trino.endpointUrl).toBeUndefined();
    expect(template.findResources('AWS::Lambda::Function', { Properties: { Code: { ZipFile: PASSWORD_FILE_HANDLER } } })).toEqual({});
    template.resourceCountIs('Custom::TrinoPasswordFile', 0);
    expect(kubernetesObjects(stack).map((o) => o.kind)).not.toContain('Ingress');
    expect(chartValues(stack).auth).toBeUndefined();
    expect(trino.configuration.configProperties(TrinoRole.COORDINATOR)['http-server.process-forwarded']).toBeUndefined();
    const addon = Object.values<any>(template.findResources('AWS::EKS::Addon'))[0];
    expect(addon.Properties.ConfigurationValues).not.toContain('enableSecretRotation');
  });
});

describe('bad input fails before any resource is created', () => {
  test.each<[string, (stack: Stack) => Partial<TrinoOnEksProps>, RegExp]>([
    ['password authentication without an endpoint', () => ({ authentication: TrinoAuthentication.password({ users: ['analyst'] }) }),
      /TrinoOnEks: authentication \("PASSWORD"\) needs a TLS endpoint, because Trino accepts passwords and sign-ins only over HTTPS: set endpoint to TrinoEndpoint.loadBalancer\(\{ domainName, hostedZone \}\) \(endpoint is not set\), or use TrinoAuthentication.none\(\)/],
    ['password authentication with TrinoEndpoint.none()', () => ({ authentication: TrinoAuthentication.password({ users: ['analyst'] }), endpoint: TrinoEndpoint.none() }),
      /authentication \("PASSWORD"\) needs a TLS endpoint.*\(endpoint is TrinoEndpoint.none\(\)\)/],
    ['an invalid user name', (s) => ({ ...secured(s), authentication: TrinoAuthentication.password({ users: ['analyst', 'bad:name'] }) }),
      /TrinoOnEks: authentication.users\[1\] \("bad:name"\) must be a Trino user name/],
    ['a duplicate user', (s) => ({ ...secured(s), authentication: TrinoAuthentication.password({ users: ['analyst', 'analyst'] }) }),
      /TrinoOnEks: authentication.users\[1\] \("analyst"\) is listed twice/],
    ['no user', (s) => ({ ...secured(s), authentication: TrinoAuthentication.password({ users: [] }) }),
      /TrinoOnEks: authentication.users \(\[\]\) must name at least one user/],
    ['the KEDA metrics user as a password user', (s) => ({
      ...secured(s), workers: { autoscaling: {} }, authentication: TrinoAuthentication.password({ users: ['analyst', 'keda-autoscaler'] }),
    }), /TrinoOnEks: authentication.users\[1\] \("keda-autoscaler"\) is reserved: KEDA reads the coordinator's \/metrics as this user \(workers.autoscaling.metricsUser\)/],
    ['a load balancer without a certificate', () => ({ endpoint: TrinoEndpoint.loadBalancer({ certificate: undefined as any }) }),
      /TrinoOnEks: endpoint.certificate \(not set\) is required for a load balancer/],
    ['internet-facing without allowFrom', (s) => ({ endpoint: TrinoEndpoint.loadBalancer({ certificate: certificate(s), internetFacing: true }) }),
      /TrinoOnEks: endpoint.allowFrom \(not set\) is required when internetFacing is true/],
    ['allowFrom with a security group', (s) => ({
      endpoint: TrinoEndpoint.loadBalancer({ certificate: certificate(s), allowFrom: [ec2.Peer.securityGroupId('sg-0123456789abcdef0')] }),
    }), /TrinoOnEks: endpoint.allowFrom\[0\] \("sg-0123456789abcdef0"\) must be an IPv4 address range/],
    ['allowFrom with an IPv6 range', (s) => ({
      endpoint: TrinoEndpoint.loadBalancer({ certificate: certificate(s), allowFrom: [ec2.Peer.ipv6('2001:db8::/32')] }),
    }), /TrinoOnEks: endpoint.allowFrom\[0\] \("2001:db8::\/32"\) must be an IPv4 address range/],
    ['an empty allowFrom', (s) => ({ endpoint: TrinoEndpoint.loadBalancer({ certificate: certificate(s), allowFrom: [] }) }),
      /TrinoOnEks: endpoint.allowFrom \(\[\]\) must name at least one address range/],
    ['helmValues turning on PASSWORD authentication behind the library', () => ({ helmValues: { server: { config: { authenticationType: 'PASSWORD' } } } }),
      /TrinoOnEks: helmValues.server.config.authenticationType \("PASSWORD"\) is owned by the library \(client authentication comes with its password file and a TLS endpoint; use the authentication and endpoint props\)/],
    ['helmValues changing the password file mount', (s) => ({ ...secured(s), helmValues: { auth: { refreshPeriod: '1m' } } }),
      /TrinoOnEks: helmValues.auth .* is owned by the library \(secrets reach the pods only from Secrets Manager/],
    ['a TLS 1.0 policy', (s) => ({ endpoint: TrinoEndpoint.loadBalancer({ certificate: certificate(s), sslPolicy: 'ELBSecurityPolicy-2016-08' }) }),
      /TrinoOnEks: endpoint.sslPolicy \("ELBSecurityPolicy-2016-08"\) must be an ELB security policy without TLS 1.0\/1.1/],
    ['a TLS 1.3 policy that still accepts TLS 1.0', (s) => ({
      endpoint: TrinoEndpoint.loadBalancer({ certificate: certificate(s), sslPolicy: 'ELBSecurityPolicy-TLS13-1-0-2021-06' }),
    }), /TrinoOnEks: endpoint.sslPolicy \("ELBSecurityPolicy-TLS13-1-0-2021-06"\) must be an ELB security policy without TLS 1.0\/1.1/],
    ['the 2017-01 policy (TLS 1.0 too)', (s) => ({ endpoint: TrinoEndpoint.loadBalancer({ certificate: certificate(s), sslPolicy: 'ELBSecurityPolicy-2017-01' }) }),
      /endpoint.sslPolicy \("ELBSecurityPolicy-2017-01"\) must be an ELB security policy without TLS 1.0\/1.1/],
  ])('%s', (_, extra, message) => {
    const stack = newStack();
    const cluster = TrinoCluster.existing(importedCluster(stack, { vpcCidrBlock: VPC_CIDR }));
    const given = extra(stack);
    const before = stack.node.findAll().length;
    expect(() => new TrinoOnEks(stack, 'Trino', { cluster, catalogs: [Catalog.tpch()], ...given })).toThrow(message);
    // Props are checked before the construct joins the tree; helmValues right after, before any child exists.
    expect(stack.node.tryFindChild('Trino')?.node.children ?? []).toEqual([]);
    expect(stack.node.findAll().length).toBeLessThanOrEqual(before + 1);
  });
});

describe('the load balancer and the NetworkPolicies', () => {
  function coordinatorRanges(stack: Stack): string[] {
    const coordinator = kubernetesObjects(stack).find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'trino-coordinator');
    const peers = (coordinator?.spec.ingress ?? []).flatMap((rule: any) => rule.from ?? []);
    return peers.filter((peer: any) => peer.ipBlock).map((peer: any) => peer.ipBlock.cidr);
  }

  test('the coordinator admits the VPC\'s range, where the load balancer reaches the pod from', () => {
    const { stack } = build(secured);
    expect(coordinatorRanges(stack)).toEqual([VPC_CIDR]);
  });

  test('without a load balancer the coordinator admits no address range', () => {
    const { stack } = build(() => ({}));
    expect(coordinatorRanges(stack)).toEqual([]);
  });

  test('an imported cluster whose VPC range is unknown: the ranges come from networkPolicy.allowFrom', () => {
    const stack = newStack();
    new TrinoOnEks(stack, 'Trino', {
      cluster: TrinoCluster.existing(importedCluster(stack)),
      catalogs: [Catalog.tpch()],
      ...secured(stack),
      networkPolicy: { allowFrom: [{ cidr: '10.20.1.0/24' }, { cidr: '10.20.2.0/24' }] },
    });
    expect(coordinatorRanges(stack)).toEqual(['10.20.1.0/24', '10.20.2.0/24']);
  });

  test('an imported cluster whose VPC range is unknown, and no allowFrom: an error before any resource', () => {
    const stack = newStack();
    const cluster = TrinoCluster.existing(importedCluster(stack));
    expect(() => new TrinoOnEks(stack, 'Trino', { cluster, catalogs: [Catalog.tpch()], ...secured(stack) }))
      .toThrow(/TrinoOnEks: networkPolicy.allowFrom \(not set\) must name the address ranges of the load balancer's subnets/);
    expect(stack.node.tryFindChild('Trino')).toBeUndefined();
  });

  test('a created cluster in a given VPC imported without its range, and no allowFrom: an error before any resource', () => {
    const stack = newStack();
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'GivenVpc', {
      vpcId: 'vpc-0123456789abcdef0',
      availabilityZones: ['eu-west-1a', 'eu-west-1b'],
      privateSubnetIds: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'],
    });
    expect(() => new TrinoOnEks(stack, 'Trino', {
      cluster: TrinoCluster.create({ kubectlLayer: new KubectlV35Layer(stack, 'Kubectl'), vpc }), catalogs: [Catalog.tpch()], ...secured(stack),
    })).toThrow(/TrinoOnEks: networkPolicy.allowFrom \(not set\) must name the address ranges of the load balancer's subnets: the cluster's vpc was imported without vpcCidrBlock/);
    expect(stack.node.tryFindChild('Trino')).toBeUndefined();
  });

  test('a load balancer on a cluster with self-managed Karpenter: an error (Auto Mode load balancing)', () => {
    const stack = newStack();
    expect(() => new TrinoOnEks(stack, 'Trino', {
      cluster: TrinoCluster.create({ kubectlLayer: new KubectlV35Layer(stack, 'Kubectl'), compute: TrinoClusterCompute.selfManagedKarpenter() }),
      catalogs: [Catalog.tpch()],
      ...secured(stack),
    })).toThrow(/TrinoOnEks: endpoint \("TrinoEndpoint.loadBalancer\(\)"\) needs EKS Auto Mode's load balancing/);
    expect(stack.node.tryFindChild('Trino')).toBeUndefined();
  });
});

describe('synthesis', () => {
  // The four nag packs with password authentication and a load balancer: the quality gate of the first describe.
  test('the app synthesizes (the writer\'s inline code and the custom resource are valid CloudFormation)', () => {
    const { stack } = build(secured);
    expect(synthesize(Stage.of(stack)!).map((s) => s.stackName)).toContain(stack.stackName);
  });
});
