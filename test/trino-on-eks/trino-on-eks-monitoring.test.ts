import * as fs from 'fs';
import * as path from 'path';
import { KubectlV35Layer } from '@aws-cdk/lambda-layer-kubectl-v35';
import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { TrinoRole } from '../../src/trino';
import { alertManagerDefinition } from '../../src/trino-on-eks/managed-prometheus';
import { trinoScrapeConfiguration } from '../../src/trino-on-eks/prometheus-scrape-config';
import { TRINO_ALERTS, trinoAlertRules } from '../../src/trino-on-eks/trino-alert-rules';
import { TrinoCluster } from '../../src/trino-on-eks/trino-cluster-choice';
import { trinoDashboard } from '../../src/trino-on-eks/trino-dashboard';
import { COORDINATOR_SCRAPE_JOB, TRINO_METRICS } from '../../src/trino-on-eks/trino-metric-names';
import { TrinoOnEks } from '../../src/trino-on-eks/trino-on-eks';
import { TrinoOnEksProps } from '../../src/trino-on-eks/trino-on-eks-props';
import { newStack } from '../fixtures/clusters';
import { trinoOnImportedCluster } from '../fixtures/trino-on-eks';
import { qualityGateTests } from '../quality-gate/quality-gate';

/** The committed dashboard, which must be what trinoDashboard() generates (UPDATE_DASHBOARD=1 rewrites it). */
const DASHBOARD_FILE = path.join(__dirname, '..', '..', 'docs', 'grafana', 'trino-dashboard.json');

/** TrinoOnEks on a cluster it creates, with `extra`. */
function onCreatedCluster(extra: Partial<TrinoOnEksProps>): { stack: Stack; trino: TrinoOnEks } {
  const stack = newStack();
  const trino = new TrinoOnEks(stack, 'Trino', {
    cluster: TrinoCluster.create({ kubectlLayer: new KubectlV35Layer(stack, 'Kubectl') }),
    ...extra,
  });
  return { stack, trino };
}

function decodedScrapeConfiguration(template: Template): any {
  const scraper = Object.values(template.findResources('AWS::APS::Scraper'))[0] as any;
  return JSON.parse(Buffer.from(scraper.Properties.ScrapeConfiguration.ConfigurationBlob, 'base64').toString('utf8'));
}

describe('managed Prometheus and pod logs on a created cluster', () => {
  let stack: Stack;
  let trino: TrinoOnEks;
  let template: Template;
  beforeAll(() => {
    ({ stack, trino } = onCreatedCluster({ monitoring: { managedPrometheus: {}, podLogs: {} } }));
    template = Template.fromStack(stack);
  });

  test('one workspace without a customer managed key (managed collectors cannot write to one), 150 days of retention', () => {
    template.resourceCountIs('AWS::APS::Workspace', 1);
    const workspace = Object.values(template.findResources('AWS::APS::Workspace'))[0] as any;
    expect(workspace.Properties.KmsKeyArn).toBeUndefined();
    expect(workspace.Properties.WorkspaceConfiguration).toEqual({ RetentionPeriodInDays: 150 });
    expect(workspace.Properties.AlertManagerDefinition).toBeUndefined();
  });

  test('the scraper reads the created cluster from its private subnets with the cluster security group, into the workspace', () => {
    template.hasResourceProperties('AWS::APS::Scraper', {
      Source: {
        EksConfiguration: {
          ClusterArn: Match.anyValue(),
          SubnetIds: Match.arrayWith([Match.objectLike({ Ref: Match.stringLikeRegexp('PrivateSubnet1') })]),
          SecurityGroupIds: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('Cluster'), 'ClusterSecurityGroupId'] }],
        },
      },
      Destination: { AmpConfiguration: { WorkspaceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('MetricsWorkspace'), 'Arn'] } } },
    });
  });

  test('the scrape configuration is the rendered one: the coordinator\'s HTTP port in Trino\'s namespace, every 30 s', () => {
    expect(decodedScrapeConfiguration(template)).toEqual(trinoScrapeConfiguration({
      namespace: 'trino', releaseName: 'trino', httpPort: 8080, scrapeIntervalSeconds: 30,
    }));
  });

  test('the alert rules are the rendered ones, in the workspace', () => {
    const rules = Object.values(template.findResources('AWS::APS::RuleGroupsNamespace'))[0] as any;
    expect(rules.Properties.Workspace['Fn::GetAtt']).toEqual([expect.stringMatching(/MetricsWorkspace/), 'Arn']);
    expect(JSON.parse(rules.Properties.Data)).toEqual(trinoAlertRules({ namespace: 'trino', queuedWithoutWorkersMinutes: 10 }));
  });

  test('the coordinator answers anonymous management reads as metrics-reader, even without client authentication', () => {
    expect(trino.configuration.configProperties(TrinoRole.COORDINATOR)['management.user']).toBe('metrics-reader');
    expect(trino.configuration.configProperties(TrinoRole.WORKER)['management.user']).toBeUndefined();
  });

  test('the coordinator\'s NetworkPolicy admits the created VPC\'s range on the HTTP port (the collector\'s interfaces)', () => {
    const manifests = Object.values(template.findResources('Custom::AWSCDK-EKS-KubernetesResource'))
      .map((r: any) => JSON.stringify(r.Properties.Manifest)).filter((m) => m.includes('NetworkPolicy') && m.includes('trino-coordinator'));
    expect(manifests).toHaveLength(1);
    const parts: any[] = JSON.parse(manifests[0])['Fn::Join'][1];
    const cidrAt = parts.findIndex((part) => part['Fn::GetAtt']?.[1] === 'CidrBlock' && /^TrinoVpc/.test(part['Fn::GetAtt'][0]));
    expect(parts[cidrAt - 1]).toMatch(/"ipBlock":\{"cidr":"$/);
    expect(parts[cidrAt + 1]).toMatch(/^"\}\}\],"ports":\[\{"protocol":"TCP","port":8080\}\]/);
  });

  test('pod logs: four log groups under /aws/containerinsights/<cluster>/, one month, encrypted with a rotated key of their own', () => {
    const groups = Object.values(template.findResources('AWS::Logs::LogGroup'))
      .filter((g: any) => JSON.stringify(g.Properties.LogGroupName ?? '').includes('/aws/containerinsights/')) as any[];
    expect(groups.map((g) => JSON.stringify(g.Properties.LogGroupName).match(/\/(application|dataplane|host|performance)"/)?.[1]).sort())
      .toEqual(['application', 'dataplane', 'host', 'performance']);
    for (const group of groups) {
      expect(group.Properties.RetentionInDays).toBe(logs.RetentionDays.ONE_MONTH);
      expect(group.Properties.KmsKeyId['Fn::GetAtt']).toEqual([expect.stringMatching(/PodLogsKey/), 'Arn']);
      expect(group.DeletionPolicy).toBe('Retain');
    }
    template.hasResourceProperties('AWS::KMS::Key', { Description: Match.stringLikeRegexp('pod logs'), EnableKeyRotation: true });
  });

  test('the add-on runs with an IRSA role trusted by its service account alone, after the log groups exist', () => {
    const addon = Object.entries(template.findResources('AWS::EKS::Addon'))
      .find(([, a]: any) => a.Properties.AddonName === 'amazon-cloudwatch-observability') as [string, any];
    expect(addon[1].Properties.ServiceAccountRoleArn['Fn::GetAtt']).toEqual([expect.stringMatching(/PodLogsRole/), 'Arn']);
    const logGroupIds = Object.keys(template.findResources('AWS::Logs::LogGroup')).filter((id) => id.includes('PodLogs'));
    expect(addon[1].DependsOn).toEqual(expect.arrayContaining(logGroupIds));
    const role = Object.values(template.findResources('AWS::IAM::Role')).find((r: any) => JSON.stringify(r).includes('PodLogsTrust')) as any;
    expect(role).toBeDefined();
    const trust = Object.values(template.findResources('Custom::AWSCDKCfnJson'))
      .map((r: any) => JSON.stringify(r.Properties.Value)).find((v) => v.includes('amazon-cloudwatch:cloudwatch-agent'));
    expect(trust).toContain('system:serviceaccount:amazon-cloudwatch:cloudwatch-agent');
  });

  test('outputs name the Prometheus endpoint and the pods\' log group', () => {
    const outputs = template.toJSON().Outputs;
    const named = (part: string) => Object.entries(outputs).find(([id]) => id.includes(part))?.[1] as any;
    expect(named('PrometheusEndpoint').Value['Fn::GetAtt']).toEqual([expect.stringMatching(/MetricsWorkspace/), 'PrometheusEndpoint']);
    expect(named('PodLogGroup').Value).toEqual({ Ref: expect.stringMatching(/PodLogsapplication/) });
  });

  qualityGateTests(() => ({ stack, scope: trino }), { kubernetesObjects: { withoutSchema: ['SecretProviderClass'] } });
});

describe('alerts to an SNS topic, with autoscaling to zero', () => {
  let template: Template;
  let trino: TrinoOnEks;
  beforeAll(() => {
    const stack = newStack();
    const topic = new sns.Topic(stack, 'Alerts', { enforceSSL: true });
    trino = new TrinoOnEks(stack, 'Trino', {
      cluster: TrinoCluster.create({ kubectlLayer: new KubectlV35Layer(stack, 'Kubectl') }),
      workers: { maxCount: 4, autoscaling: { queryWait: { requiredWorkers: 1, maxWait: Duration.minutes(12) } } },
      monitoring: { managedPrometheus: { alertTopic: topic, retention: Duration.days(30), scrapeInterval: Duration.minutes(1) } },
    });
    template = Template.fromStack(stack);
  });

  test('the workspace\'s alert manager sends every alert to the topic, which lets only this workspace publish', () => {
    const workspace = Object.values(template.findResources('AWS::APS::Workspace'))[0] as any;
    expect(workspace.Properties.WorkspaceConfiguration).toEqual({ RetentionPeriodInDays: 30 });
    expect(JSON.stringify(workspace.Properties.AlertManagerDefinition)).toContain('sns_configs');
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Sid: 'AmazonManagedPrometheusAlerts',
          Principal: { Service: 'aps.amazonaws.com' },
          Action: ['sns:Publish', 'sns:GetTopicAttributes'],
          Condition: { ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': [Match.stringLikeRegexp('MetricsWorkspace'), 'Arn'] } }, StringEquals: { 'aws:SourceAccount': '111122223333' } },
        })]),
      },
    });
  });

  test('KEDA\'s metrics user is the management user the collector reads as (Trino refuses other users\' management reads)', () => {
    expect(trino.configuration.configProperties(TrinoRole.COORDINATOR)['management.user']).toBe('keda-autoscaler');
  });

  test('queued queries with no worker alert only after the coordinator\'s own wait (12 min) plus 5 minutes', () => {
    const rules = JSON.parse((Object.values(template.findResources('AWS::APS::RuleGroupsNamespace'))[0] as any).Properties.Data);
    const rule = rules.groups[0].rules.find((r: any) => r.alert === TRINO_ALERTS.queuedWithoutWorkers);
    expect(rule.for).toBe('17m');
  });

  test('a one-minute scrape interval reaches the scrape configuration', () => {
    const scraper = Object.values(template.findResources('AWS::APS::Scraper'))[0] as any;
    const configuration = JSON.parse(Buffer.from(scraper.Properties.ScrapeConfiguration.ConfigurationBlob, 'base64').toString('utf8'));
    expect(configuration.global.scrape_interval).toBe('60s');
  });
});

describe('without monitoring', () => {
  test('no workspace, no add-on, and no management user without authentication or autoscaling', () => {
    const { stack, trino } = trinoOnImportedCluster();
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::APS::Workspace', 0);
    template.resourceCountIs('AWS::APS::Scraper', 0);
    expect(JSON.stringify(template.toJSON())).not.toContain('amazon-cloudwatch-observability');
    expect(trino.configuration.configProperties(TrinoRole.COORDINATOR)['management.user']).toBeUndefined();
  });
});

describe('the rendered scrape configuration, rules and dashboard', () => {
  const scrape = trinoScrapeConfiguration({ namespace: 'analytics', releaseName: 'trino', httpPort: 8080, scrapeIntervalSeconds: 30 });

  test('pod discovery in the namespace only, kept to the coordinator\'s HTTP container port', () => {
    const job = scrape.scrape_configs[0];
    expect(job.job_name).toBe(COORDINATOR_SCRAPE_JOB);
    expect(job.kubernetes_sd_configs).toEqual([{ role: 'pod', namespaces: { names: ['analytics'] } }]);
    expect(job.relabel_configs[0]).toMatchObject({ action: 'keep', regex: 'trino;coordinator;8080' });
  });

  test('only the series the alerts and the dashboard read are kept', () => {
    const kept = new RegExp(`^(?:${scrape.scrape_configs[0].metric_relabel_configs[0].regex})$`);
    for (const name of Object.values(TRINO_METRICS)) expect(name).toMatch(kept);
    expect('trino_execution_name_QueryManager_CpuInputByteRate_AllTime').not.toMatch(kept);
  });

  test('every series a rule or a panel reads is scraped (the names come from one list)', () => {
    const kept = new Set<string>([...Object.values(TRINO_METRICS), 'up']);
    const expressions = [
      ...trinoAlertRules({ namespace: 'analytics', queuedWithoutWorkersMinutes: 10 }).groups[0].rules.map((r: any) => r.expr),
      ...trinoDashboard().panels.flatMap((p: any) => p.targets.map((t: any) => t.expr)),
    ];
    const functions = new Set(['sum', 'max', 'increase', 'rate', 'clamp_min', 'absent', 'time', 'on', 'and']);
    for (const expr of expressions) {
      for (const [name] of expr.matchAll(/[A-Za-z_][A-Za-z0-9_]*(?=\{)/g)) expect(kept).toContain(name);
      for (const [word] of expr.replace(/\{[^}]*\}/g, '').replace(/\[[^\]]*\]/g, '').matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)) {
        if (!functions.has(word)) expect(kept).toContain(word);
      }
    }
  });

  test('every alert selects its namespace', () => {
    for (const rule of trinoAlertRules({ namespace: 'analytics', queuedWithoutWorkersMinutes: 10 }).groups[0].rules) {
      expect(rule.expr).toContain('namespace="analytics"');
      expect(rule.labels.namespace).toBe('analytics');
    }
  });

  test('the alert manager definition routes to the topic through SigV4 in the region', () => {
    expect(alertManagerDefinition('arn:aws:sns:eu-west-1:111122223333:alerts', 'eu-west-1'))
      .toMatch(/^alertmanager_config: \|\n {2}route:\n {4}receiver: sns\n[\s\S]*topic_arn: arn:aws:sns:eu-west-1:111122223333:alerts\n {10}sigv4:\n {12}region: eu-west-1\n$/);
  });

  test('docs/grafana/trino-dashboard.json is the generated dashboard', () => {
    const generated = `${JSON.stringify(trinoDashboard(), undefined, 2)}\n`;
    if (process.env.UPDATE_DASHBOARD) {
      fs.mkdirSync(path.dirname(DASHBOARD_FILE), { recursive: true });
      fs.writeFileSync(DASHBOARD_FILE, generated);
    }
    expect(fs.readFileSync(DASHBOARD_FILE, 'utf8')).toBe(generated);
  });
});
