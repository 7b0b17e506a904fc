import { CfnOutput } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { Construct, IDependable } from 'constructs';
import { LoadBalancerTarget, ResolvedLoadBalancer, loadBalancerObjects } from './trino-endpoint';

/**
 * The load balancer endpoint: EKS Auto Mode creates the Application Load Balancer from the Ingress once the coordinator
 * Service exists (`after`: the chart); its DNS name is read back from the Ingress's status into output `EndpointUrl`.
 */
export function addLoadBalancerEndpoint(scope: Construct, cluster: eks.ICluster, loadBalancer: ResolvedLoadBalancer,
  target: LoadBalancerTarget, after: IDependable): { manifest: eks.KubernetesManifest; url: string } {
  const manifest = new eks.KubernetesManifest(scope, 'Endpoint', { cluster, manifest: loadBalancerObjects(loadBalancer, target) });
  manifest.node.addDependency(after);
  const address = new eks.KubernetesObjectValue(scope, 'EndpointAddress', {
    cluster,
    objectType: 'ingress',
    objectName: target.serviceName,
    objectNamespace: target.namespace,
    jsonPath: '.status.loadBalancer.ingress[0].hostname',
  });
  address.node.addDependency(manifest);
  const url = `https://${address.value}`;
  new CfnOutput(scope, 'EndpointUrl', {
    description: `Trino's HTTPS endpoint (${loadBalancer.internetFacing ? 'internet-facing' : 'internal'} load balancer; point a DNS name of the certificate at it)`,
    value: url,
  });
  return { manifest, url };
}
