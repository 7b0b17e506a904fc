import { Token } from 'aws-cdk-lib';

/**
 * The error every construct throws for bad input: it names the construct, the prop,
 * the value given and what is allowed, so the user can fix it without reading our code.
 */
export function propError(construct: string, prop: string, value: unknown, allowed: string): Error {
  return new Error(`${construct}: ${prop} (${describe(value)}) ${allowed}`);
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
