import { CfnOutput, Duration, Stack, Token } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct, IDependable } from 'constructs';
import { albHostedZoneId } from './load-balancer-hosted-zones';
import { LoadBalancerTarget, ResolvedLoadBalancer, loadBalancerObjects } from './trino-endpoint';

/** What the load balancer endpoint created. */
export interface LoadBalancerEndpoint {
  readonly manifest: eks.KubernetesManifest;
  /** The certificate the load balancer serves: the one given, or the one issued for the domain name. */
  readonly certificate: acm.ICertificate;
  /** The domain name's record, when a hosted zone was given. */
  readonly record?: route53.RecordSet;
  /** `https://<domain name>`, or `https://<the load balancer's DNS name>` without one. */
  readonly url: string;
}

/**
 * The load balancer endpoint: the certificate (issued for the domain name and validated through DNS in the hosted
 * zone, unless one is given), the Ingress EKS Auto Mode creates the Application Load Balancer from once the
 * coordinator Service exists (`after`: the chart), the load balancer's DNS name read back from the Ingress's status,
 * and with a hosted zone the domain name's record pointing at it. Output `EndpointUrl` names the domain name when
 * there is one.
 */
export function addLoadBalancerEndpoint(scope: Construct, cluster: eks.ICluster, loadBalancer: ResolvedLoadBalancer,
  target: LoadBalancerTarget, after: IDependable): LoadBalancerEndpoint {
  const { domainName, hostedZone } = loadBalancer;
  const certificate = loadBalancer.certificate ?? new acm.Certificate(scope, 'EndpointCertificate', {
    domainName: domainName!,
    validation: acm.CertificateValidation.fromDns(hostedZone),
  });
  const manifest = new eks.KubernetesManifest(scope, 'Endpoint', {
    cluster, manifest: loadBalancerObjects(loadBalancer, certificate.certificateArn, target),
  });
  manifest.node.addDependency(after);
  const address = new eks.KubernetesObjectValue(scope, 'EndpointAddress', {
    cluster,
    objectType: 'ingress',
    objectName: target.serviceName,
    objectNamespace: target.namespace,
    jsonPath: '.status.loadBalancer.ingress[0].hostname',
  });
  address.node.addDependency(manifest);
  const record = domainName && hostedZone ? domainRecord(scope, hostedZone, domainName, address.value) : undefined;
  const scheme = loadBalancer.internetFacing ? 'internet-facing' : 'internal';
  const url = `https://${domainName ?? address.value}`;
  new CfnOutput(scope, 'EndpointUrl', {
    description: domainName
      ? `Trino's HTTPS endpoint (${scheme} load balancer${hostedZone ? '' : '; point this DNS name at EndpointLoadBalancer'})`
      : `Trino's HTTPS endpoint (${scheme} load balancer; point a DNS name of the certificate at it)`,
    value: url,
  });
  if (domainName) {
    new CfnOutput(scope, 'EndpointLoadBalancer', { description: 'DNS name of the endpoint\'s load balancer', value: address.value });
  }
  return { manifest, certificate, record, url };
}

/**
 * The domain name's record in the hosted zone. An alias A record to the load balancer where the region's load balancer
 * zone is known at synth (no charge for queries, allowed at the zone apex, answered with the load balancer's current
 * addresses); elsewhere a CNAME to its DNS name (60 s, the load balancer's own TTL), which works in every region but
 * not at the zone apex. The name ends with a dot so the zone's name is not needed (an imported zone may not have one).
 */
function domainRecord(scope: Construct, zone: route53.IHostedZone, domainName: string, loadBalancerName: string): route53.RecordSet {
  const region = Stack.of(scope).region;
  const aliasZone = Token.isUnresolved(region) ? undefined : albHostedZoneId(region);
  const recordName = `${domainName}.`;
  if (aliasZone) {
    return new route53.ARecord(scope, 'EndpointRecord', {
      zone,
      recordName,
      target: route53.RecordTarget.fromAlias({ bind: () => ({ dnsName: loadBalancerName, hostedZoneId: aliasZone }) }),
      comment: 'Trino endpoint: alias to the load balancer EKS Auto Mode created from the Ingress',
    });
  }
  return new route53.CnameRecord(scope, 'EndpointRecord', {
    zone,
    recordName,
    domainName: loadBalancerName,
    ttl: Duration.minutes(1),
    comment: 'Trino endpoint: the load balancer EKS Auto Mode created from the Ingress',
  });
}
