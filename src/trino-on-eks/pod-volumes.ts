import { TrinoRole } from '../trino/server-config';
import { TrinoConfiguration } from '../trino/trino-configuration';

// The volumes of Trino's pods in the chart values: the node's local disk and the Secrets Store CSI mounts.

/** The pod volume holding the node's local disk (file-system cache and spill). */
const LOCAL_STORAGE_VOLUME = 'local-storage';

export interface PodVolumes {
  readonly volumes: Record<string, any>[];
  readonly mounts: Record<string, any>[];
}

/**
 * The node's local disk in the pod, as emptyDir volumes: the kubelet puts them on the node's ephemeral storage,
 * which is the instance store (RAID0) on instance-store nodes (EKS Auto Mode does this by itself; an EC2NodeClass
 * with `instanceStorePolicy: RAID0`). emptyDir rather than hostPath: it is deleted with the pod (a cache or spill
 * file never outlives its worker), needs no privileged path on the host (hostPath is refused by the restricted Pod
 * Security Standard), and counts against the pod's ephemeral storage, so the kubelet can enforce a size limit.
 *
 * - Workers: the local-storage directory (cache and spill) with a `sizeLimit` of what Trino may write there plus 10%
 *   of the disk (inside the rule's reserve): Trino's own limits are never reached by it, but a runaway writer is
 *   evicted before the node's disk fills; and each explicit spill path outside it.
 * - Coordinator, when the file-system cache is on: the same directory, without a limit. The catalog files are the
 *   same on every node and Trino checks at startup that the cache directory can be written; the coordinator only
 *   caches the metadata files it reads while planning.
 */
export function localDiskVolumes(configuration: TrinoConfiguration, role: TrinoRole): PodVolumes {
  const storage = configuration.localStorage;
  const own: Record<string, any>[] = [];
  const mounts: Record<string, any>[] = [];
  if (storage && (role === TrinoRole.WORKER ? storage.used.toMebibytes() > 0 : storage.cacheEnabled)) {
    const limitGib = Math.floor((storage.used.toMebibytes() + storage.diskSize.toMebibytes() * 0.1) / 1024);
    // The coordinator gets the cache directory because the chart renders one catalog file for both roles and the
    // coordinator must have fs.cache on to give splits their cache-affine workers. It caches only the metadata it
    // reads itself (Iceberg manifests, Delta logs), within Trino's own cap of 80% of the disk
    // (fs.cache.disk-usage-percentages). No sizeLimit: passing one makes the kubelet evict the coordinator, which
    // fails every running query, a worse outcome than a cache held at Trino's cap.
    own.push({ name: LOCAL_STORAGE_VOLUME, emptyDir: role === TrinoRole.WORKER ? { sizeLimit: `${limitGib}Gi` } : {} });
    mounts.push({ name: LOCAL_STORAGE_VOLUME, mountPath: storage.path });
  }
  const covered = (p: string) => storage !== undefined && mounts.length > 0 && (p === storage.path || p.startsWith(`${storage.path}/`));
  const spillPaths = (role === TrinoRole.WORKER ? configuration.spillPaths : []).filter((p) => !covered(p));
  spillPaths.forEach((p, i) => {
    own.push({ name: `spill-${i}`, emptyDir: {} });
    mounts.push({ name: `spill-${i}`, mountPath: p });
  });
  return { volumes: own, mounts };
}

/** A Secrets Store CSI volume, which keeps the Secrets its class syncs alive. */
export function secretsStoreVolume(name: string, mountPath: string, secretProviderClass: string | undefined): PodVolumes {
  if (secretProviderClass === undefined) return { volumes: [], mounts: [] };
  return {
    volumes: [{ name, csi: { driver: 'secrets-store.csi.k8s.io', readOnly: true, volumeAttributes: { secretProviderClass } } }],
    mounts: [{ name, mountPath, readOnly: true }],
  };
}

/** A role's `additionalVolumes` and `additionalVolumeMounts`, when it has any. */
export function volumes(own: Record<string, any>[], ownMounts: Record<string, any>[], ...shared: PodVolumes[]): Record<string, any> {
  const all = [...own, ...shared.flatMap((s) => s.volumes)];
  if (all.length === 0) return {};
  return { additionalVolumes: all, additionalVolumeMounts: [...ownMounts, ...shared.flatMap((s) => s.mounts)] };
}
