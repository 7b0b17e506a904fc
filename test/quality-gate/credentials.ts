/**
 * A scan for credentials in plain text, over a synthesized template and the Kubernetes objects it
 * applies. It knows nothing about the metastore: it looks for what a leaked credential looks like.
 */

const CREDENTIAL_KEY = /pass(word|wd)|secret.?(key|value|string)|access.?key|private.?key|token$/i;
// A key whose value is a reference, not a credential: ARNs, ids, names, generation settings, a custom
// resource's ServiceToken (the ARN of its handler).
const REFERENCE_KEY = /(arn|id|name|key(id|ref)|template|generate.*|exclude.*|length|servicetoken)$/i;
const DYNAMIC_REFERENCE = /^\{\{resolve:(secretsmanager|ssm-secure):/;
const AWS_ACCESS_KEY = /\b(AKIA|ASIA)[0-9A-Z]{16}\b/;
const INLINE_PASSWORD = /(password|passwd|pwd)\s*[=:]\s*["']?[^\s"'&<{$:}]/i;

/** Where a credential was found, and why it looks like one. */
export interface CredentialFinding {
  readonly where: string;
  readonly why: string;
}

/** Credentials in a CloudFormation template: literal values of credential-like keys, keys, inline passwords. */
export function templateCredentials(template: any): CredentialFinding[] {
  const findings: CredentialFinding[] = [];
  walk(template, 'template', (path, key, value) => {
    if (typeof value !== 'string') return;
    if (key && CREDENTIAL_KEY.test(key) && !REFERENCE_KEY.test(key) && !DYNAMIC_REFERENCE.test(value)) {
      findings.push({ where: path, why: `literal value of ${key}` });
    }
    findings.push(...stringCredentials(path, value));
  });
  return findings;
}

/**
 * Credentials in Kubernetes objects: everything the template scan finds, plus what must never be in
 * a manifest even by reference: a dynamic reference (resolved into the manifest in plain text at
 * deploy time), a Secret object, secretKeyRef/secretRef (a password in a pod spec), a password in a
 * Hadoop configuration file.
 */
export function manifestCredentials(objects: any[]): CredentialFinding[] {
  const findings: CredentialFinding[] = [];
  objects.forEach((object, index) => {
    const where = `${object.kind}/${object.metadata?.name ?? index}`;
    if (object.kind === 'Secret') findings.push({ where, why: 'a Secret object in the manifest' });
    walk(object, where, (path, key, value) => {
      if (key === 'secretKeyRef' || key === 'secretRef') findings.push({ where: path, why: `${key} in a pod spec` });
      if (typeof value !== 'string') return;
      if (/\{\{resolve:/.test(value)) findings.push({ where: path, why: 'a dynamic reference, resolved into the manifest' });
      if (/ConnectionPassword/.test(value)) findings.push({ where: path, why: 'a JDO ConnectionPassword' });
      if (key && CREDENTIAL_KEY.test(key) && !REFERENCE_KEY.test(key)) findings.push({ where: path, why: `value of ${key}` });
      if (key === 'name' && /PASSWORD|SECRET_ACCESS_KEY|TOKEN$/.test(value)) findings.push({ where: path, why: `an environment variable ${value}` });
      findings.push(...stringCredentials(path, value));
    });
  });
  return findings;
}

/** The Kubernetes manifests of a template, as the raw (unflattened) strings CloudFormation receives. */
export function rawManifests(template: any): string[] {
  return Object.values<any>(template.Resources ?? {})
    .filter((r) => r.Type === 'Custom::AWSCDK-EKS-KubernetesResource')
    .map((r) => JSON.stringify(r.Properties.Manifest));
}

/**
 * Credentials in the raw manifests (intrinsics not flattened, so a dynamic reference split over an `Fn::Join` is
 * seen too): a dynamic reference, or a Secrets Manager value, either resolved into the manifest at deploy time.
 */
export function rawManifestCredentials(template: any): CredentialFinding[] {
  return Object.entries<any>(template.Resources ?? {})
    .filter(([, r]) => r.Type === 'Custom::AWSCDK-EKS-KubernetesResource')
    .flatMap(([id, r]) => {
      const where = `template.Resources.${id}.Properties.Manifest`;
      const raw = JSON.stringify(r.Properties.Manifest);
      const findings: CredentialFinding[] = [];
      if (/\{\{resolve:|resolve:secretsmanager/.test(raw)) findings.push({ where, why: 'a dynamic reference in the raw manifest, resolved into it at deploy time' });
      if (/SecretString/.test(raw)) findings.push({ where, why: 'a Secrets Manager SecretString in the raw manifest' });
      return findings;
    });
}

function stringCredentials(path: string, value: string): CredentialFinding[] {
  const findings: CredentialFinding[] = [];
  if (AWS_ACCESS_KEY.test(value)) findings.push({ where: path, why: 'an AWS access key id' });
  if (INLINE_PASSWORD.test(value)) findings.push({ where: path, why: `an inline password: ${value.slice(0, 80)}` });
  return findings;
}

function walk(value: any, path: string, visit: (path: string, key: string | undefined, value: any) => void, key?: string): void {
  visit(path, key, value);
  if (Array.isArray(value)) {
    value.forEach((item, index) => walk(item, `${path}[${index}]`, visit, key));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) walk(v, `${path}.${k}`, visit, k);
  }
}
