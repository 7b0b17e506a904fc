import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import { Stage } from 'aws-cdk-lib';
import { CloudFormationStackArtifact } from 'aws-cdk-lib/cx-api';

/** Where every synthesized template goes, for the single cfn-lint run after the tests. */
export const TEMPLATES_DIR = join(__dirname, '..', '..', 'test-reports', 'templates');

/**
 * Synthesizes a stage (an App) and writes each stack template to test-reports/templates,
 * named after the running test, so cfn-lint checks every template the tests produce.
 */
export function synthesize(stage: Stage): CloudFormationStackArtifact[] {
  const assembly = stage.synth();
  const stacks = assembly.stacks;
  const test = (expect.getState().currentTestName ?? 'unnamed').replace(/[^A-Za-z0-9]+/g, '-').slice(0, 120);
  mkdirSync(TEMPLATES_DIR, { recursive: true });
  for (const stack of stacks) {
    writeFileSync(join(TEMPLATES_DIR, `${test}--${stack.stackName}.template.json`), JSON.stringify(stack.template, null, 1));
  }
  return stacks;
}
