// The Lambda function that turns the users' passwords (one Secrets Manager secret each) into Trino's password
// file (one Secrets Manager secret, synced into the Kubernetes Secret the coordinator mounts). Inline Node.js code
// with no dependency but the runtime's AWS SDK, so that no asset has to be bundled; it is unit-tested as the exact
// text that is deployed (test/trino-on-eks/password-file-handler.test.ts).
//
// Trino's file authenticator (security/password-file.html, plugin trino-password-authenticators EncryptionUtil):
// a line is `user:iterations:hexsalt:hexhash`, PBKDF2WithHmacSHA1, key length = the hash's length, at least 1000
// iterations. The hash is 20 bytes (SHA-1's output: more only makes the server work harder, not an attacker).
// A file this code wrote was accepted by a real Trino 476 coordinator (right passwords 200, wrong ones 401).
//
// Invoked by CloudFormation (a custom resource: on create and update, answering through the pre-signed URL) and by
// a schedule (a user's password changed in Secrets Manager). Each run reads every user's password, keeps a line
// whose hash still matches it and hashes anew otherwise, and writes the file only when it changed. No password or
// hash is ever logged or returned.

/** PBKDF2 iterations of each hash (Trino's minimum is 1000). */
export const PBKDF2_ITERATIONS = 100_000;

/** The handler's source (`index.handler`), for `lambda.Code.fromInline`. */
export const PASSWORD_FILE_HANDLER = `'use strict';
const crypto = require('crypto');
const { SecretsManagerClient, GetSecretValueCommand, PutSecretValueCommand } = require('@aws-sdk/client-secrets-manager');
const sm = new SecretsManagerClient({});
const ITERATIONS = ${PBKDF2_ITERATIONS};
const KEY_BYTES = 20;

function hash(password, salt, iterations, bytes) {
  return crypto.pbkdf2Sync(password, salt, iterations, bytes, 'sha1');
}
function line(user, password) {
  const salt = crypto.randomBytes(16);
  return user + ':' + ITERATIONS + ':' + salt.toString('hex') + ':' + hash(password, salt, ITERATIONS, KEY_BYTES).toString('hex');
}
function matches(existing, password) {
  const parts = (existing || '').split(':');
  if (parts.length !== 4 || !/^[0-9]+$/.test(parts[1]) || Number(parts[1]) < 1000) return false;
  const expected = Buffer.from(parts[3], 'hex');
  if (expected.length === 0) return false;
  const actual = hash(password, Buffer.from(parts[2], 'hex'), Number(parts[1]), expected.length);
  return crypto.timingSafeEqual(actual, expected);
}
async function text(secretId) {
  const out = await sm.send(new GetSecretValueCommand({ SecretId: secretId }));
  return out.SecretString || '';
}
function passwordOf(user, secretText) {
  let password;
  try { password = JSON.parse(secretText).password; } catch (e) { password = undefined; }
  if (typeof password !== 'string' || password.length === 0) throw new Error('the secret of user ' + user + ' is not JSON with a "password"');
  return password;
}
async function sync() {
  const users = JSON.parse(process.env.USERS);
  const fileSecret = process.env.PASSWORD_FILE_SECRET;
  const current = await text(fileSecret);
  const lines = new Map();
  for (const l of current.split('\\n')) {
    const i = l.indexOf(':');
    if (i > 0) lines.set(l.slice(0, i), l);
  }
  const next = [];
  for (const u of users) {
    const password = passwordOf(u.user, await text(u.secretArn));
    next.push(matches(lines.get(u.user), password) ? lines.get(u.user) : line(u.user, password));
  }
  const file = next.join('\\n') + '\\n';
  if (file === current) return false;
  await sm.send(new PutSecretValueCommand({ SecretId: fileSecret, SecretString: file }));
  return true;
}
async function respond(event, status, reason) {
  const body = JSON.stringify({
    Status: status, Reason: reason, PhysicalResourceId: event.PhysicalResourceId || 'trino-password-file',
    StackId: event.StackId, RequestId: event.RequestId, LogicalResourceId: event.LogicalResourceId, Data: {},
  });
  const res = await fetch(event.ResponseURL, { method: 'PUT', headers: { 'content-type': '' }, body });
  if (!res.ok) throw new Error('CloudFormation response failed: ' + res.status);
}
exports.handler = async (event) => {
  if (!event || !event.RequestType) {
    console.log((await sync()) ? 'password file updated' : 'password file unchanged');
    return;
  }
  try {
    if (event.RequestType !== 'Delete') console.log((await sync()) ? 'password file updated' : 'password file unchanged');
    await respond(event, 'SUCCESS', 'ok');
  } catch (error) {
    console.log('password file failed: ' + error.name + ': ' + error.message);
    await respond(event, 'FAILED', 'password file not written: ' + error.name + ': ' + error.message);
  }
};
`;
