import { Stack } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { importedClusterWithVpc } from './fixtures';
import { KarpenterController, PodIdentityAgent } from '../../src';
import { newStack } from '../fixtures/clusters';
import { TOKEN_PLACEHOLDER } from '../quality-gate/manifests';

/** The Auto Mode NodeClass kind: no schema package exists on npm for `eks.amazonaws.com/v1`. */
export function isAutoModeNodeClass(object: any): boolean {
  return object.apiVersion === 'eks.amazonaws.com/v1' && object.kind === 'NodeClass';
}

/**
 * Selector terms whose ID is only known at deploy time (a subnet or security group created in
 * the stack) read `CFN-TOKEN` after synthesis, which the ID patterns (`sg-…`, `subnet-…`) reject.
 * For schema validation they stand in as valid example IDs; every other field is checked as written.
 */
export function withExampleIds(objects: any[]): any[] {
  const swap = (terms: any[] | undefined, example: string) =>
    terms?.map((term) => (term.id === TOKEN_PLACEHOLDER ? { ...term, id: example } : term));
  return objects.map((object) => {
    if (object.kind !== 'EC2NodeClass') return object;
    return {
      ...object,
      spec: {
        ...object.spec,
        subnetSelectorTerms: swap(object.spec.subnetSelectorTerms, 'subnet-0example0000000001'),
        securityGroupSelectorTerms: swap(object.spec.securityGroupSelectorTerms, 'sg-0example00000000001'),
      },
    };
  });
}

/** A stack with an imported cluster (literal IDs) and a self-managed controller on it. */
export function importedSelfManaged(id = 'Test'): { stack: Stack; cluster: eks.ICluster; controller: KarpenterController } {
  const stack = newStack(id);
  const { cluster } = importedClusterWithVpc(stack);
  const controller = new KarpenterController(stack, 'Karpenter', { cluster, podIdentityAgent: PodIdentityAgent.EXISTING });
  return { stack, cluster, controller };
}

/** The object of a kind and name among the objects a stack applies. */
export function objectNamed(objects: any[], kind: string, name: string): any {
  const found = objects.find((o) => o.kind === kind && o.metadata?.name === name);
  if (!found) throw new Error(`no ${kind} ${name} among ${objects.map((o) => `${o.kind}/${o.metadata?.name}`).join(', ')}`);
  return found;
}
