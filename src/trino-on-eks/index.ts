// The Trino Helm chart values renderer. The chart's key mapping and the properties helpers stay internal.
export { TrinoChartValues } from './chart-values';
export type {
  KedaTrigger, KedaWorkerAutoscaling, PodScheduling, PodToleration, SecretKeyReference,
  TrinoChartValuesOptions, TrinoMetricsOptions,
} from './chart-values';
export type { NetworkPeer } from './network-peers';
export type { TrinoNetworkPolicyOptions } from './network-policies';
export { TrinoChartNames } from './trino-chart';
export type { TrinoChartInfo } from './trino-chart';
export { TrinoClusterCompute } from './trino-cluster-compute';
export type { SelfManagedKarpenterOptions } from './trino-cluster-compute';
export { TrinoOnEks } from './trino-on-eks';
export { TrinoEndpoint } from './trino-endpoint';
export type { LoadBalancerEndpointOptions } from './trino-endpoint';
export type { TrinoOnEksProps, TrinoClusterOptions, FaultTolerantExecutionOptions } from './trino-on-eks-props';
export type { TrinoWorkerAutoscalingOptions } from './worker-autoscaling';
