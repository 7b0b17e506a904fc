import { ArnFormat, CfnJson, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { CfnAddon } from 'aws-cdk-lib/aws-eks';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledgeRules } from '../private/nag-acknowledgements';

/**
 * Pod logs in CloudWatch Logs through the EKS add-on `amazon-cloudwatch-observability` (its Fluent Bit DaemonSet ships
 * every container's stdout and stderr; EKS Auto Mode ships none by itself), into log groups this construct creates
 * first, with a retention and a KMS key of its own.
 */
export interface TrinoPodLogsOptions {
  /**
   * How long CloudWatch Logs keeps the logs.
   *
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly retention?: logs.RetentionDays;
}

/** The add-on TrinoOnEks installs for pod logs. */
export const CLOUDWATCH_OBSERVABILITY_ADDON = 'amazon-cloudwatch-observability';
/** The add-on's service account (namespace `amazon-cloudwatch`), which its agent and Fluent Bit run as. */
const ADDON_SERVICE_ACCOUNT = 'system:serviceaccount:amazon-cloudwatch:cloudwatch-agent';
/**
 * The log groups the add-on writes, under `/aws/containerinsights/<cluster>/`: containers' output (`application`),
 * kubelet and container runtime (`dataplane`), the node's system logs (`host`) and Container Insights' performance events.
 */
export const CONTAINER_INSIGHTS_LOG_GROUPS = ['application', 'dataplane', 'host', 'performance'] as const;

/** What addPodLogs creates. */
export interface PodLogs {
  readonly key: kms.Key;
  /** The log groups by kind (`application` holds Trino's logs). */
  readonly logGroups: Record<string, logs.LogGroup>;
  readonly role: iam.Role;
  readonly addon: eks.Addon;
}

/**
 * The key, the log groups, the add-on's IRSA role and the add-on. The log groups exist before the add-on starts, so the
 * agent finds them and never creates one without retention or key; they are retained with the stack, like every
 * stateful resource here. The role holds the AWS-managed CloudWatchAgentServerPolicy, which the add-on's documentation
 * names: the agent also writes Container Insights metrics and looks up the instance's tags and volumes.
 */
export function addPodLogs(scope: Construct, cluster: eks.ICluster, options: TrinoPodLogsOptions): PodLogs {
  const stack = Stack.of(scope);
  const key = new kms.Key(scope, 'PodLogsKey', {
    description: 'Trino on EKS: encrypts the pod logs (/aws/containerinsights/<cluster>/...) in CloudWatch Logs',
    enableKeyRotation: true,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  const prefix = `/aws/containerinsights/${cluster.clusterName}`;
  key.addToResourcePolicy(new iam.PolicyStatement({
    principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
    actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
    resources: ['*'],
    conditions: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: `${prefix}/*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME }) } },
  }));
  const logGroups: Record<string, logs.LogGroup> = {};
  for (const kind of CONTAINER_INSIGHTS_LOG_GROUPS) {
    logGroups[kind] = new logs.LogGroup(scope, `PodLogs-${kind}`, {
      logGroupName: `${prefix}/${kind}`,
      retention: options.retention ?? logs.RetentionDays.ONE_MONTH,
      encryptionKey: key,
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
  const provider = cluster.openIdConnectProvider;
  const issuer = provider.openIdConnectProviderIssuer;
  // Condition keys that contain a token (the issuer) must go through CfnJson.
  const trust = new CfnJson(scope, 'PodLogsTrust', {
    value: { [`${issuer}:aud`]: 'sts.amazonaws.com', [`${issuer}:sub`]: ADDON_SERVICE_ACCOUNT },
  });
  const role = new iam.Role(scope, 'PodLogsRole', {
    description: `The ${CLOUDWATCH_OBSERVABILITY_ADDON} add-on of cluster ${cluster.clusterName}: ships pod logs to CloudWatch Logs`,
    assumedBy: new iam.OpenIdConnectPrincipal(provider).withConditions({ StringEquals: trust }),
    managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('CloudWatchAgentServerPolicy')],
  });
  acknowledgeRules(role, ['AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/CloudWatchAgentServerPolicy]'],
    'The amazon-cloudwatch-observability add-on documents this AWS-managed policy for its agent and Fluent Bit: it only writes ' +
    'logs and metrics to CloudWatch and reads EC2 tags and volumes; the role is trusted by the add-on\'s service account alone.');
  const addon = new eks.Addon(scope, 'CloudWatchObservability', { cluster, addonName: CLOUDWATCH_OBSERVABILITY_ADDON });
  (addon.node.defaultChild as CfnAddon).serviceAccountRoleArn = role.roleArn;
  for (const group of Object.values(logGroups)) addon.node.addDependency(group);
  return { key, logGroups, role, addon };
}
