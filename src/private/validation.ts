import { Token } from 'aws-cdk-lib';

/**
 * The error every construct throws for bad input: it names the construct, the prop,
 * the value given and what is allowed, so the user can fix it without reading our code.
 */
export function propError(construct: string, prop: string, value: unknown, allowed: string): Error {
  return new Error(`${construct}: ${prop} (${describe(value)}) ${allowed}`);
}

/**
 * Refuses a count that is not a whole number of at least `least`, with the message `must be a whole number of
 * at least <least>` followed by `detail` as written (e.g. `: with 0 no worker could ever be drained`), so that
 * every count is checked, and worded, the same way.
 */
export function validateWholeNumber(construct: string, prop: string, value: number, least: number, detail: string = ''): void {
  if (!Number.isInteger(value) || value < least) {
    throw propError(construct, prop, value, `must be a whole number of at least ${least}${detail}`);
  }
}

/** Refuses a number that is not whole or lies outside `min`..`max`: `must be a whole number from <min> to <max>`. */
export function validateWholeNumberRange(construct: string, prop: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw propError(construct, prop, value, `must be a whole number from ${min} to ${max}`);
  }
}

/** Refuses a port number that TCP does not have. */
export function validateTcpPort(construct: string, prop: string, port: number): void {
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw propError(construct, prop, port, 'must be a TCP port (1 to 65535)');
  }
}

/** True when the value is a token that only resolves at deploy time: such values are not validated. */
export function isUnresolved(value: unknown): boolean {
  return typeof value === 'string' ? Token.isUnresolved(value) : false;
}

function describe(value: unknown): string {
  if (value === undefined) return 'not set';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(describe).join(', ')}]`;
  return String(value);
}
