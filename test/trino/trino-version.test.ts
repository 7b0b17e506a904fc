import { TrinoVersion } from '../../src/trino';

describe('TrinoVersion', () => {
  test('supports 476 through 483, oldest first, with 483 as LATEST', () => {
    expect(TrinoVersion.SUPPORTED.map((v) => v.version)).toEqual([476, 477, 478, 479, 480, 481, 482, 483]);
    expect(TrinoVersion.LATEST).toBe(TrinoVersion.V483);
  });

  test('of() returns the shared instance of a supported release', () => {
    expect(TrinoVersion.of(480)).toBe(TrinoVersion.V480);
  });

  test.each([475, 484, 446, 480.5])('of(%p) names the value and the supported range', (version) => {
    expect(() => TrinoVersion.of(version)).toThrow(
      `TrinoVersion: version (${version}) is not supported: the supported Trino releases are 476 to 483`);
  });

  test.each([
    [476, 24, '24.0.1'], [477, 24, '24.0.1'], [478, 24, '24.0.1'],
    [479, 25, '25.0.1'], [480, 25, '25.0.1'], [481, 25, '25.0.1'], [482, 25, '25.0.1'], [483, 25, '25.0.1'],
  ])('Trino %i needs Java %i (at least %s)', (version, major, minimum) => {
    expect(TrinoVersion.of(version).javaMajorVersion).toBe(major);
    expect(TrinoVersion.of(version).minimumJavaVersion).toBe(minimum);
  });

  test.each([
    [476, 'fs.native-s3.enabled', false], [477, 'fs.native-s3.enabled', false], [478, 'fs.native-s3.enabled', false],
    [479, 'fs.native-s3.enabled', false], [480, 'fs.native-s3.enabled', false],
    [481, 'fs.s3.enabled', false], [482, 'fs.s3.enabled', false], [483, 'fs.s3.enabled', true],
  ])('Trino %i turns native S3 on with %s (s3.auth-type known: %p)', (version, property, authType) => {
    expect(TrinoVersion.of(version).nativeS3EnabledProperty).toBe(property);
    expect(TrinoVersion.of(version).supportsS3AuthType).toBe(authType);
  });

  test('compares releases and names the image tag', () => {
    expect(TrinoVersion.V481.isAtLeast(TrinoVersion.V480)).toBe(true);
    expect(TrinoVersion.V480.isAtLeast(TrinoVersion.V481)).toBe(false);
    expect(TrinoVersion.V483.imageTag).toBe('483');
    expect(`${TrinoVersion.V479}`).toBe('479');
  });
});
