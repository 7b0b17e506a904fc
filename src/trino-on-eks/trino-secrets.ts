import { isUnresolved } from '../private/validation';

// How Trino's secrets reach its pods: generated in AWS Secrets Manager, read at run time by the Secrets Store
// CSI driver with the AWS provider (ASCP) under the pods' own IAM role, and synced into the Kubernetes Secret
// the chart values reference. No secret value is ever in a template, Helm values, a ConfigMap or a pod spec.

/** The EKS add-on that installs the Secrets Store CSI driver and the AWS provider. */
export const SECRETS_STORE_ADDON = 'aws-secrets-store-csi-driver-provider';

/** A SecretProviderClass: which Secrets Manager secrets it reads, and where. */
export interface SecretProviderClassSpec {
  /** Name of the SecretProviderClass (the pods that mount it keep its synced Secrets alive). */
  readonly name: string;
  readonly namespace: string;
  /** Region of the secrets. */
  readonly region: string;
  /** Pods get their role through EKS Pod Identity (else IRSA). */
  readonly usePodIdentity: boolean;
  /** The secrets, each synced into its own Kubernetes Secret. */
  readonly secrets: SyncedSecret[];
}

/** A Secrets Manager secret synced into a Kubernetes Secret under one key. */
export interface SyncedSecret {
  /** The complete ARN of the Secrets Manager secret (a token is fine), or its name (never a partial ARN). */
  readonly secretArn: string;
  /** Key in the Kubernetes Secret (also the file name in the CSI mount). */
  readonly key: string;
  /** The Kubernetes Secret. */
  readonly kubernetesSecretName: string;
  /**
   * JSON keys of the secret to sync instead of its whole value, each under the same key in the Kubernetes Secret
   * (e.g. `username` and `password` of a database secret).
   *
   * @default - the whole value, under `key`
   */
  readonly jsonKeys?: SyncedJsonKey[];
}

/** One key of a JSON secret, synced into the Kubernetes Secret. */
export interface SyncedJsonKey {
  /** The key in the secret's JSON. */
  readonly path: string;
  /** The key in the Kubernetes Secret. */
  readonly key: string;
}

/**
 * The SecretProviderClass (secrets-store.csi.x-k8s.io/v1): each Secrets Manager object, read by ARN, mounted
 * as file `<key>` and synced (`secretObjects`) into an Opaque Secret under the same key. Two classes exist: one
 * every Trino pod mounts (the shared secret, and the OAuth 2.0 client secret that the chart's shared environment
 * references), and one only the coordinator mounts (the password file), so that a worker's file system never holds
 * the password hashes.
 */
export function secretProviderClass(spec: SecretProviderClassSpec): Record<string, any> {
  // ASCP reads `objects` as a YAML list in a string; JSON is YAML, and it keeps the ARN token intact.
  // A name (not an ARN) needs its objectType.
  // A JSON secret's keys are files `<key>-<Kubernetes key>` (jmesPath), which the Secret's keys are synced from.
  const objects = JSON.stringify(spec.secrets.map((s) => ({
    objectName: s.secretArn,
    objectAlias: s.key,
    ...(!isUnresolved(s.secretArn) && !s.secretArn.startsWith('arn:') ? { objectType: 'secretsmanager' } : {}),
    ...(s.jsonKeys ? { jmesPath: s.jsonKeys.map((k) => ({ path: k.path, objectAlias: `${s.key}-${k.key}` })) } : {}),
  })));
  return {
    apiVersion: 'secrets-store.csi.x-k8s.io/v1',
    kind: 'SecretProviderClass',
    metadata: {
      name: spec.name,
      namespace: spec.namespace,
      labels: { 'app.kubernetes.io/managed-by': 'cdk-trino-on-eks', 'app.kubernetes.io/part-of': 'trino' },
    },
    spec: {
      provider: 'aws',
      parameters: {
        region: spec.region,
        objects,
        ...(spec.usePodIdentity ? { usePodIdentity: 'true' } : {}),
      },
      secretObjects: spec.secrets.map((s) => ({
        secretName: s.kubernetesSecretName,
        type: 'Opaque',
        data: s.jsonKeys ? s.jsonKeys.map((k) => ({ objectName: `${s.key}-${k.key}`, key: k.key })) : [{ objectName: s.key, key: s.key }],
      })),
    },
  };
}

/** How often the driver re-reads Secrets Manager when rotation is on. */
export const SECRET_ROTATION_POLL_INTERVAL = '2m';

/**
 * Configuration of the add-on: secret syncing on (the chart reads the shared secret from a Kubernetes Secret
 * through `env`), and both DaemonSets tolerate every taint, so they also run on the tainted worker nodes whose
 * pods mount the volume. With `rotation`, the driver re-reads the objects every SECRET_ROTATION_POLL_INTERVAL and
 * updates the synced Secrets (a changed password file reaches the coordinator's mounted Secret; the shared secret,
 * read from the environment at startup, changes only on a restart).
 */
export function secretsStoreAddonConfiguration(rotation = false): Record<string, any> {
  const everyTaint = [{ operator: 'Exists' }];
  return {
    'tolerations': everyTaint,
    'secrets-store-csi-driver': {
      syncSecret: { enabled: true },
      ...(rotation ? { enableSecretRotation: true, rotationPollInterval: SECRET_ROTATION_POLL_INTERVAL } : {}),
      linux: { tolerations: everyTaint },
    },
  };
}
