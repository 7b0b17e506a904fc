import { Duration } from 'aws-cdk-lib';
import { chartConfiguration } from './chart-configuration';
import { NetworkPeer, renderNetworkPeer } from './network-peers';
import { localDiskVolumes, secretsStoreVolume, volumes } from './pod-volumes';
import { JMX_EXPORTER_PORT, TRINO_CHART, TrinoChartInfo, TrinoChartNames } from './trino-chart';
import { deepMerge } from '../private/deep-merge';
import { validateRfc1123Label } from '../private/kubernetes-names';
import { wholeSeconds } from '../private/units';
import { isUnresolved, propError, validateWholeNumber } from '../private/validation';
import { OAUTH2_CLIENT_SECRET_VARIABLE } from '../trino/authentication';
import { TrinoRole } from '../trino/server-config';
import { TrinoConfiguration } from '../trino/trino-configuration';

const CONSTRUCT = 'TrinoChartValues';
const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;
const LABEL_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;
const IMAGE_PART = /^[a-z0-9]+([._/-][a-z0-9]+)*$/;
const REGISTRY = /^[A-Za-z0-9.-]+(:\d+)?$/;
/** The UID and GID of user `trino` in the official image. */
const TRINO_UID = 1000;
/** Where the Secrets Store CSI volume is mounted (nothing reads it there: Trino gets the synced Secrets). */
const SECRETS_STORE_MOUNT = '/mnt/secrets-store';
const COORDINATOR_SECRETS_STORE_MOUNT = '/mnt/coordinator-secrets-store';

/** A Kubernetes Secret key holding a value Trino needs at run time. */
export interface SecretKeyReference {
  /** Name of the Secret, in the release namespace. */
  readonly secretName: string;
  /** Key in the Secret. */
  readonly key: string;
}

/** A taint the pods must tolerate (e.g. the one on the Karpenter worker NodePool). */
export interface PodToleration {
  /** Taint key, e.g. `trino.io/worker`. */
  readonly key: string;
  /**
   * Taint value; without it the toleration matches any value (`operator: Exists`).
   *
   * @default - any value
   */
  readonly value?: string;
  /** `NoSchedule`, `PreferNoSchedule` or `NoExecute`. */
  readonly effect: string;
}

/** Where one role's pods may run. */
export interface PodScheduling {
  /**
   * Node labels the pods require (e.g. the NodePool's `karpenter.sh/nodepool: trino-workers`).
   *
   * @default - any node
   */
  readonly nodeSelector?: Record<string, string>;
  /**
   * Taints the pods tolerate.
   *
   * @default - none
   */
  readonly tolerations?: PodToleration[];
}

/** A KEDA trigger of the worker ScaledObject (keda.sh/docs/scalers). */
export interface KedaTrigger {
  /** Scaler type, e.g. `prometheus` or `metrics-api`. */
  readonly type: string;
  /** The scaler's metadata (no secrets: use authenticationRef). */
  readonly metadata: Record<string, string>;
  /**
   * Name of a TriggerAuthentication in the release namespace.
   *
   * @default - none
   */
  readonly authenticationRef?: string;
}

/** Query-aware worker autoscaling with KEDA (the chart's `server.keda`). */
export interface KedaWorkerAutoscaling {
  /** Fewest workers; 0 lets the cluster scale to zero (then queries must be able to wait: scaleToZero in the configuration). */
  readonly minWorkers: number;
  /** Most workers; at most the configuration's maxWorkers, which `query.max-memory` was sized for. */
  readonly maxWorkers: number;
  /** What drives the number of workers (at least one). */
  readonly triggers: KedaTrigger[];
  /**
   * How often KEDA checks the triggers.
   *
   * @default Duration.seconds(30)
   */
  readonly pollingInterval?: Duration;
  /**
   * How long after the last active trigger KEDA waits before scaling to minWorkers.
   *
   * @default Duration.minutes(5)
   */
  readonly cooldownPeriod?: Duration;
}

/** Prometheus metrics through the chart's JMX exporter sidecars. */
export interface TrinoMetricsOptions {
  /** The JMX exporter image (the chart's default is a frozen `bitnamilegacy` image; pin your own). */
  readonly exporterImage: string;
  /**
   * Create Prometheus Operator ServiceMonitors for coordinator and workers, with these labels.
   *
   * @default - no ServiceMonitor
   */
  readonly serviceMonitorLabels?: Record<string, string>;
  /**
   * Scrape interval of the ServiceMonitors.
   *
   * @default Duration.seconds(30)
   */
  readonly scrapeInterval?: Duration;
}

/** The deployment around a rendered configuration. */
export interface TrinoChartValuesOptions {
  /**
   * The chart's `fullnameOverride`: the coordinator Service (and the host in `discovery.uri`), and the
   * prefix of every object the chart creates.
   *
   * @default 'trino'
   */
  readonly name?: string;
  /** The namespace the release is installed in. */
  readonly namespace: string;
  /**
   * The image registry.
   *
   * @default 'docker.io' (set explicitly: with no registry the chart adds JVM flags for Java 22 that the configuration does not have)
   */
  readonly imageRegistry?: string;
  /**
   * The image repository; the tag is always the configuration's Trino version.
   *
   * @default 'trinodb/trino'
   */
  readonly imageRepository?: string;
  /** The service account coordinator and workers run as (the chart has one for both), created elsewhere with its IAM role. */
  readonly serviceAccountName: string;
  /** The Secret key holding `internal-communication.shared-secret`, exposed to every pod as the configuration's environment variable. */
  readonly sharedSecret: SecretKeyReference;
  /**
   * Name of the Secret with the password file under key `password.db`; required when the configuration
   * turns on PASSWORD authentication.
   *
   * @default - none
   */
  readonly passwordFileSecretName?: string;
  /**
   * The Secret key holding the OAuth 2.0 client secret; required when the configuration turns on OAUTH2
   * authentication. It reaches the pods as the environment variable `TRINO_OAUTH2_CLIENT_SECRET` (the chart's
   * `env` is shared by both roles; only the coordinator's configuration reads it).
   *
   * @default - none
   */
  readonly oauth2ClientSecret?: SecretKeyReference;
  /**
   * The SecretProviderClass of the Secrets Store CSI driver (with the AWS provider, e.g. the EKS add-on
   * `aws-secrets-store-csi-driver-provider`) whose `secretObjects` sync the shared secret (and the password
   * file) from AWS Secrets Manager into the Kubernetes Secrets named by `sharedSecret` and
   * `passwordFileSecretName`. The driver creates and refreshes those Secrets only while a pod mounts the class,
   * so it is mounted read-only in every Trino pod (at `/mnt/secrets-store`).
   *
   * @default - the Secrets are created some other way
   */
  readonly secretProviderClassName?: string;
  /**
   * A SecretProviderClass mounted by the coordinator alone (at `/mnt/coordinator-secrets-store`): the one that
   * syncs what only the coordinator may hold, such as the password file.
   *
   * @default - none
   */
  readonly coordinatorSecretProviderClassName?: string;

  /**
   * Query-aware autoscaling of the workers.
   *
   * @default - a fixed number of workers: the configuration's maxWorkers
   */
  readonly autoscaling?: KedaWorkerAutoscaling;
  /**
   * Where the coordinator runs.
   *
   * @default - any node
   */
  readonly coordinatorScheduling?: PodScheduling;
  /**
   * Where workers run.
   *
   * @default - any node
   */
  readonly workerScheduling?: PodScheduling;
  /**
   * Turn on the chart's NetworkPolicy (Trino pods accept traffic from each other) and also allow these peers
   * to the HTTP port.
   *
   * @default - no NetworkPolicy
   */
  readonly networkPolicyAllowFrom?: NetworkPeer[];
  /**
   * JMX exporter sidecars and ServiceMonitors.
   *
   * @default - no exporter
   */
  readonly metrics?: TrinoMetricsOptions;
}

/**
 * The values of the official Trino Helm chart (pinned, see TRINO_CHART) for a rendered TrinoConfiguration
 * and the deployment around it. Pure: no construct scope.
 *
 * - Trino's files go through chart-configuration.ts, which maps every rendered property to the chart key
 *   that puts it in the pod unchanged (and lists what the chart adds in CHART_ADDITIONS).
 * - Only keys the pinned chart reads are emitted (the unit tests check every path against the chart's).
 * - No secret value: the shared secret reaches pods as an environment variable from a Secret reference, and
 *   the password file as the chart's Secret mount. A catalog with credentials (Catalog.postgresql, ...) reads its
 *   user name and password from the environment variables it names, set on every pod from the keys `username` and
 *   `password` of the Secret `<name>-catalog-<catalog name, "_" as "-">-credentials` (catalogCredentialsSecretName).
 * - Resources from the memory sizing: memory request = limit (Guaranteed memory), CPU request, no CPU limit.
 * - Workers: `worker.terminationGracePeriodSeconds` from the graceful shutdown budget (which also holds the
 *   chart's `≥ 2 × gracePeriodSeconds` rule), written with the other shutdown keys by workerChartValues.
 */
export class TrinoChartValues {
  /** The chart these values are for. */
  public static readonly CHART: TrinoChartInfo = TRINO_CHART;

  /** The chart values (plain JSON data; pass them as a values file, never as `--set`). */
  public readonly values: Record<string, any>;
  /** The names of the objects the chart creates. */
  public readonly names: TrinoChartNames;
  /** The release namespace. */
  public readonly namespace: string;
  /** The image the pods run. */
  public readonly image: string;

  constructor(configuration: TrinoConfiguration, options: TrinoChartValuesOptions) {
    const name = options.name ?? 'trino';
    validateRfc1123Label(CONSTRUCT, 'name', name);
    if (name.length > 40) {
      throw propError(CONSTRUCT, 'name', name, 'must be at most 40 characters: the chart appends "-coordinator" and Kubernetes names end at 63');
    }
    validateRfc1123Label(CONSTRUCT, 'namespace', options.namespace);
    const registry = options.imageRegistry ?? 'docker.io';
    if (!REGISTRY.test(registry)) {
      throw propError(CONSTRUCT, 'imageRegistry', registry, 'must be a registry host, e.g. "docker.io" or "123456789012.dkr.ecr.eu-west-1.amazonaws.com"');
    }
    const repository = options.imageRepository ?? 'trinodb/trino';
    if (!IMAGE_PART.test(repository)) {
      throw propError(CONSTRUCT, 'imageRepository', repository, 'must be an image repository without registry or tag, e.g. "trinodb/trino"');
    }
    validateRfc1123Label(CONSTRUCT, 'serviceAccountName', options.serviceAccountName);
    validateSecretKey('sharedSecret', options.sharedSecret);
    if (options.passwordFileSecretName !== undefined) validateRfc1123Label(CONSTRUCT, 'passwordFileSecretName', options.passwordFileSecretName);
    if (options.secretProviderClassName !== undefined) validateRfc1123Label(CONSTRUCT, 'secretProviderClassName', options.secretProviderClassName);
    if (options.coordinatorSecretProviderClassName !== undefined) {
      validateRfc1123Label(CONSTRUCT, 'coordinatorSecretProviderClassName', options.coordinatorSecretProviderClassName);
      if (options.coordinatorSecretProviderClassName === options.secretProviderClassName) {
        throw propError(CONSTRUCT, 'coordinatorSecretProviderClassName', options.coordinatorSecretProviderClassName,
          'must differ from secretProviderClassName, which every pod mounts');
      }
    }

    this.names = new TrinoChartNames(name);
    this.namespace = options.namespace;
    this.image = `${registry}/${repository}:${configuration.version.imageTag}`;
    const mapped = chartConfiguration(configuration, this.names);

    const authenticationType: string | undefined = mapped.values.server.config.authenticationType;
    if (authenticationType?.includes('PASSWORD') && options.passwordFileSecretName === undefined) {
      throw propError(CONSTRUCT, 'passwordFileSecretName', undefined,
        `is required: the configuration turns on ${authenticationType} authentication, and the password file (${mapped.passwordFile}) comes from that Secret`);
    }
    if (options.passwordFileSecretName !== undefined && !authenticationType?.includes('PASSWORD')) {
      throw propError(CONSTRUCT, 'passwordFileSecretName', options.passwordFileSecretName,
        'is only used with PASSWORD authentication, which the configuration does not turn on; remove it');
    }

    const oauth2 = authenticationType?.includes('OAUTH2') ?? false;
    if (oauth2 && options.oauth2ClientSecret === undefined) {
      throw propError(CONSTRUCT, 'oauth2ClientSecret', undefined,
        `is required: the configuration turns on ${authenticationType} authentication, which reads the client secret from ${OAUTH2_CLIENT_SECRET_VARIABLE}`);
    }
    if (options.oauth2ClientSecret !== undefined) {
      if (!oauth2) {
        throw propError(CONSTRUCT, 'oauth2ClientSecret', options.oauth2ClientSecret.secretName,
          'is only used with OAUTH2 authentication, which the configuration does not turn on; remove it');
      }
      validateSecretKey('oauth2ClientSecret', options.oauth2ClientSecret);
    }

    const workers = workerValues(configuration, options.autoscaling);

    const podSecurityContext = {
      runAsNonRoot: true,
      runAsUser: TRINO_UID,
      runAsGroup: TRINO_UID,
      fsGroup: TRINO_UID,
      seccompProfile: { type: 'RuntimeDefault' },
    };
    const secretsStore = secretsStoreVolume('secrets-store', SECRETS_STORE_MOUNT, options.secretProviderClassName);
    const coordinatorSecretsStore = secretsStoreVolume('coordinator-secrets-store', COORDINATOR_SECRETS_STORE_MOUNT,
      options.coordinatorSecretProviderClassName);
    const workerVolumes = localDiskVolumes(configuration, TrinoRole.WORKER);
    const coordinatorVolumes = localDiskVolumes(configuration, TrinoRole.COORDINATOR);
    const containerSecurityContext = {
      runAsNonRoot: true, allowPrivilegeEscalation: false, privileged: false, capabilities: { drop: ['ALL'] },
    };

    // The escape hatch's merge; nothing merged here is null, so its null-removes-the-key rule never applies.
    let values = deepMerge(mapped.values, {
      fullnameOverride: name,
      image: { registry, repository, tag: configuration.version.imageTag, pullPolicy: 'IfNotPresent' },
      server: workers.server,
      serviceAccount: { create: false, name: options.serviceAccountName },
      env: [
        secretVariable(configuration.sharedSecretEnvironmentVariable, options.sharedSecret),
        ...(options.oauth2ClientSecret ? [secretVariable(OAUTH2_CLIENT_SECRET_VARIABLE, options.oauth2ClientSecret)] : []),
        ...catalogCredentialVariables(configuration, name),
      ],
      securityContext: podSecurityContext,
      containerSecurityContext,
      coordinator: {
        resources: resources(configuration, TrinoRole.COORDINATOR),
        ...scheduling('coordinatorScheduling', options.coordinatorScheduling),
        ...volumes(coordinatorVolumes.volumes, coordinatorVolumes.mounts, secretsStore, coordinatorSecretsStore),
      },
      worker: {
        resources: resources(configuration, TrinoRole.WORKER),
        ...scheduling('workerScheduling', options.workerScheduling),
        ...volumes(workerVolumes.volumes, workerVolumes.mounts, secretsStore),
      },
    });
    if (options.passwordFileSecretName !== undefined) {
      values.auth = { passwordAuthSecret: options.passwordFileSecretName };
    }
    if (options.networkPolicyAllowFrom !== undefined) {
      values.networkPolicy = networkPolicy(options.networkPolicyAllowFrom, configuration.httpPort);
    }
    if (options.metrics) {
      values = deepMerge(values, metrics(options.metrics, containerSecurityContext));
    }
    this.values = values;
  }
}

/** The Kubernetes Secret holding a catalog's credentials (keys `username` and `password`). */
export function catalogCredentialsSecretName(release: string, catalogName: string): string {
  return `${release}-catalog-${catalogName.replace(/_/g, '-')}-credentials`;
}

/** The keys of a catalog credentials Secret. */
export const CATALOG_USERNAME_KEY = 'username';
export const CATALOG_PASSWORD_KEY = 'password';

/** Every catalog's user name and password variables, on both roles: coordinator and workers both connect to the database. */
function catalogCredentialVariables(configuration: TrinoConfiguration, release: string): Record<string, any>[] {
  return configuration.catalogs.flatMap((catalog) => {
    const credentials = catalog.credentials;
    if (!credentials) return [];
    const secretName = catalogCredentialsSecretName(release, catalog.name);
    return [
      secretVariable(credentials.usernameVariable, { secretName, key: CATALOG_USERNAME_KEY }),
      secretVariable(credentials.passwordVariable, { secretName, key: CATALOG_PASSWORD_KEY }),
    ];
  });
}

/** An environment variable from a Secret key (the value never appears in the values). */
function secretVariable(name: string, reference: SecretKeyReference): Record<string, any> {
  return { name, valueFrom: { secretKeyRef: { name: reference.secretName, key: reference.key } } };
}

function workerValues(configuration: TrinoConfiguration, autoscaling: KedaWorkerAutoscaling | undefined): { server: Record<string, any> } {
  const maxWorkers = configuration.maxWorkers;
  if (!autoscaling) {
    return { server: { workers: maxWorkers } };
  }
  const { minWorkers, maxWorkers: most } = autoscaling;
  validateWholeNumber(CONSTRUCT, 'autoscaling.minWorkers', minWorkers, 0);
  validateWholeNumber(CONSTRUCT, 'autoscaling.maxWorkers', most, 1);
  if (minWorkers > most) {
    throw propError(CONSTRUCT, 'autoscaling.minWorkers', minWorkers, `must not exceed autoscaling.maxWorkers (${most})`);
  }
  if (most > maxWorkers) {
    throw propError(CONSTRUCT, 'autoscaling.maxWorkers', most,
      `must not exceed the configuration's maxWorkers (${maxWorkers}), which query.max-memory was sized for; raise maxWorkers in the configuration`);
  }
  if (minWorkers === 0 && !configuration.queriesWaitForWorkers) {
    throw propError(CONSTRUCT, 'autoscaling.minWorkers', 0,
      'needs queries to wait for workers: set scaleToZero in the configuration (query-manager.required-workers), or use a minWorkers of at least 1');
  }
  if (autoscaling.triggers.length === 0) {
    throw propError(CONSTRUCT, 'autoscaling.triggers', [], 'must name at least one KEDA trigger (the chart refuses a ScaledObject without one)');
  }
  const triggers = autoscaling.triggers.map((trigger, i) => {
    if (!/^[a-z][a-z0-9-]*$/.test(trigger.type)) {
      throw propError(CONSTRUCT, `autoscaling.triggers[${i}].type`, trigger.type, 'must be a KEDA scaler type, e.g. "prometheus"');
    }
    refuseTemplateText(`autoscaling.triggers[${i}].metadata`, JSON.stringify(trigger.metadata));
    return {
      type: trigger.type,
      metadata: { ...trigger.metadata },
      ...(trigger.authenticationRef !== undefined ? { authenticationRef: { name: trigger.authenticationRef } } : {}),
    };
  });
  return {
    server: {
      keda: {
        enabled: true,
        minReplicaCount: minWorkers,
        maxReplicaCount: most,
        pollingInterval: wholeSeconds(autoscaling.pollingInterval ?? Duration.seconds(30), CONSTRUCT, 'autoscaling.pollingInterval', 1),
        cooldownPeriod: wholeSeconds(autoscaling.cooldownPeriod ?? Duration.minutes(5), CONSTRUCT, 'autoscaling.cooldownPeriod', 0),
        triggers,
      },
    },
  };
}

function resources(configuration: TrinoConfiguration, role: TrinoRole): Record<string, any> {
  const memory = role === TrinoRole.COORDINATOR ? configuration.coordinatorMemory : configuration.workerMemory;
  return {
    requests: { cpu: memory.containerCpuQuantity, memory: memory.containerMemoryQuantity },
    limits: { memory: memory.containerMemoryQuantity },
  };
}

function scheduling(prop: string, options: PodScheduling | undefined): Record<string, any> {
  if (!options) return {};
  const result: Record<string, any> = {};
  if (options.nodeSelector) {
    for (const [key, value] of Object.entries(options.nodeSelector)) {
      validateLabel(`${prop}.nodeSelector`, key, value);
    }
    result.nodeSelector = { ...options.nodeSelector };
  }
  if (options.tolerations) {
    result.tolerations = options.tolerations.map((t, i) => {
      if (!LABEL_KEY.test(t.key)) {
        throw propError(CONSTRUCT, `${prop}.tolerations[${i}].key`, t.key, 'must be a taint key, e.g. "trino.io/worker"');
      }
      if (!['NoSchedule', 'PreferNoSchedule', 'NoExecute'].includes(t.effect)) {
        throw propError(CONSTRUCT, `${prop}.tolerations[${i}].effect`, t.effect, 'must be NoSchedule, PreferNoSchedule or NoExecute');
      }
      if (t.value !== undefined && !LABEL_VALUE.test(t.value)) {
        throw propError(CONSTRUCT, `${prop}.tolerations[${i}].value`, t.value, 'must be a label value (63 characters: letters, digits, "-", "_", ".")');
      }
      return t.value === undefined
        ? { key: t.key, operator: 'Exists', effect: t.effect }
        : { key: t.key, operator: 'Equal', value: t.value, effect: t.effect };
    });
  }
  return result;
}

function networkPolicy(peers: NetworkPeer[], port: number): Record<string, any> {
  const from = peers.map((peer, i) => renderNetworkPeer(CONSTRUCT, `networkPolicyAllowFrom[${i}]`, peer));
  return {
    enabled: true,
    ...(from.length > 0 ? { ingress: [{ from, ports: [{ protocol: 'TCP', port }] }] } : {}),
  };
}

function metrics(options: TrinoMetricsOptions, securityContext: Record<string, any>): Record<string, any> {
  const image = options.exporterImage;
  if (!/^[A-Za-z0-9.:/_-]+(@sha256:[a-f0-9]{64})?$/.test(image) || !/[:@]/.test(image.split('/').pop()!)) {
    throw propError(CONSTRUCT, 'metrics.exporterImage', options.exporterImage, 'must be an image reference with a tag or digest, e.g. "bitnami/jmx-exporter:1.4.0"');
  }
  const values: Record<string, any> = {
    jmx: {
      enabled: true,
      exporter: {
        enabled: true,
        image: options.exporterImage,
        pullPolicy: 'IfNotPresent',
        port: JMX_EXPORTER_PORT,
        securityContext,
        // The exporter reads Trino's MBeans over RMI on localhost; every MBean becomes a metric.
        configProperties: [
          'hostPort: localhost:{{- .Values.jmx.registryPort }}',
          'startDelaySeconds: 0',
          'ssl: false',
          'lowercaseOutputName: false',
          'lowercaseOutputLabelNames: false',
          'rules:',
          "  - pattern: '.*'",
        ].join('\n'),
      },
    },
  };
  if (options.serviceMonitorLabels !== undefined) {
    for (const [key, value] of Object.entries(options.serviceMonitorLabels)) validateLabel('metrics.serviceMonitorLabels', key, value);
    values.serviceMonitor = {
      enabled: true,
      labels: { ...options.serviceMonitorLabels },
      interval: `${wholeSeconds(options.scrapeInterval ?? Duration.seconds(30), CONSTRUCT, 'metrics.scrapeInterval', 1)}s`,
    };
  }
  return values;
}

function validateSecretKey(prop: string, reference: SecretKeyReference): void {
  validateRfc1123Label(CONSTRUCT, `${prop}.secretName`, reference.secretName);
  if (!isUnresolved(reference.key) && !SECRET_KEY.test(reference.key)) {
    throw propError(CONSTRUCT, `${prop}.key`, reference.key, 'must be a Secret key: letters, digits, "-", "_" or "."');
  }
}

function validateLabel(prop: string, key: string, value: string): void {
  if (!LABEL_KEY.test(key)) throw propError(CONSTRUCT, prop, key, 'must be a label key, e.g. "karpenter.sh/nodepool"');
  if (!LABEL_VALUE.test(value)) throw propError(CONSTRUCT, `${prop}.${key}`, value, 'must be a label value (63 characters: letters, digits, "-", "_", ".")');
}

function refuseTemplateText(prop: string, text: string): void {
  if (text.includes('{{')) {
    throw propError(CONSTRUCT, prop, text, 'must not contain "{{": the chart evaluates it as a Helm template');
  }
}
