import { Duration } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { Construct } from 'constructs';
import { KedaTrigger, KedaWorkerAutoscaling } from './chart-values';
import { validateRfc1123Label } from '../private/kubernetes-names';
import { wholeSeconds } from '../private/units';
import { propError, validateWholeNumber } from '../private/validation';
import { ScaleToZeroOptions } from '../trino/server-config';

/** Query-aware autoscaling of the Trino workers with KEDA (TrinoOnEks `workers.autoscaling`). */
export interface TrinoWorkerAutoscalingOptions {
  /**
   * Active queries (queued plus running) each worker is meant to carry: KEDA runs
   * `ceil(queued / queriesPerWorker)` and `ceil(running / queriesPerWorker)` workers, whichever is more,
   * between `workers.minCount` and `workers.maxCount`.
   *
   * @default 2
   */
  readonly queriesPerWorker?: number;

  /**
   * How often KEDA reads the coordinator's query counts.
   *
   * @default Duration.seconds(30)
   */
  readonly pollingInterval?: Duration;

  /**
   * How long after the last query KEDA waits before scaling the workers to `workers.minCount`.
   *
   * @default Duration.minutes(5)
   */
  readonly cooldownPeriod?: Duration;

  /**
   * How queries wait for workers when none runs (`query-manager.required-workers` and
   * `query-manager.required-workers-max-wait` on the coordinator). Rendered whenever `workers.minCount` is 0.
   *
   * @default - 1 required worker, 5 minutes of waiting
   */
  readonly queryWait?: ScaleToZeroOptions;

  /**
   * Install KEDA (the official `kedacore/keda` Helm chart, pinned to `KEDA_CHART.version`, in namespace
   * `keda`). Turn it off when the cluster already runs KEDA 2.16 or later (the trigger reads Trino's
   * OpenMetrics with the `metrics-api` scaler's `prometheus` format and takes its user name from a ConfigMap).
   *
   * @default true
   */
  readonly installKeda?: boolean;

  /**
   * The Trino user KEDA reads `/metrics` as (sent as HTTP basic authentication without a password over the
   * coordinator's in-cluster HTTP port). With password authentication on, Trino refuses unauthenticated HTTP, so the
   * coordinator's `management.user` is this user: management requests over plain HTTP act as it. Not a secret: it
   * lives in a ConfigMap. With file access control it is given read access to system information, which `/metrics`
   * needs, and nothing else. It may not also be a password user.
   *
   * @default 'keda-autoscaler'
   */
  readonly metricsUser?: string;
}

/** The KEDA chart TrinoOnEks installs. */
export const KEDA_CHART = {
  repository: 'https://kedacore.github.io/charts',
  name: 'keda',
  version: '2.18.0',
  namespace: 'keda',
  release: 'keda',
} as const;

/** Trino's OpenMetrics names (coordinator `/metrics`) of the QueryManager gauges. */
export const TRINO_QUERY_METRICS = {
  /** Queries not yet RUNNING: queued, waiting for resources (required workers included), planning, starting. */
  queued: 'trino_execution_name_QueryManager_QueuedQueries',
  /** Queries RUNNING or finishing. */
  running: 'trino_execution_name_QueryManager_RunningQueries',
} as const;

/** Validated autoscaling, with defaults applied. */
export interface ResolvedWorkerAutoscaling {
  readonly minWorkers: number;
  readonly maxWorkers: number;
  readonly queriesPerWorker: number;
  readonly pollingInterval: Duration;
  readonly cooldownPeriod: Duration;
  /** Set when the coordinator must let queries wait for workers. */
  readonly queryWait?: { readonly requiredWorkers: number; readonly maxWait: Duration };
  readonly installKeda: boolean;
  readonly metricsUser: string;
}

/** Shortest wait a query must be granted at zero workers: KEDA's poll, a Karpenter node, the image and Trino's startup. */
const WORKER_STARTUP = Duration.minutes(2);
const TRINO_USER = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

/**
 * Validates the autoscaling options against the worker counts (everything before any construct exists).
 * Scaling to zero always renders a query wait; a wait that cannot outlast a worker's start is refused,
 * because queries would then fail with "Insufficient active worker nodes" every time the cluster is idle.
 */
export function resolveWorkerAutoscaling(construct: string, prop: string, options: TrinoWorkerAutoscalingOptions,
  minWorkers: number, maxWorkers: number): ResolvedWorkerAutoscaling {
  const queriesPerWorker = options.queriesPerWorker ?? 2;
  validateWholeNumber(construct, `${prop}.queriesPerWorker`, queriesPerWorker, 1);
  const pollingInterval = options.pollingInterval ?? Duration.seconds(30);
  const pollingSeconds = wholeSeconds(pollingInterval, construct, `${prop}.pollingInterval`, 1);
  const cooldownPeriod = options.cooldownPeriod ?? Duration.minutes(5);
  wholeSeconds(cooldownPeriod, construct, `${prop}.cooldownPeriod`, 0);
  const metricsUser = options.metricsUser ?? 'keda-autoscaler';
  if (!TRINO_USER.test(metricsUser)) {
    throw propError(construct, `${prop}.metricsUser`, metricsUser,
      'must be a Trino user name: 1 to 63 letters, digits, ".", "_" or "-", starting with a letter or digit');
  }

  let queryWait: ResolvedWorkerAutoscaling['queryWait'];
  if (minWorkers === 0 || options.queryWait !== undefined) {
    const requiredWorkers = options.queryWait?.requiredWorkers ?? 1;
    if (!Number.isInteger(requiredWorkers) || requiredWorkers < 1 || requiredWorkers > maxWorkers) {
      throw propError(construct, `${prop}.queryWait.requiredWorkers`, requiredWorkers,
        `must be a whole number from 1 to the most workers (${maxWorkers}): queries wait until that many workers are active`);
    }
    const maxWait = options.queryWait?.maxWait ?? Duration.minutes(5);
    const waitSeconds = wholeSeconds(maxWait, construct, `${prop}.queryWait.maxWait`, 0);
    const least = pollingSeconds + WORKER_STARTUP.toSeconds();
    if (minWorkers === 0 && waitSeconds < least) {
      throw propError(construct, `${prop}.queryWait.maxWait`, `${waitSeconds} seconds`,
        `must be at least ${least} seconds when the fewest workers is 0 (${prop}.pollingInterval of ${pollingSeconds} s for KEDA to see ` +
        'the query, plus 2 minutes for a node, the image and Trino to start): a shorter wait makes every query on an idle cluster ' +
        'fail with "Insufficient active worker nodes"');
    }
    queryWait = { requiredWorkers, maxWait };
  }
  return {
    minWorkers,
    maxWorkers,
    queriesPerWorker,
    pollingInterval,
    cooldownPeriod,
    queryWait,
    installKeda: options.installKeda ?? true,
    metricsUser,
  };
}

/** What the worker ScaledObject reads and how it authenticates. */
export interface QueryTriggerOptions {
  /** The coordinator's base URL inside the cluster, e.g. `http://trino.trino.svc.cluster.local:8080`. */
  readonly coordinatorUri: string;
  /** The TriggerAuthentication the triggers use (in the release namespace). */
  readonly authenticationName: string;
}

/**
 * The chart's `server.keda` for query-aware scaling: two KEDA `metrics-api` triggers on the coordinator's
 * OpenMetrics endpoint (`/metrics`, always on in Trino), one per QueryManager gauge. KEDA scales to the larger
 * of the two; either being above 0 activates the workers from zero. A query waiting for required workers is
 * counted as queued (its state is before RUNNING), so the first query on an idle cluster brings a worker up.
 *
 * Authentication is HTTP basic through a TriggerAuthentication (`authMode: basic`): only the user name, from a
 * ConfigMap. The request goes to the coordinator's HTTP port inside the cluster: without authentication Trino takes
 * the user name; with PASSWORD authentication (which applies to the HTTPS requests forwarded by the load balancer)
 * the coordinator's `management.user` is the metrics user, the identity of management requests over plain HTTP.
 */
export function queryAwareAutoscaling(resolved: ResolvedWorkerAutoscaling, options: QueryTriggerOptions): KedaWorkerAutoscaling {
  validateRfc1123Label('TrinoOnEks', 'autoscaling.authenticationName', options.authenticationName);
  const trigger = (metric: string): KedaTrigger => ({
    type: 'metrics-api',
    metadata: {
      url: `${options.coordinatorUri}/metrics`,
      format: 'prometheus',
      valueLocation: metric,
      targetValue: String(resolved.queriesPerWorker),
      activationTargetValue: '0',
      authMode: 'basic',
    },
    authenticationRef: options.authenticationName,
  });
  return {
    minWorkers: resolved.minWorkers,
    maxWorkers: resolved.maxWorkers,
    pollingInterval: resolved.pollingInterval,
    cooldownPeriod: resolved.cooldownPeriod,
    triggers: [trigger(TRINO_QUERY_METRICS.queued), trigger(TRINO_QUERY_METRICS.running)],
  };
}

/**
 * The ConfigMap with the metrics user and the TriggerAuthentication that hands it to the triggers. No
 * Secret: the user name is not one, and with authentication off the coordinator asks for nothing else.
 */
export function metricsAuthenticationObjects(namespace: string, name: string, user: string): Record<string, any>[] {
  return [
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name, namespace, labels: { 'app.kubernetes.io/part-of': 'trino', 'app.kubernetes.io/component': 'autoscaler' } },
      data: { username: user },
    },
    {
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'TriggerAuthentication',
      metadata: { name, namespace, labels: { 'app.kubernetes.io/part-of': 'trino', 'app.kubernetes.io/component': 'autoscaler' } },
      spec: { configMapTargetRef: [{ parameter: 'username', name, key: 'username' }] },
    },
  ];
}

/**
 * Refuses helmValues that turn the chart's KEDA (or HPA) autoscaling on behind the library's back: the chart's
 * own ScaledObject defaults to `minReplicaCount: 0` with no `query-manager.required-workers`, so queries
 * would fail whenever it scaled the workers away, and the worker pool and PDB were sized for fixed workers.
 */
export function refuseUnmanagedAutoscaling(construct: string, generated: Record<string, any>, merged: Record<string, any>): void {
  for (const key of ['keda', 'autoscaling']) {
    const before = generated.server?.[key]?.enabled === true;
    const after = merged.server?.[key]?.enabled === true;
    if (after && !before) {
      throw propError(construct, `helmValues.server.${key}.enabled`, true,
        'turns on worker autoscaling the library does not manage (it would scale workers to zero with no ' +
        'query-manager.required-workers, so queries fail); use workers.autoscaling instead');
    }
  }
}

/** KEDA from its chart, waited for: its CRDs and admission webhook must serve before a TriggerAuthentication or ScaledObject is applied. */
export function installKeda(scope: Construct, cluster: eks.ICluster): eks.HelmChart {
  return new eks.HelmChart(scope, 'Keda', {
    cluster,
    namespace: KEDA_CHART.namespace,
    release: KEDA_CHART.release,
    repository: KEDA_CHART.repository,
    chart: KEDA_CHART.name,
    version: KEDA_CHART.version,
    createNamespace: true,
    wait: true,
  });
}
