import { isUnresolved, propError } from '../private/validation';

const LABEL_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;
const CIDR = /^[0-9a-fA-F.:]+\/\d{1,3}$/;

/** A peer allowed to reach a Trino port through a NetworkPolicy (set `cidr`, or labels). */
export interface NetworkPeer {
  /**
   * An address range, e.g. the subnets of a load balancer that sends traffic straight to the pods (IP targets).
   *
   * @default - none
   */
  readonly cidr?: string;
  /**
   * Labels of pods (in the `namespaceLabels` namespaces, or the release namespace). `{}` is every pod.
   *
   * @default - every pod of the selected namespaces
   */
  readonly podLabels?: Record<string, string>;
  /**
   * Labels of namespaces. `{}` is every namespace.
   *
   * @default - the release namespace
   */
  readonly namespaceLabels?: Record<string, string>;
}

/**
 * A NetworkPolicy `from` peer (networking.k8s.io/v1 NetworkPolicyPeer) for a NetworkPeer, validated: a CIDR
 * alone, or pod and/or namespace labels. `prop` names the peer in errors, e.g. `networkPolicy.allowFrom[0]`.
 */
export function renderNetworkPeer(construct: string, prop: string, peer: NetworkPeer): Record<string, any> {
  if (peer.cidr !== undefined && (peer.podLabels !== undefined || peer.namespaceLabels !== undefined)) {
    throw propError(construct, `${prop}.cidr`, peer.cidr, 'cannot be combined with podLabels or namespaceLabels in one peer; use two peers');
  }
  if (peer.cidr !== undefined) {
    if (!isUnresolved(peer.cidr) && !CIDR.test(peer.cidr)) {
      throw propError(construct, `${prop}.cidr`, peer.cidr, 'must be an address range such as "10.0.0.0/16"');
    }
    return { ipBlock: { cidr: peer.cidr } };
  }
  if (peer.podLabels === undefined && peer.namespaceLabels === undefined) {
    throw propError(construct, prop, undefined, 'must set cidr, podLabels or namespaceLabels');
  }
  for (const [key, value] of Object.entries({ ...peer.podLabels, ...peer.namespaceLabels })) {
    validateLabel(construct, prop, key, value);
  }
  return {
    ...(peer.podLabels !== undefined ? { podSelector: { matchLabels: { ...peer.podLabels } } } : {}),
    ...(peer.namespaceLabels !== undefined ? { namespaceSelector: { matchLabels: { ...peer.namespaceLabels } } } : {}),
  };
}

/** Refuses a label key or value Kubernetes would reject, naming the prop. */
export function validateLabel(construct: string, prop: string, key: string, value: string): void {
  if (!LABEL_KEY.test(key)) throw propError(construct, prop, key, 'must be a label key, e.g. "karpenter.sh/nodepool"');
  if (!LABEL_VALUE.test(value)) throw propError(construct, `${prop}.${key}`, value, 'must be a label value (63 characters: letters, digits, "-", "_", ".")');
}
