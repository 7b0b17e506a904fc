// Applies every Kubernetes object the library deploys to a real kube-apiserver (run by scripts/api-server-check.sh,
// not by Jest): for each example's synthesized cloud assembly, its manifests and the charts it installs rendered
// with the values it wrote; for each chart render scenario, what the Trino chart rendered. Namespaces and CRDs are
// created for real, everything else is applied with server-side apply and dry-run=server (no controller runs
// here). Negative controls prove that the stage can fail. Prints one line per case and writes a JSON report.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { KubeApiServer } from './api-server';
import { deployedObjects, HelmRelease } from './deployed-objects';
import { messageOf } from '../../local/stages';

interface Options {
  readonly bin: string;
  readonly crds: string[];
  readonly charts: Record<string, string>;
  readonly examples: string;
  readonly chartRenders: string;
  readonly python: string;
  readonly report: string;
  readonly workDir: string;
}

/** Objects applied in one namespace (the default for those without one), and where they came from. */
interface ObjectSet {
  readonly source: string;
  readonly namespace: string;
  readonly objects: Record<string, any>[];
}

interface CaseResult {
  readonly name: string;
  readonly passed: boolean;
  readonly detail: string;
}

const FIELD_MANAGER = 'cdk-trino-on-eks';

function parseArguments(argv: string[]): Options {
  const values: Record<string, string[]> = {};
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith('--') || argv[i + 1] === undefined) throw new Error(`apply-check: expected --name value pairs, got ${argv[i]}`);
    (values[argv[i].slice(2)] ??= []).push(argv[i + 1]);
  }
  const one = (name: string) => {
    if (values[name]?.length !== 1) throw new Error(`apply-check: --${name} is required once`);
    return values[name][0];
  };
  const charts = Object.fromEntries((values.chart ?? []).map((entry) => entry.split('=', 2) as [string, string]));
  return {
    bin: one('bin'),
    crds: values.crd ?? [],
    charts,
    examples: one('examples'),
    chartRenders: one('chart-renders'),
    python: one('python'),
    report: one('report'),
    workDir: one('work-dir'),
  };
}

class ApplyCheck {
  private readonly results: CaseResult[] = [];
  constructor(private readonly options: Options, private readonly server: KubeApiServer) {}

  /** CRDs are created for real, then awaited until the API serves their kinds. */
  public installCrds(): void {
    const crds = this.options.crds.flatMap((file) => this.yamlObjects(fs.readFileSync(file, 'utf8')));
    const keda = this.options.charts.keda;
    if (keda) {
      // KEDA's CRDs are templates of its chart (helm show crds prints nothing).
      const templates = spawnSync('tar', ['-tzf', keda], { encoding: 'utf8' }).stdout.split('\n')
        .filter((entry) => /\/templates\/crds\/crd-[^/]+\.yaml$/.test(entry)).map((entry) => entry.replace(/^[^/]+\//, ''));
      for (const template of templates) {
        crds.push(...this.yamlObjects(this.helm(['template', 'keda', keda, '--show-only', template])));
      }
    }
    this.server.kubectl(['apply', '--server-side', `--field-manager=${FIELD_MANAGER}`, '-f', '-'], list(crds));
    this.server.kubectl(['wait', '--for=condition=Established', '--timeout=60s', 'crd', '--all']);
    const kinds = crds.map((crd) => `${crd.spec.names.kind}.${crd.spec.group}`).sort();
    process.stdout.write(`CRDs installed and established: ${kinds.length} (${kinds.join(', ')})\n`);
  }

  /** Each example's cloud assembly: every template's manifests and Helm releases. */
  public async examples(): Promise<void> {
    const dirs = fs.existsSync(this.options.examples) ? fs.readdirSync(this.options.examples).sort() : [];
    if (dirs.length === 0) throw new Error(`apply-check: no synthesized examples in ${this.options.examples} (run scripts/examples-synth.sh first)`);
    for (const name of dirs) {
      const dir = path.join(this.options.examples, name);
      const sets: ObjectSet[] = [];
      const notRendered: string[] = [];
      for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.template.json')).sort()) {
        const deployed = deployedObjects(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')));
        if (deployed.manifests.length > 0) sets.push({ source: 'manifests', namespace: 'default', objects: deployed.manifests });
        for (const release of deployed.helmReleases) {
          const rendered = this.renderRelease(release);
          if (rendered) sets.push(rendered);
          else notRendered.push(`${release.chart} ${release.version ?? ''}`.trim());
        }
      }
      await signalsHandled();
      this.applyCase(`example ${name}`, sets, notRendered);
    }
  }

  /** What scripts/chart-render-check.sh rendered: one file per scenario, `<scenario>.json` plus its namespace. */
  public async chartScenarios(): Promise<void> {
    const files = fs.existsSync(this.options.chartRenders)
      ? fs.readdirSync(this.options.chartRenders).filter((f) => f.endsWith('.objects.json')).sort() : [];
    if (files.length === 0) throw new Error(`apply-check: no chart renders in ${this.options.chartRenders} (run scripts/chart-render-check.sh first)`);
    for (const file of files) {
      const scenario = file.replace(/\.objects\.json$/, '');
      const { namespace, objects } = JSON.parse(fs.readFileSync(path.join(this.options.chartRenders, file), 'utf8'));
      await signalsHandled();
      this.applyCase(`chart scenario ${scenario}`, [{ source: 'trino chart', namespace, objects }], []);
    }
  }

  /** Proof that the stage can fail: each object is refused, with the server's message. */
  public async negativeControls(): Promise<void> {
    await signalsHandled();
    const nodePool = {
      apiVersion: 'karpenter.sh/v1',
      kind: 'NodePool',
      metadata: { name: 'negative-control' },
      spec: {
        template: {
          // Karpenter sets this label itself; its CRD's CEL rule refuses it in a template.
          metadata: { labels: { 'karpenter.sh/nodepool': 'negative-control' } },
          spec: {
            nodeClassRef: { group: 'eks.amazonaws.com', kind: 'NodeClass', name: 'default' },
            requirements: [{ key: 'kubernetes.io/arch', operator: 'In', values: ['arm64'] }],
          },
        },
      },
    };
    this.expectRefused('a NodePool that breaks a Karpenter CEL rule', [nodePool], 'default', /karpenter\.sh\/nodepool.*restricted|restricted.*karpenter\.sh\/nodepool/);

    const scaledObject = {
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledObject',
      metadata: { name: 'negative-control', namespace: 'default' },
      // A trigger without its type: KEDA's schema requires it.
      spec: { scaleTargetRef: { name: 'trino-worker' }, triggers: [{ metadata: { threshold: '1' } }] },
    };
    // kubectl itself would refuse it first, from the schema the server publishes; with its own check off, the server
    // refuses it: that is what this control proves.
    this.expectRefused('a ScaledObject with a trigger that has no type', [scaledObject], 'default', /spec\.triggers\[0\]\.type: Required value/, 'false');

    const deployment = (app: string) => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'negative-control', namespace: 'default' },
      spec: {
        selector: { matchLabels: { app } },
        template: { metadata: { labels: { app } }, spec: { containers: [{ name: 'main', image: 'example.invalid/image:1' }] } },
      },
    });
    // Created for real first: the change of its selector is then refused (a Deployment's selector is immutable).
    this.server.kubectl(['apply', '--server-side', `--field-manager=${FIELD_MANAGER}`, '-f', '-'], list([deployment('before')]));
    this.expectRefused('a Deployment whose selector changes', [deployment('after')], 'default', /field is immutable/);
  }

  public finish(): number {
    const passed = this.results.filter((r) => r.passed).length;
    const failed = this.results.length - passed;
    fs.mkdirSync(path.dirname(this.options.report), { recursive: true });
    fs.writeFileSync(this.options.report, JSON.stringify({ passed, failed, cases: this.results }, null, 1));
    process.stdout.write(`api-server: ${passed} passed, ${failed} failed\n`);
    return failed === 0 && passed > 0 ? 0 : 1;
  }

  private applyCase(name: string, sets: ObjectSet[], notRendered: string[]): void {
    const started = Date.now();
    try {
      this.createNamespaces(sets);
      let applied = 0;
      let rejected = 0;
      const rejections: string[] = [];
      const counts: string[] = [];
      for (const set of sets) {
        const objects = set.objects.filter((o) => o.kind !== 'Namespace');
        const outcome = this.dryRunApply(objects, set.namespace);
        applied += outcome.applied;
        rejected += objects.length - outcome.applied;
        rejections.push(...outcome.rejections);
        counts.push(`${set.objects.length} from ${set.source}`);
      }
      const total = sets.reduce((sum, set) => sum + set.objects.length, 0);
      const namespaces = sets.reduce((sum, set) => sum + set.objects.filter((o) => o.kind === 'Namespace').length, 0);
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      const skipped = notRendered.length > 0 ? `; not rendered (no chart archive here): ${notRendered.join(', ')}` : '';
      const detail = `${total} objects (${counts.join(', ')}): ${applied} applied (dry-run=server)`
        + `${namespaces > 0 ? ` and ${namespaces} namespaces created` : ''}, ${rejected} rejections, ${seconds}s${skipped}`;
      const passed = rejected === 0 && rejections.length === 0 && total > 0;
      this.record(name, passed, passed ? detail : `${detail}\n      ${rejections.join('\n      ')}`);
    } catch (error) {
      this.record(name, false, messageOf(error));
    }
  }

  private expectRefused(name: string, objects: Record<string, any>[], namespace: string, expected: RegExp, validate?: string): void {
    try {
      const outcome = this.dryRunApply(objects, namespace, validate);
      const message = outcome.rejections.join(' ');
      const passed = outcome.applied === 0 && expected.test(message);
      this.record(`negative control: ${name}`, passed, passed ? `refused: ${message}` : `expected a refusal matching ${expected}, got: ${message || 'accepted'}`);
    } catch (error) {
      this.record(`negative control: ${name}`, false, messageOf(error));
    }
  }

  private record(name: string, passed: boolean, detail: string): void {
    this.results.push({ name, passed, detail });
    process.stdout.write(`${passed ? 'PASS' : 'FAIL'} ${name}: ${detail}\n`);
  }

  /** The namespaces the objects go to are created for real (the chart's release namespace, the manifests' own). */
  private createNamespaces(sets: ObjectSet[]): void {
    const names = new Set<string>();
    const declared: Record<string, any>[] = [];
    for (const set of sets) {
      names.add(set.namespace);
      for (const object of set.objects) {
        if (object.kind === 'Namespace') declared.push(object);
        else if (object.metadata?.namespace) names.add(object.metadata.namespace);
      }
    }
    const declaredNames = new Set(declared.map((n) => n.metadata.name));
    const implicit = [...names].filter((n) => !declaredNames.has(n)).map((n) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: n } }));
    this.server.kubectl(['apply', '--server-side', `--field-manager=${FIELD_MANAGER}`, '-f', '-'], list([...declared, ...implicit]));
  }

  /**
   * Server-side apply, dry-run=server, strict field validation, in batches by namespace (the objects' own, else
   * `namespace`): one line per applied object; what kubectl printed for those it could not apply.
   */
  private dryRunApply(objects: Record<string, any>[], namespace: string, validate = 'strict'): { applied: number; rejections: string[] } {
    const batches = new Map<string, Record<string, any>[]>();
    for (const object of objects) {
      const target = object.metadata?.namespace ?? namespace;
      batches.set(target, [...(batches.get(target) ?? []), object]);
    }
    let applied = 0;
    const rejections: string[] = [];
    for (const [target, batch] of batches) {
      const run = spawnSync(path.join(this.options.bin, 'kubectl'), [
        '--kubeconfig', this.server.kubeconfig, 'apply', '--server-side', '--dry-run=server', `--validate=${validate}`,
        `--field-manager=${FIELD_MANAGER}`, '--namespace', target, '-o', 'name', '-f', '-',
      ], { input: list(batch), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      const done = run.stdout.split('\n').filter((line) => line.trim() !== '').length;
      applied += done;
      if (done !== batch.length || run.status !== 0) {
        rejections.push(...run.stderr.split('\n').map((line) => line.trim()).filter((line) => line !== ''));
        if (rejections.length === 0) rejections.push(`kubectl applied ${done} of ${batch.length} objects (exit ${run.status}) and said nothing`);
      }
    }
    return { applied, rejections };
  }

  /** A release rendered with the chart archive the library pins; undefined when no archive is here for it. */
  private renderRelease(release: HelmRelease): ObjectSet | undefined {
    const archive = this.options.charts[release.chart];
    if (!archive) return undefined;
    const expected = `${release.chart}-${release.version}.tgz`;
    if (release.version && path.basename(archive) !== expected) {
      throw new Error(`the template installs ${release.chart} ${release.version}, but the archive here is ${path.basename(archive)}`);
    }
    const valuesFile = path.join(this.options.workDir, `${release.logicalId}-values.json`);
    fs.writeFileSync(valuesFile, JSON.stringify(release.values));
    // Values as a file, as CDK's HelmChart passes them; the chart's `helm test` hook pods are not installed by a
    // deployment (--skip-tests).
    const rendered = this.helm(['template', release.release, archive, '--namespace', release.namespace, '--values', valuesFile, '--skip-tests']);
    return { source: `${release.chart} chart`, namespace: release.namespace, objects: this.yamlObjects(rendered) };
  }

  private helm(args: string[]): string {
    const run = spawnSync(path.join(this.options.bin, 'helm'), args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (run.status !== 0) throw new Error(`helm ${args.slice(0, 3).join(' ')} failed: ${run.stderr.trim()}`);
    return run.stdout;
  }

  private yamlObjects(text: string): Record<string, any>[] {
    const run = spawnSync(this.options.python, [path.join(__dirname, '..', '..', 'scripts', 'yaml-objects.py')],
      { input: text, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (run.status !== 0) throw new Error(`YAML could not be read: ${run.stderr.trim()}`);
    return JSON.parse(run.stdout);
  }
}

/** Lets a pending SIGINT or SIGTERM handler run: kubectl and helm run synchronously, which holds signals back. */
function signalsHandled(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function list(objects: Record<string, any>[]): string {
  return JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects });
}

async function main(argv: string[]): Promise<number> {
  const options = parseArguments(argv);
  fs.mkdirSync(options.workDir, { recursive: true });
  const started = Date.now();
  const server = await KubeApiServer.start(
    { etcd: path.join(options.bin, 'etcd'), kubeApiServer: path.join(options.bin, 'kube-apiserver'), kubectl: path.join(options.bin, 'kubectl') },
    path.join(options.workDir, 'server'));
  const stop = () => void server.stop().then(() => process.exit(130));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  try {
    process.stdout.write(`kube-apiserver ${server.kubectl(['version', '-o', 'json']).match(/"gitVersion":\s*"([^"]+)"/g)?.pop()?.split('"')[3]} `
      + `on 127.0.0.1, ready in ${((Date.now() - started) / 1000).toFixed(1)}s\n`);
    const check = new ApplyCheck(options, server);
    check.installCrds();
    await check.examples();
    await check.chartScenarios();
    await check.negativeControls();
    return check.finish();
  } finally {
    await server.stop();
  }
}

main(process.argv.slice(2)).then((code) => process.exit(code), (error) => {
  process.stderr.write(`${messageOf(error)}\n`);
  process.exit(1);
});
