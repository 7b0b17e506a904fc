import { Duration } from 'aws-cdk-lib';
import { RoleFiles } from './role-files';
import { trinoSeconds } from './trino-units';
import { wholeSeconds } from '../private/units';
import { propError } from '../private/validation';

const CONSTRUCT = 'TrinoAccessControl';

/** Where the coordinator's rules file lives, relative to Trino's configuration directory (the chart's layout). */
export const ACCESS_CONTROL_RULES_FILE = 'access-control/rules.json';

/** What a catalog rule allows (`allow` of a catalog rule). */
export enum CatalogAccess {
  /** Everything the schema and table rules allow. */
  ALL = 'all',
  /** Reading only, whatever the schema and table rules say. */
  READ_ONLY = 'read-only',
  /** Nothing: the catalog is invisible. */
  NONE = 'none',
}

/** A privilege on tables and views. */
export enum TablePrivilege {
  SELECT = 'SELECT',
  INSERT = 'INSERT',
  DELETE = 'DELETE',
  UPDATE = 'UPDATE',
  /** Create, drop, alter and comment on the table (also needed to create tables in a schema). */
  OWNERSHIP = 'OWNERSHIP',
  /** Select through a view owned by someone else. */
  GRANT_SELECT = 'GRANT_SELECT',
}

/** Access to system information (REST management endpoints, `system` connector, `/metrics`, graceful shutdown). */
export enum SystemInformationAccess {
  READ = 'read',
  WRITE = 'write',
}

/** Who and which catalogs a catalog rule is about, and what it allows. */
export interface CatalogAccessRule {
  /**
   * Users the rule applies to: a Java regular expression matched against the whole user name.
   *
   * @default '.*' (every user)
   */
  readonly user?: string;
  /**
   * Groups the rule applies to: a regular expression matched against each of the user's groups (from the group
   * provider, e.g. TrinoConfiguration `groups`). With both `user` and `group`, both must match.
   *
   * @default - any group
   */
  readonly group?: string;
  /**
   * Catalogs the rule applies to: a regular expression matched against the whole catalog name.
   *
   * @default '.*' (every catalog)
   */
  readonly catalog?: string;
  /** What the matching users may do in the matching catalogs. */
  readonly access: CatalogAccess;
}

/** Who owns which schemas (ownership lets a user create tables, drop and alter the schema). */
export interface SchemaAccessRule {
  /**
   * Users: a regular expression matched against the whole user name.
   *
   * @default '.*'
   */
  readonly user?: string;
  /**
   * Groups the rule applies to: a regular expression matched against each of the user's groups (from the group
   * provider, e.g. TrinoConfiguration `groups`). With both `user` and `group`, both must match.
   *
   * @default - any group
   */
  readonly group?: string;
  /**
   * Catalogs: a regular expression.
   *
   * @default '.*'
   */
  readonly catalog?: string;
  /**
   * Schemas: a regular expression.
   *
   * @default '.*'
   */
  readonly schema?: string;
  /** Whether the matching users own the matching schemas. */
  readonly owner: boolean;
}

/** Privileges on tables and views. */
export interface TableAccessRule {
  /**
   * Users: a regular expression matched against the whole user name.
   *
   * @default '.*'
   */
  readonly user?: string;
  /**
   * Groups the rule applies to: a regular expression matched against each of the user's groups (from the group
   * provider, e.g. TrinoConfiguration `groups`). With both `user` and `group`, both must match.
   *
   * @default - any group
   */
  readonly group?: string;
  /**
   * Catalogs: a regular expression.
   *
   * @default '.*'
   */
  readonly catalog?: string;
  /**
   * Schemas: a regular expression.
   *
   * @default '.*'
   */
  readonly schema?: string;
  /**
   * Tables and views: a regular expression.
   *
   * @default '.*'
   */
  readonly table?: string;
  /** The privileges (none denies the matching tables to the matching users). */
  readonly privileges: TablePrivilege[];
}

/** Access to system information. */
export interface SystemInformationRule {
  /**
   * Users: a regular expression matched against the whole user name.
   *
   * @default '.*'
   */
  readonly user?: string;
  /** What the matching users may do (none denies). */
  readonly access: SystemInformationAccess[];
}

/**
 * Trino's system-level file-based access control (security/file-system-access-control.html). For each kind, the
 * first matching rule decides, and a user no rule matches is denied; a kind with no rules at all (left out) is
 * allowed for everyone, except system information, which is then denied to everyone but the users the deployment
 * needs (e.g. the KEDA metrics user).
 */
export interface FileAccessControlOptions {
  /**
   * Catalog rules, first match wins.
   *
   * @default - every user may use every catalog
   */
  readonly catalogs?: CatalogAccessRule[];
  /**
   * Schema ownership rules, first match wins.
   *
   * @default - every user owns every schema
   */
  readonly schemas?: SchemaAccessRule[];
  /**
   * Table privileges, first match wins.
   *
   * @default - every user has every privilege on every table
   */
  readonly tables?: TableAccessRule[];
  /**
   * System information rules, first match wins (after the deployment's own).
   *
   * @default - nobody but the deployment's own users
   */
  readonly systemInformation?: SystemInformationRule[];
  /**
   * How often the coordinator reloads the rules (a changed rule reaches it without a restart).
   *
   * @default Duration.minutes(1)
   */
  readonly refreshPeriod?: Duration;
}

/** Who may do what on the coordinator. */
export class TrinoAccessControl {
  /** Trino's default: every authenticated user may do everything. */
  public static allowAll(): TrinoAccessControl {
    return new TrinoAccessControl(undefined);
  }

  /** Typed rules in Trino's `rules.json` for the `file` access control. */
  public static fileBased(options: FileAccessControlOptions): TrinoAccessControl {
    validate(options);
    return new TrinoAccessControl(options);
  }

  /** The rules, unless everything is allowed. */
  public readonly fileOptions?: FileAccessControlOptions;

  private constructor(fileOptions: FileAccessControlOptions | undefined) {
    this.fileOptions = fileOptions;
  }
}

/** A regular expression that matches exactly one user name (for the deployment's own users). */
export function exactUser(user: string): string {
  return user.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The coordinator's `access-control.properties` and rules file, or nothing when everything is allowed.
 * `systemInformationReaders` are put first in `system_information` with read access (e.g. KEDA reading `/metrics`).
 */
export function accessControlFiles(configDirectory: string, accessControl: TrinoAccessControl,
  systemInformationReaders: string[] = []): Pick<RoleFiles, 'properties' | 'documents'> {
  const options = accessControl.fileOptions;
  if (!options) return { properties: {}, documents: {} };
  const rules: Record<string, unknown> = {};
  if (options.catalogs) {
    rules.catalogs = options.catalogs.map((r) => ({ ...subject(r.user, r.group), ...optional({ catalog: r.catalog }), allow: r.access }));
  }
  if (options.schemas) {
    rules.schemas = options.schemas.map((r) => ({
      ...subject(r.user, r.group), ...optional({ catalog: r.catalog, schema: r.schema }), owner: r.owner,
    }));
  }
  if (options.tables) {
    rules.tables = options.tables.map((r) => ({
      ...subject(r.user, r.group), ...optional({ catalog: r.catalog, schema: r.schema, table: r.table }), privileges: [...r.privileges],
    }));
  }
  rules.system_information = [
    ...systemInformationReaders.map((user) => ({ user: exactUser(user), allow: [SystemInformationAccess.READ] })),
    ...(options.systemInformation ?? []).map((r) => ({ ...subject(r.user), allow: [...r.access] })),
  ];
  const directory = configDirectory === '/' ? '' : configDirectory;
  return {
    properties: {
      'access-control.properties': {
        'access-control.name': 'file',
        'security.config-file': `${directory}/${ACCESS_CONTROL_RULES_FILE}`,
        'security.refresh-period': trinoSeconds(wholeSeconds(options.refreshPeriod ?? Duration.minutes(1), CONSTRUCT, 'refreshPeriod')),
      },
    },
    documents: { [ACCESS_CONTROL_RULES_FILE]: `${JSON.stringify(rules, undefined, 2)}\n` },
  };
}

function subject(user: string | undefined, group?: string): Record<string, string> {
  return { ...(user !== undefined ? { user } : {}), ...(group !== undefined ? { group } : {}) };
}

/** Whether any rule matches users by group (then a group provider must give users their groups). */
export function matchesGroups(accessControl: TrinoAccessControl): boolean {
  const options = accessControl.fileOptions;
  return [...options?.catalogs ?? [], ...options?.schemas ?? [], ...options?.tables ?? []].some((rule) => rule.group !== undefined);
}

function optional(fields: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Record<string, string>;
}

function validate(options: FileAccessControlOptions): void {
  const patterns = (kind: string, rules: any[] | undefined, fields: string[]) => (rules ?? []).forEach((rule, i) => {
    for (const field of fields) {
      const value = rule[field];
      if (value === undefined) continue;
      let valid = typeof value === 'string' && value.length > 0 && !/[\r\n]/.test(value);
      try {
        if (valid) new RegExp(value);
      } catch {
        valid = false;
      }
      if (!valid) {
        throw propError(CONSTRUCT, `${kind}[${i}].${field}`, value, 'must be a regular expression matched against the whole name, e.g. "analyst|admin" or "lake_.*"');
      }
    }
  });
  patterns('catalogs', options.catalogs, ['user', 'group', 'catalog']);
  patterns('schemas', options.schemas, ['user', 'group', 'catalog', 'schema']);
  patterns('tables', options.tables, ['user', 'group', 'catalog', 'schema', 'table']);
  patterns('systemInformation', options.systemInformation, ['user']);
  (options.catalogs ?? []).forEach((rule, i) => {
    if (!Object.values(CatalogAccess).includes(rule.access)) {
      throw propError(CONSTRUCT, `catalogs[${i}].access`, rule.access, 'must be CatalogAccess.ALL, READ_ONLY or NONE');
    }
  });
  (options.tables ?? []).forEach((rule, i) => {
    const unknown = (rule.privileges ?? []).filter((p) => !Object.values(TablePrivilege).includes(p));
    if (!Array.isArray(rule.privileges) || unknown.length > 0) {
      throw propError(CONSTRUCT, `tables[${i}].privileges`, rule.privileges, `must list TablePrivilege values (${Object.values(TablePrivilege).join(', ')})`);
    }
  });
  if (options.refreshPeriod !== undefined) {
    const seconds = wholeSeconds(options.refreshPeriod, CONSTRUCT, 'refreshPeriod');
    if (seconds < 1) throw propError(CONSTRUCT, 'refreshPeriod', `${seconds} seconds`, 'must be at least 1 second');
  }
}
