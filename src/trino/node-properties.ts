import { propError } from '../private/validation';

const ENVIRONMENT = /^[a-z0-9][a-z0-9_]*$/;

/**
 * `node.properties` (installation/deployment.html, "Node properties"): `node.environment`, the same on every
 * node of a cluster, and `node.data-dir`. `node.id` is left out on purpose: each runtime gives each process
 * its own (Trino generates a random one at startup when it is absent, which suits pods that come and go).
 */
export function nodeProperties(environment: string, dataDirectory: string): Record<string, string> {
  return { 'node.environment': environment, 'node.data-dir': dataDirectory };
}

/** The deployment docs' rule: starts with a lowercase letter or digit, then lowercase letters, digits or `_`. */
export function validateEnvironment(construct: string, prop: string, environment: string): void {
  if (!ENVIRONMENT.test(environment)) {
    throw propError(construct, prop, environment,
      'must start with a lowercase letter or digit and contain only lowercase letters, digits or "_", e.g. "production"');
  }
}

/** An absolute path without line breaks, e.g. `/data/trino`. */
export function validateAbsolutePath(construct: string, prop: string, path: string): void {
  if (!path.startsWith('/') || /[\r\n,]/.test(path)) {
    throw propError(construct, prop, path, 'must be an absolute path without commas or line breaks, e.g. "/data/trino"');
  }
}
