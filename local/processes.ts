import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';

/** How to start one long-running process of the stack. */
export interface ProcessSpec {
  /** Short name, e.g. `metastore`; also the log file's name. */
  readonly name: string;
  readonly command: string;
  readonly args: string[];
  /** Variables added to this process's environment (secrets go here, never into files). */
  readonly env?: Record<string, string>;
  readonly cwd?: string;
  /** Where stdout and stderr go. */
  readonly logFile: string;
  /**
   * The signal that stops it cleanly (PostgreSQL: SIGINT, its "fast" shutdown).
   *
   * @default 'SIGTERM'
   */
  readonly stopSignal?: NodeJS.Signals;
}

/** A started process: its own process group, so that stopping it stops everything it started. */
export class ManagedProcess {
  public readonly exited: Promise<number | null>;
  public exitCode: number | null | undefined = undefined;
  public exitSignal: NodeJS.Signals | null = null;
  private readonly child: ChildProcess;

  constructor(public readonly spec: ProcessSpec) {
    const log = fs.openSync(spec.logFile, 'a');
    this.child = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: { ...process.env, ...spec.env },
      stdio: ['ignore', log, log],
      detached: true, // a new process group: Ctrl-C reaches only us, and we stop the group in order
    });
    fs.closeSync(log);
    this.exited = new Promise((resolve) => {
      this.child.on('exit', (code, signal) => {
        this.exitCode = code;
        this.exitSignal = signal;
        resolve(code);
      });
      this.child.on('error', (error) => {
        fs.appendFileSync(spec.logFile, `\n[local-stack] could not start ${spec.command}: ${error.message}\n`);
        this.exitCode = 127;
        resolve(127);
      });
    });
  }

  public get pid(): number | undefined {
    return this.child.pid;
  }

  public get running(): boolean {
    return this.exitCode === undefined;
  }

  /** How it ended, for messages. */
  public describeExit(): string {
    if (this.exitSignal) return `was killed by ${this.exitSignal}`;
    return `exited with code ${this.exitCode}`;
  }

  /** Sends a signal to the whole process group. */
  public signal(signal: NodeJS.Signals): void {
    if (this.pid === undefined) return;
    try {
      process.kill(-this.pid, signal);
    } catch {
      // The group is already gone.
    }
  }

  /** Stops the process group: the clean signal, then SIGKILL after the timeout. */
  public async stop(timeoutMs = 20000): Promise<void> {
    if (this.pid === undefined) return;
    this.signal(this.spec.stopSignal ?? 'SIGTERM');
    const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), timeoutMs).unref());
    if (this.running && await Promise.race([this.exited, timer]) === 'timeout') {
      this.signal('SIGKILL');
      await this.exited;
    }
    // Children that outlived the group leader (e.g. a JVM behind a wrapper script) go too.
    this.signal('SIGKILL');
  }
}

/** A started process group as recorded on disk: enough to recognise it after a crash. */
interface RecordedProcess {
  readonly name: string;
  readonly pid: number;
  readonly command: string;
}

/**
 * Every process the stack started, stopped in reverse order of start. With a record file, each start is
 * written down, so that a run whose orchestrator was killed outright (SIGKILL: no chance to stop its
 * children) has its process groups stopped by the next run over the same directory.
 */
export class ProcessSet {
  /**
   * Stops the process groups a record file names that are still running the recorded command (a pid
   * reused by an unrelated process is left alone). Returns the names of those stopped.
   */
  public static stopLeftovers(recordFile: string): string[] {
    let recorded: RecordedProcess[];
    try {
      recorded = JSON.parse(fs.readFileSync(recordFile, 'utf8')) as RecordedProcess[];
    } catch {
      return [];
    }
    const stopped: string[] = [];
    for (const entry of recorded) {
      let commandLine = '';
      try {
        commandLine = fs.readFileSync(`/proc/${entry.pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      } catch {
        continue; // gone
      }
      if (!commandLine.includes(entry.command)) continue;
      try {
        process.kill(-entry.pid, 'SIGKILL');
        stopped.push(entry.name);
      } catch {
        // Already gone.
      }
    }
    fs.rmSync(recordFile, { force: true });
    return stopped;
  }

  private readonly processes: ManagedProcess[] = [];

  constructor(private readonly recordFile?: string) {}

  public start(spec: ProcessSpec): ManagedProcess {
    const started = new ManagedProcess(spec);
    this.processes.push(started);
    this.record();
    return started;
  }

  private record(): void {
    if (!this.recordFile) return;
    const records: RecordedProcess[] = this.processes.filter((p) => p.pid !== undefined)
      .map((p) => ({ name: p.spec.name, pid: p.pid!, command: p.spec.command }));
    fs.writeFileSync(this.recordFile, JSON.stringify(records));
  }

  /** Starts a process in the place of one that has exited (a restart keeps its place in the stop order). */
  public replace(old: ManagedProcess, spec: ProcessSpec): ManagedProcess {
    const index = this.processes.indexOf(old);
    if (index < 0) throw new Error(`${old.spec.name} is not one of this set's processes`);
    const started = new ManagedProcess(spec);
    this.processes[index] = started;
    this.record();
    return started;
  }

  public get all(): ManagedProcess[] {
    return [...this.processes];
  }

  /** Stops everything, newest first (Trino before the metastore before its database). */
  public async stopAll(onStop?: (name: string) => void): Promise<void> {
    while (this.processes.length > 0) {
      const last = this.processes.pop()!;
      if (last.running || last.pid !== undefined) {
        onStop?.(last.spec.name);
        await last.stop();
      }
    }
    if (this.recordFile) fs.rmSync(this.recordFile, { force: true });
  }
}
