// A Trino cluster started alone, without PostgreSQL, the S3 emulator or the metastore: for the end-to-end cases that
// need only the coordinator's own behaviour (sign-in) or the TPC-H generator. The files are the library's, rendered
// as the local stack renders them (planLocalStack: the quickstart's options for the toolchain's release, loopback
// endpoints, workstation-sized nodes), with the catalogs that need storage left out; each node is started as the
// local stack starts it (trinoCommand, linkDataDirectory), plus one launch option that is not in the rendered files:
// `-XX:TieredStopAtLevel=1` (C1 only, the local stack's FAST_FAST_START_JIT_OPTIONS). These clusters check what Trino accepts and answers, not
// how fast it runs; C2 would spend the shared cores optimizing start-up code while the other JVMs wait (measured
// here: a third less CPU per cluster, and starts about a third shorter on two busy cores).
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { interruption, runningClusters } from './e2e-support';
import { FAST_START_JIT_OPTIONS } from '../../local/fast-start';
import { LocalToolchain, linkDataDirectory, trinoCommand } from '../../local/local-stack';
import { LocalStackPlan, LocalTrinoNode, S3_ACCESS_KEY_VARIABLE, S3_SECRET_KEY_VARIABLE, planLocalStack } from '../../local/local-stack-plan';
import { ManagedProcess, ProcessSet } from '../../local/processes';
import { QUICKSTART_TRINO_VERSION } from '../../local/quickstart-settings';
import { StageFailedError, choosePort, firstError, refuseDeprecatedConfiguration, waitUntil } from '../../local/stages';
import { TrinoClient } from '../../local/trino-client';
import { Catalog, TrinoConfigurationOptions, TrinoVersion } from '../../src/trino';

export interface TrinoAloneOptions {
  readonly toolchain: LocalToolchain;
  /** A directory the cluster owns: emptied at start, files, data and logs inside. */
  readonly workDir: string;
  /** Workers to start besides the coordinator (the quickstart waits for one before a query runs). */
  readonly workers: 0 | 1 | 2;
  /**
   * The quickstart's catalogs to render: only those that need no storage (TPC-H), or all of them (Hive and Iceberg
   * are then rendered for a metastore and an S3 emulator that do not run: only right for a start that must fail).
   *
   * @default 'storage-free'
   */
  readonly catalogs?: 'storage-free' | 'all';
  /** What the cluster is for, in its start line (e.g. "password sign-in"). */
  readonly purpose: string;
  /** Changes the options before they are rendered (authentication, ...); the catalogs are already TPC-H only. */
  readonly customize?: (options: TrinoConfigurationOptions) => TrinoConfigurationOptions;
  /** Files the runtime provides beside the rendered ones (the password file), relative to a node's configuration directory. */
  readonly runtimeFiles?: (node: LocalTrinoNode) => Record<string, string>;
  /** JVM options the runtime adds (a trust store), after the rendered jvm.config's. */
  readonly extraJvmOptions?: string[];
  /** Environment the runtime gives the processes besides the shared secret (the OAuth 2.0 client secret). */
  readonly environment?: Record<string, string>;
  /**
   * True once the cluster serves queries (e.g. every worker active, asked through an authenticated client): the
   * coordinator's /v1/info, which needs no authentication, only says it started.
   *
   * @default - ready once the coordinator has started
   */
  readonly ready?: (cluster: TrinoAlone) => Promise<boolean>;
  /** Where the start line goes. */
  readonly print: (line: string) => void;
}

const SECOND = 1000;

/** True for the catalogs TrinoAlone keeps: those that need no storage or metastore. */
function needsNoStorage(catalog: Catalog): boolean {
  return catalog.storageAccess.length === 0 && catalog.metastoreUri === undefined && catalog.glueRegion === undefined;
}

export class TrinoAlone {
  /** Renders and starts the cluster; on failure stops what was started and throws StageFailedError. */
  public static async start(options: TrinoAloneOptions): Promise<TrinoAlone> {
    const cluster = new TrinoAlone(options);
    runningClusters.add(cluster);
    try {
      await cluster.startAll();
    } catch (error) {
      await cluster.stop();
      throw error;
    }
    return cluster;
  }

  public plan!: LocalStackPlan;
  public readonly processes: ProcessSet;
  public readonly logDir: string;
  /** Seconds from the first process started to ready. */
  public startSeconds = 0;
  private readonly nodeProcesses = new Map<string, ManagedProcess>();

  private constructor(private readonly options: TrinoAloneOptions) {
    this.logDir = path.join(options.workDir, 'logs');
    this.processes = new ProcessSet(`${options.workDir.replace(/\/+$/, '')}.processes.json`);
  }

  public get version(): TrinoVersion {
    return this.options.toolchain.trinoVersion ?? QUICKSTART_TRINO_VERSION;
  }

  public get coordinatorUrl(): string {
    return this.plan.coordinatorUrl;
  }

  /** A client of the coordinator (user `trino`, no credentials: for a cluster without authentication). */
  public get trino(): TrinoClient {
    return new TrinoClient(this.coordinatorUrl);
  }

  /** The coordinator as rendered (its files, its configuration). */
  public get coordinator(): LocalTrinoNode {
    return this.plan.nodes[0];
  }

  public logFile(name: string): string {
    return path.join(this.logDir, `${name}.log`);
  }

  public trinoProcess(name: string): ManagedProcess | undefined {
    return this.nodeProcesses.get(name);
  }

  public async stop(): Promise<void> {
    runningClusters.delete(this);
    await this.processes.stopAll();
  }

  private async startAll(): Promise<void> {
    const { workDir, toolchain, workers } = this.options;
    for (const [what, file] of [
      ['Trino server', path.join(toolchain.trinoHome, 'lib')], ['Trino JDK', path.join(toolchain.trinoJavaHome, 'bin', 'java')],
    ]) {
      if (!fs.existsSync(file)) throw new Error(`${what} not found at ${file}: run scripts/local-e2e.sh, which sets it up`);
    }
    ProcessSet.stopLeftovers(`${workDir.replace(/\/+$/, '')}.processes.json`);
    fs.rmSync(workDir, { recursive: true, force: true });
    fs.mkdirSync(this.logDir, { recursive: true });

    // The plan needs a port for everything the local stack runs; only Trino's are listened on here.
    const taken = new Set<number>();
    const pick = () => choosePort(undefined, taken);
    const ports = {
      coordinator: await pick(), workers: [await pick(), await pick()], metastore: await pick(), s3: await pick(), postgres: await pick(),
    };
    const version = this.version;
    const customize = this.options.customize;
    this.plan = planLocalStack({
      workDir,
      ports,
      customize: (quickstart) => {
        const catalogs = this.options.catalogs === 'all' ? quickstart.catalogs : (quickstart.catalogs ?? []).filter(needsNoStorage);
        const trinoOnly = { ...quickstart, version, catalogs };
        return customize ? customize(trinoOnly) : trinoOnly;
      },
    });
    const nodes = this.plan.nodes.slice(0, 1 + workers);
    const environment = {
      JAVA_HOME: toolchain.trinoJavaHome,
      PATH: `${path.join(toolchain.trinoJavaHome, 'bin')}:${process.env.PATH ?? '/usr/bin:/bin'}`,
      NO_COLOR: '1',
      TRINO_INTERNAL_SHARED_SECRET: randomBytes(32).toString('base64'),
      // Referenced by the object-storage catalogs (when rendered): Trino resolves them as it loads the catalog.
      [S3_ACCESS_KEY_VARIABLE]: 'trino-alone',
      [S3_SECRET_KEY_VARIABLE]: randomBytes(24).toString('hex'),
      ...this.options.environment,
    };
    const started = Date.now();
    for (const node of nodes) {
      const files = { ...node.files, ...this.options.runtimeFiles?.(node) };
      for (const [relative, content] of Object.entries(files)) {
        const file = path.join(node.configDirectory, relative);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, content);
      }
      fs.mkdirSync(node.dataDirectory, { recursive: true });
      linkDataDirectory(toolchain, node.configDirectory, node.dataDirectory);
      const { command, args } = trinoCommand(toolchain, version, node.configDirectory);
      const mainClass = args.length - 1;
      const withExtra = [...args.slice(0, mainClass), ...FAST_START_JIT_OPTIONS, ...(this.options.extraJvmOptions ?? []), ...args.slice(mainClass)];
      this.nodeProcesses.set(node.name, this.processes.start({
        name: node.name, command, args: withExtra, env: environment, cwd: node.dataDirectory, logFile: this.logFile(node.name),
      }));
    }
    const nodesStarted = `coordinator${workers > 0 ? ` + ${workers} worker${workers > 1 ? 's' : ''}` : ''}`;
    const label = `trino ${version.version} alone (${nodesStarted}, ${this.options.purpose}; JIT ${FAST_START_JIT_OPTIONS.join(' ')})`;
    const coordinator = this.nodeProcesses.get('coordinator')!;
    try {
      await waitUntil('the coordinator started', async () => {
        try {
          const info = await fetch(`${this.coordinatorUrl}/v1/info`, { signal: AbortSignal.timeout(5 * SECOND) });
          return info.ok && (await info.json() as { starting?: boolean }).starting === false;
        } catch {
          return false;
        }
      }, { timeoutMs: 300 * SECOND, process: coordinator, intervalMs: 500, abort: interruption.signal });
      await waitUntil('the cluster serving queries', async () => {
        for (const node of nodes) {
          const process = this.nodeProcesses.get(node.name)!;
          if (!process.running) {
            const cause = firstError(process.spec.logFile);
            throw new StageFailedError(node.name, `${node.name} ${process.describeExit()}${cause ? `: ${cause}` : ''}`, process.spec.logFile);
          }
        }
        return this.options.ready ? this.options.ready(this).catch(() => false) : true;
      }, { timeoutMs: 300 * SECOND, process: coordinator, intervalMs: 1000, abort: interruption.signal });
      refuseDeprecatedConfiguration(version.version, nodes.map((node) => ({ name: node.name, logFile: this.logFile(node.name) })));
    } catch (error) {
      const failure = error instanceof StageFailedError ? error : new StageFailedError(label, String(error), coordinator.spec.logFile);
      this.options.print(`${label} FAILED after ${((Date.now() - started) / 1000).toFixed(1)}s: ${failure.reason} (log: ${failure.logFile})`);
      throw failure;
    }
    this.startSeconds = (Date.now() - started) / 1000;
    this.options.print(`${label} ready in ${this.startSeconds.toFixed(1)}s: ${this.coordinatorUrl}`);
  }
}
