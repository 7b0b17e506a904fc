import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import * as engines from './engines';
import { FAST_START_JIT_OPTIONS, METASTORE_FAST_START_OPTIONS, aotCacheOptions, aotCacheUsable, jvmOptionsOf } from './fast-start';
import {
  LOCAL_REGION, LocalStackPlan, LocalStackPlanOptions, LocalStackPorts, METASTORE_DB_NAME, METASTORE_DB_PASSWORD_VARIABLE,
  METASTORE_DB_USER, S3_ACCESS_KEY_VARIABLE, S3_SECRET_KEY_VARIABLE, planLocalStack,
} from './local-stack-plan';
import { describePortHolder } from './ports';
import { ManagedProcess, ProcessSet } from './processes';
import { QUICKSTART_MAX_WORKERS, QUICKSTART_TRINO_VERSION } from './quickstart-settings';
import { StageFailedError, StageRunner, choosePort, firstError, messageOf, refuseDeprecatedConfiguration, sleep, waitUntil } from './stages';
import { TrinoClient } from './trino-client';
import { TrinoRole, TrinoVersion } from '../src/trino';

/** The main class scripts/trino-assemble.sh compiles into the server's lib/ (local/trino-server/LocalTrinoServer.java). */
export const TRINO_MAIN_CLASS = 'local.trino.LocalTrinoServer';
/** The jar that holds it. */
export const TRINO_MAIN_JAR = 'local-trino-server.jar';

/** Where the engines are on this machine (scripts/local-stack.sh downloads and passes them). */
export interface LocalToolchain {
  /**
   * The Trino server scripts/trino-assemble.sh put together from Maven Central's jars: `lib/` (with our main
   * class, TRINO_MAIN_CLASS) and `plugin/`. No `bin/launcher`: the stack starts `java` itself (trinoCommand).
   */
  readonly trinoHome: string;
  /**
   * The Trino release of `trinoHome`: the configuration is rendered for it.
   *
   * @default QUICKSTART_TRINO_VERSION
   */
  readonly trinoVersion?: TrinoVersion;
  /**
   * Where a fast start (LocalStackOptions.fastStart) finds Trino's AOT cache: recorded by trino-aot-cache.ts for this
   * server and JDK, used only when the JVM accepts it.
   *
   * @default - `trinoHome` + `.aot`
   */
  readonly trinoAotCache?: string;
  /** The trino-cli executable jar. */
  readonly trinoCliJar: string;
  /** A JDK the Trino release accepts (Java 24+ for 476, 25+ from 479). */
  readonly trinoJavaHome: string;
  /** The metastore assembled by scripts/metastore-jars.sh (lib/, scripts/, entrypoint.sh). */
  readonly metastoreHome: string;
  /** The JDK of the metastore image (Java 17). */
  readonly metastoreJavaHome?: string;
  /** moto's `moto_server` (its directory holds the virtualenv's `python`, which runs `motoLauncher`). */
  readonly motoServer: string;
  /** local/moto_server.py: moto's server without "100 Continue" responses (see the file). */
  readonly motoLauncher: string;
  /** PostgreSQL's bin directory (initdb, postgres, psql, pg_isready). */
  readonly postgresBin: string;
}

/**
 * Reads the toolchain from LOCAL_STACK_* variables, defaulting to the places the setup script uses. The Trino
 * release is LOCAL_STACK_TRINO_VERSION (scripts/local-setup.sh sets it; the quickstart's when unset).
 */
export function toolchainFromEnvironment(repoRoot: string, env: NodeJS.ProcessEnv = process.env): LocalToolchain {
  const trinoVersion = env.LOCAL_STACK_TRINO_VERSION ? TrinoVersion.of(Number(env.LOCAL_STACK_TRINO_VERSION)) : QUICKSTART_TRINO_VERSION;
  const version = trinoVersion.version;
  const local = path.join(repoRoot, '.local');
  const trinoHome = env.LOCAL_STACK_TRINO_HOME ?? path.join(local, 'trino', String(version), `trino-server-${version}`);
  return {
    trinoHome,
    trinoAotCache: env.LOCAL_STACK_TRINO_AOT_CACHE ?? `${trinoHome.replace(/\/+$/, '')}.aot`,
    trinoVersion,
    trinoCliJar: env.LOCAL_STACK_TRINO_CLI ?? path.join(local, 'trino', String(version), `trino-cli-${version}-executable.jar`),
    trinoJavaHome: env.LOCAL_STACK_TRINO_JAVA_HOME ?? '/usr/lib/jvm/temurin-25-jdk-amd64',
    metastoreHome: env.LOCAL_STACK_METASTORE_HOME ?? path.join(local, 'hive-metastore'),
    metastoreJavaHome: env.LOCAL_STACK_METASTORE_JAVA_HOME || undefined,
    motoServer: env.LOCAL_STACK_MOTO_SERVER ?? path.join(local, 'venv', 'bin', 'moto_server'),
    motoLauncher: path.join(repoRoot, 'local', 'moto_server.py'),
    postgresBin: env.LOCAL_STACK_POSTGRES_BIN ?? newestPostgresBin(),
  };
}

/** The virtualenv's `python` next to `moto_server`: it runs the launcher (and the e2e suite's moto helpers). */
export function motoPython(toolchain: LocalToolchain): string {
  return path.join(path.dirname(toolchain.motoServer), 'python');
}

/**
 * The arguments that start the S3 emulator on 127.0.0.1:`port` through local/moto_server.py, with its
 * modelled first-byte latency when `firstByteLatencyMs` is above 0, and its fault model when `faults` has a rate above 0.
 */
export function s3EmulatorArguments(toolchain: LocalToolchain, port: number, firstByteLatencyMs = 0, faults?: engines.S3FaultModel): string[] {
  return engines.motoArguments(toolchain.motoLauncher, port, firstByteLatencyMs, faults);
}

function newestPostgresBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root) ? fs.readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(a) - Number(b)) : [];
  return versions.length > 0 ? path.join(root, versions[versions.length - 1], 'bin') : '/usr/lib/postgresql/bin';
}

export interface LocalStackOptions {
  readonly toolchain: LocalToolchain;
  /** A directory the stack owns: emptied at start, logs and data inside. */
  readonly workDir: string;
  /**
   * Use the usual ports (8080 for Trino, 9083 for the metastore, …) when they are free.
   *
   * @default false: ports the system picks
   */
  readonly usualPorts?: boolean;
  /** Changes the quickstart options before they are rendered. */
  readonly customize?: LocalStackPlanOptions['customize'];
  /** Replaces a node's rendered files (the benchmark's stock configuration). */
  readonly rewriteFiles?: LocalStackPlanOptions['rewriteFiles'];
  /** The runner the stages are printed by. */
  readonly stages: StageRunner;
  /**
   * Aborting it interrupts the start: the current wait ends, what was started is stopped, start() rejects.
   *
   * @default - the start runs to its end
   */
  readonly abort?: AbortSignal;
  /**
   * Runs once the S3 emulator is up with its buckets, before the metastore and Trino start: e.g. creates
   * IAM users with the policies under test and turns on the emulator's IAM enforcement. The keys it
   * returns replace the emulator's default keys for Trino and for the metastore.
   *
   * @default - every process uses the emulator's default keys, and the emulator enforces no IAM policy
   */
  readonly prepareObjectStorage?: (stack: LocalStack) => Promise<LocalObjectStorageKeys | undefined>;
  /**
   * Makes the S3 emulator wait this many milliseconds before it serves each request: a model of Amazon S3's
   * first-byte latency for the benchmark (moto on loopback answers in about a millisecond). See moto_server.py.
   *
   * @default 0: the emulator answers as fast as it can
   */
  readonly s3FirstByteLatencyMs?: number;
  /**
   * Makes the S3 emulator answer a share of requests with 503 SlowDown, 500 InternalError or a dropped connection
   * instead of serving them: a model of S3's transient faults for the drills (see moto_server.py). setS3Faults
   * changes it while the stack runs.
   *
   * @default - no faults
   */
  readonly s3Faults?: engines.S3FaultModel;
  /**
   * Start-up options for a workstation (fast-start.ts), added to the command lines, never to the rendered files:
   * Trino's and the metastore's JVMs compile with C1 only (`-XX:TieredStopAtLevel=1`; the metastore's also use the
   * serial collector), and Trino's map the AOT cache of `toolchain.trinoAotCache` when the JVM accepts it. For
   * scripts/local-stack.sh; not for measurements.
   *
   * @default false: the JVMs start as the rendered files say
   */
  readonly fastStart?: boolean;
}

/** An access key pair of the S3 emulator. */
export interface S3Keys {
  readonly accessKey: string;
  readonly secretKey: string;
}

/** The keys Trino and the metastore reach the S3 emulator with. */
export interface LocalObjectStorageKeys {
  readonly trino: S3Keys;
  readonly metastore: S3Keys;
}

/** The secrets of one run: random, only ever in the processes' environment. */
interface RunSecrets {
  readonly sharedSecret: string;
  readonly metastoreDbPassword: string;
}

const SECOND = 1000;

/**
 * The local stack: PostgreSQL, the S3 emulator, the Hive Metastore (through the image's entrypoint) and a
 * Trino coordinator with two workers, on 127.0.0.1, running the configuration the library renders.
 */
export class LocalStack {
  /** Starts everything, stage by stage; on failure stops what was started and throws StageFailedError. */
  public static async start(options: LocalStackOptions): Promise<LocalStack> {
    const stack = new LocalStack(options);
    try {
      await stack.startAll();
    } catch (error) {
      await stack.stop();
      throw error;
    }
    return stack;
  }

  /** Where a run records its process groups, beside (not inside) the work directory that start empties. */
  private static recordFile(workDir: string): string {
    return `${workDir.replace(/\/+$/, '')}.processes.json`;
  }

  public plan!: LocalStackPlan;
  public readonly processes: ProcessSet;
  public readonly logDir: string;
  private readonly secrets: RunSecrets;
  private objectStorageKeys: LocalObjectStorageKeys;
  private readonly nodeProcesses = new Map<string, ManagedProcess>();
  private ports!: LocalStackPorts;
  private metastore?: engines.MetastoreServer;
  private postgresServer?: engines.PostgresServer;

  private constructor(private readonly options: LocalStackOptions) {
    this.logDir = path.join(options.workDir, 'logs');
    // Beside the work directory, which is emptied at start: the record must outlive that.
    this.processes = new ProcessSet(LocalStack.recordFile(options.workDir));
    this.secrets = {
      sharedSecret: randomBytes(32).toString('base64'),
      metastoreDbPassword: randomBytes(18).toString('hex'),
    };
    const emulatorKeys = { accessKey: 'local-stack', secretKey: randomBytes(24).toString('hex') };
    this.objectStorageKeys = { trino: emulatorKeys, metastore: emulatorKeys };
  }

  /** The Trino client of the coordinator. */
  public get trino(): TrinoClient {
    return new TrinoClient(this.plan.coordinatorUrl);
  }

  /** The Trino release the stack runs (the toolchain's), which the configuration is rendered for. */
  public get trinoVersion(): TrinoVersion {
    return this.options.toolchain.trinoVersion ?? QUICKSTART_TRINO_VERSION;
  }

  /** The Trino process of a node (`coordinator`, `worker-1`, …). */
  public trinoProcess(name: string): ManagedProcess | undefined {
    return this.nodeProcesses.get(name);
  }

  /**
   * Stops a Trino node (SIGTERM, as Kubernetes stops a pod, or `signal`) and starts it again with the same command
   * line, environment and log, as a replaced pod would; resolves once the new process is running (not yet serving:
   * the caller waits for what it needs, e.g. `trino.isStarted()` and the workers active).
   */
  public async restartTrinoNode(name: string, signal?: NodeJS.Signals): Promise<ManagedProcess> {
    const old = this.nodeProcesses.get(name);
    if (!old) throw new Error(`no Trino node named ${name}`);
    if (signal) {
      old.signal(signal);
      await old.exited;
    } else {
      await old.stop();
    }
    const started = this.processes.replace(old, old.spec);
    this.nodeProcesses.set(name, started);
    return started;
  }

  /** Environment of every Trino process: the shared secret and the emulator's keys, never in a file. */
  public get trinoEnvironment(): Record<string, string> {
    const javaHome = this.options.toolchain.trinoJavaHome;
    return {
      JAVA_HOME: javaHome,
      PATH: `${path.join(javaHome, 'bin')}:${process.env.PATH ?? '/usr/bin:/bin'}`,
      // Trino 483's logging (airlift 439) colours its console output whenever Java reports a console, which
      // Java 22+ does even when the output goes to a file; NO_COLOR keeps the logs plain text.
      NO_COLOR: '1',
      TRINO_INTERNAL_SHARED_SECRET: this.secrets.sharedSecret,
      [S3_ACCESS_KEY_VARIABLE]: this.objectStorageKeys.trino.accessKey,
      [S3_SECRET_KEY_VARIABLE]: this.objectStorageKeys.trino.secretKey,
    };
  }

  /** Every bucket the rendered configuration reads or writes (catalogs and exchange), the warehouse first. */
  public get buckets(): string[] {
    const configured = this.plan.nodes[0].configuration.storageAccess.map((access) => access.bucketName);
    return [...new Set([this.plan.warehouseBucket, ...configured])];
  }

  /**
   * Stops the metastore and starts it again through the entrypoint (its schema is already there), as a
   * pod restart would; resolves when it listens on Thrift again.
   */
  public async restartMetastore(): Promise<void> {
    if (!this.metastore) throw new Error('the metastore was not started');
    await this.metastore.restart();
  }

  /**
   * The CLI's command line, as arguments: the JDK Trino runs on, the CLI jar, the coordinator, a user. With
   * `--enable-native-access=ALL-UNNAMED`: the CLI's terminal library (JLine) loads a native library, which Java 24
   * and later warn about on every start ("A restricted method in java.lang.System has been called") unless the
   * caller allows it.
   */
  public get cliArgv(): string[] {
    return [path.join(this.options.toolchain.trinoJavaHome, 'bin', 'java'), '--enable-native-access=ALL-UNNAMED', '-jar',
      this.options.toolchain.trinoCliJar, '--server', this.plan.coordinatorUrl, '--user', 'trino'];
  }

  /** The JDBC URL of the coordinator, for the user the CLI uses (driver: io.trino:trino-jdbc). */
  public get jdbcUrl(): string {
    return `jdbc:trino://${this.plan.coordinatorUrl.replace(/^https?:\/\//, '')}?user=trino`;
  }

  /** The command a person types to connect with the CLI. */
  public get cliCommand(): string {
    return this.cliArgv.map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, "'\\''")}'`)).join(' ');
  }

  /** Changes the S3 emulator's fault model while the stack runs (rate 0: off); resolves with what it injected so far. */
  public async setS3Faults(faults: engines.S3FaultModel): Promise<engines.S3FaultCounts> {
    return engines.setS3Faults(this.plan.s3Endpoint, faults);
  }

  /** What the S3 emulator's fault model injected so far. */
  public async s3FaultCounts(): Promise<engines.S3FaultCounts> {
    return engines.s3FaultCounts(this.plan.s3Endpoint);
  }

  /** The PostgreSQL cluster of the metastore's database. */
  public get postgres(): engines.PostgresServer {
    if (!this.postgresServer) throw new Error('PostgreSQL was not started');
    return this.postgresServer;
  }

  /** Stops every process the stack started, newest first. */
  public async stop(onStop?: (name: string) => void): Promise<void> {
    await this.processes.stopAll(onStop);
  }

  /** The first process that is no longer running, if any. */
  public firstExited(): ManagedProcess | undefined {
    return this.processes.all.find((p) => !p.running);
  }

  private async startAll(): Promise<void> {
    const stages = this.options.stages;
    const stage = async (name: string, work: () => Promise<string | undefined>, logFile?: string) => {
      if (this.options.abort?.aborted) throw new StageFailedError(name, 'interrupted');
      await stages.run(name, work, logFile);
    };
    await stage('configuration', async () => this.render());
    await stage('postgresql', async () => this.startPostgres(), this.logFile('postgresql'));
    await stage('s3 emulator', async () => this.startS3(), this.logFile('s3'));
    await stage('metastore', async () => this.startMetastore(), this.logFile('metastore'));
    await stage(`trino ${this.trinoVersion.version} (coordinator + ${QUICKSTART_MAX_WORKERS} workers)`,
      async () => this.startTrino(), this.logFile('coordinator'));
  }

  /** The log file of one of the stack's processes (`s3`, `metastore`, `coordinator`, `worker-1`, …). */
  public logFile(processName: string): string {
    return path.join(this.logDir, `${processName}.log`);
  }

  /** Stage 1: ports, the rendered files written to disk. */
  private async render(): Promise<string> {
    const { workDir, toolchain } = this.options;
    for (const [what, file] of [
      ['Trino server', path.join(toolchain.trinoHome, 'lib', TRINO_MAIN_JAR)], ['Trino CLI', toolchain.trinoCliJar],
      ['Trino JDK', path.join(toolchain.trinoJavaHome, 'bin', 'java')], ['metastore', path.join(toolchain.metastoreHome, 'entrypoint.sh')],
      ['moto server', toolchain.motoServer], ['moto launcher', toolchain.motoLauncher], ['PostgreSQL', path.join(toolchain.postgresBin, 'postgres')],
    ]) {
      if (!fs.existsSync(file)) {
        throw new Error(`${what} not found at ${file}: run scripts/local-stack.sh, which sets it up`);
      }
    }
    const leftovers = ProcessSet.stopLeftovers(LocalStack.recordFile(workDir));
    fs.rmSync(workDir, { recursive: true, force: true });
    fs.mkdirSync(this.logDir, { recursive: true, mode: 0o755 });
    fs.chmodSync(workDir, 0o755);

    const usual = this.options.usualPorts ?? false;
    const taken = new Set<number>();
    const elsewhere: string[] = [];
    // The usual port when it is free; else one the system picks, and the line says who holds the usual one.
    const pick = async (preferred: number, what: string) => {
      const port = await choosePort(usual ? preferred : undefined, taken);
      if (usual && port !== preferred) elsewhere.push(`port ${preferred} is in use by ${describePortHolder(preferred)}: the ${what} is on ${port}`);
      return port;
    };
    this.ports = {
      coordinator: await pick(8080, 'Trino coordinator'),
      workers: [await pick(8081, 'first worker'), await pick(8082, 'second worker')],
      metastore: await pick(9083, 'metastore'),
      s3: await pick(9000, 'S3 emulator'),
      postgres: await pick(5433, 'PostgreSQL'),
    };
    for (const line of elsewhere) this.options.stages.note(line);
    // The configuration is rendered for the release the toolchain has; then the caller's changes.
    const version = this.trinoVersion;
    const customize = this.options.customize;
    this.plan = planLocalStack({
      workDir,
      ports: this.ports,
      customize: (options) => (customize ? customize({ ...options, version }) : { ...options, version }),
      rewriteFiles: this.options.rewriteFiles,
    });

    for (const node of this.plan.nodes) {
      writeFiles(node.configDirectory, node.files);
      fs.mkdirSync(node.dataDirectory, { recursive: true });
    }
    writeFiles(this.plan.metastoreConfigDirectory, { 'metastore-site.xml': this.plan.metastoreSite });
    const files = this.plan.nodes.reduce((sum, node) => sum + Object.keys(node.files).length, 0) + 1;
    return `${files} files rendered by the library into ${path.relative(process.cwd(), workDir) || workDir}` +
      (leftovers.length > 0 ? ` (stopped ${leftovers.join(', ')} left running by an earlier run that was killed)` : '');
  }

  /** Stage 2: a PostgreSQL cluster of its own, with the metastore's database and user. */
  private async startPostgres(): Promise<string> {
    const postgres = await engines.startPostgres(this.processes, {
      bin: this.options.toolchain.postgresBin,
      dataDir: path.join(this.options.workDir, 'postgresql'),
      port: this.ports.postgres,
      logFile: this.logFile('postgresql'),
      users: [{ name: METASTORE_DB_USER, password: this.secrets.metastoreDbPassword }],
      databases: [{ name: METASTORE_DB_NAME, owner: METASTORE_DB_USER }],
      abort: this.options.abort,
    });
    this.postgresServer = postgres;
    return `PostgreSQL ${postgres.version} on 127.0.0.1:${postgres.port}, database "${METASTORE_DB_NAME}"`;
  }

  /** Stage 3: moto's S3 server on loopback, path-style, with the warehouse bucket. */
  private async startS3(): Promise<string> {
    await engines.startMoto(this.processes, {
      python: motoPython(this.options.toolchain),
      launcher: this.options.toolchain.motoLauncher,
      port: this.ports.s3,
      logFile: this.logFile('s3'),
      name: 's3',
      label: 'the S3 emulator',
      firstByteLatencyMs: this.options.s3FirstByteLatencyMs,
      faults: this.options.s3Faults,
      buckets: this.buckets,
      abort: this.options.abort,
    });
    let enforced = '';
    if (this.options.prepareObjectStorage) {
      const keys = await this.options.prepareObjectStorage(this);
      if (keys) {
        this.objectStorageKeys = keys;
        enforced = ', IAM policies enforced';
      }
    }
    const faults = this.options.s3Faults;
    const modelled = (this.options.s3FirstByteLatencyMs ? `, modelled first-byte latency ${this.options.s3FirstByteLatencyMs} ms` : '')
      + (faults && faults.rate > 0 ? `, modelled faults on ${faults.rate * 100}% of requests (${(faults.kinds ?? engines.S3_FAULT_KINDS).join(', ')})` : '');
    return `${this.plan.s3Endpoint} (moto), bucket${this.buckets.length > 1 ? 's' : ''} ${this.buckets.join(', ')}${enforced}${modelled}`;
  }

  /** Stage 4: the metastore, through the image's own entrypoint (schema init under a lock, then Thrift). */
  private async startMetastore(): Promise<string> {
    this.metastore = await engines.startMetastore(this.processes, {
      home: this.options.toolchain.metastoreHome,
      javaHome: this.options.toolchain.metastoreJavaHome,
      confDir: this.plan.metastoreConfigDirectory,
      port: this.ports.metastore,
      logFile: this.logFile('metastore'),
      javaOpts: '-Xmx1g',
      env: {
        [METASTORE_DB_PASSWORD_VARIABLE]: this.secrets.metastoreDbPassword,
        // S3A's default credential chain reads these (IRSA or Pod Identity on EKS).
        AWS_ACCESS_KEY_ID: this.objectStorageKeys.metastore.accessKey,
        AWS_SECRET_ACCESS_KEY: this.objectStorageKeys.metastore.secretKey,
        AWS_REGION: LOCAL_REGION,
        // A fast start's options reach every JVM the entrypoint runs (the schema lock, schematool, the metastore)
        // through the java launcher's own variable, leaving the entrypoint as the image runs it.
        ...(this.options.fastStart ? { JDK_JAVA_OPTIONS: METASTORE_FAST_START_OPTIONS.join(' ') } : {}),
      },
      abort: this.options.abort,
    });
    return this.plan.metastoreUri;
  }

  private async warmMetastoreStorage(trino: TrinoClient): Promise<void> {
    await warmMetastore(trino, this.plan.warehouseLocation);
  }

  /**
   * A fast start's launch options for Trino's JVMs (fast-start.ts), and what they are, for the stage's line: C1 only,
   * and the AOT cache when the JVM accepts it with the coordinator's options (every node shares the rendered
   * jvm.config's flags but the heap size, which the cache does not depend on).
   */
  private trinoLaunchOptions(): { options: string[]; description?: string } {
    if (!this.options.fastStart) return { options: [] };
    const toolchain = this.options.toolchain;
    const cache = toolchain.trinoAotCache;
    const coordinator = trinoCommand(toolchain, this.trinoVersion, this.plan.nodes[0].configDirectory, FAST_START_JIT_OPTIONS);
    const classPath = path.join(toolchain.trinoHome, 'lib', '*');
    if (cache && aotCacheUsable(toolchain.trinoJavaHome, cache, classPath, jvmOptionsOf(coordinator.args))) {
      return { options: [...FAST_START_JIT_OPTIONS, ...aotCacheOptions(cache)], description: 'C1 only, AOT cache' };
    }
    return { options: FAST_START_JIT_OPTIONS, description: 'C1 only, no AOT cache' };
  }

  /**
   * Stage 5: the coordinator and the workers, started together; ready when every worker is active and the metastore
   * has created its S3 file system (warmMetastore, while the coordinator registers the workers: it looks for new
   * nodes every 5 seconds, a constant of Trino's, so that takes 5 to 15 s after the last worker has started).
   */
  private async startTrino(): Promise<string> {
    const launch = this.trinoLaunchOptions();
    for (const node of this.plan.nodes) {
      linkDataDirectory(this.options.toolchain, node.configDirectory, node.dataDirectory);
      const { command, args } = trinoCommand(this.options.toolchain, this.trinoVersion, node.configDirectory, launch.options);
      const started = this.processes.start({
        name: node.name,
        command,
        args,
        env: this.trinoEnvironment,
        cwd: node.dataDirectory,
        logFile: this.logFile(node.name),
      });
      this.nodeProcesses.set(node.name, started);
    }
    const coordinator = this.nodeProcesses.get('coordinator')!;
    const trino = this.trino;
    await waitUntil('the coordinator started', () => trino.isStarted(), { timeoutMs: 600 * SECOND, process: coordinator, intervalMs: 250, abort: this.options.abort });
    // The metastore's warm-up needs only the coordinator: it runs while the workers register.
    const warm = this.warmMetastoreStorage(trino);
    warm.catch(() => undefined); // awaited below; a failure of the wait for workers must not leave it unhandled
    const workers = this.plan.nodes.filter((node) => node.role === TrinoRole.WORKER);
    const launched = launch.description ? `; ${launch.description}` : '';
    let active = 0;
    await waitUntil(`${workers.length} workers active`, async () => {
      for (const worker of workers) {
        const process = this.nodeProcesses.get(worker.name)!;
        if (!process.running) {
          const cause = firstError(process.spec.logFile);
          throw new StageFailedError(worker.name, `${worker.name} ${process.describeExit()} before it registered${cause ? `: ${cause}` : ''}`,
            process.spec.logFile);
        }
      }
      try {
        const result = await trino.query("SELECT count(*) FROM system.runtime.nodes WHERE coordinator = false AND state = 'active'");
        active = Number(result.rows[0][0]);
      } catch (error) {
        void messageOf(error);
        active = 0;
      }
      return active >= workers.length;
    }, { timeoutMs: 600 * SECOND, process: coordinator, intervalMs: 500, abort: this.options.abort });
    await warm;
    refuseDeprecatedConfiguration(this.trinoVersion.version, this.plan.nodes.map((node) => ({ name: node.name, logFile: this.logFile(node.name) })));
    return `${this.plan.coordinatorUrl}, ${active} workers active (ports ${workers.map((w) => w.httpPort).join(', ')})${launched}`;
  }
}

/**
 * The command that starts one Trino node: what Trino's launcher (`bin/launcher run --etc-dir=ETC --data-dir=DATA`,
 * the airlift launcher of the release tarball) runs, without the launcher. As it does:
 * - `java -cp <server>/lib/*`, the options of `ETC/jvm.config` (one per line, no shell quoting), then
 *   `-Dlog.levels-file=ETC/log.properties` when that file exists, `-Dconfig=ETC/config.properties`, and each
 *   property of `ETC/node.properties` as `-Dkey=value`, then the main class (ours: TRINO_MAIN_CLASS);
 * - the data directory is the working directory, with `etc` and `plugin` links in it (linkDataDirectory).
 * Plus `--add-modules=jdk.incubator.vector` from 479, which refuses to start without the Vector API ("Trino
 * requires the Vector API to be enabled/linked at runtime"); the library's jvm.config does not carry it.
 * Not reproduced: the launcher's LD_PRELOAD shim that names the process in `ps` (PROCNAME, `trino-server-core`).
 * `launchOptions` (a fast start's, fast-start.ts) come after the rendered options, so that they win.
 */
export function trinoCommand(toolchain: LocalToolchain, version: TrinoVersion, etcDir: string, launchOptions: string[] = []):
{ command: string; args: string[] } {
  const jvmConfig = fs.readFileSync(path.join(etcDir, 'jvm.config'), 'utf8').split('\n')
    .map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#'));
  const nodeProperties = parseProperties(fs.readFileSync(path.join(etcDir, 'node.properties'), 'utf8'));
  const logLevels = path.join(etcDir, 'log.properties');
  return {
    command: path.join(toolchain.trinoJavaHome, 'bin', 'java'),
    args: [
      '-cp', path.join(toolchain.trinoHome, 'lib', '*'),
      ...jvmConfig,
      ...(version.isAtLeast(TrinoVersion.V479) ? ['--add-modules=jdk.incubator.vector'] : []),
      ...launchOptions,
      ...(fs.existsSync(logLevels) ? [`-Dlog.levels-file=${logLevels}`] : []),
      `-Dconfig=${path.join(etcDir, 'config.properties')}`,
      ...Object.entries(nodeProperties).map(([key, value]) => `-D${key}=${value}`),
      TRINO_MAIN_CLASS,
    ],
  };
}

/**
 * What the launcher puts in the data directory, Trino's working directory: links `etc` (to the configuration
 * directory) and `plugin` (to the server's plugin/, where Trino loads its plugins from: `plugin.dir` defaults to
 * `plugin`, relative).
 */
export function linkDataDirectory(toolchain: LocalToolchain, etcDir: string, dataDir: string): void {
  for (const [link, target] of [['etc', etcDir], ['plugin', path.join(toolchain.trinoHome, 'plugin')]]) {
    const at = path.join(dataDir, link);
    fs.rmSync(at, { force: true });
    fs.symlinkSync(target, at);
  }
}

/**
 * A `.properties` file's entries as java.util.Properties reads them (what the launcher passes on): comment lines
 * (`#`, `!`) skipped, the key ends at the first unescaped `=`, `:` or white space, escapes decoded. Lines are not
 * continued with a trailing backslash: the library never writes one.
 */
function parseProperties(text: string): Record<string, string> {
  const unescape = (s: string) => s.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_, c: string) =>
    c.length === 5 ? String.fromCharCode(parseInt(c.slice(1), 16)) : ({ t: '\t', n: '\n', r: '\r', f: '\f' } as Record<string, string>)[c] ?? c);
  const result: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.replace(/^[ \t\f]+/, '');
    if (line === '' || line.startsWith('#') || line.startsWith('!')) continue;
    const match = /^((?:\\.|[^=: \t\f\\])*)[ \t\f]*[=:]?[ \t\f]*(.*)$/.exec(line.replace(/\r$/, ''))!;
    result[unescape(match[1])] = unescape(match[2]);
  }
  return result;
}

/**
 * The metastore creates its S3A file system on the first call that touches storage (a schema's
 * directory). On a busy 2-core machine that took over 30 s, longer than Trino's metastore timeout
 * (hive.metastore-timeout, 10 s): Trino retried, the retries raced, and the first CREATE SCHEMA failed
 * with HIVE_METASTORE_ERROR although the schema was created. So readiness includes one schema created and
 * dropped, retried while the metastore warms up.
 */
async function warmMetastore(trino: TrinoClient, location: string): Promise<void> {
  const schema = 'hive.local_stack_warmup';
  for (let attempt = 1; ; attempt++) {
    try {
      await trino.query(`CREATE SCHEMA IF NOT EXISTS ${schema} WITH (location = '${location}/local_stack_warmup')`);
      break;
    } catch (error) {
      if (attempt >= 5 || !messageOf(error).startsWith('HIVE_METASTORE_ERROR')) throw error;
      await sleep(2000);
    }
  }
  await trino.query(`DROP SCHEMA ${schema}`);
}

function writeFiles(directory: string, files: Record<string, string>): void {
  for (const [relative, content] of Object.entries(files)) {
    const file = path.join(directory, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
}
