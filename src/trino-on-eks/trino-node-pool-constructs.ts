import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { Construct } from 'constructs';
import * as names from './release-names';
import { TrinoOnEksModel } from './trino-on-eks-model';
import { KarpenterController } from '../karpenter/karpenter-controller';
import { KarpenterNodePool } from '../karpenter/karpenter-node-pool';
import { InstanceStorePolicy, NodeClass } from '../karpenter/node-class';
import { TrinoNodePools } from '../karpenter/trino-node-pools';

/**
 * The coordinator's and the workers' node pools. The worker pool may not force-drain a node before a worker's shutdown
 * budget is over. With self-managed Karpenter each pool gets an EC2NodeClass served by the controller (the workers'
 * stripes their instance store into the disk the cache and spill use); else Auto Mode's default NodeClass.
 */
export function trinoNodePools(scope: Construct, cluster: eks.ICluster, model: TrinoOnEksModel, karpenter: KarpenterController | undefined,
  amiAlias: string | undefined): { coordinator: KarpenterNodePool; workers: KarpenterNodePool } {
  const nodeClass = (instanceStorePolicy?: InstanceStorePolicy) => karpenter
    ? { controller: karpenter, nodeClass: NodeClass.ec2NodeClass({ amiAlias, instanceStorePolicy }) } : {};
  const workers = model.workers;
  return {
    coordinator: new KarpenterNodePool(scope, 'CoordinatorNodePool', TrinoNodePools.coordinator({
      cluster, instanceSize: model.coordinatorInstanceSize, name: names.COORDINATOR_POOL, ...nodeClass(),
    })),
    workers: new KarpenterNodePool(scope, 'WorkerNodePool', TrinoNodePools.workers({
      cluster,
      instanceSize: workers.instanceSize,
      maxWorkers: workers.maxCount,
      name: names.WORKER_POOL,
      spot: workers.spot,
      allowGraviton: workers.graviton,
      instanceStore: workers.instanceStore,
      terminationGracePeriod: model.configuration.gracefulShutdown!.terminationGracePeriod,
      ...nodeClass(workers.instanceStore ? InstanceStorePolicy.RAID0 : undefined),
    })),
  };
}
