import { IResolvable } from 'aws-cdk-lib';
import { CfnCluster } from 'aws-cdk-lib/aws-eks';
import { Cluster, ICluster } from 'aws-cdk-lib/aws-eks-v2';

/** What this app can know about how a cluster runs Karpenter. */
export interface ClusterRuntime {
  /** The cluster was created in this app (its settings are visible). */
  readonly created: boolean;
  /** EKS Auto Mode is on; undefined for an imported cluster. */
  readonly autoMode?: boolean;
  /** Auto Mode's built-in node pools (and with them the `default` NodeClass) exist. */
  readonly builtInNodePools?: boolean;
  /** ARN of the Auto Mode node role, when EKS manages it for the built-in NodeClass. */
  readonly autoModeNodeRoleArn?: string;
}

/** Reads the Auto Mode settings of a created cluster from its CloudFormation resource. */
export function clusterRuntime(cluster: ICluster): ClusterRuntime {
  if (!(cluster instanceof Cluster)) return { created: false };
  const resource = cluster.node.defaultChild as CfnCluster;
  const compute = resource.computeConfig as CfnCluster.ComputeConfigProperty | IResolvable | undefined;
  const config = compute !== undefined && !('resolve' in compute) ? compute : undefined;
  const autoMode = config?.enabled === true;
  const nodePools = Array.isArray(config?.nodePools) ? config?.nodePools : [];
  return {
    created: true,
    autoMode,
    builtInNodePools: autoMode && nodePools.length > 0,
    autoModeNodeRoleArn: autoMode ? config?.nodeRoleArn : undefined,
  };
}
