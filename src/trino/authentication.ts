import { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { isUnresolved, propError } from '../private/validation';

/** Where Trino reads the password file, relative to its configuration directory (the official chart's mount). */
export const PASSWORD_FILE = 'auth/password/password.db';

/**
 * What a Trino user name may be here: 1 to 63 letters, digits, ".", "_", "-" or "@", starting with a letter or
 * digit. Trino's password file separates the user from the hash with ":" (so a name cannot hold one), and the
 * names also go into Secrets Manager descriptions, Kubernetes ConfigMaps and access rules, which this keeps simple.
 */
export const TRINO_USER_NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,62}$/;

/** Users who sign in with a password (Trino's file password authenticator). */
export interface PasswordAuthenticationOptions {
  /**
   * The users, each given a generated password (on EKS: in AWS Secrets Manager, one secret per user). Names are
   * case-sensitive and unique.
   */
  readonly users: string[];
}

/** Users who sign in with an OpenID Connect identity provider (Trino's OAuth 2.0 authentication). */
export interface OAuth2AuthenticationOptions {
  /**
   * The provider's issuer URL, exactly as its tokens carry it in `iss`; Trino discovers the endpoints from
   * `<issuer>/.well-known/openid-configuration`. For Amazon Cognito:
   * `https://cognito-idp.<region>.amazonaws.com/<user pool id>`.
   */
  readonly issuer: string;

  /** The client ID Trino is registered under at the provider (a confidential client, with a secret). */
  readonly clientId: string;

  /**
   * The client secret: an AWS Secrets Manager secret whose value is the secret itself (plain text, not JSON). On
   * EKS it reaches the Trino pods as an environment variable from a Secret synced by the Secrets Store CSI driver
   * (the chart's environment is shared by both roles; only the coordinator reads it); it is never in a template
   * or a Helm value. For a Cognito app client:
   * `new Secret(this, 'ClientSecret', { secretStringValue: client.userPoolClientSecret })`. An existing secret
   * encrypted with your own KMS key: import it with `Secret.fromSecretAttributes(this, 'ClientSecret', {
   * secretCompleteArn, encryptionKey })`, so that the pods' role is granted that key too.
   */
  readonly clientSecret: ISecret;

  /**
   * The scopes Trino asks for.
   *
   * @default ['openid']
   */
  readonly scopes?: string[];

  /**
   * The claim of the ID or access token that is the Trino user name (e.g. `email`, or `cognito:username`).
   *
   * @default 'sub'
   */
  readonly principalField?: string;
}

/** The kinds of client authentication. */
export enum AuthenticationType {
  /** No authentication: clients name any user. */
  NONE = 'NONE',
  /** User name and password, checked against a password file of PBKDF2 hashes (`http-server.authentication.type=PASSWORD`). */
  PASSWORD = 'PASSWORD',
  /**
   * OpenID Connect sign-in at an identity provider (`http-server.authentication.type=OAUTH2`, and the web UI too):
   * the CLI and JDBC driver open a browser, the web UI redirects, services send the provider's access token.
   */
  OAUTH2 = 'OAUTH2',
}

/**
 * How clients authenticate to the coordinator.
 *
 * Trino accepts passwords only over HTTPS: with `PASSWORD` the coordinator must sit behind a TLS-terminating load
 * balancer whose forwarded headers it trusts (`http-server.process-forwarded=true`). Behind such a proxy Trino (476
 * and later, checked on a real coordinator) refuses unauthenticated requests over plain HTTP ("Authentication over
 * HTTP is not enabled"): clients, `kubectl port-forward` included, go through the load balancer. Nodes still talk to
 * each other with the shared secret, workers authenticate nobody (the preStop call as `admin` on localhost works),
 * and the deployment's own management reads (KEDA's `/metrics`) use a fixed `management.user`.
 */
export class TrinoAuthentication {
  /** No client authentication. */
  public static none(): TrinoAuthentication {
    return new TrinoAuthentication(AuthenticationType.NONE, []);
  }

  /** User name and password, the users' passwords generated and stored by the deployment. */
  public static password(options: PasswordAuthenticationOptions): TrinoAuthentication {
    return new TrinoAuthentication(AuthenticationType.PASSWORD, [...options.users]);
  }

  /**
   * Sign-in at an OpenID Connect identity provider (Amazon Cognito, Okta, Entra ID, Keycloak...). Register
   * `https://<endpoint.domainName>/oauth2/callback` as the client's redirect URI (TrinoOnEks outputs it as
   * `OAuth2RedirectUri`; and, for the web UI, `https://<endpoint.domainName>/ui/logout/logout.html` as its sign-out
   * URL). Trino has no redirect URI setting: it builds the callback from the name the client connected to (behind the
   * load balancer, from the forwarded request), so clients use that name.
   */
  public static oauth2(options: OAuth2AuthenticationOptions): TrinoAuthentication {
    return new TrinoAuthentication(AuthenticationType.OAUTH2, [], {
      ...options, ...(options.scopes ? { scopes: [...options.scopes] } : {}),
    });
  }

  /** The kind of authentication. */
  public readonly type: AuthenticationType;
  /** The password users (empty unless `type` is PASSWORD). */
  public readonly users: string[];
  /** The identity provider (only when `type` is OAUTH2). */
  public readonly oauth2Options?: OAuth2AuthenticationOptions;

  private constructor(type: AuthenticationType, users: string[], oauth2?: OAuth2AuthenticationOptions) {
    this.type = type;
    this.users = users;
    this.oauth2Options = oauth2;
  }
}

/** Where the coordinator receives the identity provider's redirect (Trino's OAuth 2.0 callback resource). */
export const OAUTH2_CALLBACK_PATH = '/oauth2/callback';

/** The redirect URI to register at the identity provider for clients that reach the coordinator at `host`. */
export function oauth2RedirectUri(host: string): string {
  return `https://${host}${OAUTH2_CALLBACK_PATH}`;
}

/** The environment variable the coordinator reads the OAuth 2.0 client secret from (`${ENV:...}` in config.properties). */
export const OAUTH2_CLIENT_SECRET_VARIABLE = 'TRINO_OAUTH2_CLIENT_SECRET';

/** RFC 6749 scope-token characters, without the comma Trino separates scopes with. */
const SCOPE = /^[\x21\x23-\x2B\x2D-\x5B\x5D-\x7E]+$/;
/** A claim name: letters, digits and `_ : . -` (e.g. `cognito:username`). */
const CLAIM = /^[A-Za-z0-9_:.-]{1,128}$/;
/** A value that goes into a properties file on one line. */
const ONE_LINE = /^[^\s\\]+$/;

/**
 * The coordinator's OAuth 2.0 properties (security/oauth2.html): the issuer (endpoints by OIDC discovery), the
 * client, its secret from the environment, the scopes, the principal claim, and the web UI signing in the same way.
 * Validates the options first: each error names the prop, the value and what is allowed.
 */
export function oauth2Properties(construct: string, prop: string, options: OAuth2AuthenticationOptions): Record<string, string> {
  const issuer = options.issuer;
  if (!isUnresolved(issuer)) {
    let url: URL | undefined;
    try {
      url = new URL(issuer);
    } catch {
      url = undefined;
    }
    if (!url || url.protocol !== 'https:' || !ONE_LINE.test(issuer) || url.search !== '' || url.hash !== '') {
      throw propError(construct, `${prop}.issuer`, issuer,
        'must be the identity provider\'s https:// issuer URL, without query or fragment (Trino reads <issuer>/.well-known/openid-configuration), ' +
        'e.g. "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123"');
    }
  }
  if (!isUnresolved(options.clientId) && !(ONE_LINE.test(options.clientId) && options.clientId.length <= 256)) {
    throw propError(construct, `${prop}.clientId`, options.clientId, 'must be the client ID: 1 to 256 characters without spaces or backslashes');
  }
  const scopes = options.scopes ?? ['openid'];
  if (scopes.length === 0) {
    throw propError(construct, `${prop}.scopes`, [], 'must name at least one scope, e.g. ["openid"]');
  }
  scopes.forEach((scope, i) => {
    if (!SCOPE.test(scope)) {
      throw propError(construct, `${prop}.scopes[${i}]`, scope, 'must be an OAuth 2.0 scope: printable characters without spaces, quotes, backslashes or commas');
    }
  });
  const principalField = options.principalField ?? 'sub';
  if (!CLAIM.test(principalField)) {
    throw propError(construct, `${prop}.principalField`, principalField, 'must be a token claim name: letters, digits, "_", ":", "." or "-"');
  }
  return {
    'http-server.authentication.oauth2.issuer': issuer,
    'http-server.authentication.oauth2.client-id': options.clientId,
    'http-server.authentication.oauth2.client-secret': `\${ENV:${OAUTH2_CLIENT_SECRET_VARIABLE}}`,
    'http-server.authentication.oauth2.scopes': scopes.join(','),
    'http-server.authentication.oauth2.principal-field': principalField,
    'web-ui.authentication.type': 'oauth2',
  };
}

/**
 * Checks the password users: at least one, each a valid Trino user name, no duplicate, none of the names the
 * deployment uses for itself (`reserved`, with the reason it is reserved).
 */
export function validatePasswordUsers(construct: string, prop: string, users: string[], reserved: Record<string, string> = {}): void {
  if (users.length === 0) {
    throw propError(construct, prop, [], 'must name at least one user: with password authentication nobody else can sign in');
  }
  const seen = new Set<string>();
  users.forEach((user, i) => {
    if (typeof user !== 'string' || !TRINO_USER_NAME.test(user)) {
      throw propError(construct, `${prop}[${i}]`, user,
        'must be a Trino user name: 1 to 63 letters, digits, ".", "_", "-" or "@", starting with a letter or digit (no ":", which separates the password file)');
    }
    if (seen.has(user)) {
      throw propError(construct, `${prop}[${i}]`, user, 'is listed twice; each user has one password, list it once');
    }
    seen.add(user);
    if (Object.prototype.hasOwnProperty.call(reserved, user)) {
      throw propError(construct, `${prop}[${i}]`, user, `is reserved: ${reserved[user]}; choose another name`);
    }
  });
}
