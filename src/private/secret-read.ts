import * as iam from 'aws-cdk-lib/aws-iam';

/**
 * What reading one Secrets Manager secret takes: `GetSecretValue` and `DescribeSecret` on it and, when a
 * customer-managed key encrypts it, `kms:Decrypt` on that key only through Secrets Manager in `region`.
 * `conditions` (e.g. who among the role's sessions may read) apply to every statement.
 */
export function secretReadStatements(secretArn: string, keyArn: string | undefined, region: string,
  conditions: Record<string, Record<string, unknown>> = {}): iam.PolicyStatement[] {
  const viaSecretsManager = { 'kms:ViaService': `secretsmanager.${region}.amazonaws.com` };
  return [
    new iam.PolicyStatement({
      actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
      resources: [secretArn],
      ...(Object.keys(conditions).length > 0 ? { conditions } : {}),
    }),
    ...(keyArn !== undefined ? [new iam.PolicyStatement({
      actions: ['kms:Decrypt'],
      resources: [keyArn],
      conditions: { ...conditions, StringEquals: { ...conditions.StringEquals, ...viaSecretsManager } },
    })] : []),
  ];
}
