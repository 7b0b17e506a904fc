import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { propError } from '../private/validation';

/** The Application Load Balancer in front of the coordinator. */
export interface LoadBalancerEndpointOptions {
  /** The TLS certificate the load balancer serves (AWS Certificate Manager, in the cluster's region). */
  readonly certificate: acm.ICertificate;

  /**
   * Put the load balancer in the public subnets with a public address. Then `allowFrom` is required.
   *
   * @default false (internal: private subnets, reachable from the VPC and the networks connected to it)
   */
  readonly internetFacing?: boolean;

  /**
   * The IPv4 address ranges allowed to connect (`ec2.Peer.ipv4(...)`, `ec2.Peer.anyIpv4()`).
   *
   * @default - internal: any address that can route to the VPC; internet-facing: required
   */
  readonly allowFrom?: ec2.IPeer[];

  /**
   * The listener's TLS security policy.
   *
   * @default 'ELBSecurityPolicy-TLS13-1-2-2021-06' (TLS 1.3 and 1.2 with forward secrecy)
   */
  readonly sslPolicy?: string;
}

/** How clients reach the coordinator from outside the cluster. */
export class TrinoEndpoint {
  /** The TLS policy of the load balancer unless one is given. */
  public static readonly DEFAULT_SSL_POLICY = 'ELBSecurityPolicy-TLS13-1-2-2021-06';

  /** No endpoint: clients inside the cluster, or `kubectl port-forward svc/trino 8080`. */
  public static none(): TrinoEndpoint {
    return new TrinoEndpoint(undefined);
  }

  /**
   * An Application Load Balancer created by EKS Auto Mode from an Ingress: HTTPS on port 443 only (no HTTP
   * listener), TLS terminated with `certificate`, plain HTTP to the coordinator's pod inside the VPC.
   */
  public static loadBalancer(options: LoadBalancerEndpointOptions): TrinoEndpoint {
    return new TrinoEndpoint(options);
  }

  /** The load balancer, when there is one. */
  public readonly loadBalancerOptions?: LoadBalancerEndpointOptions;

  private constructor(loadBalancerOptions: LoadBalancerEndpointOptions | undefined) {
    this.loadBalancerOptions = loadBalancerOptions;
  }
}

/** A validated load balancer endpoint. */
export interface ResolvedLoadBalancer {
  readonly certificateArn: string;
  readonly internetFacing: boolean;
  readonly inboundCidrs: string[];
  readonly sslPolicy: string;
}

/**
 * The ELB security policies whose lowest protocol is TLS 1.2 or 1.3 (an allow-list: names such as
 * `TLS13-1-0-2021-06` or `2017-01` still accept TLS 1.0/1.1, which Trino's own TLS refuses, security/tls.html).
 */
const TLS12_POLICY = /^ELBSecurityPolicy-(TLS13-1-[23]-|TLS-1-2-|FS-1-2-)[A-Za-z0-9-]+$/;

/** Validates the endpoint (before any resource exists). */
export function resolveLoadBalancer(construct: string, prop: string, options: LoadBalancerEndpointOptions): ResolvedLoadBalancer {
  if (!options.certificate) {
    throw propError(construct, `${prop}.certificate`, undefined,
      'is required for a load balancer: it terminates TLS (pass an acm.ICertificate, e.g. acm.Certificate.fromCertificateArn(...)); ' +
      'or use TrinoEndpoint.none()');
  }
  const internetFacing = options.internetFacing ?? false;
  const inboundCidrs = (options.allowFrom ?? []).map((peer, i) => {
    const cidr = peer.toIngressRuleConfig().cidrIp;
    if (typeof cidr !== 'string') {
      throw propError(construct, `${prop}.allowFrom[${i}]`, peer.uniqueId,
        'must be an IPv4 address range (ec2.Peer.ipv4(...)): the load balancer is IPv4 and filters by address, not by security group or prefix list');
    }
    return cidr;
  });
  if (internetFacing && options.allowFrom === undefined) {
    throw propError(construct, `${prop}.allowFrom`, undefined,
      'is required when internetFacing is true: name who may connect (ec2.Peer.ipv4(\'203.0.113.0/24\'), or ec2.Peer.anyIpv4() for the whole internet)');
  }
  if (options.allowFrom !== undefined && inboundCidrs.length === 0) {
    throw propError(construct, `${prop}.allowFrom`, [], 'must name at least one address range; leave it out for the default');
  }
  const sslPolicy = options.sslPolicy ?? TrinoEndpoint.DEFAULT_SSL_POLICY;
  if (!TLS12_POLICY.test(sslPolicy)) {
    throw propError(construct, `${prop}.sslPolicy`, sslPolicy,
      `must be an ELB security policy without TLS 1.0/1.1, e.g. "${TrinoEndpoint.DEFAULT_SSL_POLICY}" or "ELBSecurityPolicy-TLS13-1-3-2021-06"`);
  }
  return { certificateArn: options.certificate.certificateArn, internetFacing, inboundCidrs, sslPolicy };
}

/** Where the load balancer sends requests. */
export interface LoadBalancerTarget {
  /** Trino's namespace. */
  readonly namespace: string;
  /** The coordinator Service (the chart's fullname). */
  readonly serviceName: string;
  /** Its HTTP port. */
  readonly port: number;
}

/**
 * The objects EKS Auto Mode builds an Application Load Balancer from (docs: auto-configure-alb): an
 * IngressClassParams (eks.amazonaws.com/v1) with the scheme, limited to Trino's namespace; an IngressClass whose
 * controller is `eks.amazonaws.com/alb`; and the Ingress: HTTPS 443 only with the certificate and TLS policy,
 * targets the coordinator pods by IP over HTTP, health check `GET /v1/info` (public in Trino, answers 200 with
 * authentication on), invalid header fields dropped. The load balancer adds `X-Forwarded-Proto: https`, which the
 * coordinator trusts (`http-server.process-forwarded`).
 */
export function loadBalancerObjects(endpoint: ResolvedLoadBalancer, target: LoadBalancerTarget): Record<string, any>[] {
  const className = `${target.namespace}-trino-alb`;
  const scheme = endpoint.internetFacing ? 'internet-facing' : 'internal';
  const labels = { 'app.kubernetes.io/managed-by': 'cdk-trino-on-eks', 'app.kubernetes.io/part-of': 'trino' };
  const annotations: Record<string, string> = {
    'alb.ingress.kubernetes.io/scheme': scheme,
    'alb.ingress.kubernetes.io/target-type': 'ip',
    'alb.ingress.kubernetes.io/listen-ports': JSON.stringify([{ HTTPS: 443 }]),
    'alb.ingress.kubernetes.io/certificate-arn': endpoint.certificateArn,
    'alb.ingress.kubernetes.io/ssl-policy': endpoint.sslPolicy,
    'alb.ingress.kubernetes.io/backend-protocol': 'HTTP',
    'alb.ingress.kubernetes.io/healthcheck-path': '/v1/info',
    'alb.ingress.kubernetes.io/success-codes': '200',
    'alb.ingress.kubernetes.io/load-balancer-attributes': 'routing.http.drop_invalid_header_fields.enabled=true',
  };
  if (endpoint.inboundCidrs.length > 0) {
    annotations['alb.ingress.kubernetes.io/inbound-cidrs'] = endpoint.inboundCidrs.join(',');
  }
  return [
    {
      apiVersion: 'eks.amazonaws.com/v1',
      kind: 'IngressClassParams',
      metadata: { name: className, labels },
      spec: {
        scheme,
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': target.namespace } },
      },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'IngressClass',
      metadata: { name: className, labels },
      spec: {
        controller: 'eks.amazonaws.com/alb',
        parameters: { apiGroup: 'eks.amazonaws.com', kind: 'IngressClassParams', name: className },
      },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: target.serviceName, namespace: target.namespace, labels, annotations },
      spec: {
        ingressClassName: className,
        rules: [{
          http: {
            paths: [{
              path: '/',
              pathType: 'Prefix',
              backend: { service: { name: target.serviceName, port: { number: target.port } } },
            }],
          },
        }],
      },
    },
  ];
}
