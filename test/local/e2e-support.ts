// What the end-to-end cases share (test/local/e2e.ts runs them): assertions, the shapes of a case, and the registry of
// what is running, so that Ctrl-C stops it all.
import * as path from 'path';
import { LocalStack, LocalStackOptions, LocalToolchain } from '../../local/local-stack';
import { TrinoClient } from '../../local/trino-client';

export class AssertionError extends Error {}

export function expectEqual(what: string, actual: unknown, expected: unknown): void {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new AssertionError(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
}

export function expectTrue(what: string, condition: boolean, detail = ''): void {
  if (!condition) throw new AssertionError(`${what}${detail ? `: ${detail}` : ''}`);
}

/** Something started that Ctrl-C must stop: a stack, or a Trino cluster a case started alone. */
export interface Stoppable {
  stop(): Promise<void>;
}

/** Started and not yet stopped: Ctrl-C stops them all, also one that a case started for itself. */
export const runningClusters = new Set<Stoppable>();
/** Ctrl-C also interrupts a start in progress (it then stops what it had started). */
export const interruption = new AbortController();

export async function startStack(options: LocalStackOptions): Promise<LocalStack> {
  const stack = await LocalStack.start({ ...options, abort: interruption.signal });
  runningClusters.add(stack);
  return stack;
}

export async function stopStack(stack: Stoppable): Promise<void> {
  runningClusters.delete(stack);
  await stack.stop();
}

/**
 * What a case needs besides Trino's own classes: the plugin folders (`hive`, `iceberg`, `password-authenticators`,
 * ...) of the assembled server. On a release for which Maven Central serves no jars of a plugin, the case is skipped,
 * visibly, naming the artifact (scripts/trino-assemble.sh, TRINO_ASSEMBLE_MISSING=skip).
 */
export interface CaseRequirements {
  readonly plugins?: string[];
  /** Part of the smaller set run on the other releases of the version matrix (scripts/local-e2e.sh --matrix). */
  readonly matrix?: boolean;
  /** Only in that smaller set (a cheaper variant of a case of the full suite). */
  readonly matrixOnly?: boolean;
}

/** A case on the shared stack. */
export interface Case extends CaseRequirements {
  readonly name: string;
  run(stack: LocalStack): Promise<void>;
  /**
   * The case needs only a Trino client (TPC-H, no storage): on a release whose server lacks the plugins of the stack's
   * catalogs it runs on Trino alone (TrinoAlone) instead of being skipped.
   */
  runOnTrino?(trino: TrinoClient): Promise<void>;
}

/** A case that starts a stack (or a Trino cluster) of its own, run after the shared stack has stopped. */
export interface OwnStackCase extends CaseRequirements {
  readonly name: string;
  run(toolchain: LocalToolchain, workDir: string): Promise<void>;
}

/** The checkout (the scripts say where: LOCAL_STACK_ROOT; compiled, these files are five levels below it). */
export function repoRoot(): string {
  return process.env.LOCAL_STACK_ROOT ?? path.resolve(__dirname, '..', '..', '..', '..', '..');
}

/** The row count the TPC-H generator reports for a table (SHOW STATS: no rows are generated). */
export async function generatorRowCount(trino: TrinoClient, table: string): Promise<number> {
  const stats = await trino.query(`SHOW STATS FOR ${table}`);
  const summary = stats.rows.find((row) => row[0] === null);
  return Number(summary?.[stats.columns.indexOf('row_count')]);
}

/** A task of a query: `<query>.<stage>.<partition>.<attempt>`, where it ran and how it ended. */
export interface TaskOutcome {
  readonly taskId: string;
  readonly attempt: number;
  readonly node: string;
  readonly state: string;
}

/** What the coordinator says about a finished query (GET /v1/query/{id}): its retry policy and every task attempt. */
export async function queryInfo(stack: LocalStack, queryId: string): Promise<{ retryPolicy: string; tasks: TaskOutcome[] }> {
  const response = await fetch(`${stack.plan.coordinatorUrl}/v1/query/${queryId}`, { headers: { 'X-Trino-User': 'trino' } });
  const body = await response.json() as { retryPolicy?: string };
  const tasks: TaskOutcome[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      value.forEach(visit);
    } else if (value !== null && typeof value === 'object') {
      const status = (value as { taskStatus?: { taskId?: string; nodeId?: string; state?: string } }).taskStatus;
      if (status?.taskId) {
        tasks.push({ taskId: status.taskId, attempt: Number(status.taskId.split('.').pop()), node: String(status.nodeId), state: String(status.state) });
      }
      Object.values(value).forEach(visit);
    }
  };
  visit(body);
  return { retryPolicy: String(body.retryPolicy), tasks };
}

/** On Ctrl-C or SIGTERM: says so, stops every running stack and cluster (interrupting the starts), then exits 130. */
export function stopStacksOnSignal(print: (line: string) => void): void {
  const onSignal = () => {
    print('interrupted: stopping the stacks');
    interruption.abort();
    void Promise.all([...runningClusters].map((started) => started.stop())).then(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
