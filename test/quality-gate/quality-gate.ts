import { CfnElement, Stack, Stage } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { CredentialFinding, manifestCredentials, rawManifestCredentials, templateCredentials } from './credentials';
import { expectValidKubernetesObjects, kubernetesObjectsOf } from './manifests';
import { throwOnNagFindings, unacknowledgedFindings } from './nag';
import { synthesize } from './templates';

/**
 * The quality gate every construct scenario passes: no credential in plain text, every Kubernetes object valid
 * against its schema, and no unacknowledged finding of the four cdk-nag packs under the construct.
 *
 * ```ts
 * describe('a scenario', () => {
 *   let stack: Stack;
 *   let trino: TrinoOnEks;
 *   beforeAll(() => ({ stack, trino } = build()));
 *   qualityGateTests(() => ({ stack, scope: trino }), { kubernetesObjects: { withoutSchema: ['SecretProviderClass'] } });
 * });
 * ```
 */

/** What the gate checks: the stack (its template and Kubernetes objects) and the construct(s) the nag packs look under. */
export interface QualityGateSubject {
  readonly stack: Stack;
  /** The construct under test; several when a scenario's constructs are not under one parent. */
  readonly scope: IConstruct | readonly IConstruct[];
}

/** A credential-scan finding known to be a false positive: found at `where` (exactly), for `reason`. */
export interface KnownCredentialFinding {
  readonly where: string;
  readonly reason: string;
}

/**
 * Kinds without a schema package on npm (the validator refuses them rather than pass them unchecked), by the
 * apiVersion they are applied with. A suite leaves them out of the schema check explicitly and asserts them itself.
 */
export const NO_SCHEMA_PACKAGE = {
  SecretProviderClass: 'secrets-store.csi.x-k8s.io/v1',
  IngressClassParams: 'eks.amazonaws.com/v1',
  /** EKS Auto Mode's NodeClass (not Karpenter's EC2NodeClass, which has one). */
  NodeClass: 'eks.amazonaws.com/v1',
} as const;

export type NoSchemaKind = keyof typeof NO_SCHEMA_PACKAGE;

export interface KubernetesObjectsOptions {
  /** Kinds left out of the schema check because no schema package exists for them; each must be applied (a stale entry fails). */
  readonly withoutSchema?: readonly NoSchemaKind[];
  /** Rewrites the objects before validation, e.g. `withExampleIds` for selector IDs only known at deploy time. */
  readonly prepare?: (objects: any[]) => any[];
}

export interface QualityGateOptions {
  /**
   * Credential-scan findings known to be false positives, computed when the test runs (after `beforeAll`). Only a
   * finding at exactly that `where` is let through, and each entry must still be found (a stale entry fails).
   */
  readonly knownCredentialFindings?: () => readonly KnownCredentialFinding[];
  /**
   * How the Kubernetes objects are validated; `false` when the subject applies none: the test then asserts that
   * there are none (so it can still fail) instead of validating.
   * @default - every object, as applied
   */
  readonly kubernetesObjects?: false | KubernetesObjectsOptions;
}

export const CREDENTIALS_TEST = 'no credential in plain text in the template or in any Kubernetes object';
export const OBJECTS_TEST = 'every Kubernetes object validates against its schema';
export const NO_OBJECTS_TEST = 'applies no Kubernetes objects';
export const NAG_TEST = 'all four nag packs: no unacknowledged finding under the construct';

/**
 * Registers the three quality-gate tests in the calling `describe`. `subject` is called inside the tests, so it may
 * read what the describe's `beforeAll` built. The stack is synthesized once for all three (and its template written
 * for cfn-lint, see {@link synthesize}).
 */
export function qualityGateTests(subject: () => QualityGateSubject, options: QualityGateOptions = {}): void {
  test(CREDENTIALS_TEST, () => {
    expectNoPlainTextCredentials(subject().stack, options.knownCredentialFindings?.() ?? []);
  });

  const objects = options.kubernetesObjects;
  if (objects === false) {
    test(NO_OBJECTS_TEST, () => {
      expectNoKubernetesObjects(subject().stack);
    });
  } else {
    const left = objects?.withoutSchema?.length ? ` (left out, no schema package: ${objects.withoutSchema.join(', ')})` : '';
    test(`${OBJECTS_TEST}${left}`, () => {
      expectValidKubernetesObjectsOf(subject().stack, objects);
    });
  }

  test(NAG_TEST, () => {
    const { stack, scope } = subject();
    expectNoNagFindingsUnder(stack, scope);
  });
}

/** The synthesized template of a stack and the Kubernetes objects it applies. */
export interface SynthesizedStack {
  readonly template: any;
  readonly objects: any[];
}

const synthesized = new WeakMap<Stack, SynthesizedStack>();

/**
 * Synthesizes the app of `stack` once (through {@link synthesize}, so the templates go to cfn-lint) and keeps the
 * stack's template and objects for the other checks of the gate.
 */
export function synthesizedStack(stack: Stack): SynthesizedStack {
  let result = synthesized.get(stack);
  if (!result) {
    const artifact = synthesize(Stage.of(stack)!).find((s) => s.stackName === stack.stackName);
    if (!artifact) throw new Error(`stack ${stack.stackName} is not in the synthesized app`);
    result = { template: artifact.template, objects: kubernetesObjectsOf(artifact.template) };
    synthesized.set(stack, result);
  }
  return result;
}

/**
 * Fails naming where and why, for every credential in plain text: in the template (literal values of credential
 * keys, access keys, inline passwords), in the Kubernetes objects (also Secrets, secretKeyRefs, dynamic references)
 * and in the raw manifests. `known` findings are let through, and must be found.
 */
export function expectNoPlainTextCredentials(stack: Stack, known: readonly KnownCredentialFinding[] = []): void {
  const { template, objects } = synthesizedStack(stack);
  const findings: CredentialFinding[] = [...templateCredentials(template), ...manifestCredentials(objects), ...rawManifestCredentials(template)];
  const isKnown = (f: CredentialFinding) => known.some((k) => k.where === f.where);
  const unexpected = findings.filter((f) => !isKnown(f));
  const stale = known.filter((k) => !findings.some((f) => f.where === k.where));
  const problems = [
    ...unexpected.map((f) => `  ${f.where}: ${f.why}`),
    ...stale.map((k) => `  ${k.where}: listed as a known false positive (${k.reason}), but nothing is found there any more: remove it`),
  ];
  if (problems.length > 0) {
    throw new Error(`${unexpected.length} credential(s) in plain text in stack ${stack.stackName}${stale.length ? `, ${stale.length} stale exception(s)` : ''}:\n${problems.join('\n')}`);
  }
}

/** Fails naming each object (and the schema error) that does not validate; the options as in {@link KubernetesObjectsOptions}. */
export function expectValidKubernetesObjectsOf(stack: Stack, options: KubernetesObjectsOptions = {}): void {
  const { objects } = synthesizedStack(stack);
  const withoutSchema = options.withoutSchema ?? [];
  const isKind = (object: any, kind: NoSchemaKind) => object.kind === kind && object.apiVersion === NO_SCHEMA_PACKAGE[kind];
  const stale = withoutSchema.filter((kind) => !objects.some((o) => isKind(o, kind)));
  if (stale.length > 0) {
    throw new Error(`withoutSchema names ${stale.join(', ')}, but stack ${stack.stackName} applies none: remove it from the option`);
  }
  const checked = objects.filter((o) => !withoutSchema.some((kind) => isKind(o, kind)));
  expectValidKubernetesObjects(options.prepare ? options.prepare(checked) : checked);
}

/** Fails naming the objects, if the stack applies any Kubernetes object. */
export function expectNoKubernetesObjects(stack: Stack): void {
  const { objects } = synthesizedStack(stack);
  if (objects.length > 0) {
    throw new Error(`stack ${stack.stackName} applies ${objects.length} Kubernetes object(s): ${objects.map((o) => `${o.apiVersion}/${o.kind} ${o.metadata?.name}`).join(', ')}`);
  }
}

/**
 * Fails listing every unacknowledged finding of the four packs (rule id, pack, construct paths) under the scope(s),
 * once the app of `stack` is synthesized (the acknowledgements made in the validation phase are then in place).
 */
export function expectNoNagFindingsUnder(stack: Stack, scope: IConstruct | readonly IConstruct[]): void {
  synthesizedStack(stack);
  const scopes: readonly IConstruct[] = Array.isArray(scope) ? scope : [scope as IConstruct];
  throwOnNagFindings(scopes.flatMap((s) => unacknowledgedFindings(s)), scopes.map((s) => s.node.path).join(', '));
}

/** The inline code (`Code.ZipFile`) of a Lambda function as a known credential-scan finding: source code may name a `password` variable. */
export function inlineLambdaCode(fn: IConstruct, reason: string): KnownCredentialFinding {
  const resource = (fn.node.defaultChild ?? fn) as CfnElement;
  return { where: `template.Resources.${Stack.of(fn).getLogicalId(resource)}.Properties.Code.ZipFile`, reason };
}
