import { TRINO_USER_NAME } from './authentication';
import { RoleFiles } from './role-files';
import { propError } from '../private/validation';

/** A group name the group file can hold: no `:` (ends the name) or `,` (separates users). */
const GROUP_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

/**
 * Where the coordinator's group file lives, relative to Trino's configuration directory: top level, because the chart
 * puts the coordinator's additional files there (its own `auth.groups` would keep user names in a chart-rendered Secret).
 */
export const GROUP_FILE = 'groups.txt';

/** A group of users, for access rules (`group`) and resource group selectors (`userGroup`). */
export interface UserGroup {
  /** The group's name: letters, digits, `.`, `_` and `-`. */
  readonly name: string;
  /** Its members' user names (at least one). */
  readonly users: string[];
}

/** Checks the groups: valid, unique names, and members who are Trino user names. */
export function validateUserGroups(groups: UserGroup[], construct = 'TrinoConfiguration', prefix = 'groups'): void {
  const seen = new Set<string>();
  groups.forEach((group, i) => {
    if (typeof group.name !== 'string' || !GROUP_NAME.test(group.name)) {
      throw propError(construct, `${prefix}[${i}].name`, group.name, 'must be a group name: 1 to 63 letters, digits, ".", "_" or "-", starting with a letter or digit');
    }
    if (seen.has(group.name)) throw propError(construct, `${prefix}[${i}].name`, group.name, 'is used by another group; list each group once');
    seen.add(group.name);
    if (!Array.isArray(group.users) || group.users.length === 0) {
      throw propError(construct, `${prefix}[${i}].users`, group.users, 'must list at least one user');
    }
    group.users.forEach((user, j) => {
      if (typeof user !== 'string' || !TRINO_USER_NAME.test(user)) {
        throw propError(construct, `${prefix}[${i}].users[${j}]`, user, 'must be a Trino user name: 1 to 63 letters, digits, ".", "_", "-" or "@"');
      }
    });
  });
}

/**
 * The coordinator's `group-provider.properties` (Trino's file group provider, security/group-file.html) and the group
 * file, one `group:user,user` line per group; nothing without groups.
 */
export function groupProviderFiles(configDirectory: string, groups: UserGroup[]): Pick<RoleFiles, 'properties' | 'documents'> {
  if (groups.length === 0) return { properties: {}, documents: {} };
  const directory = configDirectory === '/' ? '' : configDirectory;
  return {
    properties: {
      'group-provider.properties': {
        'group-provider.name': 'file',
        'file.group-file': `${directory}/${GROUP_FILE}`,
      },
    },
    documents: { [GROUP_FILE]: groups.map((g) => `${g.name}:${g.users.join(',')}\n`).join('') },
  };
}
