import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { isUnresolved } from '../private/validation';

/**
 * A DNS host name clients can type: 2 to 127 labels of letters, digits and inner hyphens (1 to 63 characters each),
 * 253 characters in all, no trailing dot, no wildcard (RFC 1123; ACM and Route 53 take the same names).
 */
const HOST_NAME = /^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/** True when `name` is a DNS host name (see HOST_NAME). */
export function isHostName(name: string): boolean {
  return HOST_NAME.test(name);
}

function normal(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

/** True when `name` is `zone` or a name under it (case-insensitive, a trailing dot ignored). */
export function isInZone(name: string, zone: string): boolean {
  const n = normal(name);
  const z = normal(zone);
  return n === z || n.endsWith(`.${z}`);
}

/**
 * True when a certificate for `certificateName` is valid for `name`: the same name, or a wildcard `*.<parent>`
 * whose `*` stands for exactly one label (RFC 6125 6.4.3, as browsers and the JDK check it).
 */
export function covers(certificateName: string, name: string): boolean {
  const c = normal(certificateName);
  const n = normal(name);
  if (c === n) return true;
  if (!c.startsWith('*.')) return false;
  const dot = n.indexOf('.');
  return dot > 0 && n.slice(dot + 1) === c.slice(2);
}

/**
 * The names a certificate is for, when they are known at synth: those of an `acm.Certificate` created in the app
 * (its CloudFormation resource), none of them tokens; otherwise undefined (an imported ARN, a private CA's...).
 */
export function certificateNames(certificate: acm.ICertificate): string[] | undefined {
  const resource = certificate.node.defaultChild;
  if (!(resource instanceof acm.CfnCertificate)) return undefined;
  const alternatives = resource.subjectAlternativeNames;
  if (isUnresolved(resource.domainName) || (alternatives !== undefined && !Array.isArray(alternatives))) return undefined;
  const names = [resource.domainName, ...(alternatives ?? [])];
  return names.some((name) => typeof name !== 'string' || isUnresolved(name)) ? undefined : names;
}

/**
 * The hosted zone's name when it is known at synth: `HostedZone.fromHostedZoneId` has none (reading it throws),
 * and a zone looked up or imported with attributes may carry a token.
 */
export function knownZoneName(zone: route53.IHostedZone): string | undefined {
  let name: string | undefined;
  try {
    name = zone.zoneName;
  } catch {
    return undefined;
  }
  return typeof name === 'string' && !isUnresolved(name) ? name : undefined;
}
