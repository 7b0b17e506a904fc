/**
 * Keeps voluntary disruptions away from the single coordinator: a coordinator that restarts fails every
 * running query. Two layers, because they stop different actors:
 *
 * - `karpenter.sh/do-not-disrupt` on the pod: Karpenter does not consolidate or replace a drifted node that
 *   runs it (forceful reasons, node expiry and spot interruption, still apply; the pool is on-demand);
 * - a PodDisruptionBudget with `minAvailable: 1`: any eviction (`kubectl drain`, node upgrades) waits while the
 *   coordinator serves. With one replica that blocks eviction for good, which is the point; `maxUnavailable: 0`
 *   would do the same but also hold back a coordinator that is not Ready. Here `unhealthyPodEvictionPolicy:
 *   AlwaysAllow` lets a crashed or starting coordinator go, so a broken one never wedges a drain.
 *
 * An operator moves a healthy coordinator by deleting the pod (deletion is not eviction, so the budget does not
 * apply) at a quiet moment, after which a drain of its node proceeds.
 */

/** The pod annotation that keeps Karpenter from voluntarily disrupting the coordinator's node. */
export const COORDINATOR_POD_ANNOTATIONS: Readonly<Record<string, string>> = { 'karpenter.sh/do-not-disrupt': 'true' };

/** The chart values that annotate the coordinator pod (chart 1.42.2 `coordinator.annotations`, pod template metadata). */
export function coordinatorProtectionValues(): Record<string, any> {
  return { coordinator: { annotations: { ...COORDINATOR_POD_ANNOTATIONS } } };
}

/** The coordinator's PodDisruptionBudget; `selectorLabels` are the chart's selector labels of the release. */
export function coordinatorPodDisruptionBudget(namespace: string, releaseName: string, selectorLabels: Record<string, string>): Record<string, any> {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: {
      name: `${releaseName}-coordinator`,
      namespace,
      labels: { 'app.kubernetes.io/managed-by': 'cdk-trino-on-eks', 'app.kubernetes.io/component': 'coordinator' },
    },
    spec: {
      minAvailable: 1,
      unhealthyPodEvictionPolicy: 'AlwaysAllow',
      selector: { matchLabels: { ...selectorLabels, 'app.kubernetes.io/component': 'coordinator' } },
    },
  };
}
