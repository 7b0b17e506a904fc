import { Stage } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { synthesize } from './templates';

/** One unacknowledged finding: the rule (with its granular finding id) and where it fires. */
export interface NagFinding {
  readonly pack: string;
  readonly rule: string;
  readonly paths: string[];
}

/** The four packs the library promises to be clean under. */
export function nagPacks() {
  return [new AwsSolutionsChecks(), new NIST80053R5Checks(), new HIPAASecurityChecks(), new PCIDSS321Checks()];
}

/**
 * Runs AwsSolutions, NIST 800-53 R5, HIPAA Security and PCI DSS 3.2.1 over `scope` and returns
 * every finding nobody acknowledged. The app is synthesized first, so acknowledgements made in
 * the validation phase (and the templates for cfn-lint) are in place.
 */
export function nagFindings(scope: IConstruct): NagFinding[] {
  synthesize(Stage.of(scope)!);
  return unacknowledgedFindings(scope);
}

/**
 * {@link nagFindings} without the synthesis: for a caller that has synthesized the app already (the
 * acknowledgements made in the validation phase are on the tree from then on).
 */
export function unacknowledgedFindings(scope: IConstruct): NagFinding[] {
  return nagPacks().flatMap((pack) => pack.validateScope(scope).violations.map((violation) => ({
    pack: pack.name,
    rule: violation.ruleName,
    paths: violation.violatingResources.map((r) => r.constructPath ?? r.resourceLogicalId ?? '(unknown)'),
  })));
}

/** Fails listing every unacknowledged finding under `scope` (rule id and construct paths). */
export function expectNoNagFindings(scope: IConstruct): void {
  throwOnNagFindings(nagFindings(scope), scope.node.path);
}

/** Throws listing each finding with its rule id, pack and construct paths, if there is any. */
export function throwOnNagFindings(findings: NagFinding[], where: string): void {
  if (findings.length > 0) {
    const lines = findings.map((f) => `  ${f.rule} (${f.pack}) at ${f.paths.join(', ')}`);
    throw new Error(`${findings.length} unacknowledged cdk-nag finding(s) under ${where}:\n${lines.join('\n')}`);
  }
}
