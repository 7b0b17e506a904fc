// Raw cdk-nag counts of the TypeScript examples (and of the tests' every-option deployment), built from source (src/, not the packaged library): for each
// example and each of the four packs the library is checked with (AwsSolutions, NIST 800-53 R5, HIPAA Security,
// PCI DSS 3.2.1), the findings
//   raw        with no acknowledgement at all,
//   -library   with the example's own acknowledgements but none of the library's (what the library leaves a user),
//   left       with every acknowledgement (what fails a synth: 0 when the example is clean).
// A finding is one rule (with its granular id) on one resource. It also lists every acknowledgement made on the
// example's tree that no raw finding uses (unused here; it may still serve another configuration).
//
// cdk-nag 3 has no switch to ignore acknowledgements: a pack asks its private `isAcknowledged(resource, ruleId)`,
// which walks the resource's ancestors for the Validations acknowledged-rules metadata. The script replaces that
// method on its own pack instances with the same walk, filtered by who made the acknowledgement.
// Run by scripts/nag-raw-counts.sh.
import './library-by-name';
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { settingsFromContext } from '../../examples/existing-cluster/existing-cluster-settings';
import { ExistingClusterStack } from '../../examples/existing-cluster/existing-cluster-stack';
import { QuickstartStack } from '../../examples/quickstart/quickstart-stack';
import * as library from '../../src';
import { nagPacks } from '../quality-gate/nag';
import { fullDeployment } from '../trino-on-eks/full-deployment';

const EXAMPLES = join(__dirname, '..', '..', 'examples');
/** The certificate the quickstart-shaped examples are synthesized with (as in scripts/examples-synth.sh). */
const EXAMPLE_CERTIFICATE_ARN = 'arn:aws:acm:us-east-1:111122223333:certificate/00000000-0000-0000-0000-000000000000';

interface Example {
  readonly name: string;
  /** Builds the example's stack in `app` (whose context is the example's cdk.json); returns what is checked. */
  readonly build: (app: App) => IConstruct;
  /** The directory of its cdk.json, when it is an example. */
  readonly exampleDir?: string;
  readonly extraContext?: Record<string, unknown>;
}

const EXAMPLE_LIST: Example[] = [
  {
    name: 'quickstart',
    exampleDir: 'quickstart',
    extraContext: { 'quickstart:certificateArn': EXAMPLE_CERTIFICATE_ARN },
    build: (app) => {
      // As examples/quickstart/main.ts builds it, outside any account.
      return new QuickstartStack(app, 'TrinoQuickstart', { env: { region: 'us-east-1' } });
    },
  },
  {
    name: 'existing-cluster',
    exampleDir: 'existing-cluster',
    build: (app) => {
      const settings = settingsFromContext(app);
      return new ExistingClusterStack(app, 'TrinoOnExistingCluster', { env: { account: settings.account, region: settings.region }, settings });
    },
  },
  {
    // Not an example: the test suite's deployment with every option on (password users, Glue, KEDA, ...),
    // checked under the TrinoOnEks construct (its lake bucket is the test's).
    name: 'full-deployment',
    build: (app) => {
      return fullDeployment(new Stack(app, 'TrinoFull', { env: { account: '111122223333', region: 'us-east-1' } }));
    },
  },
];

const PACK_PREFIXES = ['AwsSolutions', 'NIST.800.53.R5', 'HIPAA.Security', 'PCI.DSS.321'];

/** Who may acknowledge a finding, in one count. */
type AcknowledgedBy = (acknowledging: IConstruct) => boolean;
const NOBODY: AcknowledgedBy = () => false;
const ANYBODY: AcknowledgedBy = () => true;

/** The library's construct classes: an acknowledgement on (or under) one of them is the library's. */
const LIBRARY_CLASSES: Function[] = Object.values(library as Record<string, unknown>)
  .filter((v): v is Function => typeof v === 'function' && v.prototype instanceof Construct);

function insideLibrary(construct: IConstruct): boolean {
  return construct.node.scopes.some((c) => LIBRARY_CLASSES.some((cls) => c instanceof cls));
}
const NOT_THE_LIBRARY: AcknowledgedBy = (c) => !insideLibrary(c);

function acknowledgedIds(construct: IConstruct): string[] {
  return construct.node.metadata
    .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY && entry.data)
    .flatMap((entry) => Object.keys(entry.data as object).map((k) => k.replace(/^annotation::/i, '')));
}

interface Finding {
  readonly pack: string;
  readonly rule: string;
  readonly path: string;
}

/** The findings of one pack under `scope`, counting only the acknowledgements `by` accepts. */
function findings(pack: ReturnType<typeof nagPacks>[number], scope: IConstruct, by: AcknowledgedBy): Finding[] {
  (pack as any).isAcknowledged = (resource: IConstruct, ruleId: string): boolean =>
    resource.node.scopes.some((c) => by(c) && acknowledgedIds(c).includes(ruleId));
  return pack.validateScope(scope).violations.flatMap((v) =>
    v.violatingResources.map((r) => ({ pack: pack.name, rule: v.ruleName, path: r.constructPath ?? '(unknown)' })));
}

interface Counts {
  readonly raw: Finding[];
  readonly withoutLibrary: Finding[];
  readonly left: Finding[];
}

function countExample(example: Example): { byPack: Map<string, Counts>; unused: string[] } {
  const cdkJson = example.exampleDir ? JSON.parse(readFileSync(join(EXAMPLES, example.exampleDir, 'cdk.json'), 'utf8')) : {};
  const context = { ...(cdkJson.context ?? {}), ...example.extraContext };
  const outdir = mkdtempSync(join(tmpdir(), 'nag-raw-counts-'));
  try {
    const app = new App({ outdir, context });
    const scope = example.build(app);
    // Synthesized first: some acknowledgements are made in the validation phase, once references are resolved.
    app.synth();
    const byPack = new Map<string, Counts>();
    for (const pack of nagPacks()) {
      byPack.set(pack.name, {
        raw: findings(pack, scope, NOBODY),
        withoutLibrary: findings(pack, scope, NOT_THE_LIBRARY),
        left: findings(pack, scope, ANYBODY),
      });
    }
    const raw = [...byPack.values()].flatMap((c) => c.raw);
    const unused: string[] = [];
    for (const construct of scope.node.findAll()) {
      // Only the four packs' ids (other validation plugins are acknowledged the same way).
      for (const id of acknowledgedIds(construct).filter((i) => PACK_PREFIXES.some((p) => i.startsWith(`${p}-`)))) {
        const used = raw.some((f) => f.rule === id && (f.path === construct.node.path || f.path.startsWith(`${construct.node.path}/`)));
        if (!used) unused.push(`${id} at ${construct.node.path}${insideLibrary(construct) ? '' : ' (the example\'s)'}`);
      }
    }
    return { byPack, unused };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

function main(): void {
  const names = process.argv.slice(2);
  const verbose = names.includes('--list');
  const chosen = names.filter((n) => n !== '--list');
  const unknown = chosen.filter((n) => !EXAMPLE_LIST.some((e) => e.name === n));
  if (unknown.length > 0) {
    throw new Error(`no configuration named ${unknown.join(', ')}; choose from ${EXAMPLE_LIST.map((e) => e.name).join(', ')}`);
  }
  const examples = chosen.length > 0 ? EXAMPLE_LIST.filter((e) => chosen.includes(e.name)) : EXAMPLE_LIST;
  console.log('nag-raw-counts: findings per example and pack (a finding is one rule on one resource); full-deployment is the tests\' every-option deployment');
  console.log('  raw: no acknowledgement; -library: the example\'s acknowledgements only; left: all (fails a synth)\n');
  console.log(`${'example'.padEnd(18)}${'pack'.padEnd(18)}${'raw'.padStart(6)}${'-library'.padStart(10)}${'left'.padStart(6)}`);
  for (const example of examples) {
    const { byPack, unused } = countExample(example);
    const total = { raw: 0, withoutLibrary: 0, left: 0 };
    for (const [pack, c] of byPack) {
      console.log(`${example.name.padEnd(18)}${pack.padEnd(18)}${String(c.raw.length).padStart(6)}${String(c.withoutLibrary.length).padStart(10)}${String(c.left.length).padStart(6)}`);
      total.raw += c.raw.length;
      total.withoutLibrary += c.withoutLibrary.length;
      total.left += c.left.length;
    }
    console.log(`${example.name.padEnd(18)}${'all four'.padEnd(18)}${String(total.raw).padStart(6)}${String(total.withoutLibrary).padStart(10)}${String(total.left).padStart(6)}`);
    if (verbose) {
      for (const c of byPack.values()) {
        for (const f of c.raw) {
          const same = (l: Finding) => l.rule === f.rule && l.path === f.path;
          // Acknowledged by the library when only the library's acknowledgements take it away.
          const state = c.left.some(same) ? 'LEFT' : c.withoutLibrary.some(same) ? 'library' : 'example';
          console.log(`    ${state.padEnd(8)} ${f.rule}  ${f.path}`);
        }
      }
    }
    if (unused.length > 0) {
      console.log(`  ${unused.length} acknowledgement(s) no finding of this example uses:`);
      for (const u of unused) console.log(`    ${u}`);
    }
    console.log('');
  }
}

main();
