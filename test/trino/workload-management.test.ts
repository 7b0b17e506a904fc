import { Size } from 'aws-cdk-lib';
import {
  CatalogAccess, QueryType, ResourceGroupMemoryLimit, ResourceGroupsOptions, SchedulingPolicy, TablePrivilege, TrinoAccessControl,
  TrinoConfiguration, TrinoConfigurationOptions, TrinoRole, TrinoVersion,
} from '../../src/trino';
import { TrinoChartValues } from '../../src/trino-on-eks/chart-values';
import { parseProperties } from '../fixtures/properties-parser';

const BASE: TrinoConfigurationOptions = {
  discoveryUri: 'http://trino:8080',
  coordinatorNode: { nodeMemory: Size.gibibytes(16), nodeVcpus: 4 },
  workerNode: { nodeMemory: Size.gibibytes(64), nodeVcpus: 16 },
  maxWorkers: 2,
};

/** What the docs' example does: a global tree with an ETL pipeline per user, ad hoc queries, and admins apart. */
const GROUPS: ResourceGroupsOptions = {
  rootGroups: [
    {
      name: 'global',
      softMemoryLimit: ResourceGroupMemoryLimit.percentOfCluster(80),
      hardConcurrencyLimit: 100,
      maxQueued: 1000,
      schedulingPolicy: SchedulingPolicy.WEIGHTED,
      jmxExport: true,
      subGroups: [
        {
          name: 'pipeline',
          softMemoryLimit: ResourceGroupMemoryLimit.percentOfCluster(50),
          hardConcurrencyLimit: 45,
          maxQueued: 100,
          schedulingWeight: 3,
          subGroups: [{ name: 'pipeline_${USER}', softMemoryLimit: ResourceGroupMemoryLimit.percentOfCluster(12.5), hardConcurrencyLimit: 5, maxQueued: 20 }],
        },
        { name: 'adhoc', softMemoryLimit: ResourceGroupMemoryLimit.of(Size.gibibytes(64)), hardConcurrencyLimit: 10, softConcurrencyLimit: 8, maxQueued: 50 },
      ],
    },
    { name: 'admin', softMemoryLimit: ResourceGroupMemoryLimit.percentOfCluster(100), hardConcurrencyLimit: 50, maxQueued: 100 },
  ],
  selectors: [
    { userGroup: 'admins', group: 'admin' },
    { source: '.*pipeline.*', queryType: QueryType.INSERT, group: 'global.pipeline.pipeline_${USER}' },
    { user: 'analyst|bi-.*', clientTags: ['hipri'], group: 'global.adhoc' },
  ],
};

describe.each(TrinoVersion.SUPPORTED.map((v) => [v.version, v] as const))('resource groups on Trino %i', (_, version) => {
  const config = new TrinoConfiguration({ ...BASE, version, resourceGroups: GROUPS, groups: [{ name: 'admins', users: ['alice', 'bob'] }] });
  const coordinator = config.files(TrinoRole.COORDINATOR);

  test('the coordinator uses the file manager on its JSON file', () => {
    expect(parseProperties(coordinator['resource-groups.properties'])).toEqual({
      'resource-groups.configuration-manager': 'file',
      'resource-groups.config-file': '/etc/trino/resource-groups/resource-groups.json',
    });
  });

  test('the JSON file holds the groups and selectors under Trino\'s field names', () => {
    const document = JSON.parse(coordinator['resource-groups/resource-groups.json']);
    expect(document.rootGroups[0]).toEqual({
      name: 'global',
      softMemoryLimit: '80%',
      hardConcurrencyLimit: 100,
      maxQueued: 1000,
      schedulingPolicy: 'weighted',
      jmxExport: true,
      subGroups: [
        {
          name: 'pipeline',
          softMemoryLimit: '50%',
          hardConcurrencyLimit: 45,
          maxQueued: 100,
          schedulingWeight: 3,
          subGroups: [{ name: 'pipeline_${USER}', softMemoryLimit: '12.5%', hardConcurrencyLimit: 5, maxQueued: 20 }],
        },
        { name: 'adhoc', softMemoryLimit: '65536MB', hardConcurrencyLimit: 10, softConcurrencyLimit: 8, maxQueued: 50 },
      ],
    });
    expect(document.selectors).toEqual([
      { userGroup: 'admins', group: 'admin' },
      { source: '.*pipeline.*', queryType: 'INSERT', group: 'global.pipeline.pipeline_${USER}' },
      { user: 'analyst|bi-.*', clientTags: ['hipri'], group: 'global.adhoc' },
    ]);
  });

  test('the file group provider reads the group file, one group:users line each', () => {
    expect(parseProperties(coordinator['group-provider.properties'])).toEqual({
      'group-provider.name': 'file',
      'file.group-file': '/etc/trino/groups.txt',
    });
    expect(coordinator['groups.txt']).toBe('admins:alice,bob\n');
  });

  test('workers get neither: resource groups and groups are the coordinator\'s', () => {
    const worker = config.files(TrinoRole.WORKER);
    expect(Object.keys(worker).filter((f) => /resource-groups|group/.test(f))).toEqual([]);
  });
});

describe('the chart carries them under its own keys', () => {
  const config = new TrinoConfiguration({ ...BASE, resourceGroups: GROUPS, groups: [{ name: 'admins', users: ['alice'] }, { name: 'analysts', users: ['carol', 'dan'] }] });
  const values = new TrinoChartValues(config, { namespace: 'trino', serviceAccountName: 'trino', sharedSecret: { secretName: 'trino-internal', key: 'shared-secret' } }).values;

  test('resourceGroups type configmap with the JSON as rendered (the chart writes the same properties)', () => {
    expect(values.resourceGroups).toEqual({ type: 'configmap', resourceGroupsConfig: config.files(TrinoRole.COORDINATOR)['resource-groups/resource-groups.json'] });
  });

  test('the group provider and its file among the coordinator\'s additional files; no chart Secret (auth stays unset)', () => {
    const files = config.files(TrinoRole.COORDINATOR);
    expect(values.coordinator.additionalConfigFiles).toEqual({ 'group-provider.properties': files['group-provider.properties'], 'groups.txt': 'admins:alice\nanalysts:carol,dan\n' });
    expect(values.auth).toBeUndefined();
  });
});

describe('access rules that match groups', () => {
  const rules = TrinoAccessControl.fileBased({
    catalogs: [{ group: 'admins', access: CatalogAccess.ALL }, { user: 'carol', group: 'analysts', catalog: 'lake', access: CatalogAccess.READ_ONLY }],
    schemas: [{ group: 'admins', owner: true }],
    tables: [{ group: 'analysts', schema: 'sales', privileges: [TablePrivilege.SELECT] }],
  });

  test('render group next to user in catalog, schema and table rules', () => {
    const config = new TrinoConfiguration({ ...BASE, accessControl: rules, groups: [{ name: 'admins', users: ['alice'] }] });
    const document = JSON.parse(config.files(TrinoRole.COORDINATOR)['access-control/rules.json']);
    expect(document.catalogs).toEqual([
      { group: 'admins', allow: 'all' },
      { user: 'carol', group: 'analysts', catalog: 'lake', allow: 'read-only' },
    ]);
    expect(document.schemas).toEqual([{ group: 'admins', owner: true }]);
    expect(document.tables).toEqual([{ group: 'analysts', schema: 'sales', privileges: ['SELECT'] }]);
    expect(config.warnings).toEqual([]);
  });

  test('without groups, a warning says nobody belongs to one', () => {
    const config = new TrinoConfiguration({ ...BASE, accessControl: rules });
    expect(config.warnings).toEqual([expect.stringMatching(/accessControl rules match users by group, but groups is empty/)]);
  });

  test('a group pattern that is no regular expression is refused', () => {
    expect(() => TrinoAccessControl.fileBased({ catalogs: [{ group: 'admins(', access: CatalogAccess.ALL }] }))
      .toThrow(/TrinoAccessControl: catalogs\[0\]\.group \("admins\("\) must be a regular expression/);
  });
});

describe('bad resource groups and groups are refused, naming the prop', () => {
  const leaf = { name: 'adhoc', softMemoryLimit: ResourceGroupMemoryLimit.percentOfCluster(10), hardConcurrencyLimit: 1, maxQueued: 1 };
  const refuse = (resourceGroups: ResourceGroupsOptions, message: RegExp) =>
    expect(() => new TrinoConfiguration({ ...BASE, resourceGroups })).toThrow(message);

  test('a selector naming a group that does not exist', () => {
    refuse({ rootGroups: [leaf], selectors: [{ group: 'global.adhoc' }] },
      /resourceGroups\.selectors\[0\]\.group \("global\.adhoc"\) names no group: .* one of "adhoc"/);
  });
  test('a selector naming a group with sub-groups', () => {
    refuse({ rootGroups: [{ ...leaf, name: 'global', subGroups: [leaf] }], selectors: [{ group: 'global' }] },
      /selectors\[0\]\.group \("global"\) names a group with sub-groups/);
  });
  test('a group name with a dot', () => {
    refuse({ rootGroups: [{ ...leaf, name: 'a.b' }], selectors: [{ group: 'a.b' }] }, /rootGroups\[0\]\.name \("a\.b"\) must be a group name/);
  });
  test('two sibling groups with one name', () => {
    refuse({ rootGroups: [leaf, leaf], selectors: [{ group: 'adhoc' }] }, /rootGroups\[1\]\.name \("adhoc"\) is used by another group/);
  });
  test('a negative or fractional limit', () => {
    refuse({ rootGroups: [{ ...leaf, maxQueued: -1 }], selectors: [{ group: 'adhoc' }] }, /rootGroups\[0\]\.maxQueued \(-1\) must be a whole number of at least 0/);
    refuse({ rootGroups: [{ ...leaf, hardConcurrencyLimit: 1.5 }], selectors: [{ group: 'adhoc' }] }, /hardConcurrencyLimit \(1\.5\)/);
  });
  test('a soft concurrency limit above the hard one', () => {
    refuse({ rootGroups: [{ ...leaf, softConcurrencyLimit: 2 }], selectors: [{ group: 'adhoc' }] }, /softConcurrencyLimit \(2\) must be at most the group's hardConcurrencyLimit \(1\)/);
  });
  test('a sub-group of a query_priority group with another policy', () => {
    refuse({ rootGroups: [{ ...leaf, name: 'g', schedulingPolicy: SchedulingPolicy.QUERY_PRIORITY, subGroups: [leaf] }], selectors: [{ group: 'g.adhoc' }] },
      /rootGroups\[0\]\.subGroups\[0\]\.schedulingPolicy \(not set\) must be SchedulingPolicy\.QUERY_PRIORITY/);
  });
  test('no selector', () => {
    refuse({ rootGroups: [leaf], selectors: [] }, /resourceGroups\.selectors \(not set\) must list at least one selector/);
  });
  test('a selector pattern that is no regular expression', () => {
    refuse({ rootGroups: [leaf], selectors: [{ group: 'adhoc', user: '[a-' }] }, /selectors\[0\]\.user \("\[a-"\) must be a regular expression/);
  });
  test.each([0, -5, 101, 12.345, NaN])('a memory share of %p percent', (percent) => {
    expect(() => ResourceGroupMemoryLimit.percentOfCluster(percent)).toThrow(/ResourceGroupMemoryLimit: percentOfCluster .* must be a percentage above 0 and at most 100/);
  });
  test('a memory limit of less than a mebibyte', () => {
    expect(() => ResourceGroupMemoryLimit.of(Size.kibibytes(512))).toThrow(/ResourceGroupMemoryLimit: of \("0\.5 MiB"\) must be a whole number of mebibytes/);
  });
  test('a group with a colon in its name, a member who is no user name, a group listed twice', () => {
    expect(() => new TrinoConfiguration({ ...BASE, groups: [{ name: 'a:b', users: ['x'] }] })).toThrow(/groups\[0\]\.name \("a:b"\) must be a group name/);
    expect(() => new TrinoConfiguration({ ...BASE, groups: [{ name: 'a', users: ['x,y'] }] })).toThrow(/groups\[0\]\.users\[0\] \("x,y"\) must be a Trino user name/);
    expect(() => new TrinoConfiguration({ ...BASE, groups: [{ name: 'a', users: ['x'] }, { name: 'a', users: ['y'] }] })).toThrow(/groups\[1\]\.name \("a"\) is used by another group/);
    expect(() => new TrinoConfiguration({ ...BASE, groups: [{ name: 'a', users: [] }] })).toThrow(/groups\[0\]\.users \(\[\]\) must list at least one user/);
  });
});
