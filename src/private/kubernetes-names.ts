import { isUnresolved, propError } from './validation';

// At least two characters: aws-eks-v2 rejects one-character names for service accounts and namespaces.
const RFC_1123_LABEL = /^[a-z0-9][-a-z0-9]*[a-z0-9]$/;

/** What an RFC 1123 label may be, in the words of the error message. */
export const RFC_1123_LABEL_RULE =
  'must be an RFC 1123 label: 2 to 63 lowercase letters, digits or \'-\', starting and ending with a letter or digit';

/** Kubernetes namespaces and most object names must be RFC 1123 labels. */
export function isRfc1123Label(name: string): boolean {
  return name.length <= 63 && RFC_1123_LABEL.test(name);
}

/** Throws a prop error unless `name` is an RFC 1123 label (tokens are accepted as they are). */
export function validateRfc1123Label(construct: string, prop: string, name: string): void {
  if (isUnresolved(name)) return;
  if (!isRfc1123Label(name)) {
    throw propError(construct, prop, name, RFC_1123_LABEL_RULE);
  }
}

/**
 * The namespaces Kubernetes itself owns. A construct that creates its namespace (and deletes it with the stack) must
 * not be given one of them: the Namespace object would take over a namespace the cluster cannot do without.
 */
const CLUSTER_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** Throws a prop error unless `name` is an RFC 1123 label that Kubernetes does not own (the construct creates it). */
export function validateOwnNamespace(construct: string, prop: string, name: string): void {
  validateRfc1123Label(construct, prop, name);
  if (CLUSTER_NAMESPACES.includes(name)) {
    throw propError(construct, prop, name, `is one of Kubernetes' own namespaces (${CLUSTER_NAMESPACES.join(', ')}); `
      + 'the construct creates its namespace and deletes it with the stack, so give it a namespace of its own');
  }
}

/** A Kubernetes CPU quantity: cores (`2`, `0.5`) or millicores (`500m`). */
const CPU_QUANTITY = /^(\d+(\.\d+)?|\d+m)$/;

/** Throws a prop error unless `cpu` is a positive Kubernetes CPU quantity (tokens are accepted as they are). */
export function validateCpuQuantity(construct: string, prop: string, cpu: string): void {
  if (isUnresolved(cpu)) return;
  if (!CPU_QUANTITY.test(cpu) || parseFloat(cpu) <= 0) {
    throw propError(construct, prop, cpu, 'must be a positive Kubernetes CPU quantity: cores (\'1\', \'0.5\') or millicores (\'500m\')');
  }
}
