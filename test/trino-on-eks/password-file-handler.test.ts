import { execFileSync } from 'child_process';
import * as crypto from 'crypto';
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { PASSWORD_FILE_HANDLER, PBKDF2_ITERATIONS } from '../../src/trino-on-eks/password-file-handler';
import { passwordFileSandbox } from '../fixtures/password-file-sandbox';

/** The PBKDF2 line of Trino's own tests (TestPasswordStore): user `userpbkdf2`, password `password`. */
const TRINO_PBKDF2_LINE = 'userpbkdf2:1000:5b4240333032306164:f38d165fce8ce42f59d366139ef5d9e1ca1247f0e06e503ee1a611dd9ec40876bb5edb8409f5abe5504aab6628e70cfb3d3a18e99d70357d295002c3d0a308a0';

/** Trino's check (EncryptionUtil.doesPBKDF2PasswordMatch): PBKDF2WithHmacSHA1, key length = stored hash length. */
function trinoAccepts(fileLine: string, user: string, password: string): boolean {
  const [name, iterations, salt, hash] = fileLine.split(':');
  const expected = Buffer.from(hash, 'hex');
  return name === user && Number(iterations) >= 1000
    && crypto.pbkdf2Sync(password, Buffer.from(salt, 'hex'), Number(iterations), expected.length, 'sha1').equals(expected);
}

const CFN_CREATE = {
  RequestType: 'Create',
  ResponseURL: 'https://cloudformation-custom-resource-response.example/presigned',
  StackId: 'stack',
  RequestId: 'request',
  LogicalResourceId: 'PasswordFile',
};

describe('the password file', () => {
  test('one PBKDF2 line per user, in the users\' order, in Trino\'s format', async () => {
    const box = passwordFileSandbox([{ user: 'analyst', password: 'first-password' }, { user: 'admin', password: 'second-password' }]);
    await box.handler({ source: 'aws.scheduler' });
    expect(box.puts).toHaveLength(1);
    const lines = box.puts[0].split('\n');
    expect(lines[2]).toBe(''); // ends with a newline
    expect(lines[0]).toMatch(new RegExp(`^analyst:${PBKDF2_ITERATIONS}:[0-9a-f]{32}:[0-9a-f]{40}$`));
    expect(lines[1]).toMatch(new RegExp(`^admin:${PBKDF2_ITERATIONS}:[0-9a-f]{32}:[0-9a-f]{40}$`));
    expect(trinoAccepts(lines[0], 'analyst', 'first-password')).toBe(true);
    expect(trinoAccepts(lines[1], 'admin', 'second-password')).toBe(true);
    expect(trinoAccepts(lines[0], 'analyst', 'second-password')).toBe(false);
  });

  test('never contains a password in plain text, and logs none', async () => {
    const box = passwordFileSandbox([{ user: 'analyst', password: 'VerySecretValue42' }]);
    await box.handler(CFN_CREATE);
    expect(box.puts[0]).not.toContain('VerySecretValue42');
    expect(JSON.stringify(box.responses)).not.toContain('VerySecretValue42');
    expect(box.logs.join('\n')).not.toContain('VerySecretValue42');
  });

  test('salts every hash: the same password gives two different lines', async () => {
    const box = passwordFileSandbox([{ user: 'a', password: 'same' }, { user: 'b', password: 'same' }]);
    await box.handler({});
    const [a, b] = box.puts[0].split('\n');
    expect(a.split(':').slice(2)).not.toEqual(b.split(':').slice(2));
  });

  // Trino's vector has 1000 iterations and a 64-byte hash: a match also proves both are read from the line.
  test('keeps a line whose hash still matches (Trino\'s own test vector) and writes nothing when nothing changed', async () => {
    const box = passwordFileSandbox([{ user: 'userpbkdf2', password: 'password' }], `${TRINO_PBKDF2_LINE}\n`);
    await box.handler({});
    expect(box.puts).toEqual([]);
    expect(box.logs).toEqual(['password file unchanged']);
  });

  test('re-hashes a user whose password changed, keeps the others', async () => {
    const box = passwordFileSandbox([{ user: 'userpbkdf2', password: 'changed' }, { user: 'analyst', password: 'kept' }]);
    await box.handler({});
    const first = box.puts[0].split('\n');
    // Now the first user's password changes in Secrets Manager.
    const changed = passwordFileSandbox([{ user: 'userpbkdf2', password: 'new-password' }, { user: 'analyst', password: 'kept' }], box.puts[0]);
    await changed.handler({});
    const second = changed.puts[0].split('\n');
    expect(second[1]).toBe(first[1]);
    expect(second[0]).not.toBe(first[0]);
    expect(trinoAccepts(second[0], 'userpbkdf2', 'new-password')).toBe(true);
  });

  test('drops users no longer configured', async () => {
    const box = passwordFileSandbox([{ user: 'userpbkdf2', password: 'password' }], `${TRINO_PBKDF2_LINE}\ngone:1000:00:00\n`);
    await box.handler({});
    expect(box.puts).toEqual([`${TRINO_PBKDF2_LINE}\n`]);
  });
});

describe('as a CloudFormation custom resource', () => {
  test('create: writes the file and answers SUCCESS through the pre-signed URL', async () => {
    const box = passwordFileSandbox([{ user: 'analyst', password: 'p' }]);
    await box.handler(CFN_CREATE);
    expect(box.puts).toHaveLength(1);
    expect(box.responses).toEqual([expect.objectContaining({
      url: CFN_CREATE.ResponseURL,
      method: 'PUT',
      body: expect.objectContaining({ Status: 'SUCCESS', RequestId: 'request', StackId: 'stack', LogicalResourceId: 'PasswordFile', PhysicalResourceId: 'trino-password-file' }),
    })]);
  });

  test('delete: touches no secret and answers SUCCESS', async () => {
    const box = passwordFileSandbox([{ user: 'analyst', password: 'p' }]);
    await box.handler({ ...CFN_CREATE, RequestType: 'Delete', PhysicalResourceId: 'trino-password-file' });
    expect(box.puts).toEqual([]);
    expect(box.responses[0].body.Status).toBe('SUCCESS');
  });

  test('a user secret that is not JSON with a password: FAILED, naming the user, quoting nothing of the secret', async () => {
    const box = passwordFileSandbox([{ user: 'analyst', raw: 'plain-text-secret-value' }]);
    await box.handler(CFN_CREATE);
    expect(box.puts).toEqual([]);
    expect(box.responses[0].body.Status).toBe('FAILED');
    expect(box.responses[0].body.Reason).toContain('the secret of user analyst is not JSON with a "password"');
    expect(JSON.stringify(box.responses) + box.logs.join('\n')).not.toContain('plain-text-secret-value');
  });

  test('the scheduled run lets an error fail the invocation (it is retried and shows in the function\'s errors)', async () => {
    const box = passwordFileSandbox([{ user: 'analyst', raw: '{}' }]);
    await expect(box.handler({})).rejects.toThrow(/the secret of user analyst/);
  });
});

test('the deployed code fits CloudFormation\'s inline code limit (4096 characters)', () => {
  expect(PASSWORD_FILE_HANDLER.length).toBeLessThanOrEqual(4096);
});

// The JDK's PBKDF2WithHmacSHA1, which Trino calls, accepts a generated line (when a JDK is installed).
const java = ['/usr/lib/jvm/java-17-openjdk-amd64/bin/java', '/usr/lib/jvm/temurin-25-jdk-amd64/bin/java'].find((path) => {
  try {
    execFileSync(path, ['-version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
});
(java ? test : test.skip)('a generated line passes the JDK\'s PBKDF2WithHmacSHA1 check as Trino runs it', async () => {
  const box = passwordFileSandbox([{ user: 'analyst', password: 'Zq8pW1xT0mNc7Vb2' }]);
  await box.handler({});
  const [, iterations, salt, hash] = box.puts[0].split('\n')[0].split(':');
  const dir = mkdtempSync(join(tmpdir(), 'pbkdf2-'));
  const source = join(dir, 'Check.java');
  writeFileSync(source, [
    'import javax.crypto.SecretKeyFactory; import javax.crypto.spec.PBEKeySpec; import java.util.HexFormat;',
    'public class Check { public static void main(String[] a) throws Exception {',
    '  byte[] salt = HexFormat.of().parseHex(a[2]); byte[] hash = HexFormat.of().parseHex(a[3]);',
    '  byte[] got = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA1").generateSecret(new PBEKeySpec(a[0].toCharArray(), salt, Integer.parseInt(a[1]), hash.length * 8)).getEncoded();',
    '  byte[] wrong = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA1").generateSecret(new PBEKeySpec("wrong".toCharArray(), salt, Integer.parseInt(a[1]), hash.length * 8)).getEncoded();',
    '  System.out.print(java.security.MessageDigest.isEqual(got, hash) + " " + java.security.MessageDigest.isEqual(wrong, hash)); } }',
  ].join('\n'));
  expect(execFileSync(java!, [source, 'Zq8pW1xT0mNc7Vb2', iterations, salt, hash], { encoding: 'utf-8' })).toBe('true false');
}, 60_000);
