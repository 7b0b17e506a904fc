import { Size, Stack } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { AuthenticationType, OAuth2AuthenticationOptions, TrinoAuthentication, TrinoConfiguration, TrinoConfigurationOptions, TrinoRole, TrinoVersion } from '../../src/trino';
import { validatePasswordUsers } from '../../src/trino/authentication';

const BASE: TrinoConfigurationOptions = {
  discoveryUri: 'http://trino:8080',
  coordinatorNode: { nodeMemory: Size.gibibytes(16), nodeVcpus: 4 },
  workerNode: { nodeMemory: Size.gibibytes(64), nodeVcpus: 16 },
  maxWorkers: 2,
};
const PASSWORD = TrinoAuthentication.password({ users: ['analyst', 'admin'] });

describe.each(TrinoVersion.SUPPORTED.map((v) => [v.version, v] as const))('PASSWORD authentication on Trino %i', (_, version) => {
  const config = new TrinoConfiguration({ ...BASE, version, authentication: PASSWORD, processForwarded: true });

  test('the coordinator authenticates passwords and trusts the load balancer\'s forwarded headers', () => {
    const coordinator = config.configProperties(TrinoRole.COORDINATOR);
    expect(coordinator['http-server.authentication.type']).toBe('PASSWORD');
    expect(coordinator['http-server.process-forwarded']).toBe('true');
    // Trino's default behind a TLS proxy stays: plain HTTP is refused (except management as management.user).
    expect(coordinator['http-server.authentication.allow-insecure-over-http']).toBeUndefined();
    expect(coordinator['management.user']).toBeUndefined();
  });

  test('the deployment\'s management user (KEDA reading /metrics over plain HTTP) becomes management.user, on the coordinator only', () => {
    const withKeda = new TrinoConfiguration({ ...BASE, version, authentication: PASSWORD, processForwarded: true, managementUser: 'keda-autoscaler' });
    expect(withKeda.configProperties(TrinoRole.COORDINATOR)['management.user']).toBe('keda-autoscaler');
    expect(withKeda.configProperties(TrinoRole.WORKER)['management.user']).toBeUndefined();
  });

  test('workers authenticate nobody (the preStop call as admin on localhost keeps working)', () => {
    const worker = config.configProperties(TrinoRole.WORKER);
    expect(worker['http-server.authentication.type']).toBeUndefined();
    expect(worker['http-server.process-forwarded']).toBeUndefined();
    expect(config.files(TrinoRole.WORKER)['password-authenticator.properties']).toBeUndefined();
  });

  test('the coordinator gets the file password authenticator reading the chart\'s password file path', () => {
    const file = config.files(TrinoRole.COORDINATOR)['password-authenticator.properties'];
    expect(file.split('\n').filter((l) => l && !l.startsWith('#')).sort()).toEqual([
      'file.password-file=/etc/trino/auth/password/password.db',
      'password-authenticator.name=file',
    ]);
    expect(config.passwordFile).toBe('/etc/trino/auth/password/password.db');
  });
});

describe('without authentication', () => {
  const config = new TrinoConfiguration(BASE);

  test('no authentication property and no authenticator file', () => {
    expect(config.authentication.type).toBe(AuthenticationType.NONE);
    expect(config.configProperties(TrinoRole.COORDINATOR)['http-server.authentication.type']).toBeUndefined();
    expect(config.configProperties(TrinoRole.COORDINATOR)['http-server.process-forwarded']).toBeUndefined();
    expect(Object.keys(config.files(TrinoRole.COORDINATOR))).not.toContain('password-authenticator.properties');
    expect(config.passwordFile).toBeUndefined();
  });

  test('without authentication the management user needs no management.user (plain HTTP names any user)', () => {
    expect(new TrinoConfiguration({ ...BASE, managementUser: 'keda-autoscaler' }).configProperties(TrinoRole.COORDINATOR)['management.user']).toBeUndefined();
  });

  test('processForwarded alone renders only http-server.process-forwarded', () => {
    const forwarded = new TrinoConfiguration({ ...BASE, processForwarded: true });
    expect(forwarded.configProperties(TrinoRole.COORDINATOR)['http-server.process-forwarded']).toBe('true');
    expect(forwarded.configProperties(TrinoRole.COORDINATOR)['http-server.authentication.type']).toBeUndefined();
  });

  test('the password file follows configDirectory', () => {
    const config2 = new TrinoConfiguration({ ...BASE, configDirectory: '/opt/trino/etc', authentication: PASSWORD, processForwarded: true });
    expect(config2.passwordFile).toBe('/opt/trino/etc/auth/password/password.db');
  });
});

describe('bad input', () => {
  test('PASSWORD without a TLS-terminating load balancer', () => {
    expect(() => new TrinoConfiguration({ ...BASE, authentication: PASSWORD }))
      .toThrow(/TrinoConfiguration: processForwarded \(false\) must be true with PASSWORD authentication: Trino accepts passwords only over HTTPS/);
  });

  test.each([
    ['no user', [], /authentication.users \(\[\]\) must name at least one user/],
    ['a colon', ['ana:lyst'], /authentication.users\[0\] \("ana:lyst"\) must be a Trino user name/],
    ['an empty name', ['analyst', ''], /authentication.users\[1\] \(""\) must be a Trino user name/],
    ['a leading dot', ['.hidden'], /authentication.users\[0\] \(".hidden"\) must be a Trino user name/],
    ['64 characters', ['a'.repeat(64)], /must be a Trino user name: 1 to 63/],
    ['a duplicate', ['analyst', 'admin', 'analyst'], /authentication.users\[2\] \("analyst"\) is listed twice/],
  ])('users with %s', (_, users, message) => {
    expect(() => new TrinoConfiguration({ ...BASE, authentication: TrinoAuthentication.password({ users }), processForwarded: true }))
      .toThrow(message);
  });

  test('a reserved user name says why it is reserved', () => {
    expect(() => validatePasswordUsers('TrinoOnEks', 'authentication.users', ['analyst', 'keda-autoscaler'], { 'keda-autoscaler': 'KEDA reads /metrics as this user' }))
      .toThrow('TrinoOnEks: authentication.users[1] ("keda-autoscaler") is reserved: KEDA reads /metrics as this user; choose another name');
  });

  test('names of JavaScript object members are ordinary user names, not reserved ones', () => {
    expect(() => validatePasswordUsers('X', 'users', ['constructor', 'toString'], { 'keda-autoscaler': 'KEDA' })).not.toThrow();
  });

  test('user names with dots, dashes, underscores and @ are fine', () => {
    expect(() => validatePasswordUsers('X', 'users', ['jane.doe@example.com', 'etl_job-1', 'A'])).not.toThrow();
  });
});

describe('OAUTH2 authentication', () => {
  const stack = new Stack();
  const clientSecret = secretsmanager.Secret.fromSecretNameV2(stack, 'ClientSecret', 'trino/oauth2-client');
  const ISSUER = 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123';
  const oauth2 = (options: Partial<OAuth2AuthenticationOptions> = {}) =>
    TrinoAuthentication.oauth2({ issuer: ISSUER, clientId: '4k2example', clientSecret, ...options });

  test.each(TrinoVersion.SUPPORTED.map((v) => [v.version, v] as const))('Trino %i: the coordinator signs users in at the issuer, the secret from the environment', (_, version) => {
    const config = new TrinoConfiguration({ ...BASE, version, authentication: oauth2(), processForwarded: true, managementUser: 'keda-autoscaler' });
    const coordinator = config.configProperties(TrinoRole.COORDINATOR);
    expect(coordinator).toMatchObject({
      'http-server.authentication.type': 'OAUTH2',
      'http-server.authentication.oauth2.issuer': ISSUER,
      'http-server.authentication.oauth2.client-id': '4k2example',
      'http-server.authentication.oauth2.client-secret': '${ENV:TRINO_OAUTH2_CLIENT_SECRET}',
      'http-server.authentication.oauth2.scopes': 'openid',
      'http-server.authentication.oauth2.principal-field': 'sub',
      'web-ui.authentication.type': 'oauth2',
      'http-server.process-forwarded': 'true',
      'management.user': 'keda-autoscaler',
    });
    const worker = config.configProperties(TrinoRole.WORKER);
    expect(Object.keys(worker).filter((key) => key.includes('authentication') || key.startsWith('web-ui'))).toEqual([]);
    expect(config.files(TrinoRole.COORDINATOR)['password-authenticator.properties']).toBeUndefined();
  });

  test('scopes and the principal claim as given', () => {
    const config = new TrinoConfiguration({
      ...BASE, authentication: oauth2({ scopes: ['openid', 'email', 'profile'], principalField: 'cognito:username' }), processForwarded: true,
    });
    const coordinator = config.configProperties(TrinoRole.COORDINATOR);
    expect(coordinator['http-server.authentication.oauth2.scopes']).toBe('openid,email,profile');
    expect(coordinator['http-server.authentication.oauth2.principal-field']).toBe('cognito:username');
  });

  test('the model keeps its own copy of the scopes', () => {
    const scopes = ['openid'];
    const authentication = oauth2({ scopes });
    scopes.push('offline_access');
    expect(authentication.oauth2Options!.scopes).toEqual(['openid']);
    expect(authentication.type).toBe(AuthenticationType.OAUTH2);
  });

  test.each<[string, Partial<OAuth2AuthenticationOptions>, RegExp]>([
    ['an http issuer', { issuer: 'http://idp.example.com' }, /authentication.oauth2.issuer \("http:\/\/idp.example.com"\) must be the identity provider's https:\/\/ issuer URL/],
    ['an issuer that is no URL', { issuer: 'cognito' }, /authentication.oauth2.issuer \("cognito"\) must be/],
    ['an issuer with a query', { issuer: 'https://idp.example.com/?x=1' }, /authentication.oauth2.issuer .* without query or fragment/],
    ['a client ID with a space', { clientId: 'my client' }, /authentication.oauth2.clientId \("my client"\) must be the client ID/],
    ['an empty client ID', { clientId: '' }, /authentication.oauth2.clientId \(""\) must be the client ID/],
    ['no scope', { scopes: [] }, /authentication.oauth2.scopes \(\[\]\) must name at least one scope/],
    ['a scope with a comma', { scopes: ['openid,email'] }, /authentication.oauth2.scopes\[0\] \("openid,email"\) must be an OAuth 2.0 scope/],
    ['a principal field with a space', { principalField: 'user name' }, /authentication.oauth2.principalField \("user name"\) must be a token claim name/],
  ])('bad input: %s', (_name, options, message) => {
    expect(() => new TrinoConfiguration({ ...BASE, authentication: oauth2(options), processForwarded: true })).toThrow(message);
  });

  test('bad input: OAUTH2 without a TLS-terminating proxy', () => {
    expect(() => new TrinoConfiguration({ ...BASE, authentication: oauth2() }))
      .toThrow(/TrinoConfiguration: processForwarded \(false\) must be true with OAUTH2 authentication/);
  });
});
