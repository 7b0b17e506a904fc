// Trino's and the JVM's spellings of sizes and durations. Airlift's "MB"/"GB" (Trino's DataSize) are binary
// units (2^20, 2^30 bytes), the same as the JVM's "M"/"G" and CDK's mebibytes/gibibytes. The exact
// conversions behind them are shared: src/private/units.ts.

/** A Trino data size: `45GB` when it is whole gibibytes, else `46080MB`. */
export function trinoDataSize(mib: number): string {
  return mib % 1024 === 0 ? `${mib / 1024}GB` : `${mib}MB`;
}

/** A JVM size for -Xmx: `45G` when it is whole gibibytes, else `46080M`. */
export function jvmSize(mib: number): string {
  return mib % 1024 === 0 ? `${mib / 1024}G` : `${mib}M`;
}

/** A Trino duration in seconds, e.g. `30s`. */
export function trinoSeconds(seconds: number): string {
  return `${seconds}s`;
}
