import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { isUnresolved, propError } from '../private/validation';

const ENVIRONMENT_VARIABLE = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** A top-level JSON key the Secrets Store CSI provider can select (an unquoted JMESPath identifier). */
const JSON_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Which keys of a Secrets Manager secret's JSON hold the user name and the password. */
export interface SecretCredentialsOptions {
  /**
   * The JSON key of the user name.
   *
   * @default 'username' (the key of RDS and Redshift generated secrets)
   */
  readonly usernameKey?: string;
  /**
   * The JSON key of the password.
   *
   * @default 'password'
   */
  readonly passwordKey?: string;
}

/**
 * Where a catalog's database user name and password come from. The catalog file only references them as
 * `${ENV:NAME}`: the values live in the environment of every Trino process (coordinator and workers both connect),
 * never in the catalog file, the Helm values or a ConfigMap.
 */
export class CatalogCredentials {
  /**
   * A Secrets Manager secret holding JSON with the user name and password (e.g. the secret of an RDS instance or a
   * Redshift cluster). TrinoOnEks grants its pods read access to this secret only, and the Secrets Store CSI driver
   * syncs the two keys into a Kubernetes Secret that sets the environment variables.
   */
  public static fromSecret(secret: secretsmanager.ISecret, options: SecretCredentialsOptions = {}): CatalogCredentials {
    const usernameKey = options.usernameKey ?? 'username';
    const passwordKey = options.passwordKey ?? 'password';
    for (const [prop, key] of [['usernameKey', usernameKey], ['passwordKey', passwordKey]]) {
      if (!isUnresolved(key) && !JSON_KEY.test(key)) {
        throw propError('CatalogCredentials.fromSecret', prop, key, 'must be a top-level JSON key of the secret: letters, digits and "_", not starting with a digit');
      }
    }
    if (usernameKey === passwordKey) {
      throw propError('CatalogCredentials.fromSecret', 'passwordKey', passwordKey, 'must differ from usernameKey');
    }
    return new CatalogCredentials(secret, usernameKey, passwordKey, undefined, undefined);
  }

  /**
   * Environment variables the runtime sets on every Trino process by itself (a runtime of your own, or the local
   * stack). TrinoOnEks refuses these: nothing would set them; use `fromSecret`.
   */
  public static fromEnvironment(usernameVariable: string, passwordVariable: string): CatalogCredentials {
    for (const [prop, name] of [['usernameVariable', usernameVariable], ['passwordVariable', passwordVariable]]) {
      if (!ENVIRONMENT_VARIABLE.test(name ?? '')) {
        throw propError('CatalogCredentials.fromEnvironment', prop, name,
          'must be the name of an environment variable (letters, digits and "_", not starting with a digit), never the value itself');
      }
    }
    return new CatalogCredentials(undefined, undefined, undefined, usernameVariable, passwordVariable);
  }

  private constructor(
    /** The Secrets Manager secret, with `fromSecret`. */
    public readonly secret: secretsmanager.ISecret | undefined,
    /** The JSON key of the user name, with `fromSecret`. */
    public readonly usernameKey: string | undefined,
    /** The JSON key of the password, with `fromSecret`. */
    public readonly passwordKey: string | undefined,
    /** The variable holding the user name, with `fromEnvironment`. */
    public readonly usernameVariable: string | undefined,
    /** The variable holding the password, with `fromEnvironment`. */
    public readonly passwordVariable: string | undefined,
  ) {}
}

/** A catalog's credentials, resolved: where they come from and the environment variables the catalog file reads. */
export interface ResolvedCatalogCredentials {
  /** The Secrets Manager secret, when the credentials come from one. */
  readonly secret?: secretsmanager.ISecret;
  /** The secret's JSON key of the user name, when they come from a secret. */
  readonly usernameKey?: string;
  /** The secret's JSON key of the password, when they come from a secret. */
  readonly passwordKey?: string;
  /** The environment variable holding the user name (`connection-user=${ENV:...}`). */
  readonly usernameVariable: string;
  /** The environment variable holding the password (`connection-password=${ENV:...}`). */
  readonly passwordVariable: string;
}

/** The credentials of catalog `name`: a secret's keys go to `TRINO_CATALOG_<NAME>_USERNAME` and `..._PASSWORD`. */
export function resolveCredentials(catalogName: string, credentials: CatalogCredentials): ResolvedCatalogCredentials {
  if (credentials.secret) {
    const prefix = `TRINO_CATALOG_${catalogName.toUpperCase()}`;
    return {
      secret: credentials.secret,
      usernameKey: credentials.usernameKey,
      passwordKey: credentials.passwordKey,
      usernameVariable: `${prefix}_USERNAME`,
      passwordVariable: `${prefix}_PASSWORD`,
    };
  }
  return { usernameVariable: credentials.usernameVariable!, passwordVariable: credentials.passwordVariable! };
}
