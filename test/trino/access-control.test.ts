import { Duration, Size } from 'aws-cdk-lib';
import {
  CatalogAccess, SystemInformationAccess, TablePrivilege, TrinoAccessControl, TrinoConfiguration, TrinoConfigurationOptions, TrinoRole, TrinoVersion,
} from '../../src/trino';
import { exactUser } from '../../src/trino/access-control';
import { parseProperties } from '../fixtures/properties-parser';

const BASE: TrinoConfigurationOptions = {
  discoveryUri: 'http://trino:8080',
  coordinatorNode: { nodeMemory: Size.gibibytes(16), nodeVcpus: 4 },
  workerNode: { nodeMemory: Size.gibibytes(64), nodeVcpus: 16 },
  maxWorkers: 2,
  gracefulShutdown: {},
};

const RULES = TrinoAccessControl.fileBased({
  catalogs: [
    { user: 'admin', access: CatalogAccess.ALL },
    { user: 'analyst', catalog: 'lake|tpch', access: CatalogAccess.READ_ONLY },
    { catalog: 'system', access: CatalogAccess.NONE },
  ],
  schemas: [{ user: 'admin', owner: true }, { catalog: 'lake', schema: 'sandbox', owner: true }],
  tables: [
    { user: 'admin', privileges: [TablePrivilege.SELECT, TablePrivilege.INSERT, TablePrivilege.DELETE, TablePrivilege.UPDATE, TablePrivilege.OWNERSHIP] },
    { user: 'analyst', catalog: 'lake', schema: 'sales', table: 'orders_.*', privileges: [TablePrivilege.SELECT] },
  ],
  systemInformation: [{ user: 'admin', access: [SystemInformationAccess.READ, SystemInformationAccess.WRITE] }],
});

describe.each(TrinoVersion.SUPPORTED.map((v) => [v.version, v] as const))('file access control on Trino %i', (_, version) => {
  const config = new TrinoConfiguration({ ...BASE, version, accessControl: RULES, managementUser: 'keda-autoscaler' });
  const files = config.files(TrinoRole.COORDINATOR);

  test('the coordinator uses the file access control on its rules file, reloaded every minute', () => {
    expect(parseProperties(files['access-control.properties'])).toEqual({
      'access-control.name': 'file',
      'security.config-file': '/etc/trino/access-control/rules.json',
      'security.refresh-period': '60s',
    });
  });

  test('the rules are the typed rules in Trino\'s JSON, in order, with the management reader first in system_information', () => {
    expect(JSON.parse(files['access-control/rules.json'])).toEqual({
      catalogs: [
        { user: 'admin', allow: 'all' },
        { user: 'analyst', catalog: 'lake|tpch', allow: 'read-only' },
        { catalog: 'system', allow: 'none' },
      ],
      schemas: [{ user: 'admin', owner: true }, { catalog: 'lake', schema: 'sandbox', owner: true }],
      tables: [
        { user: 'admin', privileges: ['SELECT', 'INSERT', 'DELETE', 'UPDATE', 'OWNERSHIP'] },
        { user: 'analyst', catalog: 'lake', schema: 'sales', table: 'orders_.*', privileges: ['SELECT'] },
      ],
      system_information: [
        { user: 'keda-autoscaler', allow: ['read'] },
        { user: 'admin', allow: ['read', 'write'] },
      ],
    });
  });

  test('workers keep only the graceful shutdown rule', () => {
    const worker = config.files(TrinoRole.WORKER);
    expect(parseProperties(worker['access-control.properties'])['security.config-file']).toBe('/etc/trino/access-control/graceful-shutdown-rules.json');
    expect(JSON.parse(worker['access-control/graceful-shutdown-rules.json'])).toEqual({ system_information: [{ allow: ['write'], user: 'admin' }] });
    expect(worker['access-control/rules.json']).toBeUndefined();
  });
});

describe('sections', () => {
  test('a kind left out is left out of the file (Trino allows it), system information is always there', () => {
    const accessControl = TrinoAccessControl.fileBased({ catalogs: [{ access: CatalogAccess.READ_ONLY }] });
    const config = new TrinoConfiguration({ ...BASE, accessControl });
    expect(JSON.parse(config.files(TrinoRole.COORDINATOR)['access-control/rules.json'])).toEqual({
      catalogs: [{ allow: 'read-only' }],
      system_information: [],
    });
  });

  test('an empty list denies that kind to everyone', () => {
    const config = new TrinoConfiguration({ ...BASE, accessControl: TrinoAccessControl.fileBased({ tables: [] }) });
    expect(JSON.parse(config.files(TrinoRole.COORDINATOR)['access-control/rules.json']).tables).toEqual([]);
  });

  test('management readers are matched exactly (regular expression characters escaped)', () => {
    expect(exactUser('keda.metrics')).toBe('keda\\.metrics');
    expect(new RegExp(`^${exactUser('keda.metrics')}$`).test('kedaXmetrics')).toBe(false);
  });

  test('refreshPeriod', () => {
    const config = new TrinoConfiguration({ ...BASE, accessControl: TrinoAccessControl.fileBased({ refreshPeriod: Duration.seconds(10) }) });
    expect(parseProperties(config.files(TrinoRole.COORDINATOR)['access-control.properties'])['security.refresh-period']).toBe('10s');
  });

  test('allowAll (the default) renders no coordinator access control', () => {
    for (const accessControl of [undefined, TrinoAccessControl.allowAll()]) {
      const files = new TrinoConfiguration({ ...BASE, accessControl, managementUser: 'keda-autoscaler' }).files(TrinoRole.COORDINATOR);
      expect(files['access-control.properties']).toBeUndefined();
      expect(files['access-control/rules.json']).toBeUndefined();
    }
  });
});

describe('bad input', () => {
  test.each<[string, () => unknown, RegExp]>([
    ['an invalid regular expression', () => TrinoAccessControl.fileBased({ tables: [{ table: 'orders_[', privileges: [] }] }),
      /TrinoAccessControl: tables\[0\].table \("orders_\["\) must be a regular expression matched against the whole name/],
    ['an empty user pattern', () => TrinoAccessControl.fileBased({ catalogs: [{ user: '', access: CatalogAccess.ALL }] }),
      /TrinoAccessControl: catalogs\[0\].user \(""\) must be a regular expression/],
    ['a line break in a pattern', () => TrinoAccessControl.fileBased({ schemas: [{ schema: 'a\nb', owner: true }] }),
      /TrinoAccessControl: schemas\[0\].schema \("a\\nb"\) must be a regular expression/],
    ['an unknown catalog access', () => TrinoAccessControl.fileBased({ catalogs: [{ access: 'write' as CatalogAccess }] }),
      /TrinoAccessControl: catalogs\[0\].access \("write"\) must be CatalogAccess.ALL, READ_ONLY or NONE/],
    ['an unknown privilege', () => TrinoAccessControl.fileBased({ tables: [{ privileges: ['READ' as TablePrivilege] }] }),
      /TrinoAccessControl: tables\[0\].privileges \(\["READ"\]\) must list TablePrivilege values/],
    ['a refresh period below a second', () => TrinoAccessControl.fileBased({ refreshPeriod: Duration.seconds(0) }),
      /TrinoAccessControl: refreshPeriod \("0 seconds"\) must be at least 1 second/],
    ['a management user that is no user name', () => new TrinoConfiguration({ ...BASE, managementUser: 'a:b' }),
      /TrinoConfiguration: managementUser \("a:b"\) must be a Trino user name/],
  ])('%s', (_, build, message) => {
    expect(build).toThrow(message);
  });
});
