import { ObjectStorage, TrinoVersion } from '../../src/trino';

const AWS = ObjectStorage.aws('eu-west-1');
const LOCAL = ObjectStorage.localEmulator({ endpoint: 'http://127.0.0.1:9000', accessKey: 'minio', secretKey: 'minio-secret' });

describe('S3 on AWS, for every supported release', () => {
  test.each([
    [476, { 'fs.native-s3.enabled': 'true', 's3.region': 'eu-west-1' }],
    [477, { 'fs.native-s3.enabled': 'true', 's3.region': 'eu-west-1' }],
    [478, { 'fs.native-s3.enabled': 'true', 's3.region': 'eu-west-1' }],
    [479, { 'fs.native-s3.enabled': 'true', 's3.region': 'eu-west-1' }],
    [480, { 'fs.native-s3.enabled': 'true', 's3.region': 'eu-west-1' }],
    [481, { 'fs.s3.enabled': 'true', 's3.region': 'eu-west-1' }],
    [482, { 'fs.s3.enabled': 'true', 's3.region': 'eu-west-1' }],
    [483, { 'fs.s3.enabled': 'true', 's3.region': 'eu-west-1', 's3.auth-type': 'DEFAULT' }],
  ])('Trino %i: native S3, region only, the default credential chain', (version, expected) => {
    expect(AWS._catalogProperties(TrinoVersion.of(version))).toEqual(expected);
  });

  test('the exchange manager gets the region only', () => {
    expect(AWS._exchangeProperties()).toEqual({ 'exchange.s3.region': 'eu-west-1' });
  });

  test('a region that is not one is refused', () => {
    expect(() => ObjectStorage.aws('Europe')).toThrow('ObjectStorage.aws: region ("Europe") must be an AWS region name such as "eu-west-1"');
  });
});

describe('S3 on the local emulator, for every supported release', () => {
  test.each(TrinoVersion.SUPPORTED.map((v) => [v.version, v]))('Trino %i: endpoint, path-style access and static keys', (_, version) => {
    expect(LOCAL._catalogProperties(version as TrinoVersion)).toEqual({
      [(version as TrinoVersion).nativeS3EnabledProperty]: 'true',
      's3.region': 'us-east-1',
      's3.endpoint': 'http://127.0.0.1:9000',
      's3.path-style-access': 'true',
      's3.aws-access-key': 'minio',
      's3.aws-secret-key': 'minio-secret',
    });
  });

  test('the exchange manager gets the same endpoint and keys', () => {
    expect(LOCAL._exchangeProperties()).toEqual({
      'exchange.s3.region': 'us-east-1',
      'exchange.s3.endpoint': 'http://127.0.0.1:9000',
      'exchange.s3.path-style-access': 'true',
      'exchange.s3.aws-access-key': 'minio',
      'exchange.s3.aws-secret-key': 'minio-secret',
    });
  });

  test.each(['http://localhost:9000', 'https://127.0.0.2:9443/', 'http://[::1]:9000'])('accepts the loopback endpoint %s', (endpoint) => {
    expect(ObjectStorage.localEmulator({ endpoint, accessKey: 'a', secretKey: 'b' }).isLocalEmulator).toBe(true);
  });

  test.each(['http://minio:9000', 'http://10.0.0.5:9000', 'http://127.0.0.1', 's3://127.0.0.1:9000', 'http://127.0.0.1:9000/bucket'])(
    'refuses %s, so static keys never leave the workstation', (endpoint) => {
      expect(() => ObjectStorage.localEmulator({ endpoint, accessKey: 'a', secretKey: 'b' }))
        .toThrow(`ObjectStorage.localEmulator: endpoint ("${endpoint}") must be http(s)://<loopback address>:<port>`);
    });

  test('refuses an empty key without echoing it', () => {
    expect(() => ObjectStorage.localEmulator({ endpoint: 'http://127.0.0.1:9000', accessKey: 'a', secretKey: '' }))
      .toThrow('ObjectStorage.localEmulator: secretKey ("(hidden)") must be a non-empty single line');
  });
});

describe('properties Trino must never receive', () => {
  test.each(TrinoVersion.SUPPORTED.map((v) => [v.version, v]))('Trino %i: no legacy hive.s3.* and no web-identity switch', (_, version) => {
    const keys = [AWS, LOCAL].flatMap((storage) => Object.keys(storage._catalogProperties(version as TrinoVersion)));
    expect(keys.filter((key) => key.startsWith('hive.s3') || key === 's3.use-web-identity-token-credentials-provider')).toEqual([]);
  });

  test.each(TrinoVersion.SUPPORTED.filter((v) => v.version <= 482).map((v) => [v.version, v]))('Trino %i: no s3.auth-type before 483', (_, version) => {
    expect(AWS._catalogProperties(version as TrinoVersion)).not.toHaveProperty(['s3.auth-type']);
  });

  test.each(TrinoVersion.SUPPORTED.map((v) => [v.version, v]))('Trino %i: the other release\'s S3 switch is absent', (_, version) => {
    const v = version as TrinoVersion;
    const other = v.nativeS3EnabledProperty === 'fs.s3.enabled' ? 'fs.native-s3.enabled' : 'fs.s3.enabled';
    expect(AWS._catalogProperties(v)).not.toHaveProperty([other]);
  });
});
