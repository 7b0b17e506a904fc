import * as path from 'path';
import { ManagedProcess, ProcessSet } from '../processes';
import { portOpen, waitUntil } from '../stages';
import { runToExit } from './run';

/** Where the metastore's runtime is: what scripts/metastore-jars.sh assembled, and the JDK to run it on. */
export interface MetastoreRuntime {
  /** METASTORE_HOME: lib/, scripts/, conf/, classes/ and entrypoint.sh (scripts/metastore-jars.sh DEST). */
  readonly home: string;
  /**
   * JAVA_HOME of the entrypoint and its Java processes (the image's Java 17).
   *
   * @default - the environment's JAVA_HOME, else `java` on the PATH
   */
  readonly javaHome?: string;
}

/** One run of the image's entrypoint with a configuration directory. */
export interface MetastoreRunOptions extends MetastoreRuntime {
  /** METASTORE_CONF_DIR: the directory of the rendered metastore-site.xml. */
  readonly confDir: string;
  /** The process's output (appended). */
  readonly logFile: string;
  /**
   * The process's name in the ProcessSet.
   *
   * @default 'metastore'
   */
  readonly name?: string;
  /**
   * Variables added to its environment: the password variable the configuration names, the AWS keys (S3A's
   * and the JDBC wrapper's default credential chain), METASTORE_DB_WAIT_* … Secrets go here, never into files.
   */
  readonly env?: Record<string, string>;
  /** METASTORE_JAVA_OPTS: the metastore JVM's options (e.g. `-Xmx1g`). */
  readonly javaOpts?: string;
}

export interface MetastoreOptions extends MetastoreRunOptions {
  /** The Thrift port (the entrypoint's `-p`). */
  readonly port: number;
  /**
   * How long to wait for Thrift: schema creation included, 10 to 40 s on an idle 2-core machine, several
   * times that on a busy one.
   *
   * @default 300 s
   */
  readonly timeoutMs?: number;
  /** Ends the wait at once. */
  readonly abort?: AbortSignal;
}

/** A metastore started through the image's entrypoint (schema init or upgrade under a lock, then Thrift). */
export class MetastoreServer {
  /** Milliseconds from the (re)start until Thrift accepted a connection, once waitReady has seen it. */
  public readyAfterMs: number | undefined;
  private current: ManagedProcess;
  private startedAt = Date.now();

  constructor(private readonly processes: ProcessSet, private readonly options: MetastoreOptions) {
    this.current = processes.start({
      name: options.name ?? 'metastore',
      command: 'bash',
      args: [path.join(options.home, 'entrypoint.sh'), '-p', String(options.port)],
      env: entrypointEnvironment(options),
      logFile: options.logFile,
    });
  }

  /** The entrypoint's process group (the metastore's JVM is its leader once the schema step is done). */
  public get process(): ManagedProcess {
    return this.current;
  }

  public get port(): number {
    return this.options.port;
  }

  /** `thrift://127.0.0.1:<port>`. */
  public get uri(): string {
    return `thrift://127.0.0.1:${this.options.port}`;
  }

  /**
   * Resolves when Thrift accepts connections, with the milliseconds since the (re)start (also readyAfterMs);
   * rejects with a StageFailedError naming the log when the process exits first or the timeout passes.
   */
  public async waitReady(what = 'the metastore listening on Thrift'): Promise<number> {
    await waitUntil(what, () => portOpen(this.options.port),
      { timeoutMs: this.options.timeoutMs ?? 300_000, process: this.current, abort: this.options.abort });
    this.readyAfterMs = Date.now() - this.startedAt;
    return this.readyAfterMs;
  }

  public async stop(): Promise<void> {
    await this.current.stop();
  }

  /**
   * Stops it and starts it again through the entrypoint with the same command, environment and log (its schema
   * is already there), in its place in the set's stop order, as a pod restart would; resolves when Thrift
   * accepts connections again.
   */
  public async restart(): Promise<void> {
    await this.current.stop();
    this.readyAfterMs = undefined;
    this.startedAt = Date.now();
    this.current = this.processes.replace(this.current, this.current.spec);
    await this.waitReady('the metastore listening on Thrift again');
  }
}

/** Starts the metastore through the entrypoint without waiting: `waitReady()` waits (two starts at once, say). */
export function launchMetastore(processes: ProcessSet, options: MetastoreOptions): MetastoreServer {
  return new MetastoreServer(processes, options);
}

/** Starts the metastore through the image's entrypoint and waits until Thrift accepts connections. */
export async function startMetastore(processes: ProcessSet, options: MetastoreOptions): Promise<MetastoreServer> {
  const metastore = launchMetastore(processes, options);
  await metastore.waitReady();
  return metastore;
}

/**
 * Runs the entrypoint to its end with `args` (e.g. `['bootstrap-iam-user']`, or none against a database that
 * never answers); resolves with its exit code.
 */
export function runMetastoreEntrypoint(processes: ProcessSet, options: MetastoreRunOptions & { readonly args?: string[] }): Promise<number | null> {
  return runToExit(processes, {
    name: options.name ?? 'metastore',
    command: 'bash',
    args: [path.join(options.home, 'entrypoint.sh'), ...(options.args ?? [])],
    env: entrypointEnvironment(options),
    logFile: options.logFile,
  });
}

/**
 * Runs Hive's schematool (MetastoreSchemaTool, `-dbType postgres` and `args`) on the configuration of `confDir`,
 * as the entrypoint runs it but without its lock; resolves with its exit code.
 */
export function runSchemaTool(processes: ProcessSet, options: MetastoreRunOptions & {
  readonly args: string[];
  /** Options of its JVM, before the class path (e.g. a short-lived tool's `-XX:TieredStopAtLevel=1`). */
  readonly jvmOptions?: string[];
}): Promise<number | null> {
  return runToExit(processes, {
    name: options.name ?? 'schematool',
    command: metastoreJava(options),
    args: [...(options.jvmOptions ?? []), '-cp', metastoreClasspath(options.home, options.confDir),
      'org.apache.hadoop.hive.metastore.tools.schematool.MetastoreSchemaTool', '-dbType', 'postgres', ...options.args],
    env: entrypointEnvironment(options),
    logFile: options.logFile,
  });
}

/** The `java` of the runtime: JAVA_HOME's (the runtime's, else the environment's), else the PATH's. */
export function metastoreJava(runtime: { readonly javaHome?: string }, env: NodeJS.ProcessEnv = process.env): string {
  const javaHome = runtime.javaHome ?? env.JAVA_HOME;
  return javaHome ? path.join(javaHome, 'bin', 'java') : 'java';
}

/** The entrypoint's class path: the configuration directory first, then conf/, classes/ and lib/* of the runtime. */
export function metastoreClasspath(home: string, confDir?: string): string {
  return [...(confDir ? [confDir] : []), path.join(home, 'conf'), path.join(home, 'classes'), path.join(home, 'lib', '*')].join(':');
}

function entrypointEnvironment(options: MetastoreRunOptions): Record<string, string> {
  return {
    METASTORE_HOME: options.home,
    METASTORE_CONF_DIR: options.confDir,
    ...(options.javaOpts ? { METASTORE_JAVA_OPTS: options.javaOpts } : {}),
    ...(options.javaHome ? { JAVA_HOME: options.javaHome } : {}),
    ...options.env,
  };
}
