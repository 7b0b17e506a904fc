import * as fs from 'fs';
import * as net from 'net';
import { ManagedProcess } from './processes';

/** A stage that failed: which, why, and the log that says more. */
export class StageFailedError extends Error {
  constructor(public readonly stage: string, public readonly reason: string, public readonly logFile?: string) {
    super(`${stage}: ${reason}`);
  }
}

/** Runs the stack's stages in order, printing each with its number and time. */
export class StageRunner {
  private index = 0;

  constructor(private readonly total: number, private readonly print: (line: string) => void = (line) => process.stdout.write(`${line}\n`)) {}

  /** Prints a line that belongs to the current stage (indented under it): something the user should know. */
  public note(line: string): void {
    this.print(`    ${line}`);
  }

  /**
   * Runs one stage. `work` returns a short detail for the "ready" line; an error ends the stage (and the
   * caller stops the rest), reported with the stage's name and log.
   */
  public async run(name: string, work: () => Promise<string | undefined>, logFile?: string): Promise<void> {
    this.index++;
    const label = `[${this.index}/${this.total}] ${name}`;
    this.print(`${label} ...`);
    const started = Date.now();
    try {
      const detail = await work();
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      this.print(`${label} ready in ${seconds}s${detail ? `: ${detail}` : ''}`);
    } catch (error) {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      const failure = error instanceof StageFailedError ? error : new StageFailedError(name, messageOf(error), logFile);
      this.print(`${label} FAILED after ${seconds}s: ${failure.reason}`);
      const log = failure.logFile ?? logFile;
      if (log) {
        this.print(`    log: ${log}`);
        const tail = lastLines(log, 15);
        if (tail) this.print(tail.split('\n').map((line) => `    | ${line}`).join('\n'));
      }
      throw new StageFailedError(name, failure.reason, log);
    }
  }
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The last lines of a log file, or undefined when there is none. */
export function lastLines(file: string, count: number): string | undefined {
  try {
    const text = fs.readFileSync(file, 'utf8').trimEnd();
    if (!text) return undefined;
    return text.split('\n').slice(-count).join('\n');
  } catch {
    return undefined;
  }
}

/**
 * Waits until `ready()` is true, polling. Fails when the process it waits for exits (with its exit) or
 * after the timeout.
 */
export async function waitUntil(what: string, ready: () => Promise<boolean>, options: {
  readonly timeoutMs: number;
  readonly process?: ManagedProcess;
  readonly intervalMs?: number;
  /** Ends the wait at once (Ctrl-C during start-up). */
  readonly abort?: AbortSignal;
}): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    if (options.abort?.aborted) {
      throw new StageFailedError(options.process?.spec.name ?? what, 'interrupted', options.process?.spec.logFile);
    }
    if (options.process && !options.process.running) {
      const cause = firstError(options.process.spec.logFile);
      throw new StageFailedError(options.process.spec.name,
        `${options.process.spec.name} ${options.process.describeExit()} before ${what}${cause ? `: ${cause}` : ''}`, options.process.spec.logFile);
    }
    if (await ready()) return;
    if (Date.now() > deadline) {
      throw new StageFailedError(options.process?.spec.name ?? what,
        `${what}: not reached within ${Math.round(options.timeoutMs / 1000)}s`, options.process?.spec.logFile);
    }
    await sleep(options.intervalMs ?? 250);
  }
}

/**
 * The line of a log that says why a process refused to start: Trino's and Guice's numbered
 * configuration errors ("1) Configuration property 'x' was not used"), else the first ERROR line.
 */
export function firstError(logFile: string): string | undefined {
  let text: string;
  try {
    text = fs.readFileSync(logFile, 'utf8');
  } catch {
    return undefined;
  }
  const lines = text.split('\n');
  const numbered = lines.find((line) => /^\d+\) \S/.test(line));
  if (numbered) return numbered.replace(/^\d+\) /, '').trim();
  const error = lines.find((line) => /\bERROR\b/.test(line));
  return error?.replace(/^\S+\s+ERROR\s+/, '').trim().slice(0, 300);
}

/**
 * What Trino logged at start-up as deprecated configuration: airlift's "Configuration property 'x' is deprecated" and
 * "Configuration property 'x' has been replaced. Use 'y' instead." (a warning, not a refusal: the property still
 * works, until a later release removes it). Each message once.
 */
export function deprecationWarnings(logFile: string): string[] {
  let text: string;
  try {
    text = fs.readFileSync(logFile, 'utf8');
  } catch {
    return [];
  }
  const messages = text.split('\n')
    .map((line) => /Configuration property '[^']+' (is deprecated|has been replaced)[^\n]*/.exec(line)?.[0].trim())
    .filter((message): message is string => message !== undefined);
  return [...new Set(messages)];
}

/**
 * Refuses a start in which Trino logged a deprecated property: what the library renders must be what the release
 * reads today, so a deprecation fails the start as a refusal would (StageFailedError, naming the node and its log).
 */
export function refuseDeprecatedConfiguration(release: number, nodes: Array<{ name: string; logFile: string }>): void {
  for (const node of nodes) {
    const warnings = deprecationWarnings(node.logFile);
    if (warnings.length > 0) {
      throw new StageFailedError(node.name, `Trino ${release} logged deprecated configuration on ${node.name}: ${warnings.join('; ')}`, node.logFile);
    }
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** True when something accepts TCP connections on 127.0.0.1:port. */
export function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** True when 127.0.0.1:port can be bound now. */
export function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** The preferred port when it is free, else one the system picks; never one already handed out. */
export async function choosePort(preferred: number | undefined, taken: Set<number>): Promise<number> {
  if (preferred !== undefined && !taken.has(preferred) && await portFree(preferred)) {
    taken.add(preferred);
    return preferred;
  }
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = net.createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const address = server.address() as net.AddressInfo;
        server.close(() => resolve(address.port));
      });
    });
    if (!taken.has(port)) {
      taken.add(port);
      return port;
    }
  }
}
