import { propertyLines } from './properties-text';
import { CHART_FIXED_JVM_OPTIONS, CHART_GRACEFUL_SHUTDOWN_RULES, CHART_PASSWORD_FILE, TrinoChartNames } from './trino-chart';
import { workerChartValues } from '../graceful-shutdown/worker-shutdown-manifests';
import { deepMerge } from '../private/deep-merge';
import { GRACEFUL_SHUTDOWN_RULES_FILE } from '../trino/graceful-shutdown';
import { PropertiesFile } from '../trino/properties-file';
import { RESOURCE_GROUPS_FILE } from '../trino/resource-groups';
import { RoleFiles } from '../trino/role-files';
import { TrinoRole } from '../trino/server-config';
import { TrinoConfiguration } from '../trino/trino-configuration';
import { GROUP_FILE } from '../trino/user-groups';

const CONSTRUCT = 'TrinoChartValues';
const CATALOG_FILE = /^catalog\/([a-z0-9_]+)\.properties$/;
/** Property keys that hold a secret value (`s3.aws-secret-key`, `internal-communication.shared-secret`, `...password`). */
const SECRET_KEY = /(secret|password|secret-key|access-key|token|credentials?)$/i;
/**
 * How a secret may appear in a file: an environment variable reference, the only substitution Trino 476 to
 * 483 document (security/secrets.html at each release; the secrets-provider plugins of later docs are not
 * in these releases).
 */
const SECRET_REFERENCE = /^\$\{ENV:[A-Za-z_][A-Za-z0-9_]*\}$/;

/**
 * The part of the chart values that carries Trino's files: every file of the configuration's model (its
 * properties maps, JVM options and documents, never text parsed back), property by property, goes to the one chart key that puts it in the pod unchanged, so that the
 * configuration that is deployed is the configuration that was run (locally, or in the tests).
 *
 * The mapping (chart 1.42.2, templates/configmap-coordinator.yaml, configmap-worker.yaml, configmap-catalog.yaml):
 *
 * | Rendered                                      | Chart key                                                    |
 * |-----------------------------------------------|--------------------------------------------------------------|
 * | config `coordinator`                          | rendered by the chart per role (true/false)                  |
 * | config `http-server.http.port`                | `service.port`                                               |
 * | config `query.max-memory`                     | `server.config.query.maxMemory` (one value for both roles)   |
 * | config `query.max-memory-per-node`            | `<role>.config.query.maxMemoryPerNode`                       |
 * | config `memory.heap-headroom-per-node`        | `<role>.config.memory.heapHeadroomPerNode`                   |
 * | config `node-scheduler.include-coordinator`   | `coordinator.config.nodeScheduler.includeCoordinator`        |
 * | config `discovery.uri`                        | the chart's own: workers `http://<fullname>:<port>` (must equal ours), coordinator `http://localhost:<port>` (listed in CHART_ADDITIONS) |
 * | config `http-server.authentication.type`      | `server.config.authenticationType` (coordinator)             |
 * | worker config `shutdown.grace-period`         | `worker.gracefulShutdown.gracePeriodSeconds` (with `worker.terminationGracePeriodSeconds`: workerChartValues) |
 * | config, any other property, same on both roles| `additionalConfigProperties` (one line each)                 |
 * | config, coordinator only / worker only         | `server.coordinatorExtraConfig` / `server.workerExtraConfig` |
 * | jvm `-Xmx`                                     | `<role>.jvm.maxHeapSize`                                     |
 * | jvm `-XX:+UseG1GC`, `-XX:G1HeapRegionSize=`    | `<role>.jvm.gcMethod.type`, `.g1.heapRegionSize`             |
 * | jvm, the options the chart always writes       | nothing (CHART_FIXED_JVM_OPTIONS; each must be ours too)     |
 * | jvm, every other option                        | `<role>.additionalJVMConfig`                                 |
 * | node `node.environment`, `node.data-dir`       | `server.node.environment`, `server.node.dataDir`             |
 * | node, other properties                         | `additionalNodeProperties`                                   |
 * | `catalog/<name>.properties`                    | `catalogs.<name>` (the file as rendered); the chart's default tpch/tpcds are removed with `null` |
 * | `exchange-manager.properties`                  | `server.exchangeManager.name`, `.baseDir`, the rest `additionalExchangeManagerProperties` |
 * | worker `access-control.properties` + rules     | `worker.gracefulShutdown.enabled` (the chart mounts the same rule) |
 * | coordinator `access-control.properties` (file) | `accessControl` type `configmap` (`configFile`, `rules`, `refreshPeriod`) |
 * | coordinator `access-control.properties` (other)| `accessControl` type `properties`                             |
 * | coordinator `password-authenticator.properties`| `coordinator.additionalConfigFiles` (keeps the chart from writing its own) |
 * | coordinator `resource-groups.properties` (file)+ JSON | `resourceGroups` type `configmap` (`resourceGroupsConfig`; the chart writes the same properties) |
 * | coordinator `group-provider.properties` + `groups.txt` | `coordinator.additionalConfigFiles` (keeps the chart from writing its own; no chart Secret) |
 *
 * A file or property no chart key can carry unchanged is an error here rather than a silent difference.
 */
export interface ChartConfiguration {
  /** The values, to be merged with the deployment's. */
  readonly values: Record<string, any>;
  /** The path of the password file Trino reads, when password authentication is on. */
  readonly passwordFile?: string;
}

export function chartConfiguration(configuration: TrinoConfiguration, names: TrinoChartNames): ChartConfiguration {
  const coordinatorModel = configuration._roleFiles(TrinoRole.COORDINATOR);
  const workerModel = configuration._roleFiles(TrinoRole.WORKER);
  refuseSecretValues(coordinatorModel, 'coordinator');
  refuseSecretValues(workerModel, 'worker');
  // What is left to map: a file is removed once a chart key carries it.
  const coordinatorFiles = { ...coordinatorModel.properties };
  const workerFiles = { ...workerModel.properties };
  const coordinatorDocuments = { ...coordinatorModel.documents };
  const workerDocuments = { ...workerModel.documents };
  const take = <T>(files: Record<string, T>, name: string): T | undefined => {
    const content = files[name];
    delete files[name];
    return content;
  };
  for (const base of ['config.properties', 'node.properties']) {
    take(coordinatorFiles, base);
    take(workerFiles, base);
  }

  const port = configuration.httpPort;
  const coordinator = coordinatorModel.properties['config.properties'];
  const worker = workerModel.properties['config.properties'];
  const coordinatorExtra: Record<string, string> = { ...coordinator };
  const workerExtra: Record<string, string> = { ...worker };
  const own = (role: string, properties: Record<string, string>, extra: Record<string, string>, key: string,
    required: boolean): string | undefined => {
    const value = properties[key];
    if (value === undefined && required) {
      throw new Error(`${CONSTRUCT}: the ${role} config.properties has no ${key}; the chart always renders one, so it must come from the configuration`);
    }
    delete extra[key];
    return value;
  };

  // Properties the chart renders from its own keys.
  for (const [role, properties, extra] of [['coordinator', coordinator, coordinatorExtra], ['worker', worker, workerExtra]] as const) {
    if (own(role, properties, extra, 'coordinator', true) !== String(role === 'coordinator')) {
      throw new Error(`${CONSTRUCT}: the ${role} config.properties says coordinator=${properties.coordinator}`);
    }
    if (own(role, properties, extra, 'http-server.http.port', true) !== String(port)) {
      throw new Error(`${CONSTRUCT}: http-server.http.port of the ${role} differs from httpPort (${port})`);
    }
  }
  const maxMemory = own('coordinator', coordinator, coordinatorExtra, 'query.max-memory', true)!;
  if (own('worker', worker, workerExtra, 'query.max-memory', true) !== maxMemory) {
    throw new Error(`${CONSTRUCT}: query.max-memory differs between coordinator and workers; the chart has one value for both`);
  }
  const expectedWorkerDiscovery = `http://${names.service}:${port}`;
  const workerDiscovery = own('worker', worker, workerExtra, 'discovery.uri', true);
  if (workerDiscovery !== expectedWorkerDiscovery) {
    throw new Error(`${CONSTRUCT}: discoveryUri ("${workerDiscovery}") must be "${expectedWorkerDiscovery}", the coordinator Service the chart ` +
      `creates for release name "${names.fullname}" and the URI it gives workers; render the configuration with that discoveryUri`);
  }
  own('coordinator', coordinator, coordinatorExtra, 'discovery.uri', true); // the chart's http://localhost:<port>

  const includeCoordinator = own('coordinator', coordinator, coordinatorExtra, 'node-scheduler.include-coordinator', false) ?? 'false';
  const authenticationType = own('coordinator', coordinator, coordinatorExtra, 'http-server.authentication.type', false);

  let values: Record<string, any> = {
    service: { port },
    server: {
      node: nodeValues(configuration),
      config: {
        path: configuration.configDirectory,
        query: { maxMemory },
        ...(authenticationType !== undefined ? { authenticationType } : {}),
      },
    },
    coordinator: {
      ...jvmValues(coordinatorModel.jvmOptions, TrinoRole.COORDINATOR),
      config: {
        memory: { heapHeadroomPerNode: own('coordinator', coordinator, coordinatorExtra, 'memory.heap-headroom-per-node', true) },
        nodeScheduler: { includeCoordinator: includeCoordinator === 'true' },
        query: { maxMemoryPerNode: own('coordinator', coordinator, coordinatorExtra, 'query.max-memory-per-node', true) },
      },
    },
    worker: {
      ...jvmValues(workerModel.jvmOptions, TrinoRole.WORKER),
      config: {
        memory: { heapHeadroomPerNode: own('worker', worker, workerExtra, 'memory.heap-headroom-per-node', true) },
        query: { maxMemoryPerNode: own('worker', worker, workerExtra, 'query.max-memory-per-node', true) },
      },
    },
  };
  if (includeCoordinator !== 'true' && includeCoordinator !== 'false') {
    throw new Error(`${CONSTRUCT}: node-scheduler.include-coordinator must be true or false, not "${includeCoordinator}"`);
  }

  // Graceful shutdown: the chart's worker.gracefulShutdown renders shutdown.grace-period, the preStop
  // request and the same access rule; worker.terminationGracePeriodSeconds holds the whole budget.
  const budget = configuration.gracefulShutdown;
  const grace = own('worker', worker, workerExtra, 'shutdown.grace-period', false);
  if (grace !== undefined || budget) {
    if (!budget || grace !== budget.shutdownGracePeriodProperty) {
      throw new Error(`${CONSTRUCT}: the worker's shutdown.grace-period (${grace}) must come from the graceful shutdown budget`);
    }
    expectGracefulShutdownAccessControl(configuration, take(workerFiles, 'access-control.properties'), take(workerDocuments, GRACEFUL_SHUTDOWN_RULES_FILE));
    values = deepMerge(values, workerChartValues(budget));
  }
  for (const key of ['jmx.rmiregistry.port', 'jmx.rmiserver.port']) {
    if (key in coordinatorExtra || key in workerExtra) {
      throw new Error(`${CONSTRUCT}: ${key} is rendered by the chart when metrics are on; the configuration must not set it`);
    }
  }

  // Everything else in config.properties: one list for what both roles share, one block per role for the rest.
  const shared: Record<string, string> = {};
  for (const key of Object.keys(coordinatorExtra)) {
    if (key in workerExtra && workerExtra[key] === coordinatorExtra[key]) {
      shared[key] = coordinatorExtra[key];
      delete coordinatorExtra[key];
      delete workerExtra[key];
    }
  }
  values.additionalConfigProperties = propertyLines(shared);
  if (Object.keys(coordinatorExtra).length > 0) values.server.coordinatorExtraConfig = propertyLines(coordinatorExtra).join('\n');
  if (Object.keys(workerExtra).length > 0) values.server.workerExtraConfig = propertyLines(workerExtra).join('\n');

  const extraNode = { ...configuration.nodeProperties() };
  delete extraNode['node.environment'];
  delete extraNode['node.data-dir'];
  if (Object.keys(extraNode).length > 0) values.additionalNodeProperties = propertyLines(extraNode);

  // Catalogs: one ConfigMap for both roles, so each file must be the same on both.
  values.catalogs = catalogValues(coordinatorFiles, workerFiles);

  // Exchange manager: the same file on both roles.
  const exchange = take(coordinatorFiles, 'exchange-manager.properties');
  if (!sameProperties(exchange, take(workerFiles, 'exchange-manager.properties'))) {
    throw new Error(`${CONSTRUCT}: exchange-manager.properties differs between coordinator and workers; the chart renders one for both`);
  }
  if (exchange) {
    const { 'exchange-manager.name': name, 'exchange.base-directories': baseDirectories, ...rest } = exchange;
    values.server.exchangeManager = { name, baseDir: baseDirectories.split(',') };
    if (Object.keys(rest).length > 0) values.additionalExchangeManagerProperties = propertyLines(rest);
  }

  // Coordinator security files.
  let passwordFile: string | undefined;
  const accessControl = take(coordinatorFiles, 'access-control.properties');
  if (accessControl !== undefined) {
    values.accessControl = accessControlValues(configuration, accessControl, coordinatorDocuments);
  }
  const passwordAuthenticator = take(coordinatorFiles, 'password-authenticator.properties');
  if (passwordAuthenticator !== undefined) {
    passwordFile = passwordAuthenticator['file.password-file'];
    if (passwordAuthenticator['password-authenticator.name'] !== 'file' || passwordFile !== `${configuration.configDirectory}/${CHART_PASSWORD_FILE}`) {
      throw new Error(`${CONSTRUCT}: password-authenticator.properties must use the file authenticator with file.password-file=` +
        `${configuration.configDirectory}/${CHART_PASSWORD_FILE}, where the chart mounts the password Secret`);
    }
    const text = PropertiesFile.render(passwordAuthenticator);
    refuseTemplates('password-authenticator.properties', text);
    values.coordinator.additionalConfigFiles = { ...values.coordinator.additionalConfigFiles, 'password-authenticator.properties': text };
  }

  const resourceGroups = take(coordinatorFiles, 'resource-groups.properties');
  if (resourceGroups !== undefined) {
    values.resourceGroups = resourceGroupsValues(configuration, resourceGroups, coordinatorDocuments);
  }
  const groupProvider = take(coordinatorFiles, 'group-provider.properties');
  if (groupProvider !== undefined) {
    values.coordinator.additionalConfigFiles = {
      ...values.coordinator.additionalConfigFiles,
      ...groupFiles(configuration, groupProvider, coordinatorDocuments),
    };
  }

  const left = [
    ...[...Object.keys(coordinatorFiles), ...Object.keys(coordinatorDocuments)].map((f) => `coordinator ${f}`),
    ...[...Object.keys(workerFiles), ...Object.keys(workerDocuments)].map((f) => `worker ${f}`),
  ];
  if (left.length > 0) {
    throw new Error(`${CONSTRUCT}: no key of the Trino chart carries ${left.join(', ')}; add a mapping in chart-configuration.ts`);
  }
  return { values, passwordFile };
}

function nodeValues(configuration: TrinoConfiguration): Record<string, string> {
  const node = configuration.nodeProperties();
  return { environment: node['node.environment'], dataDir: node['node.data-dir'] };
}

function jvmValues(options: string[], role: TrinoRole): Record<string, any> {
  const xmx = options.find((o) => o.startsWith('-Xmx'));
  const region = options.find((o) => o.startsWith('-XX:G1HeapRegionSize='));
  if (!xmx || !region || !options.includes('-XX:+UseG1GC')) {
    throw new Error(`${CONSTRUCT}: the ${role.toLowerCase()} jvm.config must set -Xmx, -XX:+UseG1GC and -XX:G1HeapRegionSize (the chart always renders them)`);
  }
  const missing = CHART_FIXED_JVM_OPTIONS.filter((o) => !options.includes(o));
  if (missing.length > 0) {
    throw new Error(`${CONSTRUCT}: the chart always renders ${missing.join(' ')} in jvm.config, which the ${role.toLowerCase()} configuration lacks`);
  }
  const carried = new Set([xmx, region, '-XX:+UseG1GC', ...CHART_FIXED_JVM_OPTIONS]);
  return {
    jvm: {
      maxHeapSize: xmx.slice('-Xmx'.length),
      gcMethod: { type: 'UseG1GC', g1: { heapRegionSize: region.slice('-XX:G1HeapRegionSize='.length) } },
    },
    additionalJVMConfig: options.filter((o) => !carried.has(o)),
  };
}

type PropertiesFiles = RoleFiles['properties'];

function catalogValues(coordinatorFiles: PropertiesFiles, workerFiles: PropertiesFiles): Record<string, string | null> {
  const catalogs: Record<string, string | null> = {};
  for (const file of Object.keys(coordinatorFiles)) {
    const match = CATALOG_FILE.exec(file);
    if (!match) continue;
    if (!sameProperties(coordinatorFiles[file], workerFiles[file])) {
      throw new Error(`${CONSTRUCT}: ${file} differs between coordinator and workers; the chart renders one catalog ConfigMap for both`);
    }
    const content = PropertiesFile.render(coordinatorFiles[file]);
    refuseTemplates(file, content);
    catalogs[match[1]] = content;
    delete coordinatorFiles[file];
    delete workerFiles[file];
  }
  // The chart's values.yaml ships tpch and tpcds; Helm merges maps, so only null removes them.
  for (const chartDefault of ['tpch', 'tpcds']) {
    if (!(chartDefault in catalogs)) catalogs[chartDefault] = null;
  }
  return catalogs;
}

function sameProperties(a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return PropertiesFile.render(a) === PropertiesFile.render(b);
}

function expectGracefulShutdownAccessControl(configuration: TrinoConfiguration, properties: Record<string, string> | undefined,
  rules: string | undefined): void {
  const expectedPath = `${configuration.configDirectory}/${GRACEFUL_SHUTDOWN_RULES_FILE}`;
  if (properties?.['access-control.name'] !== 'file' || properties['security.config-file'] !== expectedPath || Object.keys(properties).length !== 2
    || rules === undefined || JSON.stringify(JSON.parse(rules)) !== JSON.stringify(CHART_GRACEFUL_SHUTDOWN_RULES)) {
    throw new Error(`${CONSTRUCT}: the worker access control differs from the graceful shutdown rule the chart mounts at ${expectedPath}`);
  }
}

function accessControlValues(configuration: TrinoConfiguration, properties: Record<string, string>,
  documents: Record<string, string>): Record<string, any> {
  const prefix = `${configuration.configDirectory}/access-control/`;
  const configFile = properties['security.config-file'];
  const fileBased = properties['access-control.name'] === 'file' && configFile?.startsWith(prefix)
    && Object.keys(properties).every((k) => ['access-control.name', 'security.config-file', 'security.refresh-period'].includes(k));
  if (!fileBased) {
    const text = PropertiesFile.render(properties);
    refuseTemplates('access-control.properties', text);
    return { type: 'properties', properties: text };
  }
  const name = configFile.slice(prefix.length);
  const rules = documents[`access-control/${name}`];
  if (rules === undefined || name.includes('/')) {
    throw new Error(`${CONSTRUCT}: access-control.properties names ${configFile}, which the configuration does not render`);
  }
  delete documents[`access-control/${name}`];
  return {
    type: 'configmap',
    configFile: name,
    ...(properties['security.refresh-period'] !== undefined ? { refreshPeriod: properties['security.refresh-period'] } : {}),
    rules: { [name]: rules },
  };
}

/** The chart's `configmap` resource groups: it writes the file manager's properties itself, for the file it mounts. */
function resourceGroupsValues(configuration: TrinoConfiguration, properties: Record<string, string>,
  documents: Record<string, string>): Record<string, any> {
  const file = `${configuration.configDirectory}/${RESOURCE_GROUPS_FILE}`;
  const document = documents[RESOURCE_GROUPS_FILE];
  if (properties['resource-groups.configuration-manager'] !== 'file' || properties['resource-groups.config-file'] !== file
    || Object.keys(properties).length !== 2 || document === undefined) {
    throw new Error(`${CONSTRUCT}: resource-groups.properties must use the file manager with resource-groups.config-file=${file}, ` +
      'the only resource groups file the chart mounts');
  }
  delete documents[RESOURCE_GROUPS_FILE];
  refuseTemplates(RESOURCE_GROUPS_FILE, document);
  return { type: 'configmap', resourceGroupsConfig: document };
}

/**
 * The file group provider's two files as the coordinator's additional files, which the chart places in the configuration
 * directory (a group-provider.properties there keeps the chart from writing its own for `auth.groups`).
 */
function groupFiles(configuration: TrinoConfiguration, properties: Record<string, string>,
  documents: Record<string, string>): Record<string, string> {
  const file = `${configuration.configDirectory}/${GROUP_FILE}`;
  const groups = documents[GROUP_FILE];
  if (properties['group-provider.name'] !== 'file' || properties['file.group-file'] !== file || GROUP_FILE.includes('/') || groups === undefined) {
    throw new Error(`${CONSTRUCT}: group-provider.properties must use the file group provider with file.group-file=${file}, ` +
      'a top-level file of the configuration directory, where the chart places the coordinator\'s additional files');
  }
  delete documents[GROUP_FILE];
  const text = PropertiesFile.render(properties);
  refuseTemplates('group-provider.properties', text);
  refuseTemplates(GROUP_FILE, groups);
  return { 'group-provider.properties': text, [GROUP_FILE]: groups };
}

/**
 * Every file the chart gets ends up in a ConfigMap (and in the Helm values, hence the CloudFormation
 * template): a property that holds a secret must be a `${ENV:...}` reference, never the value.
 */
function refuseSecretValues(files: RoleFiles, role: string): void {
  for (const [file, properties] of Object.entries(files.properties)) {
    for (const [key, value] of Object.entries(properties)) {
      if (SECRET_KEY.test(key) && !SECRET_REFERENCE.test(value)) {
        throw new Error(`${CONSTRUCT}: the ${role} ${file} sets ${key} to a literal value, which would be stored in plain text in the Helm values ` +
          'and a ConfigMap; reference it as ${ENV:NAME} and set the variable from a Kubernetes Secret (static S3 keys are for the local emulator only)');
      }
    }
  }
}

/** The chart passes catalogs and additional config files through `tpl`: `{{` would be evaluated, not kept. */
function refuseTemplates(file: string, content: string): void {
  if (content.includes('{{')) {
    throw new Error(`${CONSTRUCT}: ${file} contains "{{", which the Trino chart evaluates as a Helm template; remove it from the properties`);
  }
}
