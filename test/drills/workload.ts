// The drills' load: clients that run statements of a class in a loop until a deadline or a request budget, and what
// they saw (outcomes per class, the names of the errors, latencies), so that every drill has a bounded duration and
// request count and reports figures, not impressions.
import { messageOf } from '../../local/stages';
import { QueryFailedError, TrinoClient } from '../../local/trino-client';

/** One statement a client ran and how it ended. */
export interface Outcome {
  readonly statementClass: string;
  readonly startedAt: number;
  readonly endedAt: number;
  /** Undefined when it succeeded; else Trino's error name, or what the HTTP client saw (`connection refused`, …). */
  readonly error?: string;
}

/** Every outcome of a workload, in order of completion. */
export class Tally {
  public readonly outcomes: Outcome[] = [];

  /** Runs `run`, recording its class, its time and how it ended; never throws. Resolves with the error, if any. */
  public async time(statementClass: string, run: () => Promise<unknown>): Promise<string | undefined> {
    const startedAt = Date.now();
    let error: string | undefined;
    try {
      await run();
    } catch (failure) {
      error = errorName(failure);
    }
    this.outcomes.push({ statementClass, startedAt, endedAt: Date.now(), error });
    return error;
  }

  public get completed(): number {
    return this.outcomes.filter((o) => o.error === undefined).length;
  }

  public get failed(): Outcome[] {
    return this.outcomes.filter((o) => o.error !== undefined);
  }

  /** `NAME ×count, …` of the failures, most frequent first ('none' when nothing failed). */
  public errorSummary(outcomes: Outcome[] = this.failed): string {
    const counts = new Map<string, number>();
    for (const o of outcomes) counts.set(o.error!, (counts.get(o.error!) ?? 0) + 1);
    const sorted = [...counts.entries()].sort((a, b) => b[1] - a[1]);
    return sorted.length === 0 ? 'none' : sorted.map(([name, n]) => `${name} ×${n}`).join(', ');
  }

  /** Per class: completed, failed, p50 and p95 of the completed statements' latency. */
  public byClass(): ClassFigures[] {
    const classes = [...new Set(this.outcomes.map((o) => o.statementClass))];
    return classes.map((name) => {
      const of = this.outcomes.filter((o) => o.statementClass === name);
      const latencies = of.filter((o) => o.error === undefined).map((o) => o.endedAt - o.startedAt).sort((a, b) => a - b);
      return {
        name,
        completed: latencies.length,
        failed: of.length - latencies.length,
        p50Ms: percentile(latencies, 0.5),
        p95Ms: percentile(latencies, 0.95),
        errors: this.errorSummary(of.filter((o) => o.error !== undefined)),
      };
    });
  }
}

export interface ClassFigures {
  readonly name: string;
  readonly completed: number;
  readonly failed: number;
  readonly p50Ms?: number;
  readonly p95Ms?: number;
  readonly errors: string;
}

/** The nearest-rank percentile of sorted values (undefined when there are none). */
export function percentile(sorted: number[], fraction: number): number | undefined {
  if (sorted.length === 0) return undefined;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))];
}

/**
 * What a client can tell about a failure: Trino's error name (EXCEEDED_GLOBAL_MEMORY_LIMIT, HIVE_METASTORE_ERROR, …),
 * else the cause of the HTTP client's failure (ECONNREFUSED when the coordinator is down, HTTP 5xx, …).
 */
export function errorName(error: unknown): string {
  if (error instanceof QueryFailedError) return error.errorName;
  const cause = (error as { cause?: { code?: string } }).cause;
  if (cause?.code) return cause.code;
  const message = messageOf(error);
  const http = /: HTTP (\d{3})/.exec(message);
  if (http) return `HTTP ${http[1]}`;
  return message.split('\n')[0].slice(0, 80);
}

/** How long a workload may run: until `deadline` (epoch ms) or after `maxRequests` statements, whichever comes first. */
export interface Bounds {
  readonly deadline: number;
  readonly maxRequests: number;
}

/**
 * Runs `clients` loops at once; each picks its next statement with `next(client, iteration)` and runs it through
 * the tally, until the bounds are reached or `stop()` returns true. Resolves when every loop has ended.
 */
export async function runClients(tally: Tally, clients: number, bounds: Bounds,
  next: (client: number, iteration: number) => { statementClass: string; run: () => Promise<unknown> },
  stop: () => boolean = () => false, pauseMs = 0): Promise<void> {
  let issued = 0;
  const loop = async (client: number) => {
    for (let iteration = 0; !stop() && Date.now() < bounds.deadline && issued < bounds.maxRequests; iteration++) {
      issued++;
      const statement = next(client, iteration);
      await tally.time(statement.statementClass, statement.run);
      if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  };
  await Promise.all(Array.from({ length: clients }, (_, client) => loop(client)));
}

/** The first statement of `trino` that succeeds, polled every `intervalMs` until `timeoutMs`: its end time, or undefined. */
export async function firstSuccess(trino: TrinoClient, sql: string, timeoutMs: number, intervalMs = 250): Promise<number | undefined> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      await trino.query(sql, Math.max(1000, deadline - Date.now()));
      return Date.now();
    } catch {
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
  return undefined;
}

/** Milliseconds as seconds with one decimal (`-` when undefined). */
export function seconds(ms: number | undefined): string {
  return ms === undefined ? '-' : `${(ms / 1000).toFixed(1)}s`;
}
