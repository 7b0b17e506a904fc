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
  /**
   * The modelled S3 faults (see moto_server.py): a share of requests answered with 503 SlowDown, 500 InternalError
   * or a dropped connection instead of being served.
   *
   * @default - no faults
   */
  readonly faults?: S3FaultModel;
  /** S3 buckets created (path-style PUT) once the server answers. */
  readonly buckets?: string[];
  /** @default 60 s */
  readonly timeoutMs?: number;
  /** Ends the wait for the server at once. */
  readonly abort?: AbortSignal;
}

/** The faults moto_server.py can answer a request with instead of serving it. */
export const S3_FAULT_KINDS = ['slowdown', 'internal', 'drop'] as const;
export type S3FaultKind = typeof S3_FAULT_KINDS[number];

/** The emulator's fault model: each request independently gets a fault with probability `rate`, of one of `kinds`. */
export interface S3FaultModel {
  /** The share of requests, from 0 to 1 (0.05: 5%). */
  readonly rate: number;
  /** @default - all of S3_FAULT_KINDS */
  readonly kinds?: S3FaultKind[];
}

/** What the emulator injected so far (GET /_fault-model). */
export interface S3FaultCounts {
  readonly rate: number;
  readonly faults: S3FaultKind[];
  /** Requests seen (the control path's excepted). */
  readonly requests: number;
  /** Faults injected, per kind. */
  readonly injected: Record<S3FaultKind, number>;
}

/** `--fault-rate R --faults K,K` for the launcher (none when the rate is 0). */
export function faultArguments(faults: S3FaultModel | undefined): string[] {
  if (!faults || faults.rate <= 0) return [];
  return ['--fault-rate', String(faults.rate), '--faults', (faults.kinds ?? [...S3_FAULT_KINDS]).join(',')];
}

/** Changes the fault model of a running emulator; resolves with its counts so far. Rejects with the emulator's reason. */
export async function setS3Faults(endpoint: string, faults: S3FaultModel): Promise<S3FaultCounts> {
  const query = `rate=${faults.rate}&faults=${(faults.kinds ?? [...S3_FAULT_KINDS]).join(',')}`;
  const response = await fetch(`${endpoint}/_fault-model?${query}`, { method: 'PUT' });
  if (!response.ok) throw new Error(`the S3 emulator refused the fault model: ${await response.text()}`);
  return await response.json() as S3FaultCounts;
}

/** What the emulator injected so far. */
export async function s3FaultCounts(endpoint: string): Promise<S3FaultCounts> {
  const response = await fetch(`${endpoint}/_fault-model`);
  if (!response.ok) throw new Error(`GET /_fault-model: HTTP ${response.status}`);
  return await response.json() as S3FaultCounts;
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
 * first-byte latency when `firstByteLatencyMs` is above 0, and its fault model when `faults` has a rate above 0.
 */
export function motoArguments(launcher: string, port: number, firstByteLatencyMs = 0, faults?: S3FaultModel): string[] {
  const latency = firstByteLatencyMs > 0 ? ['--first-byte-latency-ms', String(firstByteLatencyMs)] : [];
  return [launcher, '-H', '127.0.0.1', '-p', String(port), ...latency, ...faultArguments(faults)];
}

/** Starts moto's server in the set, waits until it answers, then creates the buckets asked for. */
export async function startMoto(processes: ProcessSet, options: MotoOptions): Promise<MotoServer> {
  const moto = processes.start({
    name: options.name ?? 'moto',
    command: options.python,
    args: motoArguments(options.launcher, options.port, options.firstByteLatencyMs, options.faults),
    logFile: options.logFile,
  });
  await waitUntil(`${options.label ?? 'moto'} answering`, () => portOpen(options.port),
    { timeoutMs: options.timeoutMs ?? 60_000, process: moto, abort: options.abort });
  const endpoint = `http://127.0.0.1:${options.port}`;
  for (const bucket of options.buckets ?? []) {
    // Retried as an SDK would, when the fault model answered instead of moto (a 5xx or a dropped connection).
    for (let attempt = 1; ; attempt++) {
      const response = await fetch(`${endpoint}/${bucket}`, { method: 'PUT' }).catch((error: Error) => error);
      if (response instanceof Response && response.ok) break;
      const faulted = !(response instanceof Response) || response.status >= 500;
      if (!faulted || attempt >= 10) {
        const reason = response instanceof Response ? `HTTP ${response.status} ${await response.text()}` : response.message;
        throw new Error(`creating bucket ${bucket}: ${reason}`);
      }
    }
  }
  return { process: moto, port: options.port, endpoint };
}
