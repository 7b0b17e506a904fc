import { Duration, Stack } from 'aws-cdk-lib';
import * as aps from 'aws-cdk-lib/aws-aps';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { trinoScrapeConfiguration } from './prometheus-scrape-config';
import { trinoAlertRules } from './trino-alert-rules';
import { wholeSeconds } from '../private/units';
import { propError } from '../private/validation';

/**
 * Metrics and alerts in Amazon Managed Service for Prometheus, with nothing to install in the cluster: a workspace, the
 * agentless managed collector (a scraper) reading the coordinator's own `/metrics`, and alert rules evaluated by the
 * workspace.
 */
export interface TrinoManagedPrometheusOptions {
  /**
   * How often the collector reads the coordinator's metrics (the managed collector's shortest is 30 seconds).
   *
   * @default Duration.seconds(30)
   */
  readonly scrapeInterval?: Duration;

  /**
   * How long the workspace keeps the metrics (1 to 1095 days).
   *
   * @default Duration.days(150) (the service's default)
   */
  readonly retention?: Duration;

  /**
   * The SNS topic the workspace's alert manager sends firing alerts to. Its resource policy is given a statement that
   * lets this workspace alone publish (a topic imported into the app keeps its policy: add that statement yourself); a
   * topic encrypted with a KMS key needs a key policy that lets `aps.amazonaws.com` use it.
   *
   * @default - alerts are evaluated and listed by the workspace (its alerts API), not sent anywhere
   */
  readonly alertTopic?: sns.ITopic;
}

/** Validated managed-Prometheus options. */
export interface ResolvedManagedPrometheus {
  readonly scrapeIntervalSeconds: number;
  readonly retentionDays: number;
  readonly alertTopic?: sns.ITopic;
  /** How long queries may wait with no worker before the alert (see TrinoAlertPlan). */
  readonly queuedWithoutWorkersMinutes: number;
}

/** The managed collector refuses shorter scrape intervals. */
const SHORTEST_SCRAPE_SECONDS = 30;
/** A cluster with workers always gets this long before the no-worker alert; scale to zero adds the coordinator's wait. */
const NO_WORKER_ALERT_MINUTES = 10;

/** Validates the options (before any construct exists). `queryWait` is how long the coordinator lets queries wait for workers. */
export function resolveManagedPrometheus(construct: string, prop: string, options: TrinoManagedPrometheusOptions,
  queryWait: Duration | undefined): ResolvedManagedPrometheus {
  const scrapeIntervalSeconds = wholeSeconds(options.scrapeInterval ?? Duration.seconds(SHORTEST_SCRAPE_SECONDS), construct,
    `${prop}.scrapeInterval`, SHORTEST_SCRAPE_SECONDS);
  const retention = options.retention ?? Duration.days(150);
  const retentionDays = retention.toHours({ integral: false }) / 24;
  if (!Number.isInteger(retentionDays) || retentionDays < 1 || retentionDays > 1095) {
    throw propError(construct, `${prop}.retention`, retention.toString(), 'must be a whole number of days from 1 to 1095 (the workspace\'s limits)');
  }
  const waitMinutes = queryWait === undefined ? 0 : Math.ceil(queryWait.toSeconds() / 60);
  return {
    scrapeIntervalSeconds,
    retentionDays,
    alertTopic: options.alertTopic,
    queuedWithoutWorkersMinutes: Math.max(NO_WORKER_ALERT_MINUTES, waitMinutes + 5),
  };
}

/** Where and what the collector scrapes. */
export interface ManagedPrometheusPlan {
  readonly cluster: eks.ICluster;
  /** The cluster's VPC: the collector's network interfaces go in its private subnets. */
  readonly vpc: ec2.IVpc;
  /** The security group of the nodes (the cluster security group), which admits the collector's interfaces to the pods. */
  readonly securityGroup: ec2.ISecurityGroup;
  readonly namespace: string;
  readonly releaseName: string;
  readonly httpPort: number;
  readonly resolved: ResolvedManagedPrometheus;
}

/** What addManagedPrometheus creates. */
export interface ManagedPrometheus {
  readonly workspace: aps.CfnWorkspace;
  readonly scraper: aps.CfnScraper;
  readonly rules: aps.CfnRuleGroupsNamespace;
}

/**
 * The workspace, the scraper and the rules. The scraper's access to the cluster needs no manifest here: for a cluster
 * in API authentication mode (every aws-eks-v2 cluster) the service creates the scraper's access entry, with the
 * read-only Kubernetes permissions its pod discovery needs, when it creates the scraper (Amazon Managed Service for
 * Prometheus User Guide, "Configure Amazon EKS for scraper access with access entries"); the aws-auth ClusterRole
 * `aps-collector-role` is only for clusters still on the ConfigMap. The workspace is encrypted with an AWS-owned key:
 * a workspace with a customer managed key cannot receive metrics from a managed collector.
 */
export function addManagedPrometheus(scope: Construct, plan: ManagedPrometheusPlan): ManagedPrometheus {
  const { resolved } = plan;
  const workspace = new aps.CfnWorkspace(scope, 'MetricsWorkspace', {
    alias: `trino-${plan.namespace}-${Stack.of(scope).stackName}`.slice(0, 100),
    workspaceConfiguration: { retentionPeriodInDays: resolved.retentionDays },
    ...(resolved.alertTopic ? { alertManagerDefinition: alertManagerDefinition(resolved.alertTopic.topicArn, Stack.of(scope).region) } : {}),
  });
  if (resolved.alertTopic) {
    resolved.alertTopic.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AmazonManagedPrometheusAlerts',
      principals: [new iam.ServicePrincipal('aps.amazonaws.com')],
      actions: ['sns:Publish', 'sns:GetTopicAttributes'],
      resources: [resolved.alertTopic.topicArn],
      conditions: { ArnEquals: { 'aws:SourceArn': workspace.attrArn }, StringEquals: { 'aws:SourceAccount': Stack.of(scope).account } },
    }));
  }
  const subnets = plan.vpc.privateSubnets.length > 0 ? plan.vpc.privateSubnets : plan.vpc.isolatedSubnets;
  const configuration = trinoScrapeConfiguration({
    namespace: plan.namespace,
    releaseName: plan.releaseName,
    httpPort: plan.httpPort,
    scrapeIntervalSeconds: resolved.scrapeIntervalSeconds,
  });
  const scraper = new aps.CfnScraper(scope, 'MetricsScraper', {
    alias: `trino-${plan.namespace}`,
    source: {
      eksConfiguration: {
        clusterArn: plan.cluster.clusterArn,
        subnetIds: subnets.map((subnet) => subnet.subnetId),
        securityGroupIds: [plan.securityGroup.securityGroupId],
      },
    },
    destination: { ampConfiguration: { workspaceArn: workspace.attrArn } },
    // JSON is YAML: the collector reads it as its YAML configuration file.
    scrapeConfiguration: { configurationBlob: Buffer.from(JSON.stringify(configuration, undefined, 2)).toString('base64') },
  });
  const rules = new aps.CfnRuleGroupsNamespace(scope, 'AlertRules', {
    workspace: workspace.attrArn,
    name: `trino-${plan.namespace}`,
    data: JSON.stringify(trinoAlertRules({
      namespace: plan.namespace,
      queuedWithoutWorkersMinutes: resolved.queuedWithoutWorkersMinutes,
    }), undefined, 2),
  });
  return { workspace, scraper, rules };
}

/** The workspace's alert manager: every alert to the SNS topic (YAML: `alertmanager_config` holds the Alertmanager file). */
export function alertManagerDefinition(topicArn: string, region: string): string {
  return [
    'alertmanager_config: |',
    '  route:',
    '    receiver: sns',
    '    group_by: [alertname, namespace]',
    '  receivers:',
    '    - name: sns',
    '      sns_configs:',
    `        - topic_arn: ${topicArn}`,
    '          sigv4:',
    `            region: ${region}`,
    '',
  ].join('\n');
}
