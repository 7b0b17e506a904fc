import { RenderedRequirement } from './rendered-requirement';
import { deepMerge } from '../private/deep-merge';

/** A NodePool taint as rendered. */
export interface RenderedTaint {
  readonly key: string;
  readonly value?: string;
  readonly effect: string;
}

/** A disruption budget as rendered. */
export interface RenderedBudget {
  readonly nodes: string;
  readonly reasons?: string[];
  readonly schedule?: string;
  readonly duration?: string;
}

/** Everything a NodePool is made of, defaults applied and validated. */
export interface ResolvedNodePool {
  readonly name: string;
  readonly nodeClassRef: { readonly group: string; readonly kind: string; readonly name: string };
  readonly requirements: RenderedRequirement[];
  readonly labels: Record<string, string>;
  readonly taints: RenderedTaint[];
  readonly weight?: number;
  readonly cpuLimit?: string;
  readonly memoryLimit?: string;
  readonly consolidationPolicy: string;
  readonly consolidateAfter: string;
  readonly budgets: RenderedBudget[];
  readonly expireAfter: string;
  readonly terminationGracePeriod?: string;
  readonly overrides?: Record<string, any>;
}

/** The `karpenter.sh/v1` NodePool. */
export function nodePoolManifest(pool: ResolvedNodePool): Record<string, any> {
  const limits = {
    ...(pool.cpuLimit !== undefined ? { cpu: pool.cpuLimit } : {}),
    ...(pool.memoryLimit !== undefined ? { memory: pool.memoryLimit } : {}),
  };
  const manifest = {
    apiVersion: 'karpenter.sh/v1',
    kind: 'NodePool',
    metadata: { name: pool.name, labels: { 'app.kubernetes.io/managed-by': 'cdk-trino-on-eks' } },
    spec: {
      template: {
        ...(Object.keys(pool.labels).length > 0 ? { metadata: { labels: { ...pool.labels } } } : {}),
        spec: {
          nodeClassRef: { ...pool.nodeClassRef },
          requirements: pool.requirements.map((r) => ({ ...r })),
          ...(pool.taints.length > 0 ? { taints: pool.taints.map((t) => ({ ...t })) } : {}),
          expireAfter: pool.expireAfter,
          ...(pool.terminationGracePeriod !== undefined ? { terminationGracePeriod: pool.terminationGracePeriod } : {}),
        },
      },
      disruption: {
        consolidationPolicy: pool.consolidationPolicy,
        consolidateAfter: pool.consolidateAfter,
        ...(pool.budgets.length > 0 ? { budgets: pool.budgets.map((b) => ({ ...b })) } : {}),
      },
      ...(Object.keys(limits).length > 0 ? { limits } : {}),
      ...(pool.weight !== undefined ? { weight: pool.weight } : {}),
    },
  };
  return deepMerge(manifest, pool.overrides);
}
