import { CfnWaitConditionHandle, Stack } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { expectValidKubernetesObjects, schemaProblems } from './manifests';
import { expectNoNagFindings, nagFindings } from './nag';
import { expectNoKubernetesObjects, expectNoPlainTextCredentials, expectValidKubernetesObjectsOf } from './quality-gate';
import { acknowledgeObjectWildcards, flattenReference } from '../../src/private/nag-acknowledgements';
import { importedCluster, newStack } from '../fixtures/clusters';

// The gate must be able to fail: each helper is shown a bad input it has to catch.
describe('the nag helper', () => {
  test('lists an unacknowledged finding with its rule id, pack and construct path', () => {
    const stack = newStack();
    new s3.Bucket(stack, 'Plain');
    const findings = nagFindings(stack);
    expect(findings).toContainEqual({ pack: 'AwsSolutions', rule: 'AwsSolutions-S10', paths: ['Test/Plain/Resource'] });
    expect(findings.map((f) => f.pack)).toEqual(expect.arrayContaining(['AwsSolutions', 'NIST.800.53.R5', 'HIPAA.Security', 'PCI.DSS.321']));
    expect(() => expectNoNagFindings(stack)).toThrow(/AwsSolutions-S10 \(AwsSolutions\) at Test\/Plain\/Resource/);
  });
});

describe('object wildcard acknowledgement', () => {
  function policyWith(stack: Stack, statement: iam.PolicyStatement): iam.ManagedPolicy {
    const policy = new iam.ManagedPolicy(stack, 'Policy', { statements: [statement] });
    acknowledgeObjectWildcards(policy, 'test');
    return policy;
  }

  test('covers explicit actions on bucket/prefix/*', () => {
    const stack = newStack();
    const bucket = new s3.Bucket(stack, 'Lake');
    const policy = policyWith(stack, new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [bucket.arnForObjects('warehouse/*')] }));
    expect(nagFindings(policy).filter((f) => f.rule.startsWith('AwsSolutions-IAM5'))).toEqual([]);
  });

  test('does not cover a wildcard action', () => {
    const stack = newStack();
    const policy = policyWith(stack, new iam.PolicyStatement({ actions: ['s3:Get*'], resources: ['arn:aws:s3:::lake/warehouse/*'] }));
    expect(nagFindings(policy).map((f) => f.rule)).toEqual(expect.arrayContaining([
      'AwsSolutions-IAM5[Action::s3:Get*]',
      'AwsSolutions-IAM5[Resource::arn:aws:s3:::lake/warehouse/*]',
    ]));
  });

  test('does not cover Resource "*" or a wildcard inside the prefix', () => {
    const stack = newStack();
    const policy = new iam.ManagedPolicy(stack, 'Policy', {
      statements: [new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*', 'arn:aws:s3:::lake/*/secret/*'] })],
    });
    acknowledgeObjectWildcards(policy, 'test');
    expect(nagFindings(policy).map((f) => f.rule)).toEqual(expect.arrayContaining([
      'AwsSolutions-IAM5[Resource::*]',
      'AwsSolutions-IAM5[Resource::arn:aws:s3:::lake/*/secret/*]',
    ]));
  });

  test('names references the way cdk-nag does', () => {
    expect(flattenReference({ 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Lake12', 'Arn'] }, '/w/*']] })).toBe('<Lake12.Arn>/w/*');
    expect(flattenReference({ 'Fn::Sub': 'arn:${AWS::Partition}:s3:::x/*' })).toBe('arn:<AWS::Partition>:s3:::x/*');
    expect(flattenReference({ Ref: 'Thing' })).toBe('<Thing>');
    expect(flattenReference({ 'Fn::ImportValue': 'Export1' })).toBe('Export1');
  });
});

describe('the Kubernetes schema helper', () => {
  test('names the object and the schema error', () => {
    const problems = schemaProblems([{ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'sa', namespace: 'ns', annotations: { a: 1 } } }]);
    expect(problems).toEqual([{ object: 'v1/ServiceAccount ns/sa', error: expect.stringMatching(/annotations\/a must be string/) }]);
  });

  test('validates Karpenter objects against the Karpenter schema', () => {
    const problems = schemaProblems([{ apiVersion: 'karpenter.sh/v1', kind: 'NodePool', metadata: { name: 'np' }, spec: { template: { spec: {} } } }]);
    expect(problems).toEqual([{ object: 'karpenter.sh/v1/NodePool np', error: expect.stringMatching(/nodeClassRef/) }]);
  });

  test('refuses objects it has no schema for', () => {
    expect(() => expectValidKubernetesObjects([{ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }]))
      .toThrow(/example.com\/v1\/Widget w: no schema is known/);
  });

  test('accepts a valid object', () => {
    expect(() => expectValidKubernetesObjects([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'trino' } }])).not.toThrow();
  });
});

describe('the quality gate (qualityGateTests)', () => {
  /** A stack with a plain-text password in a CloudFormation resource and in a Kubernetes object. */
  function leakyStack(): Stack {
    const stack = newStack();
    new ssm.CfnParameter(stack, 'Parameter', { type: 'String', value: 'password: hunter2' });
    new eks.KubernetesManifest(stack, 'Config', {
      cluster: importedCluster(stack),
      manifest: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'db', namespace: 'default' }, data: { 'db.properties': 'password: hunter2' } }],
    });
    return stack;
  }

  test('its credential check fails on a plain-text password, naming where and why', () => {
    const stack = leakyStack();
    expect(() => expectNoPlainTextCredentials(stack)).toThrow(/template\.Resources\.Parameter\.Properties\.Value: an inline password: password: hunter2/);
    expect(() => expectNoPlainTextCredentials(stack)).toThrow(/ConfigMap\/db\.data\.db\.properties: an inline password: password: hunter2/);
  });

  test('a known false positive lets through only the finding at its place, and fails once nothing is found there', () => {
    const stack = leakyStack();
    const parameter = { where: 'template.Resources.Parameter.Properties.Value', reason: 'test' };
    expect(() => expectNoPlainTextCredentials(stack, [parameter])).toThrow(/ConfigMap\/db\.data\.db\.properties: an inline password/);
    expect(() => expectNoPlainTextCredentials(stack, [parameter])).not.toThrow(/Parameter/);
    const stale = { where: 'template.Resources.Gone.Properties.Value', reason: 'test' };
    // A stack with one resource that holds nothing (a template without resources is no template to cfn-lint).
    const clean = newStack();
    new CfnWaitConditionHandle(clean, 'Nothing');
    expect(() => expectNoPlainTextCredentials(clean, [stale])).toThrow(/Gone.Properties.Value: listed as a known false positive \(test\), but nothing is found there any more/);
  });

  test('its object checks fail on an object applied where none should be, and on a stale schema exclusion', () => {
    const stack = leakyStack();
    expect(() => expectNoKubernetesObjects(stack)).toThrow(/applies 1 Kubernetes object\(s\): v1\/ConfigMap db/);
    expect(() => expectValidKubernetesObjectsOf(stack, { withoutSchema: ['SecretProviderClass'] }))
      .toThrow(/withoutSchema names SecretProviderClass, but stack Test applies none/);
    expect(() => expectValidKubernetesObjectsOf(stack)).not.toThrow();
  });
});
