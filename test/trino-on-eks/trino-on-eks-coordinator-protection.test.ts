import { Stack } from 'aws-cdk-lib';
import { chartReads, leafPaths } from './chart-keys';
import { TrinoOnEks } from '../../src/trino-on-eks/trino-on-eks';
import { CHART_POD_LABELS, trinoOnImportedCluster } from '../fixtures/trino-on-eks';
import { kubernetesObjects } from '../quality-gate/manifests';
import { qualityGateTests } from '../quality-gate/quality-gate';


const build = trinoOnImportedCluster;

function budgets(stack: Stack): any[] {
  return kubernetesObjects(stack).filter((o) => o.kind === 'PodDisruptionBudget');
}

describe('coordinator protection (default)', () => {
  let stack: Stack;
  let trino: TrinoOnEks;
  beforeAll(() => ({ stack, trino } = build()));

  test('the coordinator pod is annotated karpenter.sh/do-not-disrupt, the workers are not', () => {
    expect(trino.helmValues.coordinator.annotations).toEqual({ 'karpenter.sh/do-not-disrupt': 'true' });
    expect(trino.helmValues.worker.annotations).toBeUndefined();
  });

  test('a PodDisruptionBudget keeps one serving coordinator and lets an unhealthy one go', () => {
    const coordinator = budgets(stack).find((b) => b.metadata.name === 'trino-coordinator');
    expect(coordinator.metadata.namespace).toBe('trino');
    expect(coordinator.spec).toEqual({
      minAvailable: 1,
      unhealthyPodEvictionPolicy: 'AlwaysAllow',
      selector: { matchLabels: { ...CHART_POD_LABELS, 'app.kubernetes.io/component': 'coordinator' } },
    });
  });

  test('the worker budget still selects the chart\'s worker pods, and no budget selects both roles', () => {
    const worker = budgets(stack).find((b) => b.metadata.name === 'trino-worker');
    expect(worker.spec.selector.matchLabels).toEqual({ ...CHART_POD_LABELS, 'app.kubernetes.io/component': 'worker' });
    expect(budgets(stack).map((b) => b.spec.selector.matchLabels['app.kubernetes.io/component']).sort()).toEqual(['coordinator', 'worker']);
  });

  test('the budget is applied after the namespace exists', () => {
    expect(trino.coordinatorDisruptionBudget!.node.dependencies).toContain(trino.namespaceManifest);
  });

  test('every emitted chart value is one the chart reads', () => {
    expect(leafPaths(trino.helmValues).filter((path) => !chartReads(path))).toEqual([]);
  });

  test('helmValues may add coordinator annotations next to the library\'s', () => {
    const { trino: annotated } = build({ helmValues: { coordinator: { annotations: { team: 'data' } } } });
    expect(annotated.helmValues.coordinator.annotations).toEqual({ 'karpenter.sh/do-not-disrupt': 'true', 'team': 'data' });
  });

  qualityGateTests(() => ({ stack, scope: trino }), { kubernetesObjects: { withoutSchema: ['SecretProviderClass'] } });
});

describe('coordinator protection turned off', () => {
  test('no annotation and no coordinator budget; the worker budget stays', () => {
    const { stack, trino } = build({ coordinator: { protect: false } });
    expect(trino.helmValues.coordinator.annotations).toBeUndefined();
    expect(trino.coordinatorDisruptionBudget).toBeUndefined();
    expect(budgets(stack).map((b) => b.metadata.name)).toEqual(['trino-worker']);
  });
});

describe('coordinator protection bad input', () => {
  test('helmValues may not lift the do-not-disrupt annotation', () => {
    expect(() => build({ helmValues: { coordinator: { annotations: { 'karpenter.sh/do-not-disrupt': 'false' } } } }))
      .toThrow(/TrinoOnEks: helmValues.coordinator.annotations.karpenter.sh\/do-not-disrupt \("false"\) is set by the library to true/);
  });
});
