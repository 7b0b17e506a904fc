// The render check's two halves, run by scripts/chart-render-check.sh with ts-node:
//   values <scenario> <file>             writes the chart values of a scenario (JSON, a valid YAML values file)
//   probes <scenario> <dir>              writes one values file per emitted leaf path with that value changed
//                                        (<dir>/<n>.json) and <dir>/paths.txt; the script renders each and
//                                        reports a path whose change leaves the output unchanged: a key the
//                                        chart ignores, found by the real chart rather than by our key list
//   check <scenario> <rendered.json>     checks what `helm template` rendered with those values (the
//                                        script turns helm's YAML into a JSON array of objects)
// The check compares the rendered objects with what the library meant: Trino's files equal the
// TrinoConfiguration's (modulo CHART_ADDITIONS), graceful shutdown, secrets, service accounts, catalogs,
// the KEDA target, pod security, images; and it validates every object against the Kubernetes schemas.
import { execFileSync } from 'child_process';
import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { ChartScenario, chartValues, scenarios } from './chart-scenarios';
import { TrinoRole } from '../../src/trino/server-config';
import { TrinoChartValues } from '../../src/trino-on-eks/chart-values';
import { CHART_ADDITIONS, CHART_GRACEFUL_SHUTDOWN_RULES } from '../../src/trino-on-eks/trino-chart';
import { parseProperties } from '../fixtures/properties-parser';

const VALIDATOR = join(__dirname, '..', 'quality-gate', 'validate-kubernetes-objects.mjs');
// Keys that hold a secret value (not e.g. password-authenticator.name or file.password-file).
const SECRET_LIKE = /(secret|password|secret-key|access-key|token|credentials?)$/i;

class Report {
  public failures = 0;
  public check(what: string, ok: boolean, detail = ''): void {
    if (!ok) this.failures++;
    console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${what}${detail && !ok ? `\n         ${detail.split('\n').join('\n         ')}` : detail ? `: ${detail}` : ''}`);
  }
}

function scenario(name: string): ChartScenario {
  const found = scenarios().find((s) => s.name === name);
  if (!found) throw new Error(`unknown scenario ${name}; known: ${scenarios().map((s) => s.name).join(', ')}`);
  return found;
}

function find(objects: any[], kind: string, name: string): any {
  return objects.find((o) => o.kind === kind && o.metadata?.name === name);
}

/** Differences between two property maps, as lines (`key: rendered != expected`). */
function diff(rendered: Record<string, string>, expected: Record<string, string>, allowedExtra: string[]): string[] {
  const lines: string[] = [];
  for (const key of new Set([...Object.keys(rendered), ...Object.keys(expected)])) {
    if (rendered[key] === expected[key]) continue;
    if (allowedExtra.includes(key)) continue;
    lines.push(`${key}: pod gets ${JSON.stringify(rendered[key])}, configuration rendered ${JSON.stringify(expected[key])}`);
  }
  return lines;
}

function jvmLines(text: string): string[] {
  return text.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
}

function checkRole(report: Report, s: ChartScenario, chart: TrinoChartValues, objects: any[], role: TrinoRole): void {
  const configuration = s.configuration;
  const coordinator = role === TrinoRole.COORDINATOR;
  const label = coordinator ? 'coordinator' : 'worker';
  const configMap = find(objects, 'ConfigMap', coordinator ? chart.names.coordinator : chart.names.worker);
  report.check(`${label} ConfigMap ${coordinator ? chart.names.coordinator : chart.names.worker} exists`, configMap !== undefined);
  if (!configMap) return;
  const data: Record<string, string> = configMap.data;
  const expected = configuration.files(role);
  const jmx = chart.values.jmx?.enabled === true;

  // config.properties
  const allowed = [
    ...(coordinator ? CHART_ADDITIONS.coordinatorConfigProperties : []),
    ...(jmx ? CHART_ADDITIONS.jmxConfigProperties : []),
  ];
  const rendered = parseProperties(data['config.properties']);
  const differences = diff(rendered, parseProperties(expected['config.properties']), allowed);
  const added = allowed.filter((k) => k in rendered).map((k) => `${k}=${rendered[k]}`);
  report.check(`${label} config.properties equals the configuration's`, differences.length === 0,
    differences.length > 0 ? differences.join('\n') : `${Object.keys(rendered).length} properties; chart adds ${added.join(', ') || 'nothing'}`);

  // jvm.config: the same options; order is irrelevant to the JVM launcher's flags here (no option repeats).
  const renderedJvm = jvmLines(data['jvm.config']);
  const expectedJvm = jvmLines(expected['jvm.config']);
  const extra = renderedJvm.filter((o) => !expectedJvm.includes(o)
    && !(CHART_ADDITIONS.jvmOptions as readonly string[]).includes(o) && !(jmx && o.startsWith(CHART_ADDITIONS.jmxJvmOptionPrefix)));
  const missing = expectedJvm.filter((o) => !renderedJvm.includes(o));
  const duplicates = renderedJvm.filter((o, i) => renderedJvm.indexOf(o) !== i);
  report.check(`${label} jvm.config has the configuration's options`, extra.length + missing.length + duplicates.length === 0,
    extra.length + missing.length + duplicates.length > 0
      ? `chart adds ${extra.join(' ')}; missing ${missing.join(' ')}; repeated ${duplicates.join(' ')}`
      : `${expectedJvm.length} options; chart adds ${renderedJvm.filter((o) => !expectedJvm.includes(o)).join(' ')}`);

  // node.properties
  const renderedNode = parseProperties(data['node.properties']);
  const nodeDiff = diff(renderedNode, parseProperties(expected['node.properties']), Object.keys(CHART_ADDITIONS.nodeProperties));
  const pluginDir = renderedNode['plugin.dir'] === CHART_ADDITIONS.nodeProperties['plugin.dir'];
  report.check(`${label} node.properties equals the configuration's`, nodeDiff.length === 0 && pluginDir,
    nodeDiff.join('\n') || `chart adds plugin.dir=${renderedNode['plugin.dir']}`);

  // exchange-manager.properties
  if (expected['exchange-manager.properties'] !== undefined || data['exchange-manager.properties'] !== undefined) {
    const exchangeDiff = diff(parseProperties(data['exchange-manager.properties'] ?? ''), parseProperties(expected['exchange-manager.properties'] ?? ''), []);
    report.check(`${label} exchange-manager.properties equals the configuration's`, exchangeDiff.length === 0, exchangeDiff.join('\n'));
  }

  // Single files carried as they are (security files of the coordinator, access control of the workers).
  for (const file of ['access-control.properties', 'password-authenticator.properties', 'resource-groups.properties', 'group-provider.properties']) {
    if (expected[file] === undefined && data[file] === undefined) continue;
    const fileDiff = diff(parseProperties(data[file] ?? ''), parseProperties(expected[file] ?? ''), []);
    report.check(`${label} ${file} equals the configuration's`, expected[file] !== undefined && fileDiff.length === 0,
      expected[file] === undefined ? 'rendered by the chart, not by the configuration' : fileDiff.join('\n'));
  }

  // Every file of the configuration reaches the pod, and the chart adds only the listed ones.
  const known = new Set(['config.properties', 'jvm.config', 'node.properties', 'exchange-manager.properties', 'access-control.properties',
    'password-authenticator.properties', 'resource-groups.properties', 'group-provider.properties', 'groups.txt', ...CHART_ADDITIONS.files]);
  const unexpected = Object.keys(data).filter((f) => !known.has(f));
  report.check(`${label} ConfigMap holds no file beyond the configuration's and ${CHART_ADDITIONS.files.join(', ')}`, unexpected.length === 0, unexpected.join(', '));
  const otherFiles = Object.keys(expected).filter((f) => !f.startsWith('catalog/') && !f.includes('/') && !(f in data));
  report.check(`${label}: every top-level file the configuration renders is in the ConfigMap`, otherFiles.length === 0, otherFiles.join(', '));
}

/** Deep equality regardless of key order (helm sorts map keys). */
function sameJson(a: unknown, b: unknown): boolean {
  const canonical = (v: any): any => (Array.isArray(v) ? v.map(canonical)
    : v !== null && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical(v[k])])) : v);
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function deploymentOf(objects: any[], name: string): any {
  return find(objects, 'Deployment', name);
}

function trinoContainer(deployment: any): any {
  return deployment?.spec?.template?.spec?.containers?.find((c: any) => c.name.startsWith('trino-'));
}

function check(s: ChartScenario, renderedFile: string): number {
  const chart = chartValues(s);
  const objects: any[] = JSON.parse(readFileSync(renderedFile, 'utf-8'));
  const report = new Report();
  const kinds = objects.map((o) => `${o.kind}/${o.metadata.name}`).sort();
  console.log(`scenario ${s.name}: ${objects.length} objects: ${kinds.join(', ')}`);
  const configuration = s.configuration;
  const options = s.deployment;

  const coordinator = deploymentOf(objects, chart.names.coordinator);
  const worker = deploymentOf(objects, chart.names.worker);
  report.check(`Deployments ${chart.names.coordinator} and ${chart.names.worker} exist`, coordinator !== undefined && worker !== undefined);
  if (!coordinator || !worker) return 1;
  const workerPod = worker.spec.template.spec;
  const workerContainer = trinoContainer(worker);

  // Graceful shutdown.
  const budget = configuration.gracefulShutdown;
  if (budget) {
    const grace = budget.gracePeriod.toSeconds();
    report.check('worker terminationGracePeriodSeconds = the budget, >= 2 x grace',
      workerPod.terminationGracePeriodSeconds === budget.terminationGracePeriodSeconds && workerPod.terminationGracePeriodSeconds >= 2 * grace,
      `${workerPod.terminationGracePeriodSeconds}s (grace ${grace}s, longest task ${budget.longestTask.toSeconds()}s, margin ${budget.margin.toSeconds()}s)`);
    const preStop: string = (workerContainer?.lifecycle?.preStop?.exec?.command ?? []).join(' ');
    report.check('worker preStop PUTs SHUTTING_DOWN as admin to its own port, then waits for Trino to exit',
      /curl .*-X PUT/.test(preStop) && preStop.includes('"SHUTTING_DOWN"') && preStop.includes('X-Trino-User: admin')
      && preStop.includes(`http://localhost:${configuration.httpPort}/v1/info/state`) && preStop.includes('tail --pid=1 -f /dev/null'),
      preStop.replace(/\s+/g, ' '));
    const workerConfig = parseProperties(find(objects, 'ConfigMap', chart.names.worker).data['config.properties']);
    report.check('worker config shutdown.grace-period', workerConfig['shutdown.grace-period'] === budget.shutdownGracePeriodProperty,
      workerConfig['shutdown.grace-period']);
    const rules = find(objects, 'ConfigMap', `${chart.names.fullname}-access-control-volume-worker`)?.data?.['graceful-shutdown-rules.json'];
    report.check('worker access rules allow admin to shut the worker down (same rule as the configuration)',
      rules !== undefined && JSON.stringify(JSON.parse(rules)) === JSON.stringify(CHART_GRACEFUL_SHUTDOWN_RULES)
      && JSON.stringify(JSON.parse(configuration.files(TrinoRole.WORKER)['access-control/graceful-shutdown-rules.json'])) === JSON.stringify(CHART_GRACEFUL_SHUTDOWN_RULES));
  } else {
    report.check('no graceful shutdown: no preStop', workerContainer?.lifecycle?.preStop === undefined);
  }

  // Trino's files, per role.
  checkRole(report, s, chart, objects, TrinoRole.COORDINATOR);
  checkRole(report, s, chart, objects, TrinoRole.WORKER);

  // Resource groups and the group file: the coordinator's documents, byte for byte, where the properties point.
  const coordinatorFiles = configuration.files(TrinoRole.COORDINATOR);
  if (configuration.resourceGroups) {
    const mounted = find(objects, 'ConfigMap', `${chart.names.fullname}-resource-groups-volume-coordinator`)?.data?.['resource-groups.json'];
    const mount = trinoContainer(coordinator).volumeMounts.find((m: any) => m.name === 'resource-groups-volume');
    report.check('coordinator mounts resource-groups.json as rendered, where resource-groups.properties points',
      mounted === coordinatorFiles['resource-groups/resource-groups.json'].replace(/\n$/, '')
      && `${mount?.mountPath}/resource-groups.json` === parseProperties(coordinatorFiles['resource-groups.properties'])['resource-groups.config-file'],
      `${mount?.mountPath}`);
  }
  if (configuration.groups.length > 0) {
    const data = find(objects, 'ConfigMap', chart.names.coordinator)?.data ?? {};
    report.check('coordinator ConfigMap holds groups.txt as rendered', data['groups.txt'] === coordinatorFiles['groups.txt']);
  }

  // Catalogs: exactly the configuration's, byte for byte (the chart's tpch/tpcds removed).
  const catalogMap = find(objects, 'ConfigMap', chart.names.catalog);
  const renderedCatalogs: Record<string, string> = catalogMap?.data ?? {};
  const expectedFiles = Object.fromEntries(Object.entries(configuration.files(TrinoRole.WORKER))
    .filter(([f]) => f.startsWith('catalog/')).map(([f, c]) => [f.slice('catalog/'.length), c]));
  const catalogDiff = new Set([...Object.keys(expectedFiles), ...Object.keys(renderedCatalogs)]);
  const wrong = [...catalogDiff].filter((f) => expectedFiles[f] !== renderedCatalogs[f]);
  report.check('catalog ConfigMap holds exactly the configuration\'s catalogs, byte for byte', wrong.length === 0,
    wrong.length > 0 ? `differ: ${wrong.join(', ')}` : (Object.keys(renderedCatalogs).join(', ') || 'no catalogs, no ConfigMap'));

  // Secrets: none rendered, none inlined; the shared secret comes from a Secret reference.
  report.check('the chart renders no Secret', !objects.some((o) => o.kind === 'Secret'));
  const inlined: string[] = [];
  for (const map of objects.filter((o) => o.kind === 'ConfigMap')) {
    for (const [file, content] of Object.entries<string>(map.data ?? {})) {
      if (!file.endsWith('.properties')) continue;
      for (const [key, value] of Object.entries(parseProperties(content))) {
        if (SECRET_LIKE.test(key) && !/^\$\{ENV:[A-Za-z_][A-Za-z0-9_]*\}$/.test(value) && !value.startsWith('/')) inlined.push(`${map.metadata.name} ${file} ${key}`);
      }
    }
  }
  report.check('no secret value in any ConfigMap (only ${ENV:...} references or a mounted file path)', inlined.length === 0, inlined.join('\n'));
  for (const deployment of [coordinator, worker]) {
    const env = (trinoContainer(deployment)?.env ?? []).find((e: any) => e.name === configuration.sharedSecretEnvironmentVariable);
    report.check(`${deployment.metadata.name}: ${configuration.sharedSecretEnvironmentVariable} from Secret ${options.sharedSecret.secretName}`,
      env?.value === undefined && env?.valueFrom?.secretKeyRef?.name === options.sharedSecret.secretName
      && env?.valueFrom?.secretKeyRef?.key === options.sharedSecret.key);
  }
  if (options.passwordFileSecretName) {
    const volume = coordinator.spec.template.spec.volumes.find((v: any) => v.secret?.secretName === options.passwordFileSecretName);
    const mount = trinoContainer(coordinator).volumeMounts.find((m: any) => m.name === volume?.name);
    report.check('coordinator mounts the password file Secret where password-authenticator.properties points',
      mount !== undefined && `${mount.mountPath}/password.db` === parseProperties(configuration.files(TrinoRole.COORDINATOR)['password-authenticator.properties'])['file.password-file'],
      `${options.passwordFileSecretName} -> ${mount?.mountPath}`);
  }

  if (options.secretProviderClassName) {
    for (const deployment of [coordinator, worker]) {
      const volume = deployment.spec.template.spec.volumes
        .find((v: any) => v.csi?.volumeAttributes?.secretProviderClass === options.secretProviderClassName);
      const mounted = trinoContainer(deployment).volumeMounts.some((m: any) => m.name === volume?.name && m.readOnly === true);
      report.check(`${deployment.metadata.name} mounts SecretProviderClass ${options.secretProviderClassName} (keeps the synced Secrets alive)`,
        volume?.csi?.driver === 'secrets-store.csi.k8s.io' && mounted);
    }
  }

  if (options.coordinatorSecretProviderClassName) {
    const mountsClass = (deployment: any) => deployment.spec.template.spec.volumes
      .some((v: any) => v.csi?.volumeAttributes?.secretProviderClass === options.coordinatorSecretProviderClassName);
    report.check(`SecretProviderClass ${options.coordinatorSecretProviderClassName} mounted by the coordinator alone`,
      mountsClass(coordinator) && !mountsClass(worker));
  }
  if (options.oauth2ClientSecret) {
    const env = (trinoContainer(coordinator)?.env ?? []).find((e: any) => e.name === 'TRINO_OAUTH2_CLIENT_SECRET');
    report.check(`coordinator: TRINO_OAUTH2_CLIENT_SECRET from Secret ${options.oauth2ClientSecret.secretName}`,
      env?.value === undefined && env?.valueFrom?.secretKeyRef?.name === options.oauth2ClientSecret.secretName);
    const config = parseProperties(find(objects, 'ConfigMap', chart.names.coordinator).data['config.properties']);
    report.check('coordinator config: OAUTH2 with the client secret from the environment',
      config['http-server.authentication.type'] === 'OAUTH2'
      && config['http-server.authentication.oauth2.client-secret'] === '${ENV:TRINO_OAUTH2_CLIENT_SECRET}',
      config['http-server.authentication.type']);
  }

  // Service account, image, resources, security context.
  for (const deployment of [coordinator, worker]) {
    const pod = deployment.spec.template.spec;
    const container = trinoContainer(deployment);
    report.check(`${deployment.metadata.name} runs as service account ${options.serviceAccountName}`, pod.serviceAccountName === options.serviceAccountName);
    report.check(`${deployment.metadata.name} image ${chart.image}`, container.image === chart.image, container.image);
    report.check(`${deployment.metadata.name} non-root pod, no privilege escalation in any container`,
      pod.securityContext?.runAsNonRoot === true && pod.securityContext?.runAsUser === 1000
      && pod.containers.every((c: any) => c.securityContext?.allowPrivilegeEscalation === false && c.securityContext?.capabilities?.drop?.includes('ALL')));
    const role = deployment === coordinator ? 'coordinator' : 'worker';
    report.check(`${deployment.metadata.name} resources from the memory sizing`,
      sameJson(container.resources, chart.values[role].resources), JSON.stringify(container.resources));
    const scheduling = role === 'coordinator' ? options.coordinatorScheduling : options.workerScheduling;
    if (scheduling) {
      report.check(`${deployment.metadata.name} node selector and tolerations`,
        sameJson(pod.nodeSelector, scheduling.nodeSelector) && pod.tolerations?.length === scheduling.tolerations?.length,
        JSON.stringify({ nodeSelector: pod.nodeSelector, tolerations: pod.tolerations }));
    }
  }
  report.check('no ServiceAccount created by the chart (ours carries the IAM role)', !objects.some((o) => o.kind === 'ServiceAccount'));

  // Workers: KEDA ScaledObject aimed at the worker Deployment, or a fixed count.
  const scaled = objects.find((o) => o.kind === 'ScaledObject');
  if (options.autoscaling) {
    const target = scaled?.spec?.scaleTargetRef;
    report.check('KEDA ScaledObject targets the worker Deployment the chart creates',
      target?.apiVersion === 'apps/v1' && target?.kind === 'Deployment' && target?.name === worker.metadata.name && worker.kind === 'Deployment',
      JSON.stringify(target));
    report.check('ScaledObject min/max workers and worker Deployment without replicas (KEDA owns them)',
      scaled.spec.minReplicaCount === options.autoscaling.minWorkers && scaled.spec.maxReplicaCount === options.autoscaling.maxWorkers
      && worker.spec.replicas === undefined, `${scaled.spec.minReplicaCount}..${scaled.spec.maxReplicaCount}`);
    report.check('ScaledObject triggers are the values\' triggers, unchanged by the chart\'s tpl',
      sameJson(scaled.spec.triggers, chart.values.server.keda.triggers), JSON.stringify(scaled.spec.triggers));
  } else {
    report.check('no autoscaling: no ScaledObject, fixed worker replicas', scaled === undefined && worker.spec.replicas === chart.values.server.workers,
      String(worker.spec.replicas));
  }
  if (options.networkPolicyAllowFrom) {
    const policy = objects.find((o) => o.kind === 'NetworkPolicy');
    report.check('NetworkPolicy selects the Trino pods and admits the configured peers', policy !== undefined
      && policy.spec.ingress.length === 2 && coordinator.spec.template.metadata.labels['trino.io/network-policy-protection'] === 'enabled');
  }
  if (options.metrics?.serviceMonitorLabels) {
    const monitors = objects.filter((o) => o.kind === 'ServiceMonitor');
    report.check('ServiceMonitors for coordinator and workers, scraping the exporter port the Services expose', monitors.length === 2
      && objects.filter((o) => o.kind === 'Service').every((svc) => svc.spec.ports.some((p: any) => p.name === 'jmx-exporter')));
  }

  // Schemas.
  const problems: { object: string; error: string }[] =
    JSON.parse(execFileSync(process.execPath, [VALIDATOR], { input: JSON.stringify(objects), encoding: 'utf-8' }));
  const noSchema = problems.filter((p) => p.error.startsWith('no schema'));
  const errors = problems.filter((p) => !p.error.startsWith('no schema'));
  report.check('every object validates against its Kubernetes/KEDA schema', errors.length === 0,
    errors.map((p) => `${p.object}: ${p.error}`).join('\n') || (noSchema.length > 0 ? `no schema installed for ${noSchema.map((p) => p.object).join(', ')}` : ''));

  console.log(`scenario ${s.name}: ${report.failures === 0 ? 'all checks passed' : `${report.failures} check(s) failed`}`);
  return report.failures;
}

/** The same values with the leaf at `path` changed so that a chart that reads it renders something else. */
function perturbed(values: Record<string, any>, path: string[]): Record<string, any> {
  const copy = JSON.parse(JSON.stringify(values));
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key];
  const last = path[path.length - 1];
  const value = parent[last];
  if (value === null) parent[last] = 'connector.name=probe\n';
  else if (typeof value === 'boolean') parent[last] = !value;
  else if (typeof value === 'number') parent[last] = value + 1;
  else if (typeof value === 'string') parent[last] = value.includes('\n') ? `${value}probe.key=probe\n` : `${value}9`;
  else if (Array.isArray(value)) parent[last] = value.length > 0 ? [] : ['probe'];
  else parent[last] = { probe: 'probe' };
  return copy;
}

/** Leaf paths as key lists (keys may contain dots: label keys, file names). */
function leaves(value: unknown, path: string[] = []): string[][] {
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length > 0) {
    return Object.entries(value).flatMap(([key, child]) => leaves(child, [...path, key]));
  }
  return [path];
}

function main(args: string[]): number {
  const [mode, name, file] = args;
  if (mode === 'list') {
    console.log(scenarios().map((s) => s.name).join('\n'));
    return 0;
  }
  if (mode === 'values' && name && file) {
    const chart = chartValues(scenario(name));
    writeFileSync(file, `${JSON.stringify(chart.values, undefined, 2)}\n`);
    console.log(`${chart.names.fullname} ${chart.namespace}`);
    return 0;
  }
  if (mode === 'probes' && name && file) {
    const values = chartValues(scenario(name)).values;
    const paths = leaves(values);
    paths.forEach((path, i) => writeFileSync(join(file, `${i}.json`), JSON.stringify(perturbed(values, path))));
    writeFileSync(join(file, 'paths.txt'), `${paths.map((p) => p.join('.')).join('\n')}\n`);
    return 0;
  }
  if (mode === 'check' && name && file) {
    return check(scenario(name), file) === 0 ? 0 : 1;
  }
  console.error('usage: chart-render-check.ts list | values <scenario> <file> | check <scenario> <rendered.json>');
  return 2;
}

process.exitCode = main(process.argv.slice(2));
