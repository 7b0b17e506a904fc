import { Stack, Validations } from 'aws-cdk-lib';
import { ManagedPolicy } from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';

/**
 * Acknowledges the AwsSolutions-IAM5 findings for the object-level wildcard resources of a
 * policy (`arn:…:s3:::bucket/prefix/*`), and only those: a wildcard action or a `Resource: *`
 * still fails the check.
 *
 * cdk-nag names each finding after the resolved resource (`Resource::<Bucket1234.Arn>/prefix/*`),
 * which is only final once references between stacks are resolved. So the acknowledgement is
 * made in the validation phase of synthesis, which runs after that and before cdk-nag.
 */
export function acknowledgeObjectWildcards(policy: ManagedPolicy, reason: string): void {
  policy.node.addValidation({
    validate: () => {
      const document = Stack.of(policy).resolve(policy.document.toJSON());
      for (const statement of document?.Statement ?? []) {
        for (const resource of asArray(statement.Resource)) {
          const flat = flattenReference(resource);
          if (flat.endsWith('/*') && !flat.slice(0, -2).includes('*') && !asArray(statement.Action).some(hasWildcard)) {
            acknowledgeFinding(policy, `AwsSolutions-IAM5[Resource::${flat}]`, reason);
          }
        }
      }
      return [];
    },
  });
}

function hasWildcard(action: unknown): boolean {
  return typeof action === 'string' && action.includes('*');
}

function asArray(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/**
 * Writes a CloudFormation value the way cdk-nag names it in finding ids:
 * `Fn::GetAtt` as `<Logical.Attr>`, `Ref` as `<Logical>`, `Fn::Join` joined, `Fn::Sub` with
 * `${x}` as `<x>`, `Fn::ImportValue` as its export name.
 */
export function flattenReference(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value.replace(/\$\{/g, '<').replace(/}/g, '>');
  const node = value as Record<string, any>;
  if (node['Fn::Join']) {
    const [delimiter, items] = node['Fn::Join'];
    return (items as unknown[]).map(flattenReference).join(delimiter);
  }
  if (node['Fn::Sub']) return flattenReference(node['Fn::Sub']);
  if (node['Fn::GetAtt']) {
    const [resource, attribute] = node['Fn::GetAtt'];
    return `<${flattenReference(resource)}.${flattenReference(attribute)}>`;
  }
  if (node['Fn::ImportValue']) return flattenReference(node['Fn::ImportValue']);
  if (node.Ref) return `<${flattenReference(node.Ref)}>`;
  return JSON.stringify(value);
}

/** Acknowledges each rule id on a construct with one reason. */
export function acknowledgeRules(scope: IConstruct, ids: string[], reason: string): void {
  for (const id of ids) {
    acknowledgeFinding(scope, id, reason);
  }
}

/**
 * `Validations.of(scope).acknowledge({ id, reason })`, also for granular finding ids such as
 * `AwsSolutions-IAM5[Resource::arn:…]`: aws-cdk-lib before 2.271 rejects a `::` inside the brackets,
 * and our peer range starts earlier. There, the same acknowledgement metadata the newer
 * versions record (and cdk-nag reads) is recorded directly.
 */
export function acknowledgeFinding(scope: IConstruct, id: string, reason: string): void {
  try {
    Validations.of(scope).acknowledge({ id, reason });
  } catch (error) {
    if (!id.includes('::') || !String(error).includes('::')) throw error;
    scope.node.addMetadata(Validations.ACKNOWLEDGED_RULES_METADATA_KEY, { [id]: reason });
  }
}
