import { Token } from 'aws-cdk-lib';

/**
 * The error every construct throws for bad input: it names the construct, the prop,
 * the value given and what is allowed, so the user can fix it without reading our code.
 */
export function propError(construct: string, prop: string, value: unknown, allowed: string): PropError {
  return new PropError(construct, prop, describe(value), allowed);
}

/** A refused prop, with its parts kept so that a construct can name it as its own user wrote it. */
export class PropError extends Error {
  constructor(readonly construct: string, readonly prop: string, readonly value: string, readonly allowed: string) {
    super(`${construct}: ${prop} (${value}) ${allowed}`);
    this.name = 'Error';
  }
}

/**
 * Where a prop of a class the construct calls comes from in the construct's own props: `[class, its prop (or a prefix
 * of its props), the user's prop path]`, e.g. `['GracefulShutdown', 'gracePeriod', 'workers.gracefulShutdown.gracePeriod']`.
 */
export type PropPath = [string, string, string];

/**
 * Runs `build`; a refusal of one of the props `paths` names is thrown again as the construct's own, with the path the
 * user wrote (`TrinoOnEks: workers.fileSystemCache.maxSize`, not `TrinoConfiguration: localStorage.fileSystemCache.maxSize`),
 * the value and the reason unchanged. Other errors pass through as they are.
 */
export function asOwnProps<T>(construct: string, paths: PropPath[], build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (!(error instanceof PropError)) throw error;
    for (const [inner, innerProp, outerProp] of paths) {
      const rest = error.prop.slice(innerProp.length);
      if (error.construct === inner && error.prop.startsWith(innerProp) && (rest === '' || rest.startsWith('.') || rest.startsWith('['))) {
        throw new PropError(construct, `${outerProp}${rest}`, error.value, error.allowed);
      }
    }
    throw error;
  }
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
