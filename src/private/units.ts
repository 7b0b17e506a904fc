import { Duration, Size, SizeRoundingBehavior } from 'aws-cdk-lib';
import { propError } from './validation';

// Exact unit conversions every area shares, with errors in the library's voice, and the spellings people
// read in messages. Each tool's own spelling (Trino's `45GB`, Karpenter's `720h`) stays with that tool.

/** Whole mebibytes of a size; a size that is not a whole number of MiB is an error naming the prop. */
export function wholeMebibytes(size: Size, construct: string, prop: string): number {
  const mib = size.toMebibytes({ rounding: SizeRoundingBehavior.NONE });
  if (!Number.isInteger(mib) || mib < 0) {
    throw propError(construct, prop, `${mib} MiB`, 'must be a whole, non-negative number of mebibytes');
  }
  return mib;
}

/** Whole gibibytes of a Size, or undefined when it is not a whole number of gibibytes. */
export function wholeGibibytes(size: Size): number | undefined {
  try {
    return size.toGibibytes({ rounding: SizeRoundingBehavior.FAIL });
  } catch {
    return undefined;
  }
}

/**
 * Whole seconds of a duration; fractions of a second are an error naming the prop. With `least`, fewer
 * seconds than that are an error too (a Kubernetes or KEDA field with a minimum).
 */
export function wholeSeconds(duration: Duration, construct: string, prop: string, least?: number): number {
  if (least === undefined) {
    const ms = duration.toMilliseconds({ integral: false });
    if (ms % 1000 !== 0 || ms < 0) {
      throw propError(construct, prop, `${ms} ms`, 'must be a whole, non-negative number of seconds');
    }
    return ms / 1000;
  }
  // Integral: a fraction of a millisecond stays CDK's own error, as it was where a minimum applies.
  const ms = duration.toMilliseconds();
  if (ms % 1000 !== 0 || ms / 1000 < least) {
    throw propError(construct, prop, `${ms} ms`, `must be a whole number of seconds, at least ${least}`);
  }
  return ms / 1000;
}

/** A size for people: `56.5 GiB` for multiples of 256 MiB, else `12566 MiB`. */
export function describeMebibytes(mib: number): string {
  return mib % 256 === 0 ? `${mib / 1024} GiB` : `${mib} MiB`;
}

/** A duration for people: `90 seconds`. */
export function describeSeconds(seconds: number): string {
  return seconds === 1 ? '1 second' : `${seconds} seconds`;
}
