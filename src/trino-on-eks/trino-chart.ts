// What the library knows about the official Trino Helm chart (trinodb/charts, charts/trino) at the pinned
// version: where it is, the names it gives objects, and what it renders on its own. Everything here was
// read from the chart's templates at tag trino-1.42.2 (commit a7d40019b135814570731912e12c1ab2fd932f08);
// when the pin moves, re-read templates/configmap-*.yaml, deployment-*.yaml and _helpers.tpl.

/** A Helm chart release of the official Trino chart. */
export interface TrinoChartInfo {
  /** Chart name in the repository. */
  readonly name: string;
  /** The chart version the values are written for. */
  readonly version: string;
  /** The chart's appVersion: the Trino release its defaults were made for. */
  readonly appVersion: string;
  /** The chart repository. */
  readonly repository: string;
}

/** The pinned chart. */
export const TRINO_CHART: TrinoChartInfo = {
  name: 'trino',
  version: '1.42.2',
  appVersion: '480',
  repository: 'https://trinodb.github.io/charts',
};

/**
 * JVM options the chart writes into every `jvm.config` whatever the values (templates/configmap-*.yaml),
 * besides `-Xmx` (`<role>.jvm.maxHeapSize`), `-XX:+<gc>` (`<role>.jvm.gcMethod.type`) and
 * `-XX:G1HeapRegionSize=` (`<role>.jvm.gcMethod.g1.heapRegionSize`). Each must be in the library's list too,
 * or the deployed JVM would differ from the one that was run.
 */
export const CHART_FIXED_JVM_OPTIONS: readonly string[] = [
  '-server',
  '-XX:+ExplicitGCInvokesConcurrent',
  '-XX:+HeapDumpOnOutOfMemoryError',
  '-XX:+ExitOnOutOfMemoryError',
  '-XX:-OmitStackTraceInFastThrow',
  '-XX:ReservedCodeCacheSize=512M',
  '-XX:PerMethodRecompilationCutoff=10000',
  '-XX:PerBytecodeRecompilationCutoff=10000',
  '-Djdk.attach.allowAttachSelf=true',
  '-Djdk.nio.maxCachedBufferSize=2000000',
  '-XX:+EnableDynamicAgentLoading',
];

/**
 * What the chart adds to Trino's files that the library does not render, and why that is acceptable. The
 * render check (scripts/chart-render-check.sh) allows exactly these differences and no others.
 */
export const CHART_ADDITIONS = {
  /** In every `jvm.config`: the image's jvmkill agent (exists only in the image; kills the JVM on resource exhaustion). */
  jvmOptions: ['-agentpath:/usr/lib/trino/bin/libjvmkill.so'],
  /** In every `node.properties`: `plugin.dir`, set to the image's plugin directory (Trino's own default there). */
  nodeProperties: { 'plugin.dir': '/usr/lib/trino/plugin' },
  /**
   * `config.properties` keys the chart always renders itself, per role. `discovery.uri` on the coordinator
   * is `http://localhost:<port>` (the coordinator announces to itself); the library renders the service URI,
   * which workers get unchanged. With graceful shutdown on, the chart also writes `shutdown.grace-period` to
   * the coordinator (accepted and unused there: only workers shut down gracefully).
   */
  coordinatorConfigProperties: ['discovery.uri', 'shutdown.grace-period'],
  /** With metrics on: the JMX RMI ports the exporter sidecar reads, on both roles. */
  jmxConfigProperties: ['jmx.rmiregistry.port', 'jmx.rmiserver.port'],
  /** With metrics on: the RMI server port as a JVM system property. */
  jmxJvmOptionPrefix: '-Dcom.sun.management.jmxremote.rmi.port=',
  /** `log.properties` (`io.trino=INFO`, Trino's default level); the library renders no log file. */
  files: ['log.properties'],
} as const;

/**
 * Where the chart mounts the password file Secret (`auth.passwordAuthSecret`, key `password.db`) on the
 * coordinator, relative to `server.config.path`.
 */
export const CHART_PASSWORD_FILE = 'auth/password/password.db';

/** The port of the JMX exporter sidecar (the chart's default `jmx.exporter.port`, set explicitly so NetworkPolicies can name it). */
export const JMX_EXPORTER_PORT = 5556;

/** The rules the chart's worker graceful shutdown mounts (templates/configmap-access-control-worker.yaml). */
export const CHART_GRACEFUL_SHUTDOWN_RULES = { system_information: [{ allow: ['write'], user: 'admin' }] };

/** Names of the objects the chart creates for a given `fullnameOverride` (templates/_helpers.tpl). */
export class TrinoChartNames {
  /** The chart's full name (`fullnameOverride`). */
  public readonly fullname: string;

  constructor(fullname: string) {
    this.fullname = fullname;
  }

  /** The coordinator Service, also the host in the workers' `discovery.uri`. */
  public get service(): string {
    return this.fullname;
  }

  /** The coordinator Deployment and ConfigMap. */
  public get coordinator(): string {
    return `${this.fullname}-coordinator`;
  }

  /** The worker Deployment, ConfigMap and (with KEDA) ScaledObject. */
  public get worker(): string {
    return `${this.fullname}-worker`;
  }

  /** The catalog ConfigMap. */
  public get catalog(): string {
    return `${this.fullname}-catalog`;
  }

  /** The headless worker Service. */
  public get workerService(): string {
    return `${this.fullname}-worker`;
  }
}
