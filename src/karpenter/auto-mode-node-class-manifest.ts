import { deepMerge } from '../private/deep-merge';

/** Everything a custom Auto Mode NodeClass is made of, defaults applied and validated. */
export interface ResolvedAutoModeNodeClass {
  readonly name: string;
  readonly roleName: string;
  readonly subnetSelectorTerms: Record<string, any>[];
  readonly securityGroupSelectorTerms: Record<string, any>[];
  readonly ephemeralStorage?: {
    readonly gibibytes: number;
    readonly iops?: number;
    readonly throughput?: number;
    readonly kmsKeyArn?: string;
  };
  readonly tags?: Record<string, string>;
  readonly overrides?: Record<string, any>;
}

/**
 * A custom EKS Auto Mode `NodeClass` (`eks.amazonaws.com/v1`). No schema package exists for this
 * kind on npm; its fields follow the EKS user guide's "Node Class Specification".
 */
export function autoModeNodeClassManifest(nodeClass: ResolvedAutoModeNodeClass): Record<string, any> {
  const storage = nodeClass.ephemeralStorage;
  const manifest = {
    apiVersion: 'eks.amazonaws.com/v1',
    kind: 'NodeClass',
    metadata: { name: nodeClass.name, labels: { 'app.kubernetes.io/managed-by': 'cdk-trino-on-eks' } },
    spec: {
      role: nodeClass.roleName,
      subnetSelectorTerms: nodeClass.subnetSelectorTerms,
      securityGroupSelectorTerms: nodeClass.securityGroupSelectorTerms,
      ...(storage
        ? {
          ephemeralStorage: {
            size: `${storage.gibibytes}Gi`,
            ...(storage.iops !== undefined ? { iops: storage.iops } : {}),
            ...(storage.throughput !== undefined ? { throughput: storage.throughput } : {}),
            ...(storage.kmsKeyArn ? { kmsKeyID: storage.kmsKeyArn } : {}),
          },
        }
        : {}),
      ...(nodeClass.tags && Object.keys(nodeClass.tags).length > 0 ? { tags: { ...nodeClass.tags } } : {}),
    },
  };
  return deepMerge(manifest, nodeClass.overrides);
}
