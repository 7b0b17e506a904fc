import { TRINO_QUERY_METRICS } from './worker-autoscaling';

/**
 * The coordinator's OpenMetrics names (`/metrics`, always on) that the managed scraper keeps and the alert rules and the
 * dashboard read: one list, so that what is scraped, what alerts and what is drawn cannot drift apart. Read from a real
 * Trino 483 coordinator; every name is an MBean whose object name is the same in 476 (the node managers' are not:
 * `DiscoveryNodeManager` became `CoordinatorNodeManager`, so the worker count comes from the cluster memory pool).
 * The coordinator only: a worker's `/metrics` can only be read as a named user, which the managed collector cannot send,
 * and a fixed `management.user` on workers would refuse the graceful shutdown's `PUT /v1/info/state` (both checked on 483).
 */
export const TRINO_METRICS = {
  /** Gauge: queries not yet running (queued, waiting for workers, planning). */
  queuedQueries: TRINO_QUERY_METRICS.queued,
  /** Gauge: running queries. */
  runningQueries: TRINO_QUERY_METRICS.running,
  /** Counter: queries that finished, failed ones included. */
  completedQueries: 'trino_execution_name_QueryManager_CompletedQueries',
  /** Counter: failed queries, whatever the cause. */
  failedQueries: 'trino_execution_name_QueryManager_FailedQueries',
  /** Counter: queries that failed through the user's fault (syntax, missing table, division by zero). */
  userErrorFailures: 'trino_execution_name_QueryManager_UserErrorFailures',
  /** Gauge: nodes in the cluster memory pool, the coordinator included. */
  clusterNodes: 'trino_memory_type_ClusterMemoryPool_name_general_Nodes',
  /** Gauge: query memory reserved on all nodes, in bytes. */
  clusterMemoryReserved: 'trino_memory_type_ClusterMemoryPool_name_general_ReservedDistributedBytes',
  /** Gauge: query memory of all nodes, in bytes (each worker's `query.max-memory-per-node` share of its heap). */
  clusterMemoryTotal: 'trino_memory_type_ClusterMemoryPool_name_general_TotalDistributedBytes',
  /** Gauge: nodes whose query memory is exhausted (their queries wait or are killed). */
  blockedNodes: 'trino_memory_type_ClusterMemoryPool_name_general_BlockedNodes',
  /** Gauge: when the coordinator's JVM started, in milliseconds since the epoch. */
  startTime: 'io_airlift_node_name_NodeInfo_StartTime',
} as const;

/** The scrape job of the coordinator (the `job` label of its series and of its `up`). */
export const COORDINATOR_SCRAPE_JOB = 'trino-coordinator';
