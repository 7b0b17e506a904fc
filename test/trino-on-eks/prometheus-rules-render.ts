// Writes what scripts/prometheus-rules-check.sh hands to Prometheus's promtool: the managed collector's scrape
// configuration and the alert rules exactly as TrinoOnEks renders them (the same functions), and one promtool unit-test
// file per alert, each with series that must fire it and series that must not. Plus a mutant: the rules with the
// no-worker alert's hold time doubled, which its test must reject (so the tests can fail).
//   ts-node test/trino-on-eks/prometheus-rules-render.ts OUTPUT_DIRECTORY
import * as fs from 'fs';
import * as path from 'path';
import { trinoScrapeConfiguration } from '../../src/trino-on-eks/prometheus-scrape-config';
import { RESTART_WINDOW_MINUTES, TRINO_ALERTS, trinoAlertRules } from '../../src/trino-on-eks/trino-alert-rules';
import { COORDINATOR_SCRAPE_JOB, TRINO_METRICS } from '../../src/trino-on-eks/trino-metric-names';

const NAMESPACE = 'trino';
const NO_WORKER_MINUTES = 10;
const SERIES_LABELS = `{namespace="${NAMESPACE}",pod="trino-coordinator-0",job="${COORDINATOR_SCRAPE_JOB}"}`;

interface AlertCase {
  /** What the case shows. */
  readonly name: string;
  /** promtool input series: `metric{labels}` → values in promtool's expanding notation, one sample a minute. */
  readonly series: Record<string, string>;
  /** When to evaluate, e.g. `15m`. */
  readonly at: string;
  readonly fires: boolean;
}

const rules = trinoAlertRules({ namespace: NAMESPACE, queuedWithoutWorkersMinutes: NO_WORKER_MINUTES });
const series = (name: string) => `${name}${SERIES_LABELS}`;
const restartMs = 25 * 60 * 1000;

/** Per alert: cases that must fire it and cases that must leave it quiet. */
const CASES: Record<string, AlertCase[]> = {
  [TRINO_ALERTS.coordinatorDown]: [
    { name: 'answering', series: { [series('up')]: '1x20' }, at: '15m', fires: false },
    { name: 'down for 8 minutes', series: { [series('up')]: '1 1 0x20' }, at: '10m', fires: true },
    { name: 'down for 2 minutes', series: { [series('up')]: '1x7 0x5' }, at: '9m', fires: false },
    { name: 'never scraped', series: { [series(TRINO_METRICS.queuedQueries)]: '0x20' }, at: '10m', fires: true },
  ],
  [TRINO_ALERTS.coordinatorRestarted]: [
    { name: 'started at the epoch, seen 5 minutes later', series: { [series(TRINO_METRICS.startTime)]: '0x40' }, at: '5m', fires: true },
    { name: `running for more than ${RESTART_WINDOW_MINUTES} minutes`, series: { [series(TRINO_METRICS.startTime)]: '0x40' }, at: '20m', fires: false },
    { name: 'restarted at minute 25', series: { [series(TRINO_METRICS.startTime)]: `0x24 ${restartMs}x20` }, at: '30m', fires: true },
  ],
  [TRINO_ALERTS.queriesFailing]: [
    {
      name: '40% of finished queries fail for other reasons than the user\'s',
      series: {
        [series(TRINO_METRICS.completedQueries)]: '0+10x40',
        [series(TRINO_METRICS.failedQueries)]: '0+5x40',
        [series(TRINO_METRICS.userErrorFailures)]: '0+1x40',
      },
      at: '25m',
      fires: true,
    },
    {
      name: 'half the queries fail, all through user errors',
      series: {
        [series(TRINO_METRICS.completedQueries)]: '0+10x40',
        [series(TRINO_METRICS.failedQueries)]: '0+5x40',
        [series(TRINO_METRICS.userErrorFailures)]: '0+5x40',
      },
      at: '25m',
      fires: false,
    },
    {
      name: 'no query at all',
      series: {
        [series(TRINO_METRICS.completedQueries)]: '0x40',
        [series(TRINO_METRICS.failedQueries)]: '0x40',
        [series(TRINO_METRICS.userErrorFailures)]: '0x40',
      },
      at: '25m',
      fires: false,
    },
  ],
  [TRINO_ALERTS.queuedWithoutWorkers]: [
    {
      name: `queries queued with only the coordinator for ${NO_WORKER_MINUTES + 5} minutes`,
      series: { [series(TRINO_METRICS.queuedQueries)]: '3x40', [series(TRINO_METRICS.clusterNodes)]: '1x40' },
      at: `${NO_WORKER_MINUTES + 5}m`,
      fires: true,
    },
    {
      name: 'a cold start shorter than the hold time',
      series: { [series(TRINO_METRICS.queuedQueries)]: '3x40', [series(TRINO_METRICS.clusterNodes)]: '1x5 2x35' },
      at: `${NO_WORKER_MINUTES + 5}m`,
      fires: false,
    },
    {
      name: 'no worker and nothing queued (scaled to zero, idle)',
      series: { [series(TRINO_METRICS.queuedQueries)]: '0x40', [series(TRINO_METRICS.clusterNodes)]: '1x40' },
      at: '30m',
      fires: false,
    },
  ],
  [TRINO_ALERTS.workerMemoryNearLimit]: [
    {
      name: '95% of the query memory reserved for 15 minutes',
      series: { [series(TRINO_METRICS.clusterMemoryReserved)]: '95x30', [series(TRINO_METRICS.clusterMemoryTotal)]: '100x30' },
      at: '15m',
      fires: true,
    },
    {
      name: 'half the query memory reserved',
      series: { [series(TRINO_METRICS.clusterMemoryReserved)]: '50x30', [series(TRINO_METRICS.clusterMemoryTotal)]: '100x30' },
      at: '15m',
      fires: false,
    },
  ],
};

/** A promtool unit-test file for one alert: every case, expecting the rendered labels and annotations when it fires. */
function testFile(alert: string, rulesFile: string): Record<string, any> {
  const rule = rules.groups[0].rules.find((r: any) => r.alert === alert);
  if (rule === undefined) throw new Error(`no rule ${alert}`);
  return {
    rule_files: [rulesFile],
    evaluation_interval: '1m',
    tests: CASES[alert].map((c) => ({
      name: `${alert}: ${c.name}`,
      interval: '1m',
      input_series: Object.entries(c.series).map(([name, values]) => ({ series: name, values })),
      alert_rule_test: [{
        eval_time: c.at,
        alertname: alert,
        exp_alerts: c.fires ? [{ exp_labels: rule.labels, exp_annotations: rule.annotations }] : [],
      }],
    })),
  };
}

function main(): void {
  const out = process.argv[2];
  if (!out) throw new Error('usage: prometheus-rules-render.ts OUTPUT_DIRECTORY');
  fs.mkdirSync(out, { recursive: true });
  const write = (name: string, data: unknown) => fs.writeFileSync(path.join(out, name), `${JSON.stringify(data, undefined, 2)}\n`);
  write('scrape-config.yml', trinoScrapeConfiguration({ namespace: NAMESPACE, releaseName: 'trino', httpPort: 8080, scrapeIntervalSeconds: 30 }));
  write('rules.yml', rules);
  const mutant = JSON.parse(JSON.stringify(rules));
  mutant.groups[0].rules.find((r: any) => r.alert === TRINO_ALERTS.queuedWithoutWorkers).for = `${NO_WORKER_MINUTES * 2}m`;
  write('mutant-rules.yml', mutant);
  const missing = Object.values(TRINO_ALERTS).filter((alert) => !CASES[alert]);
  if (missing.length > 0) throw new Error(`alerts without unit tests: ${missing.join(', ')}`);
  for (const alert of Object.values(TRINO_ALERTS)) write(`test-${alert}.yml`, testFile(alert, 'rules.yml'));
  write(`mutant-test-${TRINO_ALERTS.queuedWithoutWorkers}.yml`, testFile(TRINO_ALERTS.queuedWithoutWorkers, 'mutant-rules.yml'));
  // One line per alert test file, for the script.
  console.log(Object.values(TRINO_ALERTS).map((alert) => `test-${alert}.yml`).join('\n'));
}

main();
