import { GracefulShutdownBudget } from '../trino/graceful-shutdown';

/** How the official Trino chart labels a release's worker pods. */
export interface WorkerSelector {
  readonly namespace: string;
  readonly releaseName: string;
  /** `app.kubernetes.io/name`: the chart's name, or its nameOverride. */
  readonly chartName: string;
}

/**
 * The worker labels the chart selects its worker Deployment's pods with (chart 1.42.2,
 * templates/_helpers.tpl `trino.selectorLabels` plus `app.kubernetes.io/component: worker`).
 */
export function workerSelectorLabels(selector: WorkerSelector): Record<string, string> {
  return {
    'app.kubernetes.io/name': selector.chartName,
    'app.kubernetes.io/instance': selector.releaseName,
    'app.kubernetes.io/component': 'worker',
  };
}

/**
 * The worker PodDisruptionBudget. The chart at 1.42.2 has none, so Karpenter consolidation or a node
 * upgrade could drain every worker at once; with it, workers leave `maxUnavailable` at a time, each through
 * its preStop drain.
 */
export function workerPodDisruptionBudget(selector: WorkerSelector, maxUnavailable: number): Record<string, any> {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: {
      name: `${selector.releaseName}-worker`,
      namespace: selector.namespace,
      labels: { 'app.kubernetes.io/managed-by': 'cdk-trino-on-eks', 'app.kubernetes.io/component': 'worker' },
    },
    spec: {
      maxUnavailable,
      selector: { matchLabels: workerSelectorLabels(selector) },
    },
  };
}

/**
 * The chart values that carry the budget: `worker.gracefulShutdown` makes the chart render
 * `shutdown.grace-period`, the preStop request as user `admin` and the worker access rule that allows it;
 * `worker.terminationGracePeriodSeconds` is the whole budget, which also satisfies the chart's own check
 * (at least twice the grace period).
 */
export function workerChartValues(budget: GracefulShutdownBudget): Record<string, any> {
  return {
    worker: {
      gracefulShutdown: { enabled: true, gracePeriodSeconds: budget.gracePeriod.toSeconds() },
      terminationGracePeriodSeconds: budget.terminationGracePeriodSeconds,
    },
  };
}
