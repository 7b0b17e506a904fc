import { execFileSync } from 'child_process';
import { join } from 'path';
import { Stack, Stage } from 'aws-cdk-lib';
import { synthesize } from './templates';

const KUBERNETES_RESOURCE = 'Custom::AWSCDK-EKS-KubernetesResource';
const VALIDATOR = join(__dirname, 'validate-kubernetes-objects.mjs');

/** Stands in for a CloudFormation intrinsic (an ARN, a name) inside a manifest. */
export const TOKEN_PLACEHOLDER = 'CFN-TOKEN';

/**
 * Every Kubernetes object a stack applies through the kubectl provider, parsed from the
 * synthesized template (deploy-time values replaced by {@link TOKEN_PLACEHOLDER}).
 */
export function kubernetesObjects(stack: Stack): any[] {
  const artifact = synthesize(Stage.of(stack)!).find((s) => s.stackName === stack.stackName)!;
  return kubernetesObjectsOf(artifact.template);
}

/** The Kubernetes objects a synthesized template applies, as {@link kubernetesObjects} parses them. */
export function kubernetesObjectsOf(template: any): any[] {
  const resources: Record<string, any> = template.Resources ?? {};
  return Object.values(resources)
    .filter((resource) => resource.Type === KUBERNETES_RESOURCE)
    .flatMap((resource) => JSON.parse(flattenIntrinsics(resource.Properties.Manifest)));
}

/** Problems found by the real schemas (`kubernetes-models` and the CRD model packages). */
export function schemaProblems(objects: any[]): { object: string; error: string }[] {
  const output = execFileSync(process.execPath, [VALIDATOR], { input: JSON.stringify(objects), encoding: 'utf-8' });
  return JSON.parse(output);
}

/** Fails naming each object that does not validate, and the schema error. */
export function expectValidKubernetesObjects(objects: any[]): void {
  if (objects.length === 0) throw new Error('no Kubernetes objects to validate');
  const problems = schemaProblems(objects);
  if (problems.length > 0) {
    throw new Error(`Kubernetes schema errors:\n${problems.map((p) => `  ${p.object}: ${p.error}`).join('\n')}`);
  }
}

function flattenIntrinsics(value: any): string {
  if (typeof value === 'string') return value;
  if (value?.['Fn::Join']) {
    const [delimiter, parts] = value['Fn::Join'];
    return parts.map((part: any) => (typeof part === 'string' ? part : TOKEN_PLACEHOLDER)).join(delimiter);
  }
  return TOKEN_PLACEHOLDER;
}
