import { KubectlV35Layer } from '@aws-cdk/lambda-layer-kubectl-v35';
import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { KarpenterController, PodIdentityAgent } from '../../src';
import { WarehouseLocation } from '../../src/metastore';
import { Catalog } from '../../src/trino';
import { TrinoCluster } from '../../src/trino-on-eks/trino-cluster-choice';
import { TrinoClusterCompute } from '../../src/trino-on-eks/trino-cluster-compute';
import { TrinoMetastore } from '../../src/trino-on-eks/trino-metastore-choice';
import { TrinoOnEks } from '../../src/trino-on-eks/trino-on-eks';
import { newStack } from '../fixtures/clusters';
import { importedClusterWithVpc } from '../karpenter/fixtures';
import { withExampleIds } from '../karpenter/helpers';
import { kubernetesObjects } from '../quality-gate/manifests';
import { qualityGateTests } from '../quality-gate/quality-gate';

const HELM = 'Custom::AWSCDK-EKS-HelmChart';
const EC2_NODE_CLASS_REF = { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass' };

function nodePools(stack: Stack): any[] {
  return kubernetesObjects(stack).filter((o) => o.kind === 'NodePool');
}

describe('a created cluster with self-managed Karpenter', () => {
  let stack: Stack;
  let trino: TrinoOnEks;
  let template: Template;
  beforeAll(() => {
    stack = newStack();
    const lake = new s3.Bucket(stack, 'Lake', { enforceSSL: true, versioned: true, serverAccessLogsPrefix: 'logs/' });
    trino = new TrinoOnEks(stack, 'Trino', {
      cluster: TrinoCluster.create({
        kubectlLayer: new KubectlV35Layer(stack, 'Kubectl'),
        compute: TrinoClusterCompute.selfManagedKarpenter({ amiAlias: 'al2023@v20251117' }),
      }),
      metastore: TrinoMetastore.create({ warehouse: WarehouseLocation.fromBucket(lake, 'warehouse') }),
    });
    template = Template.fromStack(stack);
  });

  test('the cluster runs without Auto Mode, with a managed node group of two m7i.large for the system pods', () => {
    const clusters = Object.values(template.findResources('AWS::EKS::Cluster')) as any[];
    expect(clusters).toHaveLength(1);
    expect(clusters[0].Properties.ComputeConfig?.Enabled ?? false).toBe(false);
    template.hasResourceProperties('AWS::EKS::Nodegroup', {
      InstanceTypes: ['m7i.large'],
      ScalingConfig: Match.objectLike({ DesiredSize: 2, MinSize: 2 }),
    });
  });

  test('Karpenter is installed and serves both Trino pools', () => {
    expect(trino.karpenter).toBeInstanceOf(KarpenterController);
    template.hasResourceProperties(HELM, { Chart: 'karpenter', Version: KarpenterController.DEFAULT_VERSION });
    expect(trino.coordinatorNodePool.node.dependencies).toContain(trino.karpenter);
    expect(trino.workerNodePool.node.dependencies).toContain(trino.karpenter);
  });

  test('both pools launch from an EC2NodeClass of their own, with the pinned AMI', () => {
    const pools = nodePools(stack);
    expect(pools.map((p) => p.metadata.name).sort()).toEqual(['trino-coordinator', 'trino-workers']);
    for (const pool of pools) {
      expect(pool.spec.template.spec.nodeClassRef).toEqual({ ...EC2_NODE_CLASS_REF, name: pool.metadata.name });
    }
    const classes = kubernetesObjects(stack).filter((o) => o.kind === 'EC2NodeClass');
    expect(classes.map((c) => c.metadata.name).sort()).toEqual(['trino-coordinator', 'trino-workers']);
    expect(classes.map((c) => c.spec.amiSelectorTerms)).toEqual([[{ alias: 'al2023@v20251117' }], [{ alias: 'al2023@v20251117' }]]);
  });

  test('NetworkPolicies are enforced by the VPC CNI add-on, taking over the bootstrapped one; no Auto Mode ConfigMap', () => {
    template.hasResourceProperties('AWS::EKS::Addon', {
      AddonName: 'vpc-cni',
      ResolveConflicts: 'OVERWRITE',
      ConfigurationValues: JSON.stringify({ enableNetworkPolicy: 'true' }),
    });
    expect(kubernetesObjects(stack).some((o) => o.kind === 'ConfigMap' && o.metadata.name === 'amazon-vpc-cni')).toBe(false);
    expect(trino.networkPolicyEnforcement).toBeInstanceOf(eks.Addon);
  });

  qualityGateTests(() => ({ stack, scope: trino }), {
    kubernetesObjects: { withoutSchema: ['SecretProviderClass'], prepare: withExampleIds },
  });
});

describe('self-managed Karpenter options', () => {
  test('Graviton instance-store workers: the workers\' EC2NodeClass stripes the instance store (RAID0), the coordinator\'s does not', () => {
    const stack = newStack();
    new TrinoOnEks(stack, 'Trino', {
      cluster: TrinoCluster.create({ kubectlLayer: new KubectlV35Layer(stack, 'Kubectl'), compute: TrinoClusterCompute.selfManagedKarpenter() }),
      catalogs: [Catalog.tpch()],
      workers: { graviton: true },
    });
    const classes = kubernetesObjects(stack).filter((o) => o.kind === 'EC2NodeClass');
    const byName = Object.fromEntries(classes.map((c) => [c.metadata.name, c.spec]));
    expect(byName['trino-workers'].instanceStorePolicy).toBe('RAID0');
    expect(byName['trino-coordinator'].instanceStorePolicy).toBeUndefined();
  });

  test('the system node group\'s size and instance type, and the Karpenter version, are the caller\'s', () => {
    const stack = newStack();
    new TrinoOnEks(stack, 'Trino', {
      cluster: TrinoCluster.create({
        kubectlLayer: new KubectlV35Layer(stack, 'Kubectl'),
        compute: TrinoClusterCompute.selfManagedKarpenter({
          systemNodes: 3, systemNodeInstanceType: new ec2.InstanceType('m7g.large'), version: '1.13.0',
        }),
      }),
      catalogs: [Catalog.tpch()],
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::EKS::Nodegroup', { InstanceTypes: ['m7g.large'], ScalingConfig: Match.objectLike({ DesiredSize: 3 }) });
    template.hasResourceProperties(HELM, { Chart: 'karpenter', Version: '1.13.0' });
  });

  test('Auto Mode is the default: no node group, no controller, the default NodeClass', () => {
    const stack = newStack();
    const trino = new TrinoOnEks(stack, 'Trino', {
      cluster: TrinoCluster.create({ kubectlLayer: new KubectlV35Layer(stack, 'Kubectl'), compute: TrinoClusterCompute.autoMode() }),
      catalogs: [Catalog.tpch()],
    });
    expect(trino.karpenter).toBeUndefined();
    expect(Object.keys(Template.fromStack(stack).findResources('AWS::EKS::Nodegroup'))).toEqual([]);
    expect(nodePools(stack).map((p) => p.spec.template.spec.nodeClassRef))
      .toEqual([{ group: 'eks.amazonaws.com', kind: 'NodeClass', name: 'default' }, { group: 'eks.amazonaws.com', kind: 'NodeClass', name: 'default' }]);
  });
});

describe('an imported cluster with its own self-managed Karpenter', () => {
  test('the Trino pools get EC2NodeClasses served by the given controller', () => {
    const stack = newStack();
    const { cluster } = importedClusterWithVpc(stack);
    const karpenter = new KarpenterController(stack, 'Karpenter', { cluster, podIdentityAgent: PodIdentityAgent.EXISTING });
    const trino = new TrinoOnEks(stack, 'Trino', { cluster: TrinoCluster.existing(cluster, { karpenter }), catalogs: [Catalog.tpch()] });
    expect(trino.karpenter).toBe(karpenter);
    for (const pool of nodePools(stack)) {
      expect(pool.spec.template.spec.nodeClassRef).toEqual({ ...EC2_NODE_CLASS_REF, name: pool.metadata.name });
    }
    expect(trino.workerNodePool.node.dependencies).toContain(karpenter);
  });

  test('the controller goes with the existing cluster it serves: TrinoCluster.existing carries it, TrinoCluster.create has none', () => {
    const stack = newStack();
    const { cluster } = importedClusterWithVpc(stack);
    const karpenter = new KarpenterController(stack, 'Karpenter', { cluster, podIdentityAgent: PodIdentityAgent.EXISTING });
    const existing = TrinoCluster.existing(cluster, { karpenter });
    expect(existing.existingCluster).toBe(cluster);
    expect(existing.karpenter).toBe(karpenter);
    expect(existing.createOptions).toBeUndefined();
    const created = TrinoCluster.create({ kubectlLayer: new KubectlV35Layer(stack, 'Kubectl') });
    expect(created.karpenter).toBeUndefined();
    expect(created.existingCluster).toBeUndefined();
  });

  test('without karpenter the existing cluster is taken to run Auto Mode: no controller, the default NodeClass', () => {
    const stack = newStack();
    const { cluster } = importedClusterWithVpc(stack);
    const trino = new TrinoOnEks(stack, 'Trino', { cluster: TrinoCluster.existing(cluster), catalogs: [Catalog.tpch()] });
    expect(trino.karpenter).toBeUndefined();
    expect(kubernetesObjects(stack).some((o) => o.kind === 'EC2NodeClass')).toBe(false);
    expect(nodePools(stack).map((p) => p.spec.template.spec.nodeClassRef))
      .toEqual([{ group: 'eks.amazonaws.com', kind: 'NodeClass', name: 'default' }, { group: 'eks.amazonaws.com', kind: 'NodeClass', name: 'default' }]);
  });
});

describe('self-managed Karpenter bad input', () => {
  test.each([
    ['no system node', () => TrinoClusterCompute.selfManagedKarpenter({ systemNodes: 0 }),
      /TrinoClusterCompute: selfManagedKarpenter.systemNodes \(0\) must be a whole number of at least 1/],
    ['a Karpenter version that is no 1.x release', () => TrinoClusterCompute.selfManagedKarpenter({ version: '0.37.0' }),
      /TrinoClusterCompute: selfManagedKarpenter.version \("0.37.0"\) must be a Karpenter 1.x chart version/],
    ['an AMI alias of another family', () => TrinoClusterCompute.selfManagedKarpenter({ amiAlias: 'ubuntu@latest' }),
      /TrinoClusterCompute: selfManagedKarpenter.amiAlias \("ubuntu@latest"\) must be al2023@<version> or bottlerocket@<version>/],
  ])('%s', (_name, build, message) => {
    expect(build).toThrow(message);
  });

  test('karpenter serving another cluster', () => {
    const stack = newStack();
    const { cluster } = importedClusterWithVpc(stack);
    const karpenter = new KarpenterController(stack, 'Karpenter', { cluster, podIdentityAgent: PodIdentityAgent.EXISTING });
    const reporting = eks.Cluster.fromClusterAttributes(stack, 'Reporting', { clusterName: 'reporting' });
    expect(() => new TrinoOnEks(stack, 'Trino', { cluster: TrinoCluster.existing(reporting, { karpenter }), catalogs: [Catalog.tpch()] }))
      .toThrow(/TrinoOnEks: cluster.karpenter \("analytics"\) must serve the cluster Trino runs in \(reporting\)/);
    expect(stack.node.tryFindChild('Trino')).toBeUndefined();
  });
});
