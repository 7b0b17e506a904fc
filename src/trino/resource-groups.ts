import { Size, SizeRoundingBehavior } from 'aws-cdk-lib';
import { RoleFiles } from './role-files';
import { propError } from '../private/validation';

/** Where the coordinator's resource groups file lives, relative to Trino's configuration directory (the chart's layout). */
export const RESOURCE_GROUPS_FILE = 'resource-groups/resource-groups.json';

/**
 * A group name: letters, digits, `_` and `-`, or a template with `${USER}`, `${SOURCE}` or a named group of a selector's
 * regular expression (`bi-${toolname}`). No `.`: it separates the names in a selector's group path.
 */
const GROUP_NAME = /^([A-Za-z0-9_-]|\$\{[A-Za-z][A-Za-z0-9]*\})+$/;
const CLIENT_TAG = /^[^,\s]+$/;

/** How a group picks the next queued query, and which sub-group starts one (`schedulingPolicy`). */
export enum SchedulingPolicy {
  /** First in, first out; sub-groups take turns. */
  FAIR = 'fair',
  /** Queries picked at random in proportion to their `query_priority`; sub-groups in proportion to their `schedulingWeight`. */
  WEIGHTED = 'weighted',
  /** The sub-group furthest below its share (by `schedulingWeight`) of the running queries starts the next one. */
  WEIGHTED_FAIR = 'weighted_fair',
  /** Strictly by `query_priority`; every sub-group must use this policy too. */
  QUERY_PRIORITY = 'query_priority',
}

/** The kind of statement a selector matches (`queryType`). */
export enum QueryType {
  SELECT = 'SELECT',
  /** EXPLAIN, not EXPLAIN ANALYZE. */
  EXPLAIN = 'EXPLAIN',
  /** DESCRIBE and SHOW statements. */
  DESCRIBE = 'DESCRIBE',
  /** INSERT, CREATE TABLE AS and REFRESH MATERIALIZED VIEW. */
  INSERT = 'INSERT',
  UPDATE = 'UPDATE',
  MERGE = 'MERGE',
  DELETE = 'DELETE',
  ANALYZE = 'ANALYZE',
  /** CREATE, ALTER and DROP of schemas, tables and views, and session, privilege and transaction statements. */
  DATA_DEFINITION = 'DATA_DEFINITION',
  /** ALTER TABLE EXECUTE (table procedures such as optimize). */
  ALTER_TABLE_EXECUTE = 'ALTER_TABLE_EXECUTE',
}

/** How much of the cluster's distributed memory a group may use before its new queries queue (`softMemoryLimit`). */
export class ResourceGroupMemoryLimit {
  /**
   * A share of the cluster's memory, e.g. 80 for `80%`.
   *
   * @param percent more than 0 and at most 100, with at most two decimals
   */
  public static percentOfCluster(percent: number): ResourceGroupMemoryLimit {
    if (typeof percent !== 'number' || !(percent > 0 && percent <= 100) || Math.round(percent * 100) !== percent * 100) {
      throw propError('ResourceGroupMemoryLimit', 'percentOfCluster', percent, 'must be a percentage above 0 and at most 100 (e.g. 80 for "80%"), with at most two decimals');
    }
    return new ResourceGroupMemoryLimit(`${percent}%`);
  }

  /** An absolute amount of memory, e.g. `Size.gibibytes(64)` (rendered in MB, Trino's 2^20 bytes). */
  public static of(size: Size): ResourceGroupMemoryLimit {
    const mebibytes = size.toMebibytes({ rounding: SizeRoundingBehavior.NONE });
    if (!Number.isInteger(mebibytes) || mebibytes < 1) {
      throw propError('ResourceGroupMemoryLimit', 'of', `${mebibytes} MiB`, 'must be a whole number of mebibytes, at least 1');
    }
    return new ResourceGroupMemoryLimit(`${mebibytes}MB`);
  }

  private constructor(
    /** The value as Trino reads it: `80%` or `65536MB`. */
    public readonly value: string,
  ) {}
}

/** A resource group: limits on what its queries (and its sub-groups' queries) use together. */
export interface ResourceGroup {
  /**
   * The group's name: letters, digits, `_` and `-`, or a template such as `${USER}`, `${SOURCE}` or `bi-${toolname}` (a
   * named group of a selector's `source` or `user` expression), which makes one group per value. Unique among its siblings.
   */
  readonly name: string;
  /** Memory the group's queries may use together before new ones queue (`softMemoryLimit`). */
  readonly softMemoryLimit: ResourceGroupMemoryLimit;
  /** The most queries that run at once; more queue (`hardConcurrencyLimit`, 0 or more). */
  readonly hardConcurrencyLimit: number;
  /** The most queries that wait; more are refused (`maxQueued`, 0 or more). */
  readonly maxQueued: number;
  /**
   * Running queries past which the group starts new ones only when its peers cannot (`softConcurrencyLimit`).
   *
   * @default - the hard concurrency limit
   */
  readonly softConcurrencyLimit?: number;
  /**
   * How the group picks its next query and sub-group.
   *
   * @default SchedulingPolicy.FAIR
   */
  readonly schedulingPolicy?: SchedulingPolicy;
  /**
   * The group's weight in its parent's WEIGHTED or WEIGHTED_FAIR scheduling (`schedulingWeight`, 1 or more).
   *
   * @default 1
   */
  readonly schedulingWeight?: number;
  /**
   * Export the group's statistics to JMX (`jmxExport`).
   *
   * @default false
   */
  readonly jmxExport?: boolean;
  /**
   * Sub-groups. A group with sub-groups only divides its limits among them: queries run in leaf groups, so a selector
   * must name a group without sub-groups.
   *
   * @default - none (queries run in this group)
   */
  readonly subGroups?: ResourceGroup[];
}

/**
 * Which queries run in which group: every condition given must match (none given matches every query); the first
 * selector that matches decides, and a query no selector matches is refused.
 */
export interface ResourceGroupSelector {
  /** The leaf group's path, dot-separated from its root group, e.g. `global.adhoc` or `global.pipeline.${USER}`. */
  readonly group: string;
  /**
   * Users: a Java regular expression matched against the user name.
   *
   * @default - any user
   */
  readonly user?: string;
  /**
   * Groups: a Java regular expression matched against each of the user's groups (`userGroup`, from the group provider).
   *
   * @default - any user, whatever their groups
   */
  readonly userGroup?: string;
  /**
   * Sources: a Java regular expression matched against the client's source (`--source` of the CLI, `source` of JDBC).
   *
   * @default - any source
   */
  readonly source?: string;
  /**
   * The kind of statement.
   *
   * @default - any statement
   */
  readonly queryType?: QueryType;
  /**
   * Client tags that must all be among the query's (`--client-tags`, JDBC `clientTags`).
   *
   * @default - none required
   */
  readonly clientTags?: string[];
}

/** Trino's resource groups with the file manager (admin/resource-groups.html): group trees and the selectors that fill them. */
export interface ResourceGroupsOptions {
  /** The root groups (at least one). */
  readonly rootGroups: ResourceGroup[];
  /** The selectors, first match wins (at least one); a query none matches is refused. */
  readonly selectors: ResourceGroupSelector[];
}

/** Checks the groups and selectors, naming the prop (`resourceGroups.rootGroups[0].subGroups[1].maxQueued`) of what is wrong. */
export function validateResourceGroups(options: ResourceGroupsOptions, construct = 'TrinoConfiguration', prefix = 'resourceGroups'): void {
  if (!Array.isArray(options.rootGroups) || options.rootGroups.length === 0) {
    throw propError(construct, `${prefix}.rootGroups`, undefined, 'must list at least one group');
  }
  if (!Array.isArray(options.selectors) || options.selectors.length === 0) {
    throw propError(construct, `${prefix}.selectors`, undefined, 'must list at least one selector: a query no selector matches is refused');
  }
  const leaves = new Set<string>();
  const parents = new Set<string>();
  validateGroups(construct, options.rootGroups, `${prefix}.rootGroups`, '', undefined, leaves, parents);
  options.selectors.forEach((selector, i) => {
    const at = `${prefix}.selectors[${i}]`;
    if (parents.has(selector.group)) {
      throw propError(construct, `${at}.group`, selector.group,
        'names a group with sub-groups, which only divides its limits among them; name one of its leaf groups (queries run there)');
    }
    if (!leaves.has(selector.group)) {
      throw propError(construct, `${at}.group`, selector.group,
        `names no group: it must be the dot-separated path of a leaf group, one of ${[...leaves].map((g) => `"${g}"`).join(', ')}`);
    }
    for (const field of ['user', 'userGroup', 'source'] as const) {
      validatePattern(construct, `${at}.${field}`, selector[field]);
    }
    if (selector.queryType !== undefined && !Object.values(QueryType).includes(selector.queryType)) {
      throw propError(construct, `${at}.queryType`, selector.queryType, `must be a QueryType (${Object.values(QueryType).join(', ')})`);
    }
    (selector.clientTags ?? []).forEach((tag, j) => {
      if (typeof tag !== 'string' || !CLIENT_TAG.test(tag)) {
        throw propError(construct, `${at}.clientTags[${j}]`, tag, 'must be a client tag: no spaces or commas');
      }
    });
  });
}

function validateGroups(construct: string, groups: ResourceGroup[], at: string, parentPath: string, parentPolicy: SchedulingPolicy | undefined,
  leaves: Set<string>, parents: Set<string>): void {
  const names = new Set<string>();
  groups.forEach((group, i) => {
    const here = `${at}[${i}]`;
    if (typeof group.name !== 'string' || !GROUP_NAME.test(group.name)) {
      throw propError(construct, `${here}.name`, group.name,
        'must be a group name: letters, digits, "_" and "-", or a template such as "${USER}" or "bi-${toolname}" (no ".", which separates a selector\'s path)');
    }
    if (names.has(group.name)) {
      throw propError(construct, `${here}.name`, group.name, 'is used by another group with the same parent; sibling groups need unique names');
    }
    names.add(group.name);
    if (!(group.softMemoryLimit instanceof ResourceGroupMemoryLimit)) {
      throw propError(construct, `${here}.softMemoryLimit`, group.softMemoryLimit as any,
        'must be ResourceGroupMemoryLimit.percentOfCluster(percent) or ResourceGroupMemoryLimit.of(size)');
    }
    wholeNumber(construct, `${here}.hardConcurrencyLimit`, group.hardConcurrencyLimit, 0);
    wholeNumber(construct, `${here}.maxQueued`, group.maxQueued, 0);
    if (group.softConcurrencyLimit !== undefined) {
      wholeNumber(construct, `${here}.softConcurrencyLimit`, group.softConcurrencyLimit, 0);
      if (group.softConcurrencyLimit > group.hardConcurrencyLimit) {
        throw propError(construct, `${here}.softConcurrencyLimit`, group.softConcurrencyLimit,
          `must be at most the group's hardConcurrencyLimit (${group.hardConcurrencyLimit})`);
      }
    }
    if (group.schedulingWeight !== undefined) wholeNumber(construct, `${here}.schedulingWeight`, group.schedulingWeight, 1);
    if (group.schedulingPolicy !== undefined && !Object.values(SchedulingPolicy).includes(group.schedulingPolicy)) {
      throw propError(construct, `${here}.schedulingPolicy`, group.schedulingPolicy, `must be a SchedulingPolicy (${Object.values(SchedulingPolicy).join(', ')})`);
    }
    if (parentPolicy === SchedulingPolicy.QUERY_PRIORITY && group.schedulingPolicy !== SchedulingPolicy.QUERY_PRIORITY) {
      throw propError(construct, `${here}.schedulingPolicy`, group.schedulingPolicy,
        'must be SchedulingPolicy.QUERY_PRIORITY: its parent schedules by query priority, which Trino requires of every sub-group');
    }
    const path = parentPath === '' ? group.name : `${parentPath}.${group.name}`;
    if (group.subGroups !== undefined && group.subGroups.length > 0) {
      parents.add(path);
      validateGroups(construct, group.subGroups, `${here}.subGroups`, path, group.schedulingPolicy, leaves, parents);
    } else {
      leaves.add(path);
    }
  });
}

function wholeNumber(construct: string, prop: string, value: number, least: number): void {
  if (!Number.isInteger(value) || value < least) {
    throw propError(construct, prop, value, `must be a whole number of at least ${least}`);
  }
}

/** A Java regular expression (the JavaScript parser catches the usual mistakes: unbalanced brackets, a dangling quantifier). */
export function validatePattern(construct: string, prop: string, value: string | undefined): void {
  if (value === undefined) return;
  let valid = typeof value === 'string' && value.length > 0 && !/[\r\n]/.test(value);
  try {
    // Java's named groups (?<name>...) are JavaScript's too.
    if (valid) new RegExp(value);
  } catch {
    valid = false;
  }
  if (!valid) {
    throw propError(construct, prop, value, 'must be a regular expression, e.g. "analyst|admin" or "jdbc#(?<toolname>.*)"');
  }
}

/** The coordinator's `resource-groups.properties` and JSON file. */
export function resourceGroupsFiles(configDirectory: string, options: ResourceGroupsOptions | undefined): Pick<RoleFiles, 'properties' | 'documents'> {
  if (!options) return { properties: {}, documents: {} };
  const directory = configDirectory === '/' ? '' : configDirectory;
  const document = {
    rootGroups: options.rootGroups.map(renderGroup),
    selectors: options.selectors.map((s) => defined({
      user: s.user,
      userGroup: s.userGroup,
      source: s.source,
      queryType: s.queryType,
      clientTags: s.clientTags ? [...s.clientTags] : undefined,
      group: s.group,
    })),
  };
  return {
    properties: {
      'resource-groups.properties': {
        'resource-groups.configuration-manager': 'file',
        'resource-groups.config-file': `${directory}/${RESOURCE_GROUPS_FILE}`,
      },
    },
    documents: { [RESOURCE_GROUPS_FILE]: `${JSON.stringify(document, undefined, 2)}\n` },
  };
}

function renderGroup(group: ResourceGroup): Record<string, unknown> {
  return defined({
    name: group.name,
    softMemoryLimit: group.softMemoryLimit.value,
    hardConcurrencyLimit: group.hardConcurrencyLimit,
    softConcurrencyLimit: group.softConcurrencyLimit,
    maxQueued: group.maxQueued,
    schedulingPolicy: group.schedulingPolicy,
    schedulingWeight: group.schedulingWeight,
    jmxExport: group.jmxExport,
    subGroups: group.subGroups && group.subGroups.length > 0 ? group.subGroups.map(renderGroup) : undefined,
  });
}

function defined(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
}
