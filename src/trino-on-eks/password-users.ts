import { ArnFormat, CustomResource, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { PASSWORD_FILE_HANDLER } from './password-file-handler';
import { acknowledgeRules } from '../private/nag-acknowledgements';
import { secretReadStatements } from '../private/secret-read';

/** How often the password file is checked against the users' secrets (a password changed in Secrets Manager). */
export const PASSWORD_SYNC_INTERVAL = Duration.minutes(5);

export interface PasswordUsersProps {
  /** The users (validated). */
  readonly users: string[];
  /** For descriptions. */
  readonly namespace: string;
}

/**
 * The password users of a Trino cluster: one Secrets Manager secret per user (`{"username", "password"}`, the
 * password generated), all encrypted with one customer-managed key, and Trino's password file (PBKDF2 hashes only)
 * in another secret, written by a small Lambda function: at deployment (a custom resource whose properties change
 * with the users) and every PASSWORD_SYNC_INTERVAL (a changed password is re-hashed, a file that is still right is
 * not rewritten). The Secrets Store CSI driver syncs the file into the Kubernetes Secret the coordinator mounts;
 * Trino reloads it (`file.refresh-period`, 5 s). No password, hashed or not, is in the template.
 */
export class PasswordUsers extends Construct {
  /** The key encrypting the users' secrets and the password file. */
  public readonly key: kms.Key;
  /** One secret per user, in the users' order. */
  public readonly userSecrets: secretsmanager.Secret[];
  /** The password file (hashes only). */
  public readonly passwordFile: secretsmanager.Secret;
  /** The function that writes the password file. */
  public readonly writer: lambda.Function;
  /** Where the writer's runs that failed every retry go (encrypted with `key`). */
  public readonly deadLetterQueue: sqs.Queue;
  /** The custom resource that writes the file at deployment. */
  public readonly writeAtDeployment: CustomResource;

  constructor(scope: Construct, id: string, props: PasswordUsersProps) {
    super(scope, id);
    const region = Stack.of(this).region;
    this.key = new kms.Key(this, 'Key', {
      description: `Trino ${props.namespace}: users' passwords and the password file`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.userSecrets = props.users.map((user, i) => new secretsmanager.Secret(this, `User${i}`, {
      description: `Trino ${props.namespace}: password of user ${user} (JSON: username, password)`,
      encryptionKey: this.key,
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ username: user }),
        generateStringKey: 'password',
        passwordLength: 32,
        excludePunctuation: true,
      },
    }));
    this.passwordFile = new secretsmanager.Secret(this, 'PasswordFile', {
      description: `Trino ${props.namespace}: password file of the coordinator (PBKDF2 hashes, written by the library)`,
      encryptionKey: this.key,
    });
    // PCI DSS 3.2.1 has no rotation rule.
    acknowledgeRules(this, [
      'AwsSolutions-SMG4', 'NIST.800.53.R5-SecretsManagerRotationEnabled', 'HIPAA.Security-SecretsManagerRotationEnabled',
    ], 'A user\'s password is a credential a person or client holds: an automatic rotation would lock them out without ' +
      'notice, so it is rotated by its owner (put a new value in the secret; the library re-hashes it within ' +
      `${PASSWORD_SYNC_INTERVAL.toMinutes()} minutes). The password file secret only holds salted PBKDF2 hashes derived from ` +
      'those secrets and is rewritten whenever one changes. All are encrypted with a customer-managed, rotated key.');

    // The function's log, encrypted with the same key (CloudWatch Logs may use it only for this account's logs).
    this.key.addToResourcePolicy(new iam.PolicyStatement({
      principals: [new iam.ServicePrincipal(`logs.${region}.amazonaws.com`)],
      actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncryptFrom', 'kms:ReEncryptTo', 'kms:GenerateDataKey', 'kms:DescribeKey'],
      resources: ['*'],
      conditions: {
        ArnLike: { 'kms:EncryptionContext:aws:logs:arn': Stack.of(this).formatArn({ service: 'logs', resource: 'log-group', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }) },
      },
    }));
    const logGroup = new logs.LogGroup(this, 'WriterLogs', {
      retention: logs.RetentionDays.ONE_YEAR,
      encryptionKey: this.key,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Runs that failed every retry (a schedule run, or a deployment's request), kept 14 days for an operator to
    // read: encrypted with the same key, TLS only.
    this.deadLetterQueue = new sqs.Queue(this, 'WriterDeadLetters', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: this.key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    const role = new iam.Role(this, 'WriterRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Trino ${props.namespace}: reads the users' passwords, writes the password file`,
    });
    const viaSecretsManager = { StringEquals: { 'kms:ViaService': `secretsmanager.${region}.amazonaws.com` } };
    const policy = new iam.ManagedPolicy(this, 'WriterPolicy', {
      description: `Trino ${props.namespace}: read the users' passwords, write the password file`,
      roles: [role],
      statements: [
        new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }),
        new iam.PolicyStatement({
          actions: ['secretsmanager:GetSecretValue'],
          resources: [...this.userSecrets.map((s) => s.secretArn), this.passwordFile.secretArn],
        }),
        new iam.PolicyStatement({ actions: ['secretsmanager:PutSecretValue'], resources: [this.passwordFile.secretArn] }),
        new iam.PolicyStatement({
          actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
          resources: [this.key.keyArn],
          conditions: viaSecretsManager,
        }),
        // Lambda sends a failed event to the dead-letter queue as the function's role.
        new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.deadLetterQueue.queueArn] }),
        new iam.PolicyStatement({
          actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
          resources: [this.key.keyArn],
          conditions: { StringEquals: { 'kms:ViaService': `sqs.${region}.amazonaws.com` } },
        }),
      ],
    });
    this.writer = new lambda.Function(this, 'Writer', {
      description: `Trino ${props.namespace}: writes the password file (PBKDF2 hashes) from the users' secrets`,
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline(PASSWORD_FILE_HANDLER),
      // Its permissions are all in the managed policy above: aws-cdk-lib adds none inline (it would for the queue).
      role: role.withoutPolicyUpdates(),
      logGroup,
      timeout: Duration.minutes(1),
      memorySize: 256,
      // One run at a time: a schedule run and a deployment's run never race to write the file, and a throttled
      // (asynchronous) request waits and is retried by Lambda. Lambda keeps 100 executions of the account
      // unreserved, so this needs a concurrency quota above 100 (the default is 1,000).
      reservedConcurrentExecutions: 1,
      deadLetterQueue: this.deadLetterQueue,
      retryAttempts: 2,
      environment: {
        USERS: Stack.of(this).toJsonString(props.users.map((user, i) => ({ user, secretArn: this.userSecrets[i].secretArn }))),
        PASSWORD_FILE_SECRET: this.passwordFile.secretArn,
      },
    });
    this.writer.node.addDependency(policy);
    acknowledgeRules(this.writer, ['NIST.800.53.R5-LambdaInsideVPC', 'HIPAA.Security-LambdaInsideVPC', 'PCI.DSS.321-LambdaInsideVPC'],
      'The function only calls the Secrets Manager API and answers CloudFormation through its pre-signed S3 URL (both ' +
      'over TLS, with its own least-privilege role), and opens no connection into the VPC or the cluster. In a VPC it ' +
      'would need a NAT gateway or Secrets Manager and S3 endpoints in every VPC a cluster may be imported from, and a ' +
      'VPC without them would hang each deployment until the custom resource times out, for no gain in isolation.');

    // Re-hash changed passwords: the schedule runs the same idempotent function.
    new events.Rule(this, 'Schedule', {
      description: `Trino ${props.namespace}: re-hash changed user passwords into the password file`,
      schedule: events.Schedule.rate(PASSWORD_SYNC_INTERVAL),
      targets: [new targets.LambdaFunction(this.writer, { retryAttempts: 2 })],
    });

    this.writeAtDeployment = new CustomResource(this, 'WriteAtDeployment', {
      serviceToken: this.writer.functionArn,
      resourceType: 'Custom::TrinoPasswordFile',
      // A new user list (or secret) writes the file again.
      properties: { Users: props.users.map((user, i) => ({ user, secretArn: this.userSecrets[i].secretArn })) },
    });
  }

  /** Lets a role read the password file (the Secrets Store CSI driver, under the Trino pods' role). */
  public passwordFileReadStatements(): iam.PolicyStatement[] {
    return secretReadStatements(this.passwordFile.secretArn, this.key.keyArn, Stack.of(this).region);
  }
}
