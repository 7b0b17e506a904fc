import { Annotations, Duration } from 'aws-cdk-lib';
import { ICluster, KubernetesManifest } from 'aws-cdk-lib/aws-eks-v2';
import { Construct } from 'constructs';
import { workerChartValues, workerPodDisruptionBudget, WorkerSelector } from './worker-shutdown-manifests';
import { KarpenterNodePool } from '../karpenter/karpenter-node-pool';
import { CapacityType } from '../karpenter/requirements';
import { requireKubectlProvider } from '../private/cluster-checks';
import { validateRfc1123Label } from '../private/kubernetes-names';
import { describeSeconds } from '../private/units';
import { propError, validateWholeNumber } from '../private/validation';
import { GracefulShutdownBudget } from '../trino/graceful-shutdown';

const CONSTRUCT = 'GracefulShutdownWorkers';

/** Properties of a {@link GracefulShutdownWorkers}. */
export interface GracefulShutdownWorkersProps {
  /** The cluster the Trino chart release runs in (created in this app, or imported with a kubectl provider). */
  readonly cluster: ICluster;

  /** The namespace of the Trino chart release, an RFC 1123 label. It must exist before the PDB is applied. */
  readonly namespace: string;

  /**
   * The shutdown budget: `GracefulShutdownBudget.compute({ gracePeriod, longestTask })`, or the one a
   * `TrinoConfiguration` computed (`configuration.gracefulShutdown`), so that the files and the pods agree.
   */
  readonly budget: GracefulShutdownBudget;

  /**
   * The Trino chart release's name (its worker pods carry `app.kubernetes.io/instance: <releaseName>`).
   *
   * @default 'trino'
   */
  readonly releaseName?: string;

  /**
   * The chart's `nameOverride`, when the release sets one (its worker pods carry `app.kubernetes.io/name`).
   *
   * @default 'trino' (the chart's name)
   */
  readonly chartNameOverride?: string;

  /**
   * The Karpenter NodePool the workers run on. Its `terminationGracePeriod`, when it sets one, must hold
   * the pod's (Karpenter force-drains a node after it, preStop hooks or not), and a pool that allows spot
   * capacity makes workers spot workers.
   *
   * @default - no NodePool is checked; set `spotWorkers` when workers may run on spot capacity
   */
  readonly workerNodePool?: KarpenterNodePool;

  /**
   * Whether workers may run on spot capacity, whose two-minute interruption notice bounds the time a
   * reclaimed worker has to drain.
   *
   * @default - true when `workerNodePool` allows SPOT capacity, else false
   */
  readonly spotWorkers?: boolean;

  /**
   * Whether queries run with fault-tolerant execution (`retry-policy` TASK or QUERY): tasks lost with a
   * reclaimed spot worker are retried, so a budget longer than the interruption notice is only noted.
   *
   * @default false
   */
  readonly faultTolerantExecution?: boolean;

  /**
   * How many workers voluntary disruptions (Karpenter consolidation, node upgrades, `kubectl drain`) may
   * take down at once: the worker PodDisruptionBudget's `maxUnavailable`.
   *
   * @default 1
   */
  readonly maxUnavailableWorkers?: number;
}

/**
 * The worker shutdown contract of a Trino chart release, from one budget (GracefulShutdownBudget): Trino's
 * `shutdown.grace-period`, the chart's preStop request and the access rule that allows it, the pod's
 * `terminationGracePeriodSeconds` (at least 2 × grace period + longest task + margin), a worker
 * PodDisruptionBudget, and the NodePool `terminationGracePeriod` that must not cut the drain short.
 *
 * With an existing release, merge `chartValues` into its values and set the worker NodePool's
 * `terminationGracePeriod` to `nodePoolTerminationGracePeriod`; `TrinoOnEks` does both itself.
 *
 * @example
 * declare const cluster: eks.Cluster;
 * const shutdown = new GracefulShutdownWorkers(this, 'WorkerShutdown', {
 *   cluster,
 *   namespace: 'trino',
 *   budget: GracefulShutdownBudget.compute({ gracePeriod: Duration.seconds(30), longestTask: Duration.minutes(5) }),
 * });
 * // shutdown.chartValues: { worker: { gracefulShutdown: {...}, terminationGracePeriodSeconds: 390 } }
 */
export class GracefulShutdownWorkers extends Construct {
  /** The computed shutdown budget (grace period, preStop command, termination grace period). */
  public readonly budget: GracefulShutdownBudget;
  /** The least `terminationGracePeriod` the worker NodePool may have: the pod's termination grace period. */
  public readonly nodePoolTerminationGracePeriod: Duration;
  /** Whether workers were taken to run on spot capacity. */
  public readonly spotWorkers: boolean;
  /** The worker values for the official Trino chart (`worker.gracefulShutdown`, `worker.terminationGracePeriodSeconds`). */
  public readonly chartValues: any;
  /** The worker PodDisruptionBudget (the chart has none). */
  public readonly podDisruptionBudget: KubernetesManifest;

  constructor(scope: Construct, id: string, props: GracefulShutdownWorkersProps) {
    // Validated and resolved before this construct joins the tree: bad input creates nothing.
    requireKubectlProvider(CONSTRUCT, 'cluster', props.cluster);
    validateRfc1123Label(CONSTRUCT, 'namespace', props.namespace);
    const selector: WorkerSelector = {
      namespace: props.namespace,
      releaseName: props.releaseName ?? 'trino',
      chartName: props.chartNameOverride ?? 'trino',
    };
    validateRfc1123Label(CONSTRUCT, 'releaseName', selector.releaseName);
    validateRfc1123Label(CONSTRUCT, 'chartNameOverride', selector.chartName);
    const maxUnavailable = props.maxUnavailableWorkers ?? 1;
    validateWholeNumber(CONSTRUCT, 'maxUnavailableWorkers', maxUnavailable, 1, ': with 0 no worker could ever be drained and node upgrades would stall');
    const budget = props.budget;
    checkNodePool(props.workerNodePool, budget);
    const spot = props.spotWorkers ?? (props.workerNodePool?.capacityTypes.includes(CapacityType.SPOT) ?? false);

    super(scope, id);
    this.budget = budget;
    this.nodePoolTerminationGracePeriod = budget.terminationGracePeriod;
    this.spotWorkers = spot;
    this.chartValues = workerChartValues(budget);
    this.podDisruptionBudget = new KubernetesManifest(this, 'WorkerPodDisruptionBudget', {
      cluster: props.cluster,
      manifest: [workerPodDisruptionBudget(selector, maxUnavailable)],
    });

    if (spot && budget.spotInterruptionWarning) {
      if (props.faultTolerantExecution) {
        Annotations.of(this).addInfo(`${budget.spotInterruptionWarning.split(' so tasks')[0]}; ` +
          'fault-tolerant execution retries the tasks a reclaimed worker loses.');
      } else {
        Annotations.of(this).addWarningV2('cdk-trino-on-eks:spot-shutdown-budget', budget.spotInterruptionWarning);
      }
    }
  }
}

/** A worker NodePool that force-drains before the pod's budget is over would kill running tasks. */
function checkNodePool(pool: KarpenterNodePool | undefined, budget: GracefulShutdownBudget): void {
  const poolGrace = pool?.terminationGracePeriod;
  if (!pool || poolGrace === undefined) return;
  const poolSeconds = poolGrace.toSeconds();
  if (poolSeconds < budget.terminationGracePeriodSeconds) {
    throw propError(CONSTRUCT, 'workerNodePool.terminationGracePeriod', describeSeconds(poolSeconds),
      `must not be shorter than the workers' termination grace period (${describeSeconds(budget.terminationGracePeriodSeconds)}: ` +
      `2 × gracePeriod ${describeSeconds(budget.gracePeriod.toSeconds())} + longestTask ${describeSeconds(budget.longestTask.toSeconds())} + ` +
      `margin ${describeSeconds(budget.margin.toSeconds())}), or Karpenter kills workers that are still draining; ` +
      `raise the NodePool's terminationGracePeriod (pool "${pool.nodePoolName}") or lower gracePeriod or longestTask`);
  }
}
