import { RENDERED_HEADER } from './properties-file';
import { TrinoVersion } from './trino-version';
import { propError } from '../private/validation';

/**
 * The JVM options of `jvm.config`, one per line, for a Trino release.
 *
 * The list is the "JVM config" of installation/deployment.html for 476 to 483 (Java 24 and 25), which the
 * official chart (templates/configmap-*.yaml) and image (core/docker/default/etc/jvm.config) follow, with:
 * - `-Xmx` from the memory rule, and no `-XX:InitialRAMPercentage`/`MaxRAMPercentage` (the explicit
 *   heap replaces them);
 * - `-XX:+UseG1GC` kept explicit: the JVM picks the serial collector in a container with fewer than 2 CPUs
 *   or 1792 MiB, and Trino warns when it does not run on G1;
 * - `-Dfile.encoding=UTF-8`: Trino refuses to start with another default charset;
 * - not `-XX:GCLockerRetryAllocationCount=32` (older docs): the flag was removed with the GC locker rework
 *   (JDK-8192647) and Java 25 refuses to start with it ("Unrecognized VM option", checked on Temurin 25.0.3);
 * - not `-XX:+UnlockDiagnosticVMOptions -XX:G1NumCollectionsKeepPinned=10000000` (the chart adds it for
 *   images newer than 447): a workaround for JDK-8329528, which only affects Java 22.0.0 and 22.0.1;
 * - not the image's `-agentpath:/usr/lib/trino/bin/libjvmkill.so`: the path exists only in the image, which
 *   the chart adds itself; `-XX:+ExitOnOutOfMemoryError` already ends the JVM on an OutOfMemoryError.
 * Every supported release takes the same flags. The JVM accepts all of them on Java 25 (Temurin 25.0.3)
 * without a warning, and a real Trino 476 server started with them.
 */
export function jvmOptions(version: TrinoVersion, xmxOption: string, heapDumpPath?: string): string[] {
  void version; // The list is the same for 476-483; the parameter is where a release-specific flag goes.
  if (heapDumpPath !== undefined && (!heapDumpPath.startsWith('/') || /\s/.test(heapDumpPath))) {
    throw propError('TrinoConfiguration', 'heapDumpPath', heapDumpPath, 'must be an absolute path without spaces');
  }
  return [
    '-server',
    xmxOption,
    '-XX:+UseG1GC',
    '-XX:G1HeapRegionSize=32M',
    '-XX:+ExplicitGCInvokesConcurrent',
    '-XX:+ExitOnOutOfMemoryError',
    '-XX:+HeapDumpOnOutOfMemoryError',
    ...(heapDumpPath !== undefined ? [`-XX:HeapDumpPath=${heapDumpPath}`] : []),
    '-XX:-OmitStackTraceInFastThrow',
    '-XX:ReservedCodeCacheSize=512M',
    '-XX:PerMethodRecompilationCutoff=10000',
    '-XX:PerBytecodeRecompilationCutoff=10000',
    '-Djdk.attach.allowAttachSelf=true',
    '-Djdk.nio.maxCachedBufferSize=2000000',
    '-Dfile.encoding=UTF-8',
    // Allows the dynamic agent Trino uses to measure object sizes (JOL).
    '-XX:+EnableDynamicAgentLoading',
  ];
}

/** `jvm.config`: a comment line, then one option per line (the launcher does not use a shell: no quoting). */
export function renderJvmConfig(options: string[]): string {
  return [RENDERED_HEADER, ...options, ''].join('\n');
}
