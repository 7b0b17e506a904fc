import { deepMerge } from '../private/deep-merge';
import { propError } from '../private/validation';

/**
 * Keys whose whole subtree the library owns: a helmValues entry anywhere under them (even a new key) is
 * refused, because each carries an invariant the library checked (names the PDB, the metastore's
 * NetworkPolicy and `discovery.uri` rely on; who may reach Trino's pods; the image tag the files were rendered for; the service account
 * that holds exactly the granted access; the shared-secret reference; catalogs whose storage was granted).
 */
const OWNED_SUBTREES = [
  'fullnameOverride', 'nameOverride', 'coordinatorNameOverride', 'workerNameOverride', 'image', 'serviceAccount', 'env', 'catalogs', 'worker.gracefulShutdown', 'secretMounts', 'auth',
  'networkPolicy', 'server.config.authenticationType',
];
/** Owned values helmValues may raise but not lower. */
const RAISABLE = new Set(['worker.terminationGracePeriodSeconds']);
/** An environment variable name that suggests a secret. */
const SECRET_NAME = /(SECRET|PASSWORD|PASSWD|TOKEN|CREDENTIAL|ACCESS_KEY|PRIVATE_KEY)/i;
/** A properties line or YAML entry that sets a secret-like key to a literal (anything but `${ENV:...}`). */
const SECRET_ASSIGNMENT = /(secret|password|secret-key|access-key|token)[\w.-]*\s*[=:]\s*(?!\$\{ENV:)\S/i;

/**
 * Deep-merges `helmValues` last into the library's `values` (objects key by key, arrays and scalars replace,
 * `null` removes), after checking that it changes no value the library sets (every leaf of `values`, arrays
 * as a whole), adds nothing under an owned subtree, raises a raisable value only upwards, and holds no secret
 * in plain text. Keys the library does not set (ingress, podAnnotations, …) are free.
 */
export function mergeHelmValues(construct: string, values: Record<string, any>, helmValues: Record<string, any> | undefined): Record<string, any> {
  if (helmValues === undefined) return values;
  if (typeof helmValues !== 'object' || helmValues === null || Array.isArray(helmValues)) {
    throw propError(construct, 'helmValues', String(helmValues), 'must be an object of chart values');
  }
  refuseInlineSecrets(construct, helmValues, 'helmValues');
  const merged = deepMerge(values, helmValues);

  for (const path of OWNED_SUBTREES) {
    const given = at(helmValues, path.split('.'));
    if (given.found && JSON.stringify(given.value) !== JSON.stringify(at(values, path.split('.')).value)) {
      throw propError(construct, `helmValues.${path}`, summarize(given.value),
        `is owned by the library (${ownedReason(path)}); use the TrinoOnEks props instead`);
    }
  }
  for (const [parts, value] of leaves(values)) {
    const path = parts.join('.');
    const after = at(merged, parts);
    if (after.found && JSON.stringify(after.value) === JSON.stringify(value)) continue;
    if (RAISABLE.has(path) && typeof after.value === 'number' && typeof value === 'number' && after.value >= value) continue;
    const allowed = RAISABLE.has(path)
      ? `may only be raised: it must be at least ${JSON.stringify(value)}, the workers' graceful shutdown budget (2 × grace period + longest task + margin), ` +
        'or Kubernetes kills workers that are still draining their tasks'
      : `is set by the library to ${String(summarize(value))}, and the configuration was validated with that value; change it through the TrinoOnEks props`;
    throw propError(construct, `helmValues.${path}`, after.found ? summarize(after.value) : undefined, allowed);
  }
  return merged;
}

function ownedReason(path: string): string {
  switch (path) {
    case 'fullnameOverride':
    case 'nameOverride':
      return 'the names and labels the PodDisruptionBudget, the metastore NetworkPolicy and discovery.uri rely on';
    case 'coordinatorNameOverride':
    case 'workerNameOverride':
      return 'with Pod Identity, the role grants the password file to pods whose name starts with trino-coordinator-';
    case 'image': return 'the image tag is the Trino version the files were rendered for';
    case 'serviceAccount': return 'the service account holds exactly the granted S3 access';
    case 'env':
    case 'secretMounts':
    case 'auth':
      return 'secrets reach the pods only from Secrets Manager through the Secrets Store CSI driver';
    case 'catalogs': return 'each catalog\'s storage must be granted; pass catalogs';
    case 'networkPolicy': return 'a peer given to the chart\'s NetworkPolicy reaches the workers too; pass networkPolicy.allowFrom';
    case 'server.config.authenticationType':
      return 'client authentication comes with its password file and a TLS endpoint; use the authentication and endpoint props';
    default: return 'the graceful shutdown contract (gracefulShutdown prop)';
  }
}

function refuseInlineSecrets(construct: string, value: unknown, path: string): void {
  if (typeof value === 'string') {
    if (SECRET_ASSIGNMENT.test(value)) {
      throw propError(construct, path, '(hidden)', 'would put a secret in plain text in the chart values (and a ConfigMap); keep secrets in Secrets Manager');
    }
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => refuseInlineSecrets(construct, item, `${path}[${i}]`));
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  const record = value as Record<string, any>;
  if (typeof record.name === 'string' && SECRET_NAME.test(record.name) && record.value !== undefined) {
    throw propError(construct, `${path}.value`, '(hidden)',
      `would put ${record.name} in plain text in the pod spec; reference a Secret with valueFrom.secretKeyRef`);
  }
  for (const [key, child] of Object.entries(record)) {
    if (SECRET_NAME.test(key.replace(/-/g, '_')) && typeof child === 'string' && child !== '' && !/^\$\{ENV:/.test(child)) {
      throw propError(construct, `${path}.${key}`, '(hidden)', 'would put a secret in plain text in the chart values; keep secrets in Secrets Manager');
    }
    refuseInlineSecrets(construct, child, `${path}.${key}`);
  }
}

/** Every leaf of a values tree (arrays and null are leaves), by dotted path. */
function leaves(value: Record<string, any>, prefix: string[] = []): Array<[string[], unknown]> {
  const result: Array<[string[], unknown]> = [];
  for (const [key, child] of Object.entries(value)) {
    const path = [...prefix, key];
    if (typeof child === 'object' && child !== null && !Array.isArray(child) && Object.keys(child).length > 0) {
      result.push(...leaves(child, path));
    } else {
      result.push([path, child]);
    }
  }
  return result;
}

function at(value: Record<string, any>, path: string[]): { found: boolean; value?: unknown } {
  let current: any = value;
  for (const part of path) {
    if (typeof current !== 'object' || current === null || !(part in current)) return { found: false };
    current = current[part];
  }
  return { found: true, value: current };
}

/** A value for an error message: scalars as they are, objects and arrays as (shortened) JSON. */
function summarize(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const json = JSON.stringify(value);
  const text = json.length > 80 ? `${json.slice(0, 77)}...` : json;
  return { toString: () => text };
}
