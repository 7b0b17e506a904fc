import { Duration, Size } from 'aws-cdk-lib';
import { GracefulShutdownBudget } from './graceful-shutdown';
import { TrinoMemory } from './memory-sizing';
import { trinoDataSize, trinoSeconds } from './trino-units';
import { describeMebibytes, wholeMebibytes, wholeSeconds } from '../private/units';
import { propError, validateWholeNumber } from '../private/validation';

/** The two kinds of Trino process. */
export enum TrinoRole {
  /** Plans queries, schedules tasks, serves clients; runs no tasks itself. */
  COORDINATOR = 'COORDINATOR',
  /** Runs tasks. */
  WORKER = 'WORKER',
}

/** What Trino retries when a query or a task fails (admin/fault-tolerant-execution.html). */
export enum RetryPolicy {
  /** No retries: a failure fails the query. */
  NONE = 'NONE',
  /** Retry the whole query; suits many small queries. An exchange location is recommended for large result sets. */
  QUERY = 'QUERY',
  /** Retry failed tasks; needs an exchange location, where task output is spooled. Suits long batch queries and spot workers. */
  TASK = 'TASK',
}

/** Lets the cluster run with no workers and start queries once workers come up. */
export interface ScaleToZeroOptions {
  /**
   * Workers that must be active before a query starts (`query-manager.required-workers`).
   *
   * @default 1
   */
  readonly requiredWorkers?: number;

  /**
   * How long a query waits for them before it fails with "Insufficient active worker nodes"
   * (`query-manager.required-workers-max-wait`): node provisioning, image pull and Trino startup.
   *
   * @default Duration.minutes(5)
   */
  readonly maxWait?: Duration;
}

/** Spilling of operator state to local disk when memory runs short (admin/properties-spilling.html). */
export interface SpillOptions {
  /** Directory on a local disk dedicated to spill (not the one the JVM logs to), e.g. `/data/spill`. */
  readonly path: string;

  /**
   * Spill space all queries may use on one worker (`max-spill-per-node`).
   *
   * @default - Trino's default, 100 GB
   */
  readonly maxPerNode?: Size;

  /**
   * Spill space one query may use on one worker (`query-max-spill-per-node`).
   *
   * @default - Trino's default, 100 GB
   */
  readonly maxPerQueryPerNode?: Size;
}

/** Everything `config.properties` is made of, resolved and validated. */
export interface ServerConfigInput {
  readonly role: TrinoRole;
  readonly httpPort: number;
  readonly discoveryUri: string;
  readonly memory: TrinoMemory;
  readonly queryMaxMemory: Size;
  readonly sharedSecretEnvironmentVariable: string;
  readonly retryPolicy: RetryPolicy;
  readonly gracefulShutdown?: GracefulShutdownBudget;
  readonly scaleToZero?: ResolvedScaleToZero;
  readonly spill?: ResolvedSpill;
  /** Client authentication of the coordinator (`PASSWORD` or `OAUTH2`), when on. */
  readonly authenticationType?: string;
  /** With OAUTH2: the coordinator's OAuth 2.0 properties. */
  readonly oauth2Properties?: Record<string, string>;
  /** The coordinator trusts the forwarded headers of a TLS-terminating load balancer. */
  readonly processForwarded?: boolean;
  /** The fixed user of management requests over plain HTTP (with client authentication). */
  readonly managementUser?: string;
}

export interface ResolvedScaleToZero {
  readonly requiredWorkers: number;
  readonly maxWaitSeconds: number;
}

export interface ResolvedSpill {
  readonly path: string;
  readonly maxPerNodeMib?: number;
  readonly maxPerQueryPerNodeMib?: number;
}

/**
 * `config.properties` for a role (installation/deployment.html "Config properties",
 * admin/properties-*.html).
 *
 * - Both roles: `coordinator`, `http-server.http.port`, `discovery.uri`, the memory properties of the memory
 *   rule, `query.max-memory` (the chart renders it on both), and `internal-communication.shared-secret` as
 *   `${ENV:NAME}`: Trino substitutes environment variables in every properties file (security/secrets.html),
 *   so the secret is never in a file, a ConfigMap or a Helm value.
 * - `retry-policy` on both roles when it is not NONE.
 * - Spill: `spill-enabled` and `query-max-spill-per-node` are also session property defaults, so they go to
 *   both roles (queries are planned on the coordinator); `spiller-spill-path` and `max-spill-per-node` only to
 *   workers, which run the tasks that spill (Trino 476 starts a coordinator with `spill-enabled=true` and no
 *   path, and creates a missing spill directory at startup: checked on a real server).
 * - Coordinator only: `node-scheduler.include-coordinator=false` (tasks never run on the coordinator) and,
 *   for scale to zero, `query-manager.required-workers` and `query-manager.required-workers-max-wait`
 *   (queries wait for workers instead of failing with "Insufficient active worker nodes").
 * - Workers only: `shutdown.grace-period` when graceful shutdown is on (it is a worker mechanism).
 * - Coordinator only, behind a TLS-terminating load balancer: `http-server.process-forwarded=true`, so that
 *   `X-Forwarded-Proto: https` makes a request secure (Trino takes passwords only over HTTPS, security/tls.html);
 *   with password authentication `http-server.authentication.type=PASSWORD` (security/password-file.html), with
 *   OAuth 2.0 `OAUTH2` and its `http-server.authentication.oauth2.*` properties (security/oauth2.html), and,
 *   for the deployment's own in-cluster management reads (KEDA's `/metrics`), `management.user`: Trino 476 behind
 *   a TLS proxy refuses unauthenticated HTTP requests, and this fixed user is the only identity plain HTTP gets
 *   (management endpoints only; checked on a real 476 coordinator).
 *   Workers authenticate nobody: clients only talk to the coordinator, nodes to each other with the shared secret.
 */
export function serverConfigProperties(input: ServerConfigInput): Record<string, string> {
  const coordinator = input.role === TrinoRole.COORDINATOR;
  const properties: Record<string, string> = {
    'coordinator': coordinator ? 'true' : 'false',
    'http-server.http.port': String(input.httpPort),
    'discovery.uri': input.discoveryUri,
    'query.max-memory': trinoDataSize(input.queryMaxMemory.toMebibytes()),
    ...input.memory.perNodeProperties,
    'internal-communication.shared-secret': `\${ENV:${input.sharedSecretEnvironmentVariable}}`,
  };
  if (input.retryPolicy !== RetryPolicy.NONE) {
    properties['retry-policy'] = input.retryPolicy;
  }
  if (input.spill) {
    properties['spill-enabled'] = 'true';
    if (input.spill.maxPerQueryPerNodeMib !== undefined) properties['query-max-spill-per-node'] = trinoDataSize(input.spill.maxPerQueryPerNodeMib);
    if (!coordinator) {
      properties['spiller-spill-path'] = input.spill.path;
      if (input.spill.maxPerNodeMib !== undefined) properties['max-spill-per-node'] = trinoDataSize(input.spill.maxPerNodeMib);
    }
  }
  if (coordinator) {
    properties['node-scheduler.include-coordinator'] = 'false';
    if (input.processForwarded) {
      properties['http-server.process-forwarded'] = 'true';
    }
    if (input.authenticationType !== undefined) {
      properties['http-server.authentication.type'] = input.authenticationType;
      Object.assign(properties, input.oauth2Properties ?? {});
    }
    if (input.managementUser !== undefined) {
      properties['management.user'] = input.managementUser;
    }
    if (input.scaleToZero) {
      properties['query-manager.required-workers'] = String(input.scaleToZero.requiredWorkers);
      properties['query-manager.required-workers-max-wait'] = trinoSeconds(input.scaleToZero.maxWaitSeconds);
    }
  } else if (input.gracefulShutdown) {
    properties['shutdown.grace-period'] = input.gracefulShutdown.shutdownGracePeriodProperty;
  }
  return properties;
}

export function resolveScaleToZero(options: ScaleToZeroOptions, construct: string): ResolvedScaleToZero {
  const requiredWorkers = options.requiredWorkers ?? 1;
  validateWholeNumber(construct, 'scaleToZero.requiredWorkers', requiredWorkers, 1);
  const maxWaitSeconds = wholeSeconds(options.maxWait ?? Duration.minutes(5), construct, 'scaleToZero.maxWait');
  if (maxWaitSeconds < 1) {
    throw propError(construct, 'scaleToZero.maxWait', `${maxWaitSeconds} seconds`,
      'must be at least 1 second: a worker needs time to be provisioned and to start');
  }
  return { requiredWorkers, maxWaitSeconds };
}

export function resolveSpill(options: SpillOptions, construct: string): ResolvedSpill {
  if (!options.path.startsWith('/') || /[\r\n]/.test(options.path)) {
    throw propError(construct, 'spill.path', options.path, 'must be an absolute path (or comma-separated absolute paths), e.g. "/data/spill"');
  }
  const maxPerNodeMib = options.maxPerNode !== undefined ? wholeMebibytes(options.maxPerNode, construct, 'spill.maxPerNode') : undefined;
  const maxPerQueryPerNodeMib = options.maxPerQueryPerNode !== undefined
    ? wholeMebibytes(options.maxPerQueryPerNode, construct, 'spill.maxPerQueryPerNode') : undefined;
  if (maxPerNodeMib !== undefined && maxPerQueryPerNodeMib !== undefined && maxPerQueryPerNodeMib > maxPerNodeMib) {
    throw propError(construct, 'spill.maxPerQueryPerNode', describeMebibytes(maxPerQueryPerNodeMib),
      `must not exceed spill.maxPerNode (${describeMebibytes(maxPerNodeMib)}), the space all queries share on a worker`);
  }
  return { path: options.path, maxPerNodeMib, maxPerQueryPerNodeMib };
}
