import { parseProperties, propertyLines } from './properties-text';
import { CHART_FIXED_JVM_OPTIONS, CHART_GRACEFUL_SHUTDOWN_RULES, CHART_PASSWORD_FILE, TrinoChartNames } from './trino-chart';
import { GRACEFUL_SHUTDOWN_RULES_FILE } from '../trino/graceful-shutdown';
import { TrinoRole } from '../trino/server-config';
import { TrinoConfiguration } from '../trino/trino-configuration';

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
 * The part of the chart values that carries Trino's files: every file `TrinoConfiguration.files(role)`
 * renders, property by property, goes to the one chart key that puts it in the pod unchanged, so that the
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
 * | worker config `shutdown.grace-period`         | `worker.gracefulShutdown.gracePeriodSeconds`                 |
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
 * | coordinator `resource-groups.properties` (file)| `resourceGroups` type `configmap`                             |
 * | coordinator `password-authenticator.properties`| `coordinator.additionalConfigFiles` (keeps the chart from writing its own) |
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
  const coordinatorFiles = { ...configuration.files(TrinoRole.COORDINATOR) };
  const workerFiles = { ...configuration.files(TrinoRole.WORKER) };
  refuseSecretValues(coordinatorFiles, 'coordinator');
  refuseSecretValues(workerFiles, 'worker');
  const take = (files: Record<string, string>, name: string): string | undefined => {
    const content = files[name];
    delete files[name];
    return content;
  };
  for (const base of ['config.properties', 'jvm.config', 'node.properties']) {
    take(coordinatorFiles, base);
    take(workerFiles, base);
  }

  const port = configuration.httpPort;
  const coordinator = configuration.configProperties(TrinoRole.COORDINATOR);
  const worker = configuration.configProperties(TrinoRole.WORKER);
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

  const values: Record<string, any> = {
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
      ...jvmValues(configuration, TrinoRole.COORDINATOR),
      config: {
        memory: { heapHeadroomPerNode: own('coordinator', coordinator, coordinatorExtra, 'memory.heap-headroom-per-node', true) },
        nodeScheduler: { includeCoordinator: includeCoordinator === 'true' },
        query: { maxMemoryPerNode: own('coordinator', coordinator, coordinatorExtra, 'query.max-memory-per-node', true) },
      },
    },
    worker: {
      ...jvmValues(configuration, TrinoRole.WORKER),
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
  // request and the same access rule; its terminationGracePeriodSeconds is set by the caller from the budget.
  const budget = configuration.gracefulShutdown;
  const grace = own('worker', worker, workerExtra, 'shutdown.grace-period', false);
  if (grace !== undefined || budget) {
    if (!budget || grace !== budget.shutdownGracePeriodProperty) {
      throw new Error(`${CONSTRUCT}: the worker's shutdown.grace-period (${grace}) must come from the graceful shutdown budget`);
    }
    expectGracefulShutdownAccessControl(configuration, workerFiles);
    delete workerFiles['access-control.properties'];
    delete workerFiles[GRACEFUL_SHUTDOWN_RULES_FILE];
    values.worker.gracefulShutdown = { enabled: true, gracePeriodSeconds: budget.gracePeriod.toSeconds() };
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
  const exchange = configuration.exchangeManagerProperties();
  if (take(coordinatorFiles, 'exchange-manager.properties') !== take(workerFiles, 'exchange-manager.properties')) {
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
    values.accessControl = accessControlValues(configuration, accessControl, coordinatorFiles);
  }
  const resourceGroups = take(coordinatorFiles, 'resource-groups.properties');
  if (resourceGroups !== undefined) {
    values.resourceGroups = resourceGroupValues(configuration, resourceGroups, coordinatorFiles);
  }
  const passwordAuthenticator = take(coordinatorFiles, 'password-authenticator.properties');
  if (passwordAuthenticator !== undefined) {
    const properties = parseProperties(passwordAuthenticator);
    passwordFile = properties['file.password-file'];
    if (properties['password-authenticator.name'] !== 'file' || passwordFile !== `${configuration.configDirectory}/${CHART_PASSWORD_FILE}`) {
      throw new Error(`${CONSTRUCT}: password-authenticator.properties must use the file authenticator with file.password-file=` +
        `${configuration.configDirectory}/${CHART_PASSWORD_FILE}, where the chart mounts the password Secret`);
    }
    refuseTemplates('password-authenticator.properties', passwordAuthenticator);
    values.coordinator.additionalConfigFiles = { 'password-authenticator.properties': passwordAuthenticator };
  }

  const left = [...Object.keys(coordinatorFiles).map((f) => `coordinator ${f}`), ...Object.keys(workerFiles).map((f) => `worker ${f}`)];
  if (left.length > 0) {
    throw new Error(`${CONSTRUCT}: no key of the Trino chart carries ${left.join(', ')}; add a mapping in chart-configuration.ts`);
  }
  return { values, passwordFile };
}

function nodeValues(configuration: TrinoConfiguration): Record<string, string> {
  const node = configuration.nodeProperties();
  return { environment: node['node.environment'], dataDir: node['node.data-dir'] };
}

function jvmValues(configuration: TrinoConfiguration, role: TrinoRole): Record<string, any> {
  const options = configuration.jvmOptions(role);
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

function catalogValues(coordinatorFiles: Record<string, string>, workerFiles: Record<string, string>): Record<string, string | null> {
  const catalogs: Record<string, string | null> = {};
  for (const file of Object.keys(coordinatorFiles)) {
    const match = CATALOG_FILE.exec(file);
    if (!match) continue;
    const content = coordinatorFiles[file];
    if (workerFiles[file] !== content) {
      throw new Error(`${CONSTRUCT}: ${file} differs between coordinator and workers; the chart renders one catalog ConfigMap for both`);
    }
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

function expectGracefulShutdownAccessControl(configuration: TrinoConfiguration, workerFiles: Record<string, string>): void {
  const properties = parseProperties(workerFiles['access-control.properties'] ?? '');
  const rules = workerFiles[GRACEFUL_SHUTDOWN_RULES_FILE];
  const expectedPath = `${configuration.configDirectory}/${GRACEFUL_SHUTDOWN_RULES_FILE}`;
  if (properties['access-control.name'] !== 'file' || properties['security.config-file'] !== expectedPath || Object.keys(properties).length !== 2
    || rules === undefined || JSON.stringify(JSON.parse(rules)) !== JSON.stringify(CHART_GRACEFUL_SHUTDOWN_RULES)) {
    throw new Error(`${CONSTRUCT}: the worker access control differs from the graceful shutdown rule the chart mounts at ${expectedPath}`);
  }
}

function accessControlValues(configuration: TrinoConfiguration, text: string, files: Record<string, string>): Record<string, any> {
  const properties = parseProperties(text);
  const prefix = `${configuration.configDirectory}/access-control/`;
  const configFile = properties['security.config-file'];
  const fileBased = properties['access-control.name'] === 'file' && configFile?.startsWith(prefix)
    && Object.keys(properties).every((k) => ['access-control.name', 'security.config-file', 'security.refresh-period'].includes(k));
  if (!fileBased) {
    refuseTemplates('access-control.properties', text);
    return { type: 'properties', properties: text };
  }
  const name = configFile.slice(prefix.length);
  const rules = files[`access-control/${name}`];
  if (rules === undefined || name.includes('/')) {
    throw new Error(`${CONSTRUCT}: access-control.properties names ${configFile}, which the configuration does not render`);
  }
  delete files[`access-control/${name}`];
  return {
    type: 'configmap',
    configFile: name,
    ...(properties['security.refresh-period'] !== undefined ? { refreshPeriod: properties['security.refresh-period'] } : {}),
    rules: { [name]: rules },
  };
}

function resourceGroupValues(configuration: TrinoConfiguration, text: string, files: Record<string, string>): Record<string, any> {
  const properties = parseProperties(text);
  const path = `${configuration.configDirectory}/resource-groups/resource-groups.json`;
  const config = files['resource-groups/resource-groups.json'];
  if (properties['resource-groups.configuration-manager'] === 'file' && properties['resource-groups.config-file'] === path
    && Object.keys(properties).length === 2 && config !== undefined) {
    delete files['resource-groups/resource-groups.json'];
    return { type: 'configmap', resourceGroupsConfig: config };
  }
  refuseTemplates('resource-groups.properties', text);
  return { type: 'properties', properties: text };
}

/**
 * Every file the chart gets ends up in a ConfigMap (and in the Helm values, hence the CloudFormation
 * template): a property that holds a secret must be a `${ENV:...}` reference, never the value.
 */
function refuseSecretValues(files: Record<string, string>, role: string): void {
  for (const [file, content] of Object.entries(files)) {
    if (!file.endsWith('.properties')) continue;
    for (const [key, value] of Object.entries(parseProperties(content))) {
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
