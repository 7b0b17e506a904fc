import { COORDINATOR_SCRAPE_JOB, TRINO_METRICS } from './trino-metric-names';

/** What the alert rules are computed from. */
export interface TrinoAlertPlan {
  /** Trino's namespace (every rule selects its series). */
  readonly namespace: string;
  /**
   * How long queries may wait with no worker before it is an alert: longer than the coordinator lets them wait
   * (`query-manager.required-workers-max-wait`) when the workers scale to zero, so that a normal cold start is quiet.
   */
  readonly queuedWithoutWorkersMinutes: number;
}

/** The names of the alerts, for tests and runbooks. */
export const TRINO_ALERTS = {
  coordinatorDown: 'TrinoCoordinatorDown',
  coordinatorRestarted: 'TrinoCoordinatorRestarted',
  queriesFailing: 'TrinoQueriesFailing',
  queuedWithoutWorkers: 'TrinoQueriesQueuedWithoutWorkers',
  workerMemoryNearLimit: 'TrinoWorkerMemoryNearLimit',
} as const;

/** Share of finished queries that may fail for reasons other than the user's before TrinoQueriesFailing fires. */
export const FAILED_QUERY_RATIO = 0.1;
/** Share of the workers' query memory in use above which TrinoWorkerMemoryNearLimit fires. */
export const MEMORY_NEAR_LIMIT_RATIO = 0.9;
/** How long after a coordinator start TrinoCoordinatorRestarted keeps firing. */
export const RESTART_WINDOW_MINUTES = 15;

/**
 * The alert rules (a Prometheus rules file as plain data) on the coordinator's series only (see TRINO_METRICS).
 * `promtool check rules` and `promtool test rules` check them (scripts/prometheus-rules-check.sh).
 */
export function trinoAlertRules(plan: TrinoAlertPlan): Record<string, any> {
  const ns = `namespace="${plan.namespace}"`;
  const m = (name: string) => `${name}{${ns}}`;
  const finishedIncrease = (name: string) => `sum(increase(${m(name)}[10m]))`;
  const labels = (severity: string) => ({ severity, namespace: plan.namespace });
  return {
    groups: [{
      name: `trino-${plan.namespace}`,
      rules: [
        {
          alert: TRINO_ALERTS.coordinatorDown,
          expr: `absent(up{job="${COORDINATOR_SCRAPE_JOB}",${ns}} == 1)`,
          for: '5m',
          labels: labels('critical'),
          annotations: {
            summary: `The Trino coordinator in ${plan.namespace} has not answered a scrape for 5 minutes: no query can run.`,
          },
        },
        {
          alert: TRINO_ALERTS.coordinatorRestarted,
          expr: `time() - max(${m(TRINO_METRICS.startTime)}) / 1000 < ${RESTART_WINDOW_MINUTES * 60}`,
          labels: labels('warning'),
          annotations: {
            summary: `The Trino coordinator in ${plan.namespace} (re)started in the last ${RESTART_WINDOW_MINUTES} minutes: the queries it was running failed.`,
          },
        },
        {
          alert: TRINO_ALERTS.queriesFailing,
          // Failures that are not the user's (internal and external errors) against every finished query.
          expr: `(${finishedIncrease(TRINO_METRICS.failedQueries)} - ${finishedIncrease(TRINO_METRICS.userErrorFailures)})` +
            ` / clamp_min(${finishedIncrease(TRINO_METRICS.completedQueries)}, 1) > ${FAILED_QUERY_RATIO}`,
          for: '5m',
          labels: labels('warning'),
          annotations: {
            summary: `More than ${FAILED_QUERY_RATIO * 100}% of the queries that finished in ${plan.namespace} in the last 10 minutes failed for reasons other than the user's.`,
          },
        },
        {
          alert: TRINO_ALERTS.queuedWithoutWorkers,
          // The memory pool counts the coordinator as a node: one node means no worker.
          expr: `sum(${m(TRINO_METRICS.queuedQueries)}) > 0 and on() sum(${m(TRINO_METRICS.clusterNodes)}) <= 1`,
          for: `${plan.queuedWithoutWorkersMinutes}m`,
          labels: labels('critical'),
          annotations: {
            summary: `Queries in ${plan.namespace} have waited ${plan.queuedWithoutWorkersMinutes} minutes with no active worker: check the worker Deployment, KEDA and the worker NodePool.`,
          },
        },
        {
          alert: TRINO_ALERTS.workerMemoryNearLimit,
          expr: `sum(${m(TRINO_METRICS.clusterMemoryReserved)}) / sum(${m(TRINO_METRICS.clusterMemoryTotal)}) > ${MEMORY_NEAR_LIMIT_RATIO}`,
          for: '10m',
          labels: labels('warning'),
          annotations: {
            summary: `The workers in ${plan.namespace} have used over ${MEMORY_NEAR_LIMIT_RATIO * 100}% of their query memory (the heap share queries may take) for 10 minutes: queries will wait or be killed; add workers or larger ones.`,
          },
        },
      ],
    }],
  };
}
