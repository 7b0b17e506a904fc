import { deployedObjects, resolveIntrinsics, REPRESENTATIVE_VPC_CIDR } from './deployed-objects';

const TEMPLATE = {
  Parameters: { Version: { Type: 'String', Default: '1.42.2' }, Missing: { Type: 'String' } },
  Resources: {
    WorkerRole1A2B: { Type: 'AWS::IAM::Role' },
    Lake5F1B: { Type: 'AWS::S3::Bucket' },
    Vpc8378: { Type: 'AWS::EC2::VPC' },
    Database: { Type: 'AWS::RDS::DBInstance' },
    Topic: { Type: 'AWS::SNS::Topic' },
    Manifest: {
      Type: 'Custom::AWSCDK-EKS-KubernetesResource',
      Properties: {
        Manifest: {
          'Fn::Join': ['', [
            '[{"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"trino","annotations":{"eks.amazonaws.com/role-arn":"',
            { 'Fn::GetAtt': ['WorkerRole1A2B', 'Arn'] },
            '"}}}]',
          ]],
        },
      },
    },
    Chart: {
      Type: 'Custom::AWSCDK-EKS-HelmChart',
      Properties: {
        Chart: 'trino',
        Repository: 'https://trinodb.github.io/charts',
        Version: { Ref: 'Version' },
        Release: 'trino',
        Namespace: 'trino',
        Values: { 'Fn::Join': ['', ['{"bucket":"', { Ref: 'Lake5F1B' }, '"}']] },
      },
    },
  },
};

describe('deploy-time values made representative', () => {
  test('a role ARN, a bucket name, a VPC range and an RDS endpoint of the right shape', () => {
    expect(resolveIntrinsics({ 'Fn::GetAtt': ['WorkerRole1A2B', 'Arn'] }, TEMPLATE)).toBe('arn:aws:iam::111122223333:role/WorkerRole1A2B');
    expect(resolveIntrinsics({ Ref: 'Lake5F1B' }, TEMPLATE)).toBe('lake5f1b-bucket');
    expect(resolveIntrinsics({ 'Fn::GetAtt': ['Vpc8378', 'CidrBlock'] }, TEMPLATE)).toBe(REPRESENTATIVE_VPC_CIDR);
    expect(resolveIntrinsics({ 'Fn::GetAtt': ['Database', 'Endpoint.Address'] }, TEMPLATE)).toMatch(/^database\.c0example0\.us-east-1\.rds\.amazonaws\.com$/);
  });

  test('Fn::Select over Fn::Split of an ARN yields the role name, as CloudFormation would', () => {
    const roleName = { 'Fn::Select': [1, { 'Fn::Split': ['/', { 'Fn::Select': [5, { 'Fn::Split': [':', { 'Fn::GetAtt': ['WorkerRole1A2B', 'Arn'] }] }] }] }] };
    expect(resolveIntrinsics(roleName, TEMPLATE)).toBe('WorkerRole1A2B');
  });

  test('Fn::Sub with pseudo parameters, attributes and its own variables', () => {
    expect(resolveIntrinsics({ 'Fn::Sub': ['${AWS::AccountId}.dkr.ecr.${AWS::Region}.${AWS::URLSuffix}/${Name}:${Lake5F1B.Arn}', { Name: 'repo' }] }, TEMPLATE))
      .toBe('111122223333.dkr.ecr.us-east-1.amazonaws.com/repo:arn:aws:s3:::lake5f1b-bucket');
  });

  test('a parameter is its default', () => {
    expect(resolveIntrinsics({ Ref: 'Version' }, TEMPLATE)).toBe('1.42.2');
  });

  test('a reference without a representative value is an error naming it', () => {
    expect(() => resolveIntrinsics({ Ref: 'Topic' }, TEMPLATE)).toThrow('no representative value for Ref to Topic (AWS::SNS::Topic)');
    expect(() => resolveIntrinsics({ 'Fn::GetAtt': ['Lake5F1B', 'WebsiteURL'] }, TEMPLATE))
      .toThrow('no representative value for Fn::GetAtt Lake5F1B.WebsiteURL (AWS::S3::Bucket)');
    expect(() => resolveIntrinsics({ Ref: 'Missing' }, TEMPLATE)).toThrow('parameter Missing (it has no default)');
    expect(() => resolveIntrinsics({ Ref: 'Nowhere' }, TEMPLATE)).toThrow('a reference to Nowhere, which is neither a resource nor a parameter');
    expect(() => resolveIntrinsics({ 'Fn::ImportValue': 'Export' }, TEMPLATE)).toThrow('no representative value for Fn::ImportValue');
  });
});

describe('the objects a template deploys', () => {
  test('manifests are parsed with their tokens resolved; Helm releases keep chart, version, namespace and values', () => {
    const deployed = deployedObjects(TEMPLATE);
    expect(deployed.manifests).toEqual([{
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'trino', annotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::111122223333:role/WorkerRole1A2B' } },
    }]);
    expect(deployed.helmReleases).toEqual([{
      logicalId: 'Chart',
      chart: 'trino',
      repository: 'https://trinodb.github.io/charts',
      version: '1.42.2',
      release: 'trino',
      namespace: 'trino',
      values: { bucket: 'lake5f1b-bucket' },
    }]);
  });
});
