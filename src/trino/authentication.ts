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
    if (Object.prototype.hasOwnProperty.call(reserved, user)) {
      throw propError(construct, `${prop}[${i}]`, user, `is reserved: ${reserved[user]}; choose another name`);
    }
  });
}
