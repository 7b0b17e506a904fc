// The Trino Helm chart values renderer. The chart's key mapping and the properties helpers stay internal.
export { TrinoChartValues } from './chart-values';
export type {
  KedaTrigger, KedaWorkerAutoscaling, PodScheduling, PodToleration, SecretKeyReference,
  TrinoChartValuesOptions, TrinoMetricsOptions,
} from './chart-values';
export type { TrinoManagedPrometheusOptions } from './managed-prometheus';
export type { NetworkPeer } from './network-peers';
export type { TrinoNetworkPolicyOptions } from './network-policies';
export type { TrinoPodLogsOptions } from './pod-logs';
export { TrinoChartNames } from './trino-chart';
export type { TrinoChartInfo } from './trino-chart';
export { TrinoClusterCompute } from './trino-cluster-compute';
export type { SelfManagedKarpenterOptions } from './trino-cluster-compute';
export { TrinoOnEks } from './trino-on-eks';
export { TrinoEndpoint } from './trino-endpoint';
export type { LoadBalancerEndpointOptions } from './trino-endpoint';
export type {
  TrinoOnEksProps, TrinoClusterOptions, FaultTolerantExecutionOptions, TrinoWorkersOptions, TrinoCoordinatorOptions, WorkerShutdownOptions,
  TrinoMonitoringOptions,
} from './trino-on-eks-props';
export { TrinoCluster } from './trino-cluster-choice';
export type { ExistingClusterOptions } from './trino-cluster-choice';
export { TrinoMetastore } from './trino-metastore-choice';
export type { CreatedMetastoreOptions } from './trino-metastore-choice';
export type { TrinoWorkerAutoscalingOptions } from './worker-autoscaling';
