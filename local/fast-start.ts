// Start-up options of the local stack's JVMs on a workstation (scripts/local-stack.sh): launch options added after
// the rendered files, never written into them. What the library renders for EKS (jvm.config, the metastore's
// files) is what runs; these only change how the JVMs compile and load classes while three Trino JVMs, the
// metastore's and PostgreSQL share two cores:
// - `-XX:TieredStopAtLevel=1`: the C1 compiler only (and the metastore's JVMs the serial collector). Start-up is mostly class loading and first-time code,
//   which C2 would spend cores optimizing while the other JVMs wait; at the sample data's size (a few MB) no
//   query runs long enough to need C2. Not for measurements: scripts/local-benchmark.sh does not use it.
// - Trino's AOT cache (JDK 24+, JEP 483/514: `-XX:AOTCache`): the classes of the server's lib/ already parsed,
//   verified and linked, recorded once by a training run of a coordinator (trino-aot-cache.ts, on the first
//   fast start) and then mapped by every node. The JVM checks the cache against the class path (each
//   jar's size and time) and its options; a cache it would not use is not passed (aotCacheUsable).
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/** The JIT option of every JVM of a fast start (Trino's and the metastore's). */
export const FAST_START_JIT_OPTIONS = ['-XX:TieredStopAtLevel=1'];

/**
 * The metastore's JVMs (the schema lock, schematool, the metastore, each short of work on a workstation): C1 only,
 * and the serial collector, one thread instead of G1's concurrent ones.
 */
export const METASTORE_FAST_START_OPTIONS = [...FAST_START_JIT_OPTIONS, '-XX:+UseSerialGC'];

/** The options that map an AOT cache (JDK 24+); the JVM runs without it when it cannot use it (AOTMode=auto). */
export function aotCacheOptions(cacheFile: string): string[] {
  return [`-XX:AOTCache=${cacheFile}`];
}

/**
 * True when the JVM of `javaHome` would map `cacheFile` with these options and class path: the JVM's own check
 * (`-XX:AOTMode=on` refuses a cache it cannot use), run with `-version` (a tenth of a second).
 */
export function aotCacheUsable(javaHome: string, cacheFile: string, classPath: string, jvmOptions: string[]): boolean {
  if (!fs.existsSync(cacheFile)) return false;
  try {
    execFileSync(path.join(javaHome, 'bin', 'java'), ['-XX:AOTMode=on', ...aotCacheOptions(cacheFile), '-cp', classPath, ...jvmOptions, '-version'],
      { stdio: 'ignore', timeout: 60_000 });
    return true;
  } catch {
    return false;
  }
}

/**
 * The JVM options of a node's command line (trinoCommand's arguments up to the main class, without the class
 * path and the -D properties): what an AOT cache is checked against.
 */
export function jvmOptionsOf(args: string[]): string[] {
  const options: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '-cp') {
      i++;
    } else if (args[i].startsWith('-X') || args[i].startsWith('--add-modules')) {
      options.push(args[i]);
    }
  }
  return options;
}
