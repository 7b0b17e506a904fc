import { createHash } from 'crypto';

// What a synthesized CloudFormation template asks the kubectl provider to deploy: its manifests and its Helm
// releases, with every deploy-time value (an ARN, a bucket name, a VPC's range) replaced by a representative
// literal of the right shape, so that an API server judges the objects as it would after `cdk deploy`.

/** A Helm release the template installs (Custom::AWSCDK-EKS-HelmChart). */
export interface HelmRelease {
  readonly logicalId: string;
  readonly chart: string;
  readonly repository?: string;
  readonly version?: string;
  readonly release: string;
  readonly namespace: string;
  readonly values: Record<string, any>;
}

/** The Kubernetes side of one template. */
export interface DeployedObjects {
  /** The objects of every Custom::AWSCDK-EKS-KubernetesResource, in template order. */
  readonly manifests: Record<string, any>[];
  readonly helmReleases: HelmRelease[];
}

const KUBERNETES_RESOURCE = 'Custom::AWSCDK-EKS-KubernetesResource';
const HELM_CHART = 'Custom::AWSCDK-EKS-HelmChart';

/** The account and region deploy-time values are made in. */
export const REPRESENTATIVE_ACCOUNT = '111122223333';
export const REPRESENTATIVE_REGION = 'us-east-1';
/** What a VPC's `CidrBlock` stands for. */
export const REPRESENTATIVE_VPC_CIDR = '10.0.0.0/16';

export function deployedObjects(template: Record<string, any>): DeployedObjects {
  const resources: Record<string, any> = template.Resources ?? {};
  const evaluate = (value: unknown) => resolveIntrinsics(value, template);
  const manifests: Record<string, any>[] = [];
  const helmReleases: HelmRelease[] = [];
  for (const [logicalId, resource] of Object.entries(resources)) {
    if (resource.Type === KUBERNETES_RESOURCE) {
      manifests.push(...JSON.parse(evaluate(resource.Properties.Manifest)));
    } else if (resource.Type === HELM_CHART) {
      const p = resource.Properties;
      helmReleases.push({
        logicalId,
        chart: evaluate(p.Chart),
        repository: p.Repository === undefined ? undefined : evaluate(p.Repository),
        version: p.Version === undefined ? undefined : evaluate(p.Version),
        release: evaluate(p.Release),
        namespace: p.Namespace === undefined ? 'default' : evaluate(p.Namespace),
        values: p.Values === undefined ? {} : JSON.parse(evaluate(p.Values)),
      });
    }
  }
  return { manifests, helmReleases };
}

/**
 * Evaluates CloudFormation's intrinsic functions in `value` (Ref, Fn::GetAtt, Fn::Join, Fn::Select, Fn::Split,
 * Fn::Sub), with a representative literal for each deploy-time value. A reference it has no literal for is an
 * error naming the resource, so that a new kind of token is noticed rather than passed on as a placeholder.
 */
export function resolveIntrinsics(value: unknown, template: Record<string, any>): any {
  if (Array.isArray(value)) return value.map((item) => resolveIntrinsics(item, template));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value);
  if (entries.length === 1 && (entries[0][0] === 'Ref' || entries[0][0].startsWith('Fn::'))) {
    const [name, argument] = entries[0];
    const evaluate = (v: unknown) => resolveIntrinsics(v, template);
    switch (name) {
      case 'Ref': return reference(template, String(argument));
      case 'Fn::GetAtt': {
        const [logicalId, attribute] = Array.isArray(argument) ? argument : String(argument).split(/\.(.*)/);
        return attributeOf(template, logicalId, attribute);
      }
      case 'Fn::Join': return (evaluate((argument as any[])[1]) as unknown[]).join(evaluate((argument as any[])[0]));
      case 'Fn::Select': return (evaluate((argument as any[])[1]) as unknown[])[Number(evaluate((argument as any[])[0]))];
      case 'Fn::Split': return String(evaluate((argument as any[])[1])).split(evaluate((argument as any[])[0]));
      case 'Fn::Sub': {
        const [text, variables] = Array.isArray(argument) ? argument : [argument, {}];
        return String(text).replace(/\$\{([^}!]+)\}/g, (_, variable: string) => {
          if (variables[variable] !== undefined) return evaluate(variables[variable]);
          const [logicalId, attribute] = variable.split(/\.(.*)/);
          return attribute ? attributeOf(template, logicalId, attribute) : reference(template, logicalId);
        });
      }
      default: throw new Error(`no representative value for ${name}: ${JSON.stringify(argument)}`);
    }
  }
  return Object.fromEntries(entries.map(([key, item]) => [key, resolveIntrinsics(item, template)]));
}

const PSEUDO_PARAMETERS: Record<string, string> = {
  'AWS::AccountId': REPRESENTATIVE_ACCOUNT,
  'AWS::Region': REPRESENTATIVE_REGION,
  'AWS::Partition': 'aws',
  'AWS::URLSuffix': 'amazonaws.com',
  'AWS::StackName': 'representative-stack',
};

function reference(template: Record<string, any>, logicalId: string): string {
  if (PSEUDO_PARAMETERS[logicalId]) return PSEUDO_PARAMETERS[logicalId];
  const parameter = template.Parameters?.[logicalId];
  if (parameter) {
    if (parameter.Default === undefined) throw new Error(`no representative value for parameter ${logicalId} (it has no default)`);
    return String(parameter.Default);
  }
  const type = resourceType(template, logicalId);
  switch (type) {
    case 'AWS::S3::Bucket': return `${dnsName(logicalId)}-bucket`.slice(0, 63);
    case 'AWS::SecretsManager::Secret':
    case 'AWS::SecretsManager::SecretTargetAttachment':
      return `arn:aws:secretsmanager:${REPRESENTATIVE_REGION}:${REPRESENTATIVE_ACCOUNT}:secret:${logicalId}-AbCdEf`;
    case 'AWS::IAM::Role': return logicalId.slice(0, 64);
    case 'AWS::EKS::Cluster': return dnsName(logicalId);
    case 'AWS::EC2::Subnet': return `subnet-${hex(logicalId, 17)}`;
    case 'AWS::EC2::SecurityGroup': return `sg-${hex(logicalId, 17)}`;
    case 'AWS::EC2::VPC': return `vpc-${hex(logicalId, 17)}`;
    case 'AWS::KMS::Key': return uuid(logicalId);
    case 'AWS::SQS::Queue': return `https://sqs.${REPRESENTATIVE_REGION}.amazonaws.com/${REPRESENTATIVE_ACCOUNT}/${logicalId}`;
    default: throw new Error(`no representative value for Ref to ${logicalId} (${type})`);
  }
}

function attributeOf(template: Record<string, any>, logicalId: string, attribute: string): string {
  const type = resourceType(template, logicalId);
  switch (`${type}.${attribute}`) {
    case 'AWS::IAM::Role.Arn': return `arn:aws:iam::${REPRESENTATIVE_ACCOUNT}:role/${logicalId.slice(0, 64)}`;
    case 'AWS::KMS::Key.Arn': return `arn:aws:kms:${REPRESENTATIVE_REGION}:${REPRESENTATIVE_ACCOUNT}:key/${uuid(logicalId)}`;
    case 'AWS::SQS::Queue.Arn': return `arn:aws:sqs:${REPRESENTATIVE_REGION}:${REPRESENTATIVE_ACCOUNT}:${logicalId}`;
    case 'AWS::SQS::Queue.QueueName': return logicalId;
    case 'AWS::S3::Bucket.Arn': return `arn:aws:s3:::${reference(template, logicalId)}`;
    case 'AWS::RDS::DBInstance.Endpoint.Address':
    case 'AWS::RDS::DBCluster.Endpoint.Address':
      return `${dnsName(logicalId)}.c0example0.${REPRESENTATIVE_REGION}.rds.amazonaws.com`;
    case 'AWS::RDS::DBInstance.Endpoint.Port':
    case 'AWS::RDS::DBCluster.Endpoint.Port':
      return '5432';
    case 'AWS::EKS::Cluster.ClusterSecurityGroupId': return `sg-${hex(logicalId, 17)}`;
    case 'AWS::EC2::VPC.CidrBlock': return REPRESENTATIVE_VPC_CIDR;
    default: throw new Error(`no representative value for Fn::GetAtt ${logicalId}.${attribute} (${type})`);
  }
}

function resourceType(template: Record<string, any>, logicalId: string): string {
  const type = template.Resources?.[logicalId]?.Type;
  if (!type) throw new Error(`a reference to ${logicalId}, which is neither a resource nor a parameter of the template`);
  return type;
}

/** A logical ID as a DNS label: lower case, letters and digits. */
function dnsName(logicalId: string): string {
  return logicalId.toLowerCase().replace(/[^a-z0-9]+/g, '-').slice(0, 50);
}

function hex(seed: string, length: number): string {
  return createHash('sha256').update(seed).digest('hex').slice(0, length);
}

function uuid(seed: string): string {
  const h = hex(seed, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
