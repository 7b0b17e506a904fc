import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { certificateNames, covers, isHostName, isInZone, knownZoneName } from './endpoint-domain-name';
import { albHostedZoneId } from './load-balancer-hosted-zones';
import { isUnresolved, propError } from '../private/validation';

/** The Application Load Balancer in front of the coordinator. */
export interface LoadBalancerEndpointOptions {
  /**
   * The DNS name clients connect to (e.g. `trino.example.com`): the output `EndpointUrl` is `https://<domainName>`,
   * and with OAuth 2.0 the redirect URI to register is `https://<domainName>/oauth2/callback` (output
   * `OAuth2RedirectUri`). With `hostedZone` and no `certificate`, a DNS-validated ACM certificate is issued for it;
   * with `hostedZone`, its record pointing at the load balancer is created (an alias A record, or a CNAME in a
   * region whose load balancer zone the library does not list). With `certificate`, the certificate must cover it.
   *
   * @default - none: the load balancer's own DNS name, which `certificate` does not cover; point a name of the
   * certificate at it yourself
   */
  readonly domainName?: string;

  /**
   * The Route 53 hosted zone `domainName` is in (public, when the certificate is issued here: ACM validates through
   * public DNS). The certificate's validation record and the endpoint's record are created in it. Requires
   * `domainName`.
   *
   * @default - none: bring `certificate`, and create the DNS record yourself
   */
  readonly hostedZone?: route53.IHostedZone;

  /**
   * The TLS certificate the load balancer serves (AWS Certificate Manager, in the cluster's region). It must cover
   * `domainName` when both are given.
   *
   * @default - with `domainName` and `hostedZone`: a new ACM certificate for `domainName`, validated through DNS in
   * `hostedZone` (renewed by ACM); otherwise required
   */
  readonly certificate?: acm.ICertificate;

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
   * listener), TLS terminated with `certificate` (or one issued for `domainName` in `hostedZone`), plain HTTP to the
   * coordinator's pod inside the VPC. With `domainName` and `hostedZone`, the name's DNS record is created too.
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
  /** The certificate given; none when the builder issues one for `domainName`, validated in `hostedZone`. */
  readonly certificate?: acm.ICertificate;
  /** The name clients use; with `hostedZone`, the builder creates its record. */
  readonly domainName?: string;
  readonly hostedZone?: route53.IHostedZone;
  readonly internetFacing: boolean;
  readonly inboundCidrs: string[];
  readonly sslPolicy: string;
}

/**
 * The ELB security policies whose lowest protocol is TLS 1.2 or 1.3 (an allow-list: names such as
 * `TLS13-1-0-2021-06` or `2017-01` still accept TLS 1.0/1.1, which Trino's own TLS refuses, security/tls.html).
 */
const TLS12_POLICY = /^ELBSecurityPolicy-(TLS13-1-[23]-|TLS-1-2-|FS-1-2-)[A-Za-z0-9-]+$/;

/** Validates the endpoint (before any resource exists) in the stack's `region` (a token when environment-agnostic). */
export function resolveLoadBalancer(construct: string, prop: string, options: LoadBalancerEndpointOptions, region: string): ResolvedLoadBalancer {
  resolveDomainName(construct, prop, options, region);
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
  return {
    certificate: options.certificate, domainName: options.domainName, hostedZone: options.hostedZone, internetFacing, inboundCidrs, sslPolicy,
  };
}

/**
 * Checks the certificate, the name and the hosted zone together: a certificate, or a name and its zone to issue one
 * in; a host name; in the zone; covered by the certificate. What is a token at synth is checked by ACM and Route 53.
 */
function resolveDomainName(construct: string, prop: string, options: LoadBalancerEndpointOptions, region: string): void {
  const { certificate, domainName, hostedZone } = options;
  if (hostedZone && domainName === undefined) {
    throw propError(construct, `${prop}.domainName`, undefined,
      'is required with hostedZone: name the DNS name clients use (e.g. "trino.example.com"), whose certificate and record go into the zone');
  }
  if (!certificate && (domainName === undefined || !hostedZone)) {
    const missing = domainName === undefined ? 'certificate' : 'hostedZone';
    throw propError(construct, `${prop}.${missing}`, undefined,
      'is required for a load balancer, which terminates TLS: give domainName and hostedZone (a DNS-validated ACM certificate is issued ' +
      'and the record created), or an existing certificate (acm.Certificate.fromCertificateArn(...)); or use TrinoEndpoint.none()');
  }
  if (domainName === undefined || isUnresolved(domainName)) return;
  if (!isHostName(domainName)) {
    throw propError(construct, `${prop}.domainName`, domainName,
      'must be a DNS host name: dot-separated labels of letters, digits and inner hyphens, without a trailing dot or wildcard, e.g. "trino.example.com"');
  }
  const zoneName = hostedZone ? knownZoneName(hostedZone) : undefined;
  if (zoneName !== undefined && !isInZone(domainName, zoneName)) {
    throw propError(construct, `${prop}.domainName`, domainName,
      `must be in hostedZone's zone "${zoneName}" (that name or one under it), where its record is created; pass the zone the name belongs to`);
  }
  if (zoneName !== undefined && isInZone(zoneName, domainName) && (isUnresolved(region) || !albHostedZoneId(region))) {
    throw propError(construct, `${prop}.domainName`, domainName,
      `must be a name under the zone, not its apex, in ${isUnresolved(region) ? 'a stack without a region' : `region ${region}`}: the record there is a ` +
      'CNAME (the load balancers\' Route 53 zone is not known to the library for it), which DNS does not allow at the apex; use e.g. "trino.' + domainName + '"');
  }
  if (!certificate && domainName.length > 64) {
    throw propError(construct, `${prop}.domainName`, domainName,
      `is ${domainName.length} characters; ACM issues certificates for names of at most 64: use a shorter name, or bring a certificate (a wildcard covers longer names)`);
  }
  if (!certificate && hostedZone instanceof route53.PrivateHostedZone) {
    throw propError(construct, `${prop}.hostedZone`, zoneName ?? hostedZone.node.path,
      'must be a public hosted zone to issue the certificate in: ACM validates through public DNS; pass the public zone, or bring a certificate ' +
      '(e.g. from AWS Private CA) and keep this zone for the record');
  }
  const names = certificate ? certificateNames(certificate) : undefined;
  if (names && !names.some((name) => covers(name, domainName))) {
    throw propError(construct, `${prop}.domainName`, domainName,
      `must be covered by the certificate, which is for ${names.map((name) => `"${name}"`).join(', ')}: clients check the name they connect to; ` +
      'give a name of the certificate, or leave certificate out to have one issued for domainName');
  }
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
 * controller is `eks.amazonaws.com/alb`; and the Ingress: HTTPS 443 only with `certificateArn` and the TLS policy,
 * targets the coordinator pods by IP over HTTP, health check `GET /v1/info` (public in Trino, answers 200 with
 * authentication on), invalid header fields dropped. The load balancer adds `X-Forwarded-Proto: https`, which the
 * coordinator trusts (`http-server.process-forwarded`).
 */
export function loadBalancerObjects(endpoint: ResolvedLoadBalancer, certificateArn: string, target: LoadBalancerTarget): Record<string, any>[] {
  const className = `${target.namespace}-trino-alb`;
  const scheme = endpoint.internetFacing ? 'internet-facing' : 'internal';
  const labels = { 'app.kubernetes.io/managed-by': 'cdk-trino-on-eks', 'app.kubernetes.io/part-of': 'trino' };
  const annotations: Record<string, string> = {
    'alb.ingress.kubernetes.io/scheme': scheme,
    'alb.ingress.kubernetes.io/target-type': 'ip',
    'alb.ingress.kubernetes.io/listen-ports': JSON.stringify([{ HTTPS: 443 }]),
    'alb.ingress.kubernetes.io/certificate-arn': certificateArn,
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
