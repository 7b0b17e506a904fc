import { Duration, RemovalPolicy, Token } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as events from 'aws-cdk-lib/aws-events';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { propError } from '../private/validation';

/** An AWS Backup plan for the metastore database. */
export interface MetastoreBackupPlanOptions {
  /**
   * How long each backup is kept: a whole number of days, at least 1.
   *
   * @default Duration.days(35)
   */
  readonly retention?: Duration;

  /**
   * When a backup is taken: a cron schedule (`Schedule.cron`; AWS Backup takes no rate expression and runs at most
   * one backup an hour). Keep it clear of the database's automated
   * backup window, or AWS Backup waits for that window to end.
   *
   * @default - daily at 05:00 UTC (AWS Backup's default): `Schedule.cron({ hour: '5', minute: '0' })`
   */
  readonly schedule?: events.Schedule;

  /**
   * The vault the backups go to: your organisation's, for example one with a vault lock or copied to another account.
   *
   * @default - a new vault encrypted with the metastore's KMS key, removed with the stack only when the metastore's
   * `removalPolicy` is DESTROY (and then only once its backups are deleted: AWS Backup refuses to delete a vault that
   * holds any)
   */
  readonly vault?: backup.IBackupVault;
}

/** What the database gives a backup choice to bind to. @internal */
export interface BackupTarget {
  readonly resource: backup.BackupResource;
  readonly encryptionKey: kms.IKey;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * How the metastore database is backed up beyond RDS's automated backups (`backupRetention`, point-in-time recovery).
 * An AWS Backup plan keeps its backups in a vault, apart from the database: they outlive its deletion, can be kept
 * longer than the 35 days RDS allows, and are what NIST 800-53 and HIPAA checks ask for.
 */
export abstract class MetastoreBackup {
  /** How long a plan keeps each backup when no `retention` is given. */
  public static readonly DEFAULT_RETENTION = Duration.days(35);

  /** An AWS Backup plan with one rule: a backup on `schedule`, kept for `retention`, in `vault`. */
  public static plan(options: MetastoreBackupPlanOptions = {}): MetastoreBackup {
    const retention = options.retention ?? MetastoreBackup.DEFAULT_RETENTION;
    if (!retention.isUnresolved()) {
      const days = retention.toDays({ integral: false });
      if (!Number.isInteger(days) || days < 1) {
        throw propError('MetastoreBackup', 'retention', retention.toHumanString(),
          'must be a whole number of days, at least 1 (AWS Backup keeps a backup for whole days)');
      }
    }
    const expression = options.schedule?.expressionString;
    if (expression !== undefined && !Token.isUnresolved(expression) && !expression.startsWith('cron(')) {
      throw propError('MetastoreBackup', 'schedule', expression, 'must be a cron schedule (Schedule.cron): AWS Backup takes no rate expression');
    }
    return new BackupPlanChoice(retention, options.schedule, options.vault);
  }

  /**
   * No AWS Backup plan: only RDS's automated backups, with point-in-time recovery for `backupRetention`
   * (deleted with the database unless RDS is told to keep them).
   */
  public static automatedBackupsOnly(): MetastoreBackup {
    return new AutomatedBackupsOnly();
  }

  /** @internal */
  public abstract _bind(scope: Construct, target: BackupTarget): backup.BackupPlan | undefined;
}

class BackupPlanChoice extends MetastoreBackup {
  constructor(
    private readonly retention: Duration,
    private readonly schedule: events.Schedule | undefined,
    private readonly vault: backup.IBackupVault | undefined,
  ) {
    super();
  }

  public _bind(scope: Construct, target: BackupTarget): backup.BackupPlan {
    const vault = this.vault ?? new backup.BackupVault(scope, 'BackupVault', {
      encryptionKey: target.encryptionKey,
      removalPolicy: target.removalPolicy,
    });
    const plan = new backup.BackupPlan(scope, 'BackupPlan', {
      backupVault: vault,
      backupPlanRules: [new backup.BackupPlanRule({
        ruleName: 'Metastore',
        scheduleExpression: this.schedule ?? events.Schedule.cron({ hour: '5', minute: '0' }),
        deleteAfter: this.retention,
      })],
    });
    plan.addSelection('Database', { resources: [target.resource] });
    return plan;
  }
}

class AutomatedBackupsOnly extends MetastoreBackup {
  public _bind(): undefined {
    return undefined;
  }
}
