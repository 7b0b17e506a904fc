import { Duration } from 'aws-cdk-lib';
import { trinoSeconds } from './trino-units';
import { describeSeconds, wholeSeconds } from '../private/units';
import { propError, validateTcpPort } from '../private/validation';

/** The spot interruption notice EC2 gives before reclaiming an instance. */
const SPOT_NOTICE_SECONDS = 120;

/** The user the preStop request runs as, and the only one the worker access rules let shut a worker down. */
export const SHUTDOWN_USER = 'admin';

/** What a worker's graceful shutdown must wait for. */
export interface GracefulShutdownOptions {
  /**
   * Trino's `shutdown.grace-period`: how long a worker that was asked to shut down keeps serving before it
   * waits for its tasks, and again after they finished. It gives the coordinator time to see the worker is
   * SHUTTING_DOWN (node states refresh every few seconds) and stop scheduling on it, and downstream tasks
   * time to fetch the last results.
   *
   * @default Duration.seconds(30)
   */
  readonly gracePeriod?: Duration;

  /**
   * The longest a task is expected to run: a worker waits for its running tasks before exiting.
   *
   * @default Duration.minutes(5)
   */
  readonly longestTask?: Duration;

  /**
   * Extra time for the JVM to stop and for clock skew between the kubelet and Trino.
   *
   * @default Duration.seconds(30)
   */
  readonly margin?: Duration;

  /**
   * The pod's `terminationGracePeriodSeconds`, when it is set by someone else (it must hold the budget).
   *
   * @default - 2 × gracePeriod + longestTask + margin
   */
  readonly terminationGracePeriod?: Duration;
}

/** What the budget is computed from: the shutdown options, and where the preStop request goes. */
export interface GracefulShutdownBudgetOptions extends GracefulShutdownOptions {
  /**
   * The worker's HTTP port, which the preStop request is sent to on localhost.
   *
   * @default 8080
   */
  readonly httpPort?: number;
}

/** The HTTP request that asks a worker to shut down gracefully. */
export interface ShutdownRequest {
  /** `PUT`. */
  readonly method: string;
  /** `http://localhost:<port>/v1/info/state`. */
  readonly url: string;
  /** `Content-Type: application/json` and `X-Trino-User: admin`. */
  readonly headers: Record<string, string>;
  /** The JSON string `"SHUTTING_DOWN"`, quotes included. */
  readonly body: string;
}

/**
 * The time budget of a worker's graceful shutdown, computed and checked in one place.
 *
 * On `PUT /v1/info/state "SHUTTING_DOWN"` a Trino worker sleeps `shutdown.grace-period`, waits for its
 * active tasks, sleeps the grace period again and exits (admin/graceful-shutdown.html; a real 476 worker with
 * a 5 s grace period and no tasks exited 10 s after the request). Kubernetes kills
 * the pod `terminationGracePeriodSeconds` after it started terminating, preStop hook included, so:
 *
 *   terminationGracePeriod ≥ 2 × gracePeriod + longestTask + margin
 *
 * The official chart only checks `terminationGracePeriodSeconds ≥ 2 × gracePeriodSeconds`, which leaves no
 * time for tasks; that rule is implied by this one. The preStop hook is the chart's
 * (templates/deployment-worker.yaml): a `curl` PUT as user `admin` to `http://localhost:<port>/v1/info/state`,
 * then `tail --pid=1 -f /dev/null` so the hook lasts as long as Trino (PID 1 in the image) and the kubelet's
 * SIGTERM, which would end the JVM at once, comes only when Trino is already gone. Here curl runs with `-f`
 * and `&&`: when the request is refused (e.g. access rules missing) the hook ends and the failure shows as a
 * FailedPreStopHook event instead of a silent wait until the pod is killed.
 */
export class GracefulShutdownBudget {
  /** Computes the budget and checks a given terminationGracePeriod against it. */
  public static compute(options: GracefulShutdownBudgetOptions = {}): GracefulShutdownBudget {
    const construct = 'GracefulShutdown';
    const grace = wholeSeconds(options.gracePeriod ?? Duration.seconds(30), construct, 'gracePeriod');
    const task = wholeSeconds(options.longestTask ?? Duration.minutes(5), construct, 'longestTask');
    const margin = wholeSeconds(options.margin ?? Duration.seconds(30), construct, 'margin');
    const port = options.httpPort ?? 8080;
    if (grace < 1) {
      throw propError(construct, 'gracePeriod', describeSeconds(grace),
        'must be at least 1 second: the coordinator needs time to see the worker is shutting down');
    }
    validateTcpPort(construct, 'httpPort', port);

    const required = 2 * grace + task + margin;
    let termination = required;
    if (options.terminationGracePeriod !== undefined) {
      termination = wholeSeconds(options.terminationGracePeriod, construct, 'terminationGracePeriod');
      if (termination < 2 * grace) {
        throw propError(construct, 'terminationGracePeriod', describeSeconds(termination),
          `must be at least 2 × gracePeriod (${describeSeconds(grace)}) = ${describeSeconds(2 * grace)}, ` +
          'the time a worker spends in its two grace periods alone; raise terminationGracePeriod or lower gracePeriod');
      }
      if (termination < required) {
        throw propError(construct, 'terminationGracePeriod', describeSeconds(termination),
          `must hold 2 × gracePeriod (${describeSeconds(grace)}) + longestTask (${describeSeconds(task)}) + margin ` +
          `(${describeSeconds(margin)}) = ${describeSeconds(required)}, or running tasks are killed; ` +
          'raise terminationGracePeriod or lower gracePeriod or longestTask');
      }
    }
    return new GracefulShutdownBudget(grace, task, margin, termination, port);
  }

  /** Trino's `shutdown.grace-period`. */
  public readonly gracePeriod: Duration;
  /** The longest task the budget waits for. */
  public readonly longestTask: Duration;
  /** The margin in the budget. */
  public readonly margin: Duration;
  /** The pod's `terminationGracePeriodSeconds` (also the least Karpenter NodePool `terminationGracePeriod`). */
  public readonly terminationGracePeriod: Duration;
  /** `terminationGracePeriodSeconds` as the pod spec wants it. */
  public readonly terminationGracePeriodSeconds: number;
  /** The value of `shutdown.grace-period` in config.properties, e.g. `30s`. */
  public readonly shutdownGracePeriodProperty: string;
  /** True when the whole budget fits the two-minute spot interruption notice. */
  public readonly fitsSpotInterruptionNotice: boolean;
  /** The warning to show when workers run on spot capacity and the budget does not fit the notice. */
  public readonly spotInterruptionWarning?: string;
  /** The request that starts the shutdown. */
  public readonly shutdownRequest: ShutdownRequest;
  /** The worker container's preStop exec command. */
  public readonly preStopCommand: string[];

  private constructor(grace: number, task: number, margin: number, termination: number, port: number) {
    this.gracePeriod = Duration.seconds(grace);
    this.longestTask = Duration.seconds(task);
    this.margin = Duration.seconds(margin);
    this.terminationGracePeriod = Duration.seconds(termination);
    this.terminationGracePeriodSeconds = termination;
    this.shutdownGracePeriodProperty = trinoSeconds(grace);
    this.fitsSpotInterruptionNotice = termination <= SPOT_NOTICE_SECONDS;
    if (!this.fitsSpotInterruptionNotice) {
      this.spotInterruptionWarning =
        `GracefulShutdown: the worker shutdown budget (${describeSeconds(termination)}: 2 × gracePeriod ${describeSeconds(grace)} + ` +
        `longestTask ${describeSeconds(task)} + margin ${describeSeconds(margin)}) is longer than the two-minute ` +
        'spot interruption notice, so tasks still running when a spot worker is reclaimed fail with it. ' +
        'Use retryPolicy TASK (with an exchange location) so they are retried, lower longestTask and gracePeriod, or run workers on on-demand capacity.';
    }
    this.shutdownRequest = {
      method: 'PUT',
      url: `http://localhost:${port}/v1/info/state`,
      headers: { 'Content-Type': 'application/json', 'X-Trino-User': SHUTDOWN_USER },
      body: '"SHUTTING_DOWN"',
    };
    this.preStopCommand = [
      '/bin/sh',
      '-c',
      `curl -fsS -X PUT -H 'Content-Type: application/json' -H 'X-Trino-User: ${SHUTDOWN_USER}' ` +
      `-d '"SHUTTING_DOWN"' http://localhost:${port}/v1/info/state && tail --pid=1 -f /dev/null`,
    ];
  }
}

/**
 * The worker's file-based access control rules: user `admin` may write system information, which is what
 * `PUT /v1/info/state` needs. The same rule the official chart renders
 * (templates/configmap-access-control-worker.yaml); workers authorize nothing else, queries are
 * authorized on the coordinator.
 */
export function gracefulShutdownRules(): string {
  return `${JSON.stringify({ system_information: [{ allow: ['write'], user: SHUTDOWN_USER }] }, undefined, 2)}\n`;
}

/** Where the worker's rules file lives, relative to Trino's configuration directory (the chart's layout). */
export const GRACEFUL_SHUTDOWN_RULES_FILE = 'access-control/graceful-shutdown-rules.json';
