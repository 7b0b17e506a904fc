import { KubectlV35Layer } from '@aws-cdk/lambda-layer-kubectl-v35';
import { Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { chartReads, leafPaths } from './chart-keys';
import { WarehouseLocation } from '../../src/metastore';
import { Catalog } from '../../src/trino';
import { TrinoCluster } from '../../src/trino-on-eks/trino-cluster-choice';
import { TrinoMetastore } from '../../src/trino-on-eks/trino-metastore-choice';
import { TrinoOnEks } from '../../src/trino-on-eks/trino-on-eks';
import { TrinoOnEksProps } from '../../src/trino-on-eks/trino-on-eks-props';
import { importedCluster, newStack } from '../fixtures/clusters';
import { CHART_POD_LABELS, trinoOnImportedCluster } from '../fixtures/trino-on-eks';
import { kubernetesObjects } from '../quality-gate/manifests';
import { qualityGateTests } from '../quality-gate/quality-gate';

const EXPORTER_IMAGE = 'bitnami/jmx-exporter:1.4.0';

const build = trinoOnImportedCluster;

function networkPolicies(stack: Stack): any[] {
  return kubernetesObjects(stack).filter((o) => o.kind === 'NetworkPolicy');
}

function policyFor(stack: Stack, component: string): any {
  return networkPolicies(stack).find((p) => p.spec.podSelector.matchLabels['app.kubernetes.io/component'] === component);
}

describe('NetworkPolicies by default (no autoscaling, no metrics, no clients)', () => {
  let stack: Stack;
  let trino: TrinoOnEks;
  beforeAll(() => ({ stack, trino } = build()));

  test('the chart\'s NetworkPolicy is on with no extra peer: Trino\'s pods accept only each other', () => {
    expect(trino.helmValues.networkPolicy).toEqual({ enabled: true });
  });

  test('no role needs a policy of its own', () => {
    expect(trino.networkPolicies).toBeUndefined();
    expect(networkPolicies(stack)).toEqual([]);
  });

  test('every emitted chart value is one the chart reads', () => {
    expect(leafPaths(trino.helmValues).filter((path) => !chartReads(path))).toEqual([]);
  });
});

describe('NetworkPolicies with a load balancer peer, KEDA installed here and metrics', () => {
  let stack: Stack;
  let trino: TrinoOnEks;
  beforeAll(() => ({ stack, trino } = build({
    workers: { maxCount: 4, autoscaling: {} },
    metrics: { exporterImage: EXPORTER_IMAGE },
    networkPolicy: { allowFrom: [{ cidr: '10.0.0.0/16' }] },
  })));

  test('the coordinator\'s HTTP port admits the KEDA operator in namespace keda and the CIDR; its exporter port the Prometheus pods', () => {
    const coordinator = policyFor(stack, 'coordinator');
    expect(coordinator.metadata).toMatchObject({ name: 'trino-coordinator', namespace: 'trino' });
    expect(coordinator.spec).toEqual({
      podSelector: { matchLabels: { ...CHART_POD_LABELS, 'app.kubernetes.io/component': 'coordinator' } },
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: [
            {
              podSelector: { matchLabels: { 'app.kubernetes.io/name': 'keda-operator' } },
              namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'keda' } },
            },
            { ipBlock: { cidr: '10.0.0.0/16' } },
          ],
          ports: [{ protocol: 'TCP', port: 8080 }],
        },
        {
          from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } }, namespaceSelector: { matchLabels: {} } }],
          ports: [{ protocol: 'TCP', port: 5556 }],
        },
      ],
    });
  });

  test('workers admit only the metrics scrapers, on the exporter port: never the load balancer or KEDA', () => {
    const worker = policyFor(stack, 'worker');
    expect(worker.metadata.name).toBe('trino-worker-metrics');
    expect(worker.spec.ingress).toEqual([{
      from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } }, namespaceSelector: { matchLabels: {} } }],
      ports: [{ protocol: 'TCP', port: 5556 }],
    }]);
    expect(JSON.stringify(worker)).not.toMatch(/10\.0\.0\.0|keda/);
  });

  test('the chart\'s own policy carries no peer (it would select the workers too)', () => {
    expect(trino.helmValues.networkPolicy).toEqual({ enabled: true });
  });

  test('the exporter listens on the port the policies open', () => {
    expect(trino.helmValues.jmx.exporter.port).toBe(5556);
  });

  test('the policies are applied after the namespace exists', () => {
    expect(trino.networkPolicies).toBeDefined();
    expect(trino.networkPolicies!.node.dependencies).toContain(trino.namespaceManifest);
  });

  test('every emitted chart value is one the chart reads', () => {
    expect(leafPaths(trino.helmValues).filter((path) => !chartReads(path))).toEqual([]);
  });

  qualityGateTests(() => ({ stack, scope: trino }), { kubernetesObjects: { withoutSchema: ['SecretProviderClass'] } });
});

describe('NetworkPolicies with a user-managed KEDA and chosen scrapers', () => {
  test('KEDA\'s operator is admitted from any namespace, and only the named scrapers reach the exporters', () => {
    const { stack } = build({
      workers: { maxCount: 4, autoscaling: { installKeda: false } },
      metrics: { exporterImage: EXPORTER_IMAGE },
      networkPolicy: { metricsScrapers: [{ namespaceLabels: { 'kubernetes.io/metadata.name': 'monitoring' } }] },
    });
    const coordinator = policyFor(stack, 'coordinator');
    expect(coordinator.spec.ingress[0].from).toEqual([
      { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'keda-operator' } }, namespaceSelector: { matchLabels: {} } },
    ]);
    expect(policyFor(stack, 'worker').spec.ingress[0].from).toEqual([
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } },
    ]);
  });
});

describe('NetworkPolicies turned off', () => {
  test('neither the chart\'s policy nor ours', () => {
    const { stack, trino } = build({ workers: { autoscaling: {}, maxCount: 2 }, networkPolicy: { enabled: false } });
    expect(trino.helmValues.networkPolicy).toBeUndefined();
    expect(trino.networkPolicies).toBeUndefined();
    expect(networkPolicies(stack)).toEqual([]);
  });
});

describe('a created cluster with a metastore', () => {
  let stack: Stack;
  let trino: TrinoOnEks;
  beforeAll(() => {
    stack = newStack();
    const lake = new s3.Bucket(stack, 'Lake');
    trino = new TrinoOnEks(stack, 'Trino', {
      cluster: TrinoCluster.create({ kubectlLayer: new KubectlV35Layer(stack, 'Kubectl') }),
      metastore: TrinoMetastore.create({ warehouse: WarehouseLocation.fromBucket(lake, 'warehouse') }),
    });
  });

  test('turns on the EKS Auto Mode network policy controller, applied over any existing ConfigMap', () => {
    expect(trino.networkPolicyEnforcement).toBe(stack.node.findChild('Trino').node.findChild('NetworkPolicyController'));
    const manifest = trino.networkPolicyEnforcement!.node.defaultChild as any;
    expect(stack.resolve(manifest._cfnProperties).Overwrite).toBe(true);
    const configMap = kubernetesObjects(stack).find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'amazon-vpc-cni');
    expect(configMap).toMatchObject({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'amazon-vpc-cni', namespace: 'kube-system' },
      data: { 'enable-network-policy-controller': 'true' },
    });
  });

  test('the metastore admits exactly the chart\'s Trino pods of this release, on the Thrift port', () => {
    const policy = networkPolicies(stack).find((p) => p.metadata.namespace === 'hive-metastore' && p.metadata.name === 'hive-metastore');
    expect(policy.spec.ingress).toEqual([{
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'trino' } }, podSelector: { matchLabels: CHART_POD_LABELS } }],
      ports: [{ protocol: 'TCP', port: 9083 }],
    }]);
  });

  qualityGateTests(() => ({ stack, scope: trino }), { kubernetesObjects: { withoutSchema: ['SecretProviderClass'] } });
});

describe('NetworkPolicy bad input', () => {
  const cases: Array<[string, Partial<TrinoOnEksProps>, RegExp]> = [
    ['a client CIDR that is no range', { networkPolicy: { allowFrom: [{ cidr: '10.0.0.1' }] } },
      /TrinoOnEks: networkPolicy.allowFrom\[0\].cidr \("10.0.0.1"\) must be an address range such as "10.0.0.0\/16"/],
    ['a client with a CIDR and labels', { networkPolicy: { allowFrom: [{ cidr: '10.0.0.0/8', podLabels: { app: 'bi' } }] } },
      /TrinoOnEks: networkPolicy.allowFrom\[0\].cidr \("10.0.0.0\/8"\) cannot be combined with podLabels or namespaceLabels/],
    ['an empty client', { networkPolicy: { allowFrom: [{}] } },
      /TrinoOnEks: networkPolicy.allowFrom\[0\] \(not set\) must set cidr, podLabels or namespaceLabels/],
    ['a client label that is no label', { networkPolicy: { allowFrom: [{ podLabels: { 'bad key!': 'x' } }] } },
      /TrinoOnEks: networkPolicy.allowFrom\[0\] \("bad key!"\) must be a label key/],
    ['clients with the policies off', { networkPolicy: { enabled: false, allowFrom: [{ cidr: '10.0.0.0/16' }] } },
      /TrinoOnEks: networkPolicy.allowFrom \("set"\) has no effect with networkPolicy.enabled false/],
    ['scrapers without metrics', { networkPolicy: { metricsScrapers: [{ namespaceLabels: {} }] } },
      /TrinoOnEks: networkPolicy.metricsScrapers \("set"\) applies only with metrics on/],
    ['no scraper with metrics on', { metrics: { exporterImage: EXPORTER_IMAGE }, networkPolicy: { metricsScrapers: [] } },
      /TrinoOnEks: networkPolicy.metricsScrapers \(\[\]\) must name at least one peer while metrics are on/],
    ['helmValues adding a peer to the chart\'s policy', { helmValues: { networkPolicy: { ingress: [{ from: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }] } } },
      /TrinoOnEks: helmValues.networkPolicy .*is owned by the library \(a peer given to the chart's NetworkPolicy reaches the workers too/],
  ];

  test.each(cases)('%s', (_name, props, message) => {
    expect(() => build(props)).toThrow(message);
  });

  test('bad input creates nothing', () => {
    const stack = newStack();
    expect(() => new TrinoOnEks(stack, 'Trino', {
      cluster: TrinoCluster.existing(importedCluster(stack)), catalogs: [Catalog.tpch()], networkPolicy: { allowFrom: [{}] },
    })).toThrow();
    expect(stack.node.tryFindChild('Trino')).toBeUndefined();
  });
});

describe('cdk-nag, NetworkPolicies with every peer on an imported cluster', () => {
  let stack: Stack;
  let trino: TrinoOnEks;
  beforeAll(() => ({ stack, trino } = build({
    workers: { maxCount: 4, autoscaling: {} },
    metrics: { exporterImage: EXPORTER_IMAGE },
    networkPolicy: { allowFrom: [{ cidr: '10.0.0.0/16' }, { podLabels: { app: 'superset' }, namespaceLabels: { team: 'bi' } }] },
  })));

  qualityGateTests(() => ({ stack, scope: trino }), { kubernetesObjects: { withoutSchema: ['SecretProviderClass'] } });
});
