// The end-to-end sign-in cases: the authentication the library renders (TrinoAuthentication.password and .oauth2,
// processForwarded, managementUser) on a real coordinator, each on a Trino cluster of its own (TrinoAlone: a
// coordinator and one worker, TPC-H only; sign-in needs no storage). Everything stays on 127.0.0.1.
//
// On EKS a TLS-terminating load balancer sits in front of the coordinator and adds `X-Forwarded-Proto: https`; here
// the client plays that part: "forwarded HTTPS" is a request to the coordinator's HTTP port with that header, whose
// `https://` next URIs it maps back to the port, as the load balancer would.
import { execFileSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as https from 'https';
import { AddressInfo } from 'net';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { AssertionError, OwnStackCase, expectEqual, expectTrue, stopStack } from './e2e-support';
import { TrinoAlone } from './trino-alone';
import { LocalToolchain } from '../../local/local-stack';
import { messageOf } from '../../local/stages';
import { AuthenticationType, TrinoAuthentication } from '../../src/trino';
import { PASSWORD_FILE } from '../../src/trino/authentication';
import { TRINO_QUERY_METRICS } from '../../src/trino-on-eks/worker-autoscaling';
import { PASSWORD_FILE_SECRET, passwordFileSandbox } from '../fixtures/password-file-sandbox';

const SECOND = 1000;
/** Every request of these cases: a coordinator that stops answering fails the case instead of hanging it. */
const REQUEST_TIMEOUT_MS = 30 * SECOND;
/** The autoscaler's user, as TrinoOnEks names it by default (WorkerAutoscaling metricsUser). */
const MANAGEMENT_USER = 'keda-autoscaler';

interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

/** One HTTP request to the coordinator, redirects not followed. */
async function request(url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  const response = await fetch(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

function describe(answer: Answer): string {
  return `HTTP ${answer.status} ${answer.text.replace(/\s+/g, ' ').slice(0, 300)}`;
}

const FORWARDED_HTTPS = { 'X-Forwarded-Proto': 'https' };

/**
 * Runs a statement as a client behind the TLS load balancer would (`X-Forwarded-Proto: https` and the credentials on
 * every request; the `https://` next URIs mapped back to the coordinator's port). Returns the rows, and the scheme of
 * the first next URI (https when the coordinator took the request as secure).
 */
async function forwardedQuery(coordinatorUrl: string, sql: string, credentials: Record<string, string>):
Promise<{ rows: unknown[][]; nextScheme: string }> {
  const headers = { ...FORWARDED_HTTPS, ...credentials, 'X-Trino-Source': 'cdk-trino-on-eks-e2e' };
  let answer = await request(`${coordinatorUrl}/v1/statement`, { method: 'POST', headers, body: sql });
  const rows: unknown[][] = [];
  let nextScheme = '';
  const deadline = Date.now() + 120 * SECOND;
  for (;;) {
    if (answer.status !== 200) throw new AssertionError(`${sql}: ${describe(answer)}`);
    const body = JSON.parse(answer.text) as { nextUri?: string; data?: unknown[][]; error?: { message: string } };
    if (body.error) throw new AssertionError(`${sql}: ${body.error.message}`);
    if (body.data) rows.push(...body.data);
    if (!body.nextUri) return { rows, nextScheme };
    const next = new URL(body.nextUri);
    nextScheme ||= next.protocol.replace(':', '');
    if (Date.now() > deadline) throw new AssertionError(`${sql}: not finished within 120 s`);
    answer = await request(`${coordinatorUrl}${next.pathname}${next.search}`, { headers });
  }
}

function basic(user: string, password: string): Record<string, string> {
  return { Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` };
}

/**
 * The password file exactly as the deployment writes it: the library's password-file Lambda (the text that is
 * deployed) run in a sandbox whose Secrets Manager holds each user's generated password.
 */
async function passwordFileFromHandler(passwords: Record<string, string>): Promise<string> {
  const box = passwordFileSandbox(Object.entries(passwords).map(([user, password]) => ({ user, password })), 'initial');
  await box.handler({}); // the scheduled run: no CloudFormation event
  return box.secrets.get(PASSWORD_FILE_SECRET)!;
}

/**
 * Plain HTTP inside the cluster, as the autoscaler reads the coordinator: `/metrics` answers as `management.user`, both
 * as KEDA asks (its metrics-api trigger with authMode basic: the user name, no password) and with no header at all,
 * and has the gauges KEDA reads; a query as that user over plain HTTP is refused.
 */
async function expectManagementAccess(url: string, statement: (headers: Record<string, string>) => Promise<Answer>): Promise<void> {
  const asKeda = await request(`${url}/metrics`, { headers: basic(MANAGEMENT_USER, '') });
  expectEqual(`GET /metrics over plain HTTP as KEDA sends it (Basic ${MANAGEMENT_USER}, no password)`, asKeda.status, 200);
  for (const gauge of Object.values(TRINO_QUERY_METRICS)) {
    expectTrue(`/metrics has ${gauge}, which KEDA's trigger reads`, new RegExp(`^${gauge} `, 'm').test(asKeda.text), `${asKeda.text.length} characters`);
  }
  const bare = await request(`${url}/metrics`);
  expectEqual('GET /metrics over plain HTTP without any header (management.user)', bare.status, 200);
  const managementQuery = await statement({ 'X-Trino-User': MANAGEMENT_USER });
  expectEqual(`a query as ${MANAGEMENT_USER} over plain HTTP`, managementQuery.status, 403);
}

function printer(line: string): void {
  process.stdout.write(`    ${line}\n`);
}

export const passwordSignIn: OwnStackCase = {
  name: 'password sign-in: the rendered PASSWORD authentication, the deployment\'s password file, forwarded HTTPS',
  plugins: ['password-authenticators'],
  matrix: true,
  async run(toolchain: LocalToolchain, workDir: string) {
    const passwords = { alice: crypto.randomBytes(12).toString('base64url'), bob: crypto.randomBytes(12).toString('base64url') };
    const passwordFile = await passwordFileFromHandler(passwords);
    expectEqual('users in the password file the handler wrote', passwordFile.trim().split('\n').map((line) => line.split(':')[0]), ['alice', 'bob']);
    const alice = basic('alice', passwords.alice);
    const cluster = await TrinoAlone.start({
      toolchain,
      workDir,
      workers: 1,
      purpose: 'password sign-in',
      print: printer,
      customize: (options) => ({
        ...options,
        authentication: TrinoAuthentication.password({ users: Object.keys(passwords) }),
        processForwarded: true,
        managementUser: MANAGEMENT_USER,
      }),
      // The runtime's part (on EKS the synced Secret mounted at auth/password/): the file the handler wrote.
      runtimeFiles: (node): Record<string, string> => (node.name === 'coordinator' ? { [PASSWORD_FILE]: passwordFile } : {}),
      ready: async (started) => {
        const { rows } = await forwardedQuery(started.coordinatorUrl, "SELECT count(*) FROM system.runtime.nodes WHERE coordinator = false AND state = 'active'", alice);
        return Number(rows[0][0]) >= 1;
      },
    });
    try {
      const url = cluster.coordinatorUrl;
      const config = cluster.coordinator.files['config.properties'];
      expectTrue('the coordinator renders PASSWORD authentication behind a TLS proxy, and the management user',
        config.includes('http-server.authentication.type=PASSWORD') && config.includes('http-server.process-forwarded=true')
        && config.includes(`management.user=${MANAGEMENT_USER}`), config);
      expectEqual('the authentication type', cluster.coordinator.configuration.authentication.type, AuthenticationType.PASSWORD);
      expectTrue('the password authenticator reads the file at the rendered path',
        (cluster.coordinator.files['password-authenticator.properties'] ?? '').includes(`file.password-file=${path.join(cluster.coordinator.configDirectory, PASSWORD_FILE)}`),
        cluster.coordinator.files['password-authenticator.properties'] ?? 'no password-authenticator.properties');
      const worker = cluster.plan.nodes[1].files;
      expectTrue('workers authenticate nobody', !worker['config.properties'].includes('http-server.authentication') && worker['password-authenticator.properties'] === undefined);

      // The right password over forwarded HTTPS: the query runs as that user, and the coordinator answers with https URIs.
      const signedIn = await forwardedQuery(url, 'SELECT current_user', alice);
      expectEqual('current_user with alice\'s password', signedIn.rows, [['alice']]);
      expectEqual('the scheme of the next URI (the request was taken as HTTPS)', signedIn.nextScheme, 'https');
      expectEqual('current_user with bob\'s password', (await forwardedQuery(url, 'SELECT current_user', basic('bob', passwords.bob))).rows, [['bob']]);

      const statement = (headers: Record<string, string>) => request(`${url}/v1/statement`, { method: 'POST', headers, body: 'SELECT 1' });
      const wrong = await statement({ ...FORWARDED_HTTPS, ...basic('alice', `${passwords.alice}x`) });
      expectEqual('a wrong password', wrong.status, 401);
      const otherUsers = await statement({ ...FORWARDED_HTTPS, ...basic('alice', passwords.bob) });
      expectEqual('another user\'s password', otherUsers.status, 401);
      const unknown = await statement({ ...FORWARDED_HTTPS, ...basic('mallory', passwords.alice) });
      expectEqual('an unknown user', unknown.status, 401);
      const none = await statement({ ...FORWARDED_HTTPS, 'X-Trino-User': 'alice' });
      expectEqual('no credentials (a user name only)', none.status, 401);
      expectTrue('the 401 asks for a password (Basic)', /^Basic\b/i.test(none.headers.get('www-authenticate') ?? ''), `WWW-Authenticate: ${none.headers.get('www-authenticate')}`);

      // Plain HTTP, as from inside the cluster without the load balancer: no password is taken.
      const plain = await statement(alice);
      const plainAsUser = await statement({ 'X-Trino-User': 'alice' });
      process.stdout.write(`    plain HTTP: with alice's password ${describe(plain)}; with a user name only ${describe(plainAsUser)}\n`);
      expectEqual('plain HTTP with the right password', plain.status, 403);
      expectTrue('plain HTTP is refused because authentication over HTTP is off', /Authentication over HTTP is not enabled/.test(plain.text), describe(plain));
      expectEqual('plain HTTP with a user name only', plainAsUser.status, 403);

      await expectManagementAccess(url, statement);
    } finally {
      await stopStack(cluster);
    }
  },
};

// ---------------------------------------------------------------------------------------------------------------
// OAuth 2.0: an OpenID Connect provider stub on 127.0.0.1 over HTTPS (the library takes only an https:// issuer).

interface AuthorizationRequest {
  readonly params: URLSearchParams;
  readonly code: string;
}

/** The identity provider: discovery, JWKS, authorization and token endpoints; signs with an RSA key of its own. */
class OidcStub {
  public static async start(workDir: string, javaHome: string, clientId: string, clientSecret: string): Promise<OidcStub> {
    fs.rmSync(workDir, { recursive: true, force: true });
    fs.mkdirSync(workDir, { recursive: true });
    const key = path.join(workDir, 'tls-key.pem');
    const cert = path.join(workDir, 'tls-cert.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1',
      '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'pipe', timeout: 60 * SECOND });
    // The coordinator's JVM trusts the stub's certificate (a real provider's is signed by a public CA).
    const trustStore = path.join(workDir, 'truststore.p12');
    const trustStorePassword = crypto.randomBytes(12).toString('hex');
    execFileSync(path.join(javaHome, 'bin', 'keytool'), ['-importcert', '-noprompt', '-alias', 'oidc-stub', '-file', cert,
      '-keystore', trustStore, '-storetype', 'PKCS12', '-storepass', trustStorePassword], { stdio: 'pipe', timeout: 60 * SECOND });
    const stub = new OidcStub(fs.readFileSync(key), fs.readFileSync(cert), clientId, clientSecret, trustStore, trustStorePassword);
    await new Promise<void>((resolve, reject) => {
      stub.server.once('error', reject);
      stub.server.listen(0, '127.0.0.1', () => resolve());
    });
    return stub;
  }

  /** The key the provider signs with, and one it does not publish (a forged token's). */
  public readonly signingKey = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  public readonly otherKey = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  public readonly keyId = crypto.randomBytes(8).toString('hex');
  /** Every request the stub served: "METHOD /path". */
  public readonly served: string[] = [];
  public readonly authorizations: AuthorizationRequest[] = [];
  /** The client authentication each token request carried, and what the stub answered. */
  public readonly tokenRequests: Array<{ authorization: string; body: URLSearchParams; status: number }> = [];
  /** The claims of the user who signs in at the authorization endpoint. */
  public user: Record<string, unknown> = {};
  private readonly server: https.Server;

  private constructor(key: Buffer, public readonly certificate: Buffer, private readonly clientId: string, private readonly clientSecret: string,
    public readonly trustStore: string, public readonly trustStorePassword: string) {
    this.server = https.createServer({ key, cert: certificate }, (req, res) => {
      let body = '';
      req.on('data', (chunk) => { body += String(chunk); });
      req.on('end', () => this.serve(req.method ?? 'GET', new URL(req.url ?? '/', this.issuer), req.headers.authorization ?? '', body, res));
    });
  }

  public get issuer(): string {
    return `https://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The JVM options that make Java trust the stub's certificate. */
  public get trustOptions(): string[] {
    return [`-Djavax.net.ssl.trustStore=${this.trustStore}`, `-Djavax.net.ssl.trustStorePassword=${this.trustStorePassword}`, '-Djavax.net.ssl.trustStoreType=PKCS12'];
  }

  /** A JWT signed RS256 with the stub's key (or `key`), with the stub's key id. */
  public sign(claims: Record<string, unknown>, key: crypto.KeyObject = this.signingKey.privateKey): string {
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const input = `${encode({ alg: 'RS256', typ: 'JWT', kid: this.keyId })}.${encode(claims)}`;
    return `${input}.${crypto.sign('sha256', Buffer.from(input), key).toString('base64url')}`;
  }

  /** An access token as the provider issues it: its issuer, the client as audience, valid for `lifetimeSeconds`. */
  public accessToken(claims: Record<string, unknown>, lifetimeSeconds = 300): string {
    const now = Math.floor(Date.now() / 1000);
    return this.sign({ iss: this.issuer, aud: this.clientId, iat: now - 5, exp: now + lifetimeSeconds, ...claims });
  }

  public async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private serve(method: string, url: URL, authorization: string, body: string, res: import('http').ServerResponse): void {
    this.served.push(`${method} ${url.pathname}`);
    const json = (status: number, value: object) => {
      res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
      res.end(JSON.stringify(value));
    };
    if (method === 'GET' && url.pathname === '/.well-known/openid-configuration') {
      // No userinfo_endpoint: Trino then validates access tokens as JWTs against the JWKS (signature, issuer,
      // audience, expiry), instead of asking the provider about each one.
      json(200, {
        issuer: this.issuer,
        authorization_endpoint: `${this.issuer}/authorize`,
        token_endpoint: `${this.issuer}/token`,
        jwks_uri: `${this.issuer}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        scopes_supported: ['openid', 'email'],
        token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
        claims_supported: ['iss', 'sub', 'aud', 'exp', 'iat', 'nonce', 'email'],
      });
    } else if (method === 'GET' && url.pathname === '/jwks') {
      json(200, { keys: [{ ...this.signingKey.publicKey.export({ format: 'jwk' }), kid: this.keyId, alg: 'RS256', use: 'sig' }] });
    } else if (method === 'GET' && url.pathname === '/authorize') {
      // The user signs in at once: back to the client's redirect URI with a code.
      const code = crypto.randomBytes(16).toString('hex');
      this.authorizations.push({ params: url.searchParams, code });
      const back = new URL(url.searchParams.get('redirect_uri') ?? '');
      back.searchParams.set('code', code);
      back.searchParams.set('state', url.searchParams.get('state') ?? '');
      res.writeHead(302, { Location: back.toString() });
      res.end();
    } else if (method === 'POST' && url.pathname === '/token') {
      const form = new URLSearchParams(body);
      const expected = `Basic ${Buffer.from(`${encodeURIComponent(this.clientId)}:${encodeURIComponent(this.clientSecret)}`).toString('base64')}`;
      const byPost = form.get('client_id') === this.clientId && form.get('client_secret') === this.clientSecret;
      const authorized = authorization === expected || byPost;
      const grant = this.authorizations.find((a) => a.code === form.get('code'));
      const status = !authorized ? 401 : grant === undefined || form.get('grant_type') !== 'authorization_code' ? 400 : 200;
      this.tokenRequests.push({ authorization, body: form, status });
      if (status === 401) {
        json(401, { error: 'invalid_client' });
      } else if (status === 400) {
        json(400, { error: 'invalid_grant' });
      } else {
        const now = Math.floor(Date.now() / 1000);
        const nonce = grant!.params.get('nonce');
        json(200, {
          access_token: this.accessToken(this.user),
          id_token: this.sign({ iss: this.issuer, aud: this.clientId, iat: now - 5, exp: now + 300, ...(nonce ? { nonce } : {}), ...this.user }),
          token_type: 'Bearer',
          expires_in: 300,
        });
      }
    } else {
      json(404, { error: 'not_found' });
    }
  }
}

/** The cookies a response sets, as a Cookie header (name=value of each). */
function cookiesOf(answer: Answer): string {
  return answer.headers.getSetCookie().map((cookie) => cookie.split(';')[0]).join('; ');
}

const OAUTH2_CLIENT_ID = 'trino-e2e';

export const oauth2SignIn: OwnStackCase = {
  name: 'OAuth 2.0 sign-in: the rendered OAUTH2 authentication against an OpenID Connect stub on 127.0.0.1',
  matrix: true,
  async run(toolchain: LocalToolchain, workDir: string) {
    const clientSecret = crypto.randomBytes(18).toString('base64url');
    const stub = await OidcStub.start(path.join(workDir, '..', `${path.basename(workDir)}-oidc-stub`), toolchain.trinoJavaHome, OAUTH2_CLIENT_ID, clientSecret);
    const alice = { sub: 'f81d4fae-7dec-11d0-a765-00a0c91e6bf6', email: 'alice@example.com' };
    const token = () => stub.accessToken(alice);
    const bearer = (value: string) => ({ Authorization: `Bearer ${value}` });
    let cluster: TrinoAlone | undefined;
    try {
      cluster = await TrinoAlone.start({
        toolchain,
        workDir,
        workers: 1,
        purpose: 'OAuth 2.0 sign-in',
        print: printer,
        customize: (options) => ({
          ...options,
          authentication: TrinoAuthentication.oauth2({
            issuer: stub.issuer,
            clientId: OAUTH2_CLIENT_ID,
            // Only rendered as ${ENV:TRINO_OAUTH2_CLIENT_SECRET}: the runtime gives the coordinator the value.
            clientSecret: Secret.fromSecretNameV2(new Stack(new App(), 'E2e'), 'ClientSecret', 'trino/oauth2-client-secret'),
            scopes: ['openid', 'email'],
            principalField: 'email',
          }),
          processForwarded: true,
          managementUser: MANAGEMENT_USER,
        }),
        environment: { TRINO_OAUTH2_CLIENT_SECRET: clientSecret },
        extraJvmOptions: stub.trustOptions,
        ready: async (started) => {
          const { rows } = await forwardedQuery(started.coordinatorUrl, "SELECT count(*) FROM system.runtime.nodes WHERE coordinator = false AND state = 'active'", bearer(token()));
          return Number(rows[0][0]) >= 1;
        },
      });
      const url = cluster.coordinatorUrl;
      const config = cluster.coordinator.files['config.properties'];
      for (const line of ['http-server.authentication.type=OAUTH2', `http-server.authentication.oauth2.issuer=${stub.issuer}`,
        `http-server.authentication.oauth2.client-id=${OAUTH2_CLIENT_ID}`, 'http-server.authentication.oauth2.client-secret=${ENV:TRINO_OAUTH2_CLIENT_SECRET}',
        'http-server.authentication.oauth2.principal-field=email', 'web-ui.authentication.type=oauth2', 'http-server.process-forwarded=true']) {
        expectTrue(`the coordinator's config.properties has ${line}`, config.includes(`${line}\n`), config);
      }
      expectTrue('Trino discovered the provider and read its keys',
        stub.served.includes('GET /.well-known/openid-configuration') && stub.served.includes('GET /jwks'), stub.served.join(', '));

      // A signed access token: the query runs as the principal field's value.
      const signedIn = await forwardedQuery(url, 'SELECT current_user', bearer(token()));
      expectEqual('current_user with a signed access token (principal field: email)', signedIn.rows, [[alice.email]]);
      expectEqual('the scheme of the next URI (the request was taken as HTTPS)', signedIn.nextScheme, 'https');

      // No token: 401 with the external-authentication URLs the CLI and JDBC driver follow.
      const statement = (headers: Record<string, string>) => request(`${url}/v1/statement`, { method: 'POST', headers, body: 'SELECT 1' });
      const none = await statement({ ...FORWARDED_HTTPS, 'X-Trino-User': 'alice' });
      expectEqual('no token', none.status, 401);
      const challenge = none.headers.get('www-authenticate') ?? '';
      const redirectServer = /x_redirect_server="([^"]+)"/.exec(challenge)?.[1] ?? '';
      const tokenServer = /x_token_server="([^"]+)"/.exec(challenge)?.[1] ?? '';
      const ownHttps = `https://${new URL(url).host}/oauth2/token/`;
      expectTrue('the 401 is a Bearer challenge with the external-authentication URLs on the forwarded https origin',
        /^Bearer\b/.test(challenge) && redirectServer.startsWith(`${ownHttps}initiate/`) && tokenServer.startsWith(ownHttps), `WWW-Authenticate: ${challenge}`);
      process.stdout.write(`    no token: ${none.status}, WWW-Authenticate: ${challenge.replace(/[A-Za-z0-9_-]{24,}/g, '…')}\n`);

      // Tokens the provider did not issue, or no longer valid.
      const now = Math.floor(Date.now() / 1000);
      const refused: Array<[string, string]> = [
        ['an expired token', stub.accessToken(alice, -60)],
        ['a token signed by another key', stub.sign({ iss: stub.issuer, aud: OAUTH2_CLIENT_ID, iat: now, exp: now + 300, ...alice }, stub.otherKey.privateKey)],
        ['a token for another audience', stub.sign({ iss: stub.issuer, aud: 'another-client', iat: now, exp: now + 300, ...alice })],
        ['a token of another issuer', stub.sign({ iss: 'https://127.0.0.1:1/other', aud: OAUTH2_CLIENT_ID, iat: now, exp: now + 300, ...alice })],
      ];
      const refusals: string[] = [];
      for (const [what, value] of refused) {
        const answer = await statement({ ...FORWARDED_HTTPS, ...bearer(value) });
        expectEqual(what, answer.status, 401);
        refusals.push(`${what} ${answer.status}`);
      }
      process.stdout.write(`    ${refusals.join(', ')}\n`);

      // The web UI: a 303 to the provider's authorization endpoint with the callback; then the code flow to the end
      // (the stub's token endpoint checks the client secret the coordinator got from its environment).
      const ui = await request(`${url}/ui/`, { headers: FORWARDED_HTTPS });
      const location = new URL(ui.headers.get('location') ?? 'about:blank');
      expectEqual('the web UI without a session', ui.status, 303);
      expectEqual('it redirects to the authorization endpoint', `${location.origin}${location.pathname}`, `${stub.issuer}/authorize`);
      expectEqual('with the coordinator\'s callback as redirect URI', location.searchParams.get('redirect_uri'), `https://${new URL(url).host}/oauth2/callback`);
      expectEqual('for the client, the code flow, the scopes', [location.searchParams.get('client_id'), location.searchParams.get('response_type'),
        location.searchParams.get('scope')?.split(' ').sort()], [OAUTH2_CLIENT_ID, 'code', ['email', 'openid']]);
      stub.user = { sub: 'b0b', email: 'bob@example.com' };
      const authorized = await new Promise<string>((resolve, reject) => {
        // The browser's part: the provider's sign-in page (the stub signs the user in at once and redirects back).
        https.get(location, { ca: stub.certificate, timeout: REQUEST_TIMEOUT_MS }, (res) => {
          res.resume();
          resolve(res.headers.location ?? '');
        }).on('error', reject);
      });
      const callback = new URL(authorized);
      const afterCallback = await request(`${url}${callback.pathname}${callback.search}`, { headers: { ...FORWARDED_HTTPS, Cookie: cookiesOf(ui) } });
      const tokenRequest = stub.tokenRequests[stub.tokenRequests.length - 1];
      expectTrue('the coordinator exchanged the code at the token endpoint', tokenRequest !== undefined, `${describe(afterCallback)}; stub served ${stub.served.join(', ')}`);
      expectEqual('the token endpoint accepted the client secret from TRINO_OAUTH2_CLIENT_SECRET', tokenRequest.status, 200);
      expectEqual('the callback signs the browser in and sends it back to the web UI', [afterCallback.status, afterCallback.headers.get('location')?.replace(/^https:\/\/[^/]+/, '')],
        [303, '/ui/']);
      const session = cookiesOf(afterCallback);
      const stats = await request(`${url}/ui/api/stats`, { headers: { ...FORWARDED_HTTPS, Cookie: session } });
      expectEqual('the web UI\'s API with the session cookie', stats.status, 200);
      const clientAuthentication = tokenRequest.authorization.startsWith('Basic ') ? 'client_secret_basic' : 'client_secret_post';
      process.stdout.write(`    web UI: ${ui.status} to ${location.origin}${location.pathname} (redirect_uri ${location.searchParams.get('redirect_uri')}); `
        + `callback: code exchanged (${clientAuthentication}, ${tokenRequest.status}), ${afterCallback.status} to /ui/, /ui/api/stats ${stats.status}\n`);

      // Plain HTTP: no sign-in; the management user reads /metrics, but runs no query.
      const plain = await statement(bearer(token()));
      expectEqual('plain HTTP with a signed token', plain.status, 403);
      await expectManagementAccess(url, statement);
    } catch (error) {
      if (error instanceof AssertionError) throw error;
      throw new Error(`${messageOf(error)} (stub served: ${stub.served.join(', ') || 'nothing'})`);
    } finally {
      if (cluster) await stopStack(cluster);
      await stub.stop();
    }
  },
};
