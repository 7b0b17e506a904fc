import { propError } from '../private/validation';

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

/** The kinds of client authentication. */
export enum AuthenticationType {
  /** No authentication: clients name any user. */
  NONE = 'NONE',
  /** User name and password, checked against a password file of PBKDF2 hashes (`http-server.authentication.type=PASSWORD`). */
  PASSWORD = 'PASSWORD',
}

/**
 * How clients authenticate to the coordinator.
 *
 * Trino accepts passwords only over HTTPS: with `PASSWORD` the coordinator must sit behind a TLS-terminating load
 * balancer whose forwarded headers it trusts (`http-server.process-forwarded=true`). Requests that reach its HTTP
 * port directly inside the cluster (KEDA reading `/metrics`, `kubectl port-forward`, the workers' own calls) keep
 * Trino's default `http-server.authentication.allow-insecure-over-http=true`: they name a user without a password,
 * which is why the HTTP port must stay private to the cluster.
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

  /** The kind of authentication. */
  public readonly type: AuthenticationType;
  /** The password users (empty unless `type` is PASSWORD). */
  public readonly users: string[];

  private constructor(type: AuthenticationType, users: string[]) {
    this.type = type;
    this.users = users;
  }
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
    if (user in reserved) {
      throw propError(construct, `${prop}[${i}]`, user, `is reserved: ${reserved[user]}; choose another name`);
    }
  });
}
