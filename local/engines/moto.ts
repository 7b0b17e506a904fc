import * as path from 'path';
import { ManagedProcess, ProcessSet } from '../processes';
import { portOpen, waitUntil } from '../stages';

export interface MotoOptions {
  /** The virtualenv's `python` (the one next to `moto_server`): it runs the launcher. */
  readonly python: string;
  /** local/moto_server.py: moto's server without "100 Continue" responses, with an optional latency model. */
  readonly launcher: string;
  /** The port on 127.0.0.1. */
  readonly port: number;
  readonly logFile: string;
  /**
   * The process's name in the ProcessSet.
   *
   * @default 'moto'
   */
  readonly name?: string;
  /**
   * What the wait's messages call it (`<label> answering`).
   *
   * @default 'moto'
   */
  readonly label?: string;
  /**
   * The modelled first-byte latency of every request, in milliseconds (see moto_server.py).
   *
   * @default 0: the emulator answers as fast as it can
   */
  readonly firstByteLatencyMs?: number;
  /** S3 buckets created (path-style PUT) once the server answers. */
  readonly buckets?: string[];
  /** @default 60 s */
  readonly timeoutMs?: number;
  /** Ends the wait for the server at once. */
  readonly abort?: AbortSignal;
}

/** A running moto server: S3, Secrets Manager, IAM, … on one endpoint. */
export interface MotoServer {
  readonly process: ManagedProcess;
  readonly port: number;
  /** `http://127.0.0.1:<port>`. */
  readonly endpoint: string;
}

/** The virtualenv's `python` beside its `moto_server` executable. */
export function pythonBesideMotoServer(motoServer: string): string {
  return path.join(path.dirname(motoServer), 'python');
}

/**
 * The arguments that start moto on 127.0.0.1:`port` through the launcher (local/moto_server.py), with its modelled
 * first-byte latency when `firstByteLatencyMs` is above 0.
 */
export function motoArguments(launcher: string, port: number, firstByteLatencyMs = 0): string[] {
  const latency = firstByteLatencyMs > 0 ? ['--first-byte-latency-ms', String(firstByteLatencyMs)] : [];
  return [launcher, '-H', '127.0.0.1', '-p', String(port), ...latency];
}

/** Starts moto's server in the set, waits until it answers, then creates the buckets asked for. */
export async function startMoto(processes: ProcessSet, options: MotoOptions): Promise<MotoServer> {
  const moto = processes.start({
    name: options.name ?? 'moto',
    command: options.python,
    args: motoArguments(options.launcher, options.port, options.firstByteLatencyMs),
    logFile: options.logFile,
  });
  await waitUntil(`${options.label ?? 'moto'} answering`, () => portOpen(options.port),
    { timeoutMs: options.timeoutMs ?? 60_000, process: moto, abort: options.abort });
  const endpoint = `http://127.0.0.1:${options.port}`;
  for (const bucket of options.buckets ?? []) {
    const response = await fetch(`${endpoint}/${bucket}`, { method: 'PUT' });
    if (!response.ok) {
      throw new Error(`creating bucket ${bucket}: HTTP ${response.status} ${await response.text()}`);
    }
  }
  return { process: moto, port: options.port, endpoint };
}
