// The value paths the Trino chart 1.42.2 reads, derived from its templates (every `.Values.<path>`, the
// `$coordinatorJmx`/`$workerJmx` and `$…ServiceMonitor` merges of `jmx`/`serviceMonitor` with their role
// overrides, and the fields of `with .Values.image`). A list of names, not a copy of the chart.
//
// - READ: the chart reads the value at exactly this path (a scalar, or a list/map it uses whole).
// - PASSED_THROUGH: the chart hands the whole subtree to Kubernetes or iterates it (toYaml, range, tpl),
//   so any path below is read.
// `*` matches one map key.

const JMX_KEYS = [
  'enabled', 'registryPort', 'serverPort', 'exporter.enabled', 'exporter.image', 'exporter.pullPolicy', 'exporter.port',
  'exporter.configProperties', 'exporter.nodePort',
];
const SERVICE_MONITOR_KEYS = ['enabled', 'apiVersion', 'interval', 'scrapeTimeout'];
const PROBE_KEYS = ['initialDelaySeconds', 'periodSeconds', 'timeoutSeconds', 'failureThreshold', 'successThreshold'];
const ROLE_KEYS = [
  'config.memory.heapHeadroomPerNode', 'config.query.maxMemoryPerNode',
  'deployment.progressDeadlineSeconds', 'deployment.revisionHistoryLimit',
  'jvm.maxHeapSize', 'jvm.minHeapSize', 'jvm.maxHeapPercent', 'jvm.initialHeapPercent', 'jvm.gcMethod.type', 'jvm.gcMethod.g1.heapRegionSize',
  'additionalJVMConfig', 'priorityClassName', 'terminationGracePeriodSeconds', 'additionalVolumeMounts', 'additionalVolumes',
  'configMounts', 'secretMounts', 'tolerations',
  ...['livenessProbe', 'readinessProbe', 'startupProbe'].flatMap((probe) => PROBE_KEYS.map((key) => `${probe}.${key}`)),
];
const ROLE_PASSED_THROUGH = [
  'deployment.annotations', 'deployment.strategy', 'annotations', 'labels', 'resources', 'nodeSelector', 'affinity', 'lifecycle',
  'additionalExposedPorts', 'additionalConfigFiles',
];

export const READ: string[] = [
  'nameOverride', 'fullnameOverride', 'coordinatorNameOverride', 'workerNameOverride',
  'image.registry', 'image.repository', 'image.tag', 'image.digest', 'image.useRepositoryAsSoleImageReference', 'image.pullPolicy',
  'imagePullSecrets',
  'server.workers', 'server.node.environment', 'server.node.dataDir', 'server.node.pluginDir', 'server.log.trino.level',
  'server.config.path', 'server.config.https.enabled', 'server.config.https.port', 'server.config.https.keystore.path',
  'server.config.authenticationType', 'server.config.query.maxMemory',
  'server.exchangeManager.name', 'server.exchangeManager.baseDir', 'server.workerExtraConfig', 'server.coordinatorExtraConfig',
  'server.autoscaling.enabled', 'server.autoscaling.maxReplicas', 'server.autoscaling.targetCPUUtilizationPercentage',
  'server.autoscaling.targetMemoryUtilizationPercentage',
  'server.keda.enabled', 'server.keda.pollingInterval', 'server.keda.cooldownPeriod', 'server.keda.initialCooldownPeriod',
  'server.keda.minReplicaCount', 'server.keda.maxReplicaCount', 'server.keda.annotations',
  'accessControl.type', 'accessControl.refreshPeriod', 'accessControl.configFile', 'accessControl.properties',
  'resourceGroups.type', 'resourceGroups.properties', 'resourceGroups.resourceGroupsConfig',
  'sessionProperties.type', 'sessionProperties.properties', 'sessionProperties.sessionPropertiesConfig',
  'headerAuthenticator.properties',
  'additionalNodeProperties', 'additionalConfigProperties', 'additionalLogProperties', 'additionalExchangeManagerProperties',
  'eventListenerProperties', 'env', 'envFrom', 'configMounts', 'secretMounts',
  'shareProcessNamespace.coordinator', 'shareProcessNamespace.worker',
  'service.type', 'service.port', 'service.nodePort',
  'auth.passwordAuth', 'auth.passwordAuthSecret', 'auth.groups', 'auth.groupsAuthSecret', 'auth.refreshPeriod',
  'serviceAccount.create', 'serviceAccount.name',
  'worker.gracefulShutdown.enabled', 'worker.gracefulShutdown.gracePeriodSeconds', 'worker.topologySpreadConstraints',
  'kafka.mountPath',
  'ingress.enabled', 'ingress.className', 'ingress.hosts', 'ingress.tls',
  'gateway.enabled', 'gateway.parentRefs', 'gateway.hostnames', 'gateway.rules',
  'networkPolicy.enabled', 'networkPolicy.ingress', 'networkPolicy.egress',
  ...['coordinator', 'worker'].flatMap((role) => ROLE_KEYS.map((key) => `${role}.${key}`)),
  'coordinator.config.nodeScheduler.includeCoordinator',
  ...['jmx', 'jmx.coordinator', 'jmx.worker'].flatMap((prefix) => JMX_KEYS.map((key) => `${prefix}.${key}`)),
  ...['serviceMonitor', 'serviceMonitor.coordinator', 'serviceMonitor.worker'].flatMap((prefix) => SERVICE_MONITOR_KEYS.map((key) => `${prefix}.${key}`)),
];

export const PASSED_THROUGH: string[] = [
  'catalogs.*', 'additionalCatalogs.*', 'accessControl.rules.*', 'kafka.tableDescriptions.*', 'commonLabels',
  'securityContext', 'containerSecurityContext', 'initContainers.coordinator', 'initContainers.worker',
  'sidecarContainers.coordinator', 'sidecarContainers.worker',
  'server.autoscaling.behavior', 'server.keda.fallback', 'server.keda.advanced', 'server.keda.triggers',
  'service.annotations', 'serviceAccount.annotations', 'ingress.annotations', 'gateway.annotations',
  ...['coordinator', 'worker'].flatMap((role) => ROLE_PASSED_THROUGH.map((key) => `${role}.${key}`)),
  ...['jmx', 'jmx.coordinator', 'jmx.worker'].flatMap((prefix) => [`${prefix}.exporter.securityContext`, `${prefix}.exporter.resources`]),
  ...['serviceMonitor', 'serviceMonitor.coordinator', 'serviceMonitor.worker'].map((prefix) => `${prefix}.labels`),
];

/** Every leaf path of a values object (objects are walked; lists, scalars, null and `{}` are leaves). */
export function leafPaths(value: unknown, prefix = ''): string[] {
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length > 0) {
    return Object.entries(value).flatMap(([key, child]) => leafPaths(child, prefix === '' ? key : `${prefix}.${key}`));
  }
  return [prefix];
}

/** True when the chart reads the value at this path. */
export function chartReads(path: string): boolean {
  const segments = path.split('.');
  const matches = (pattern: string, prefixOnly: boolean): boolean => {
    const parts = pattern.split('.');
    if (prefixOnly ? parts.length > segments.length : parts.length !== segments.length) return false;
    return parts.every((part, i) => part === '*' || part === segments[i]);
  };
  return READ.some((p) => matches(p, false)) || PASSED_THROUGH.some((p) => matches(p, true));
}
