import { NetworkPeer, renderNetworkPeer } from './network-peers';
import { validateRfc1123Label } from '../private/kubernetes-names';
import { propError } from '../private/validation';

/**
 * Who may reach Trino's pods (TrinoOnEks `networkPolicy`). Trino's pods always accept each other (the chart's
 * NetworkPolicy); everything else is refused unless named here or implied by another prop.
 */
export interface TrinoNetworkPolicyOptions {
  /**
   * Create the NetworkPolicies. Without them any pod in the cluster, and anything routed in the VPC, reaches
   * the coordinator and the workers.
   *
   * @default true
   */
  readonly enabled?: boolean;

  /**
   * Peers allowed to the coordinator's HTTP port besides Trino's own pods: clients inside the cluster, or the
   * subnets of a load balancer that sends traffic straight to the pod (IP targets). Workers never accept them.
   * (`kubectl port-forward` needs no peer: it enters the pod's network namespace.)
   *
   * @default - none
   */
  readonly allowFrom?: NetworkPeer[];

  /**
   * Who may scrape the JMX exporter sidecars of coordinator and workers, when `metrics` is on.
   *
   * @default - pods labelled `app.kubernetes.io/name: prometheus` in any namespace (the Prometheus pods the Prometheus Operator runs)
   */
  readonly metricsScrapers?: NetworkPeer[];
}

/** The pods the KEDA operator runs as (kedacore/keda chart: `app.kubernetes.io/name: {{ .Values.operator.name }}`). */
export const KEDA_OPERATOR_LABELS: Readonly<Record<string, string>> = { 'app.kubernetes.io/name': 'keda-operator' };

/** The Prometheus Operator's label on the Prometheus pods it runs. */
export const PROMETHEUS_POD_LABELS: Readonly<Record<string, string>> = { 'app.kubernetes.io/name': 'prometheus' };

/**
 * What the Trino NetworkPolicies protect, and who reaches what: what TrinoOnEks knows about the deployment
 * when it resolves `networkPolicy`, and what the renderer reads.
 */
export interface TrinoNetworkPolicyPlan {
  /** The construct named in errors. */
  readonly construct: string;
  /** The release namespace. */
  readonly namespace: string;
  /** The chart's selector labels of the release (`app.kubernetes.io/name` and `app.kubernetes.io/instance`). */
  readonly selectorLabels: Record<string, string>;
  /** The name prefix of the policies (the release name). */
  readonly name: string;
  /** The coordinator ports clients use (the HTTP port; HTTPS when it is on). */
  readonly clientPorts: number[];
  /** Clients of the coordinator: `networkPolicy.allowFrom`, plus any peer another prop implies (e.g. a load balancer's subnets). */
  readonly clients: NetworkPeer[];
  /**
   * KEDA reads the coordinator's `/metrics` (worker autoscaling): its operator's namespace, when known.
   *
   * @default - no autoscaler
   */
  readonly autoscaler?: { readonly namespace?: string };
  /**
   * The JMX exporter port: metrics are on.
   *
   * @default - no metrics
   */
  readonly metricsExporterPort?: number;
  /**
   * Who scrapes the exporters (prop `networkPolicy.metricsScrapers`), when metrics are on.
   *
   * @default - pods labelled PROMETHEUS_POD_LABELS in any namespace
   */
  readonly metricsScrapers?: NetworkPeer[];
}

/**
 * The NetworkPolicies TrinoOnEks adds to the chart's (which admits Trino's pods to each other on every port):
 * NetworkPolicies are additive, and the chart's one selects coordinator and workers alike, so a peer given to
 * the chart would reach the workers too. These select one role each:
 *
 * - `<name>-coordinator`: the client ports from the clients and from the KEDA operator; the exporter port from the scrapers;
 * - `<name>-worker-metrics` (metrics on): the exporter port from the scrapers.
 *
 * Nothing else reaches the pods (the node's own traffic, i.e. kubelet probes, is always allowed). A role with no
 * peer gets no policy of its own. Pure: plain objects, validated; tokens only inside CIDRs.
 */
export function trinoNetworkPolicies(plan: TrinoNetworkPolicyPlan): Record<string, any>[] {
  const { construct } = plan;
  validateRfc1123Label(construct, 'namespace', plan.namespace);
  if (plan.clientPorts.length === 0) {
    throw new Error(`${construct}: the coordinator NetworkPolicy needs at least one client port`);
  }
  const clients = plan.clients.map((peer, i) => renderNetworkPeer(construct, `networkPolicy.allowFrom[${i}]`, peer));
  const autoscaler = plan.autoscaler === undefined ? [] : [{
    podSelector: { matchLabels: { ...KEDA_OPERATOR_LABELS } },
    // Installed here: KEDA's namespace; brought by the user: wherever it runs.
    namespaceSelector: { matchLabels: plan.autoscaler.namespace === undefined ? {} : { 'kubernetes.io/metadata.name': plan.autoscaler.namespace } },
  }];
  const metricsOn = plan.metricsExporterPort !== undefined;
  if (metricsOn && plan.metricsScrapers?.length === 0) {
    throw propError(construct, 'networkPolicy.metricsScrapers', [],
      'must name at least one peer while metrics are on, or nothing could scrape the exporters; turn metrics off instead');
  }
  const scraperPeers = plan.metricsScrapers ?? [{ podLabels: { ...PROMETHEUS_POD_LABELS }, namespaceLabels: {} }];
  const scrapers = metricsOn ? scraperPeers.map((peer, i) => renderNetworkPeer(construct, `networkPolicy.metricsScrapers[${i}]`, peer)) : [];
  const tcp = (port: number) => ({ protocol: 'TCP', port });

  const coordinatorRules: Record<string, any>[] = [];
  if (clients.length + autoscaler.length > 0) {
    coordinatorRules.push({ from: [...autoscaler, ...clients], ports: plan.clientPorts.map(tcp) });
  }
  const metricsRule = plan.metricsExporterPort === undefined ? undefined : { from: scrapers, ports: [tcp(plan.metricsExporterPort)] };
  if (metricsRule) coordinatorRules.push(metricsRule);

  const policy = (name: string, component: string, ingress: Record<string, any>[]) => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: {
      name,
      namespace: plan.namespace,
      labels: { 'app.kubernetes.io/part-of': 'trino', 'app.kubernetes.io/component': 'network-policy' },
    },
    spec: {
      podSelector: { matchLabels: { ...plan.selectorLabels, 'app.kubernetes.io/component': component } },
      policyTypes: ['Ingress'],
      ingress,
    },
  });
  const policies: Record<string, any>[] = [];
  if (coordinatorRules.length > 0) policies.push(policy(`${plan.name}-coordinator`, 'coordinator', coordinatorRules));
  if (metricsRule) policies.push(policy(`${plan.name}-worker-metrics`, 'worker', [metricsRule]));
  return policies;
}

/**
 * TrinoOnEks `networkPolicy`, resolved: `undefined` when turned off (then the chart's policy stays off too),
 * else the role-specific policies (possibly none). Throws on options that would be ignored. The plan's
 * metricsScrapers come from the options.
 */
export function resolveNetworkPolicies(options: TrinoNetworkPolicyOptions | undefined,
  plan: TrinoNetworkPolicyPlan): Record<string, any>[] | undefined {
  const { construct } = plan;
  const enabled = options?.enabled ?? true;
  if (!enabled) {
    for (const prop of ['allowFrom', 'metricsScrapers'] as const) {
      if (options?.[prop] !== undefined) {
        throw propError(construct, `networkPolicy.${prop}`, 'set', 'has no effect with networkPolicy.enabled false; remove it or turn the NetworkPolicies on');
      }
    }
    return undefined;
  }
  if (options?.metricsScrapers !== undefined && plan.metricsExporterPort === undefined) {
    throw propError(construct, 'networkPolicy.metricsScrapers', 'set', 'applies only with metrics on; remove it or set metrics');
  }
  return trinoNetworkPolicies({ ...plan, metricsScrapers: options?.metricsScrapers });
}
