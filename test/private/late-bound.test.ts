import { Token } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { LateBoundString } from '../../src/private/late-bound';
import { newStack } from '../fixtures/clusters';

describe('LateBoundString', () => {
  test('the token is rendered before the value exists, and resolves to the bound value at synth', () => {
    const stack = newStack();
    const name = new LateBoundString('the exchange bucket');
    expect(Token.isUnresolved(name.token)).toBe(true);
    const rendered = { baseDir: [`s3://${name.token}`] };
    name.bind('trino-exchange');
    expect(stack.resolve(rendered)).toEqual({ baseDir: ['s3://trino-exchange'] });
  });

  test('a value that is itself a token (a created bucket\'s name) resolves to what that token resolves to', () => {
    const stack = newStack();
    const name = new LateBoundString('the exchange bucket');
    const rendered = `s3://${name.token}`;
    const bucket = new s3.Bucket(stack, 'Exchange');
    name.bind(bucket.bucketName);
    expect(stack.resolve(rendered)).toEqual(stack.resolve(`s3://${bucket.bucketName}`));
    expect(JSON.stringify(stack.resolve(rendered))).toContain(stack.getLogicalId(bucket.node.defaultChild as s3.CfnBucket));
  });

  test('resolving a value that was never bound throws, naming what was never created', () => {
    const stack = newStack();
    const range = new LateBoundString('the created VPC\'s address range');
    expect(() => stack.resolve({ cidr: range.token })).toThrow(/TrinoOnEks: the created VPC's address range was rendered but never created/);
  });

  test('binding twice throws', () => {
    const name = new LateBoundString('the exchange bucket');
    name.bind('first');
    expect(() => name.bind('second')).toThrow(/LateBoundString: bound twice/);
  });
});
