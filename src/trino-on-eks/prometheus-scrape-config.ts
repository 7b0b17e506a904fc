import { COORDINATOR_SCRAPE_JOB, TRINO_METRICS } from './trino-metric-names';

/** What the managed collector scrapes: the coordinator of one release. */
export interface TrinoScrapePlan {
  /** Trino's namespace. */
  readonly namespace: string;
  /** The chart release (`app.kubernetes.io/instance` of its pods). */
  readonly releaseName: string;
  /** The coordinator's HTTP port, where `/metrics` is served. */
  readonly httpPort: number;
  /** Seconds between scrapes (the managed collector refuses less than 30). */
  readonly scrapeIntervalSeconds: number;
}

/**
 * The Prometheus scrape configuration of the managed collector (Amazon Managed Service for Prometheus), as plain data:
 * pod discovery in Trino's namespace (the collector resolves no Service names), kept to the coordinator's HTTP
 * container port, with `namespace` and `pod` labels; only the series of TRINO_METRICS are kept, which is what the alerts
 * and the dashboard read (a coordinator exposes about 8,000 series, and the workspace bills every sample). No
 * credentials: the collector can send none but its own Kubernetes token, so the coordinator's `management.user`
 * answers it (plain HTTP inside the VPC, the NetworkPolicy admitting the VPC's range on that port).
 */
export function trinoScrapeConfiguration(plan: TrinoScrapePlan): Record<string, any> {
  const interval = `${plan.scrapeIntervalSeconds}s`;
  return {
    global: { scrape_interval: interval, scrape_timeout: '10s' },
    scrape_configs: [{
      job_name: COORDINATOR_SCRAPE_JOB,
      scheme: 'http',
      metrics_path: '/metrics',
      kubernetes_sd_configs: [{ role: 'pod', namespaces: { names: [plan.namespace] } }],
      relabel_configs: [
        {
          source_labels: [
            '__meta_kubernetes_pod_label_app_kubernetes_io_instance',
            '__meta_kubernetes_pod_label_app_kubernetes_io_component',
            '__meta_kubernetes_pod_container_port_number',
          ],
          regex: `${plan.releaseName};coordinator;${plan.httpPort}`,
          action: 'keep',
        },
        { source_labels: ['__meta_kubernetes_namespace'], target_label: 'namespace' },
        { source_labels: ['__meta_kubernetes_pod_name'], target_label: 'pod' },
      ],
      metric_relabel_configs: [{
        source_labels: ['__name__'],
        regex: Object.values(TRINO_METRICS).join('|'),
        action: 'keep',
      }],
    }],
  };
}
