import * as iam from 'aws-cdk-lib/aws-iam';

/**
 * What reading one Secrets Manager secret takes: `GetSecretValue` and `DescribeSecret` on it and, when a
 * customer-managed key encrypts it, `kms:Decrypt` on that key only through Secrets Manager in `region`.
 */
export function secretReadStatements(secretArn: string, keyArn: string | undefined, region: string): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], resources: [secretArn] }),
    ...(keyArn !== undefined ? [new iam.PolicyStatement({
      actions: ['kms:Decrypt'],
      resources: [keyArn],
      conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${region}.amazonaws.com` } },
    })] : []),
  ];
}
