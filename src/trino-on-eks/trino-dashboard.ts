import { COORDINATOR_SCRAPE_JOB, TRINO_METRICS } from './trino-metric-names';

/**
 * A Grafana dashboard (JSON model, schema 39) of the series the managed collector keeps, generated from TRINO_METRICS so
 * that it cannot name a series that is not scraped. The committed copy, `docs/grafana/trino-dashboard.json`, is checked
 * against this function by the unit tests; import it into Amazon Managed Grafana (or any Grafana) with the workspace as
 * its Prometheus data source. The namespace is a dashboard variable: one dashboard serves every Trino of the workspace.
 */
export function trinoDashboard(): Record<string, any> {
  const ns = 'namespace="$namespace"';
  const m = (name: string) => `${name}{${ns}}`;
  const panels: Array<{ title: string; unit: string; targets: Array<[string, string]> }> = [
    { title: 'Queries', unit: 'short', targets: [[`sum(${m(TRINO_METRICS.queuedQueries)})`, 'queued'], [`sum(${m(TRINO_METRICS.runningQueries)})`, 'running']] },
    {
      title: 'Finished queries per minute',
      unit: 'short',
      targets: [
        [`sum(rate(${m(TRINO_METRICS.completedQueries)}[5m])) * 60`, 'finished'],
        [`sum(rate(${m(TRINO_METRICS.userErrorFailures)}[5m])) * 60`, 'failed: user error'],
        [`(sum(rate(${m(TRINO_METRICS.failedQueries)}[5m])) - sum(rate(${m(TRINO_METRICS.userErrorFailures)}[5m]))) * 60`, 'failed: other'],
      ],
    },
    { title: 'Active workers', unit: 'short', targets: [[`sum(${m(TRINO_METRICS.clusterNodes)}) - 1`, 'workers']] },
    {
      title: 'Workers\' query memory',
      unit: 'bytes',
      targets: [[`sum(${m(TRINO_METRICS.clusterMemoryReserved)})`, 'reserved'], [`sum(${m(TRINO_METRICS.clusterMemoryTotal)})`, 'total']],
    },
    { title: 'Workers with exhausted query memory', unit: 'short', targets: [[`sum(${m(TRINO_METRICS.blockedNodes)})`, 'blocked']] },
    {
      title: 'Coordinator',
      unit: 's',
      targets: [[`time() - max(${m(TRINO_METRICS.startTime)}) / 1000`, 'uptime'], [`up{job="${COORDINATOR_SCRAPE_JOB}",${ns}}`, 'up']],
    },
  ];
  return {
    title: 'Trino on EKS',
    uid: 'trino-on-eks',
    schemaVersion: 39,
    editable: true,
    time: { from: 'now-6h', to: 'now' },
    refresh: '1m',
    templating: {
      list: [
        { name: 'datasource', type: 'datasource', query: 'prometheus', label: 'Prometheus' },
        {
          name: 'namespace',
          type: 'query',
          label: 'Trino namespace',
          datasource: { type: 'prometheus', uid: '${datasource}' },
          query: `label_values(up{job="${COORDINATOR_SCRAPE_JOB}"}, namespace)`,
          refresh: 2,
        },
      ],
    },
    panels: panels.map((panel, i) => ({
      id: i + 1,
      type: 'timeseries',
      title: panel.title,
      datasource: { type: 'prometheus', uid: '${datasource}' },
      gridPos: { h: 8, w: 12, x: (i % 2) * 12, y: Math.floor(i / 2) * 8 },
      fieldConfig: { defaults: { unit: panel.unit }, overrides: [] },
      targets: panel.targets.map(([expr, legendFormat], j) => ({
        refId: String.fromCharCode(65 + j),
        datasource: { type: 'prometheus', uid: '${datasource}' },
        expr,
        legendFormat,
      })),
    })),
  };
}
