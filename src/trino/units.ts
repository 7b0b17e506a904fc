import { Duration, Size, SizeRoundingBehavior } from 'aws-cdk-lib';
import { propError } from '../private/validation';

// Internal helpers: exact unit conversions, with errors in the library's voice, and the spellings
// Trino (airlift DataSize/Duration), the JVM and people expect. Airlift's "MB"/"GB" are binary units
// (2^20, 2^30 bytes), the same as the JVM's "M"/"G" and CDK's mebibytes/gibibytes.

/** Whole mebibytes of a size; a size that is not a whole number of MiB is an error naming the prop. */
export function wholeMebibytes(size: Size, construct: string, prop: string): number {
  const mib = size.toMebibytes({ rounding: SizeRoundingBehavior.NONE });
  if (!Number.isInteger(mib) || mib < 0) {
    throw propError(construct, prop, `${mib} MiB`, 'must be a whole, non-negative number of mebibytes');
  }
  return mib;
}

/** Whole seconds of a duration; fractions of a second are an error naming the prop. */
export function wholeSeconds(duration: Duration, construct: string, prop: string): number {
  const ms = duration.toMilliseconds({ integral: false });
  if (ms % 1000 !== 0 || ms < 0) {
    throw propError(construct, prop, `${ms} ms`, 'must be a whole, non-negative number of seconds');
  }
  return ms / 1000;
}

/** A Trino data size: `45GB` when it is whole gibibytes, else `46080MB`. */
export function trinoDataSize(mib: number): string {
  return mib % 1024 === 0 ? `${mib / 1024}GB` : `${mib}MB`;
}

/** A JVM size for -Xmx: `45G` when it is whole gibibytes, else `46080M`. */
export function jvmSize(mib: number): string {
  return mib % 1024 === 0 ? `${mib / 1024}G` : `${mib}M`;
}

/** A size for people: `56.5 GiB` for multiples of 256 MiB, else `12566 MiB`. */
export function describeMebibytes(mib: number): string {
  return mib % 256 === 0 ? `${mib / 1024} GiB` : `${mib} MiB`;
}

/** A Trino duration in seconds, e.g. `30s`. */
export function trinoSeconds(seconds: number): string {
  return `${seconds}s`;
}

/** A duration for people: `90 seconds`. */
export function describeSeconds(seconds: number): string {
  return seconds === 1 ? '1 second' : `${seconds} seconds`;
}
