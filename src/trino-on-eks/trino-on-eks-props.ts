import { Duration, Size } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { ILayerVersion } from 'aws-cdk-lib/aws-lambda';
import { IBucket } from 'aws-cdk-lib/aws-s3';
import { Asset } from 'aws-cdk-lib/aws-s3-assets';
import { TrinoMetricsOptions } from './chart-values';
import { TrinoManagedPrometheusOptions } from './managed-prometheus';
import { TrinoNetworkPolicyOptions } from './network-policies';
import { TrinoPodLogsOptions } from './pod-logs';
import { TrinoCluster } from './trino-cluster-choice';
import { TrinoClusterCompute } from './trino-cluster-compute';
import { TrinoEndpoint } from './trino-endpoint';
import { TrinoMetastore } from './trino-metastore-choice';
import { TrinoWorkerAutoscalingOptions } from './worker-autoscaling';
import { PodIdentityAgent } from '../irsa-bucket-access/irsa-bucket-access';
import { TrinoAccessControl } from '../trino/access-control';
import { TrinoAuthentication } from '../trino/authentication';
import { Catalog } from '../trino/catalog';
import { GracefulShutdownOptions } from '../trino/graceful-shutdown';
import { FileSystemCache } from '../trino/local-storage';
import { ResourceGroupsOptions } from '../trino/resource-groups';
import { RetryPolicy } from '../trino/server-config';
import { TrinoVersion } from '../trino/trino-version';
import { UserGroup } from '../trino/user-groups';

/** The VPC and EKS cluster `TrinoOnEks` creates (`TrinoCluster.create`). */
export interface TrinoClusterOptions {
  /**
   * The kubectl Lambda layer (e.g. `new KubectlV35Layer(this, 'Kubectl')` from
   * `@aws-cdk/lambda-layer-kubectl-v35`), matching `kubernetesVersion`. aws-eks-v2 applies manifests and
   * Helm charts only through a kubectl provider, and the layer is not part of aws-cdk-lib.
   */
  readonly kubectlLayer: ILayerVersion;

  /**
   * The Kubernetes version of the cluster.
   *
   * @default eks.KubernetesVersion.V1_35
   */
  readonly kubernetesVersion?: eks.KubernetesVersion;

  /**
   * Who may reach the cluster's API server. PRIVATE keeps it inside the VPC (the kubectl provider then
   * runs in the VPC's private subnets); PUBLIC_AND_PRIVATE lets operators use kubectl from outside,
   * ideally limited with `EndpointAccess.PUBLIC_AND_PRIVATE.onlyFrom(...)`.
   *
   * @default eks.EndpointAccess.PRIVATE
   */
  readonly endpointAccess?: eks.EndpointAccess;

  /**
   * The VPC to create the cluster in.
   *
   * @default - a new VPC over two Availability Zones with public, private and isolated subnets and flow logs
   */
  readonly vpc?: ec2.IVpc;

  /**
   * How nodes are provisioned: EKS Auto Mode, or self-managed Karpenter (`KarpenterController`, a small managed
   * node group for the system pods, and an EC2NodeClass per Trino pool).
   *
   * @default TrinoClusterCompute.autoMode()
   */
  readonly compute?: TrinoClusterCompute;
}

/** Fault-tolerant execution: retries, and the exchange bucket failed tasks are retried from. */
export interface FaultTolerantExecutionOptions {
  /**
   * What is retried: TASK (long batch queries, spot workers) or QUERY (many small queries).
   *
   * @default RetryPolicy.TASK
   */
  readonly retryPolicy?: RetryPolicy;

  /**
   * How long spooled exchange data is kept before S3 deletes it (queries that die leave their spool behind).
   *
   * @default Duration.days(1)
   */
  readonly exchangeExpiry?: Duration;
}

/** The worker shutdown contract of TrinoOnEks's workers. */
export interface WorkerShutdownOptions extends GracefulShutdownOptions {
  /**
   * How many workers voluntary disruptions (Karpenter consolidation, node upgrades, `kubectl drain`) may take down at
   * once: the worker PodDisruptionBudget's `maxUnavailable`.
   *
   * @default 1
   */
  readonly maxUnavailableWorkers?: number;
}

/** The workers: their nodes, how many, and how they stop. */
export interface TrinoWorkersOptions {
  /**
   * Instance size of every worker node (memory-optimized families, one Trino worker per node); the JVM heap and
   * query memory are sized from it.
   *
   * @default '4xlarge' (16 vCPUs, 128 GiB)
   */
  readonly instanceSize?: string;

  /**
   * Workers may also run on Graviton (arm64) memory-optimized instances, usually the better price/performance for
   * Trino (its image is multi-architecture; every DaemonSet that runs on the worker nodes must be too).
   *
   * @default false
   */
  readonly graviton?: boolean;

  /**
   * Workers on instance types with a local NVMe instance store (Graviton r6gd/r7gd/r8gd with `graviton`, and the x86
   * r6id), used for Trino's file-system cache and spill (sized by the LocalStorage rule from the disk, e.g. 950 GB at
   * 4xlarge: a 485 GiB cache and 256 GiB of spill). EKS Auto Mode formats the instance store as the nodes' ephemeral
   * storage by itself; the worker pods mount it as an emptyDir.
   *
   * @default - the same as graviton
   */
  readonly instanceStore?: boolean;

  /**
   * The file-system cache of the object-storage catalogs on the workers' instance store; `FileSystemCache.off()` turns
   * it off, `FileSystemCache.of({ maxSize, ttl })` sizes it. Needs `instanceStore`.
   *
   * @default - FileSystemCache.auto() on instance-store workers, else no cache
   */
  readonly fileSystemCache?: FileSystemCache;

  /**
   * The JVM heap of each worker, when the computed one (80% of the container, see TrinoMemory) does not suit.
   *
   * @default - computed from instanceSize
   */
  readonly heap?: Size;

  /**
   * The most workers the cluster runs: the number of workers, the worker pool's limits and `query.max-memory`.
   *
   * @default 3
   */
  readonly maxCount?: number;

  /**
   * The fewest workers. Without `autoscaling` the cluster runs `maxCount` workers, so it must equal it; with it, KEDA
   * keeps between `minCount` and `maxCount` (0 scales to zero when idle).
   *
   * @default - maxCount; 0 with autoscaling
   */
  readonly minCount?: number;

  /**
   * Workers on spot capacity first, with on-demand fallback.
   *
   * @default true
   */
  readonly spot?: boolean;

  /**
   * The worker shutdown contract (grace period, longest task, margin, PodDisruptionBudget).
   *
   * @default - 30 s grace period, 5 min longest task, 30 s margin, one worker unavailable at a time
   */
  readonly gracefulShutdown?: WorkerShutdownOptions;

  /**
   * Query-aware autoscaling: KEDA (installed here unless `installKeda: false`) scales the chart's worker Deployment
   * between `minCount` and `maxCount` on the coordinator's queued and running queries. With `minCount` 0 the
   * coordinator lets queries wait for a worker (`query-manager.required-workers`). The worker NodePool's limits stay
   * sized for `maxCount`.
   *
   * @default - a fixed number of workers (`maxCount`)
   */
  readonly autoscaling?: TrinoWorkerAutoscalingOptions;
}

/** The coordinator: its node and its protection from voluntary disruptions. */
export interface TrinoCoordinatorOptions {
  /**
   * Instance size of the coordinator node.
   *
   * @default '2xlarge' (8 vCPUs, 64 GiB)
   */
  readonly instanceSize?: string;

  /**
   * Keep voluntary disruptions away from the coordinator, whose restart fails every running query: the pod is
   * annotated `karpenter.sh/do-not-disrupt: "true"` (Karpenter neither consolidates nor replaces a drifted node
   * under it), and a PodDisruptionBudget (`minAvailable: 1`, `unhealthyPodEvictionPolicy: AlwaysAllow`) makes every
   * eviction of a serving coordinator wait, `kubectl drain` included. To move it, delete the pod at a quiet moment
   * (`kubectl delete pod -n <namespace> -l app.kubernetes.io/component=coordinator`; a deletion is not an eviction),
   * then drain the node. Node expiry and interruption still replace the node.
   *
   * @default true
   */
  readonly protect?: boolean;
}

/** Operating Trino with nothing installed by hand: metrics, alerts and pod logs in AWS services. */
export interface TrinoMonitoringOptions {
  /**
   * Metrics and alerts in Amazon Managed Service for Prometheus: a workspace, its agentless managed collector reading
   * the coordinator's `/metrics` (the series the alerts and the dashboard `docs/grafana/trino-dashboard.json` use), and
   * alert rules (coordinator down or restarted, queries failing, queries queued with no worker, workers' query memory
   * near its limit), optionally sent to an SNS topic. The collector sends no user name, so the coordinator gets a
   * `management.user` (`workers.autoscaling.metricsUser` with autoscaling, else `metrics-reader`) that management
   * reads over plain HTTP act as, and the coordinator's NetworkPolicy admits the VPC's range on the HTTP port (as with a
   * load balancer `endpoint`). An imported cluster must be imported with its VPC and cluster security group.
   *
   * @default - no workspace (the `metrics` prop is the Prometheus Operator path)
   */
  readonly managedPrometheus?: TrinoManagedPrometheusOptions;

  /**
   * Every pod's logs (Trino's, the metastore's, the system's) in CloudWatch Logs, through the EKS add-on
   * `amazon-cloudwatch-observability` (installed here; it also turns on Container Insights metrics), into log groups
   * `/aws/containerinsights/<cluster>/{application,dataplane,host,performance}` created first with a retention and a
   * KMS key of their own. Leave it out on a cluster that already runs that add-on.
   *
   * @default - logs stay on the nodes (`kubectl logs`)
   */
  readonly podLogs?: TrinoPodLogsOptions;
}

/** Properties of a {@link TrinoOnEks}. */
export interface TrinoOnEksProps {
  /**
   * The cluster Trino runs in: `TrinoCluster.create({ kubectlLayer })` creates a VPC and an EKS cluster,
   * `TrinoCluster.existing(cluster)` uses one of the app.
   */
  readonly cluster: TrinoCluster;

  /**
   * The Trino release (the image tag and the property names of every file).
   *
   * @default TrinoVersion.LATEST
   */
  readonly version?: TrinoVersion;

  /**
   * The namespace Trino is installed in; it is created by this construct.
   *
   * @default 'trino'
   */
  readonly namespace?: string;

  /**
   * The Hive Metastore the catalogs use: `TrinoMetastore.create({ warehouse })` creates one (RDS PostgreSQL, in
   * namespace `hive-metastore`), `TrinoMetastore.existing(metastore)` uses one of the app.
   *
   * @default TrinoMetastore.none()
   */
  readonly metastore?: TrinoMetastore;

  /**
   * The catalogs. A catalog's S3 locations must be in buckets named in `buckets` (or be the metastore's
   * warehouse): only those are granted, and a catalog reading anything else fails at synth.
   *
   * @default - with a metastore, an Iceberg catalog `iceberg` on it with read-write access to its warehouse; else none
   */
  readonly catalogs?: Catalog[];

  /**
   * The buckets Trino may be granted access to (with their KMS keys). Each catalog's storage locations
   * are granted on the bucket of the same name, with the catalog's prefixes and access, and nothing else.
   *
   * @default - only the warehouse bucket of a metastore `TrinoMetastore.create` makes (pass an existing metastore's warehouse bucket here)
   */
  readonly buckets?: IBucket[];

  /**
   * The workers: node size, count, spot, local disk, shutdown contract, autoscaling.
   *
   * @default - three 4xlarge workers, spot first, no autoscaling
   */
  readonly workers?: TrinoWorkersOptions;

  /**
   * The coordinator: node size and disruption protection.
   *
   * @default - a 2xlarge on-demand node, protected
   */
  readonly coordinator?: TrinoCoordinatorOptions;

  /**
   * Fault-tolerant execution: an exchange bucket (KMS-encrypted, TLS only, public access blocked, objects
   * expired) that only Trino may use, and `retry-policy`.
   *
   * @default - no retries: a failed task fails its query
   */
  readonly faultTolerantExecution?: FaultTolerantExecutionOptions;

  /**
   * How Trino's pods get their IAM role: IAM Roles for Service Accounts (a trust on the cluster's OpenID Connect
   * provider) or EKS Pod Identity (an association; sessions are tagged with the pod's name, so the password file is
   * granted to the coordinator's pods alone). Coordinator and workers share one service account and role: the Trino
   * chart has one service account for both.
   *
   * @default eks.IdentityType.IRSA
   */
  readonly identityType?: eks.IdentityType;

  /**
   * With Pod Identity on an existing cluster imported with `Cluster.fromClusterAttributes`: whether the
   * `eks-pod-identity-agent` add-on is installed here (INSTALL) or already runs (EXISTING; EKS Auto Mode runs the
   * agent itself).
   *
   * @default - a cluster of this app (TrinoCluster.create, or a Cluster created elsewhere in the app) gets the add-on from aws-eks-v2; must be set for an imported cluster
   */
  readonly podIdentityAgent?: PodIdentityAgent;

  /**
   * Install the EKS add-on `aws-secrets-store-csi-driver-provider` (the Secrets Store CSI driver and the AWS
   * provider, with secret syncing on). Turn it off for a cluster that already runs the add-on; its driver
   * must then sync secrets (`syncSecret.enabled`) and run on the tainted worker nodes.
   *
   * @default true
   */
  readonly installSecretsStoreDriver?: boolean;

  /**
   * Helm values deep-merged last into the generated ones (objects key by key; arrays and scalars replace;
   * `null` removes). Keys the library owns may not be changed in a way that breaks what it guarantees:
   * `fullnameOverride`, `image.tag`, `serviceAccount`, `env`, `networkPolicy` (use the `networkPolicy` prop), `worker.gracefulShutdown`,
   * `worker.terminationGracePeriodSeconds` (it may only be raised), the config/catalog files, `server` (worker
   * count or KEDA scaling: `server.keda` and `server.autoscaling` may not be turned on here, use `workers.autoscaling`;
   * `server.config.authenticationType` and `auth` belong to `authentication`, `coordinator.additionalConfigFiles`
   * carries its `password-authenticator.properties`, `accessControl` belongs to the `accessControl` prop when it is
   * set), the coordinator's `karpenter.sh/do-not-disrupt` annotation (other `coordinator.annotations` are free; use
   * `coordinator.protect`) and, with `metrics`, `jmx.exporter.port` (the NetworkPolicies open it); and no value may
   * hold a secret in plain text.
   *
   * @default - none
   */
  readonly helmValues?: Record<string, any>;

  /**
   * The Trino chart version (the values are written for `TrinoChartValues.CHART.version`; another version is
   * at your own risk).
   *
   * @default TrinoChartValues.CHART.version
   */
  readonly chartVersion?: string;

  /**
   * The Trino chart as an S3 asset (a packaged `.tgz`), for clusters that cannot reach the chart repository.
   *
   * @default - the chart is pulled from https://trinodb.github.io/charts
   */
  readonly chartAsset?: Asset;

  /**
   * Prometheus metrics: the chart's JMX exporter sidecars on coordinator and workers (and ServiceMonitors when
   * `serviceMonitorLabels` is set). Without it the coordinator's own OpenMetrics endpoint (`/metrics` on the
   * HTTP port, output `MetricsEndpoint`) is still there for scraping.
   *
   * @default - no exporter, no ServiceMonitor
   */
  readonly metrics?: TrinoMetricsOptions;

  /**
   * Metrics, alerts and pod logs in AWS services, with nothing to install by hand: Amazon Managed Service for
   * Prometheus (`managedPrometheus`) and CloudWatch Logs (`podLogs`).
   *
   * @default - neither
   */
  readonly monitoring?: TrinoMonitoringOptions;

  /**
   * NetworkPolicies: Trino's pods accept each other (the chart's NetworkPolicy); the coordinator's HTTP port
   * also accepts the KEDA operator (with `autoscaling`) and `allowFrom`; the JMX exporters accept
   * `metricsScrapers` (with `metrics`); workers accept nothing else. With a load balancer `endpoint`, the
   * coordinator also accepts the VPC's address range on its HTTP port, because the load balancer sends to the pod's
   * IP from its interfaces there; pods get VPC addresses too, so inside the VPC `authentication` is the gate (an
   * imported VPC without a known range needs `allowFrom` with the load balancer's subnets). They are enforced only where the cluster
   * enforces NetworkPolicies: a cluster TrinoOnEks creates turns the EKS Auto Mode network policy controller on;
   * an imported Auto Mode cluster needs the ConfigMap `amazon-vpc-cni` in `kube-system` with
   * `enable-network-policy-controller: "true"`, and a cluster without Auto Mode the VPC CNI add-on with
   * `enableNetworkPolicy: "true"` (or another CNI that enforces them).
   *
   * @default - on, with no peer beyond Trino's pods, KEDA and the default metrics scrapers
   */
  readonly networkPolicy?: TrinoNetworkPolicyOptions;

  /**
   * How clients authenticate. `TrinoAuthentication.password({ users })` generates each user's password in
   * Secrets Manager (one KMS-encrypted secret per user, output `UserSecrets`) and gives the coordinator a password
   * file of PBKDF2 hashes only, re-hashed within minutes when a password changes. Needs a TLS `endpoint`: Trino
   * accepts passwords only over HTTPS, and refuses unauthenticated plain HTTP (so clients and `kubectl port-forward`
   * go through the load balancer), except management reads as the KEDA metrics user (`management.user`).
   * `TrinoAuthentication.oauth2({ issuer, clientId, clientSecret })` signs users in at an OpenID Connect provider
   * (Cognito, Okta, Entra ID...) for the web UI, the CLI and JDBC, and accepts the provider's access tokens from
   * services; the client secret stays in Secrets Manager and reaches the coordinator through the CSI driver. It
   * also needs the TLS endpoint; register `https://<endpoint.domainName>/oauth2/callback` at the provider (output
   * `OAuth2RedirectUri`).
   *
   * @default TrinoAuthentication.none() - clients name any user
   */
  readonly authentication?: TrinoAuthentication;

  /**
   * How clients reach the coordinator from outside the cluster. `TrinoEndpoint.loadBalancer({ domainName, hostedZone })`
   * creates an internal Application Load Balancer through EKS Auto Mode (HTTPS 443 only, TLS 1.2+), a DNS-validated
   * ACM certificate for `domainName` and its Route 53 record pointing at the load balancer, output `EndpointUrl`
   * (`https://<domainName>`); `{ certificate }` uses a certificate you have.
   *
   * @default TrinoEndpoint.none() - inside the cluster only (`kubectl port-forward svc/trino 8080`)
   */
  readonly endpoint?: TrinoEndpoint;

  /**
   * Who may do what on the coordinator: `TrinoAccessControl.fileBased({ catalogs, schemas, tables, systemInformation })`
   * renders Trino's file access control (first matching rule wins, unmatched users are denied; a kind left out is
   * allowed to everyone, except system information). The KEDA metrics user keeps read access to system information;
   * workers keep the graceful shutdown rule (`admin` may write system information) whatever the rules.
   *
   * @default TrinoAccessControl.allowAll()
   */
  readonly accessControl?: TrinoAccessControl;

  /**
   * Resource groups: per group of queries, how many run at once, how many wait, and how much memory they may use,
   * with selectors (user, group, source, statement kind, client tags) that put each query in a group; a query no
   * selector matches is refused. Rendered into the coordinator's `resource-groups.json` (the chart's `resourceGroups`).
   *
   * @default - none: every query runs at once
   */
  readonly resourceGroups?: ResourceGroupsOptions;

  /**
   * Groups of users (name → users), for access rules (`group`) and resource group selectors (`userGroup`): the
   * coordinator's file group provider (`group-provider.properties` and `groups.txt` among the coordinator's files: user names only, no secret).
   *
   * @default - none: users belong to no group
   */
  readonly groups?: UserGroup[];
}
