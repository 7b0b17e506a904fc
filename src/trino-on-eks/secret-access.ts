import * as iam from 'aws-cdk-lib/aws-iam';
import { secretReadStatements } from '../private/secret-read';

// Which of Trino's pods may read which Secrets Manager secret. Every Trino pod runs as the chart's one service
// account (chart 1.42.2 has a single `serviceAccount` value for both Deployments), so coordinator and workers share
// one IAM role; what tells them apart inside that role is who is asking. With EKS Pod Identity, every session carries
// the pod's name as the session tag `kubernetes-pod-name`, so a coordinator-only secret is granted on the condition
// that the pod is the coordinator: a worker's request is refused by IAM. IRSA sessions carry no pod attribute
// (only the service account), so there the separation is the mount: only the coordinator's pods mount the
// SecretProviderClass of the coordinator-only secrets.

/** Which of Trino's pods read a secret. */
export enum SecretReaders {
  /** Coordinator and workers (the internal shared secret; a JDBC catalog's credentials). */
  ALL_PODS = 'ALL_PODS',
  /** The coordinator alone (the password file). */
  COORDINATOR = 'COORDINATOR',
}

/** One Secrets Manager secret Trino's pods read, and who reads it. */
export interface SecretGrant {
  /** The secret's ARN: complete, or with `-??????` for a secret known by name. */
  readonly secretArn: string;
  /** The customer-managed key encrypting it, when one does. */
  readonly keyArn?: string;
  readonly readers: SecretReaders;
}

/** How the role's sessions identify their pod. */
export interface SecretAccessOptions {
  /** The region of the secrets (kms:ViaService). */
  readonly region: string;
  /** Pods get the role through EKS Pod Identity (sessions tagged with the pod's name), else IRSA. */
  readonly podIdentity: boolean;
  /** The name every coordinator pod starts with (the chart's coordinator Deployment name and a dash). */
  readonly coordinatorPodPrefix: string;
}

/** The Pod Identity session tag with the pod's name (EKS user guide, "Enable or disable session tags"). */
export const POD_NAME_TAG = 'aws:PrincipalTag/kubernetes-pod-name';

/**
 * The statements that let Trino's pods read exactly the secrets granted: read on each secret (and decrypt with its key
 * through Secrets Manager only), restricted to the coordinator's pods for a coordinator-only secret under Pod Identity.
 */
export function secretAccessStatements(grants: SecretGrant[], options: SecretAccessOptions): iam.PolicyStatement[] {
  const coordinatorOnly: Record<string, Record<string, unknown>> = options.podIdentity ? { StringLike: { [POD_NAME_TAG]: `${options.coordinatorPodPrefix}*` } } : {};
  return grants.flatMap((grant) => secretReadStatements(grant.secretArn, grant.keyArn, options.region,
    grant.readers === SecretReaders.COORDINATOR ? coordinatorOnly : {}));
}
