import { Annotations, RemovalPolicy } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * Context flag that lets DESTROY take effect on stateful resources (databases, buckets, keys).
 * Set it in cdk.json (`"context": { "cdk-trino-on-eks:allowDestroy": true }`) or with
 * `cdk deploy -c cdk-trino-on-eks:allowDestroy=true`, typically for test environments.
 */
export const ALLOW_DESTROY_CONTEXT = 'cdk-trino-on-eks:allowDestroy';

/**
 * The removal policy a stateful resource really gets: RETAIN unless DESTROY was asked for and the
 * context flag allows it. Either way, a warning on `scope` says what happened.
 */
export function statefulRemovalPolicy(scope: IConstruct, requested: RemovalPolicy | undefined, what: string): RemovalPolicy {
  if (requested !== RemovalPolicy.DESTROY) return requested ?? RemovalPolicy.RETAIN;
  const allowed = [true, 'true'].includes(scope.node.tryGetContext(ALLOW_DESTROY_CONTEXT));
  if (allowed) {
    Annotations.of(scope).addWarningV2('cdk-trino-on-eks:destroy',
      `${what} will be DELETED with the stack (removalPolicy DESTROY, allowed by the context flag ${ALLOW_DESTROY_CONTEXT}).`);
    return RemovalPolicy.DESTROY;
  }
  Annotations.of(scope).addWarningV2('cdk-trino-on-eks:retain',
    `${what} is RETAINED: removalPolicy DESTROY takes effect only with the context flag ${ALLOW_DESTROY_CONTEXT}=true.`);
  return RemovalPolicy.RETAIN;
}
