import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { BackupPlan, BackupPlanRule, BackupResource, BackupVault } from 'aws-cdk-lib/aws-backup';
import { Alarm, ComparisonOperator, MathExpression, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Schedule } from 'aws-cdk-lib/aws-events';
import { Construct } from 'constructs';

export interface BackupsProps {
  stage: string;
  /** What the plan backs up. */
  tables: ITable[];
  /** How long monthly backups are kept (at least 5: the retention duty). */
  monthlyRetentionYears: number;
  /** Locks the vault in compliance mode: after a grace period nobody, root included, can shorten retention or delete a backup. */
  vaultLock: boolean;
}

/** Days the vault lock can still be removed after the deploy that set it; then it is immutable. */
export const VAULT_LOCK_GRACE_DAYS = 3;
export const DAILY_RETENTION_DAYS = 35;

const yearsInDays = (years: number) => Math.ceil(years * 365.25);

/**
 * AWS Backup for the DNC list (DESIGN §9): PITR covers 35 days to the second; this covers the
 * years. Daily backups kept 35 days and monthly ones kept `monthlyRetentionYears`, in a vault of
 * their own that outlives the stack, optionally locked; a failed or aborted job raises an alarm.
 */
export class Backups extends Construct {
  readonly vault: BackupVault;
  readonly failedJobAlarm: Alarm;

  constructor(scope: Construct, id: string, props: BackupsProps) {
    super(scope, id);
    const monthlyRetention = Duration.days(yearsInDays(props.monthlyRetentionYears));
    this.vault = new BackupVault(this, 'Vault', {
      backupVaultName: `dnc-api-${props.stage}`,
      // A vault holding recovery points cannot be deleted anyway; RETAIN keeps CloudFormation from trying.
      removalPolicy: RemovalPolicy.RETAIN,
      ...(props.vaultLock
        ? {
            lockConfiguration: {
              minRetention: Duration.days(DAILY_RETENTION_DAYS),
              maxRetention: Duration.days(monthlyRetention.toDays() + 1),
              changeableFor: Duration.days(VAULT_LOCK_GRACE_DAYS),
            },
          }
        : {}),
    });

    const plan = new BackupPlan(this, 'Plan', {
      backupVault: this.vault,
      backupPlanRules: [
        new BackupPlanRule({
          ruleName: 'Daily',
          scheduleExpression: Schedule.cron({ hour: '3', minute: '0' }),
          deleteAfter: Duration.days(DAILY_RETENTION_DAYS),
        }),
        new BackupPlanRule({
          ruleName: 'Monthly',
          scheduleExpression: Schedule.cron({ day: '1', hour: '4', minute: '0' }),
          deleteAfter: monthlyRetention,
        }),
      ],
    });
    const selection = plan.addSelection('Tables', {
      resources: props.tables.map((table) => BackupResource.fromDynamoDbTable(table)),
      allowRestores: true,
    });
    Validations.of(selection).acknowledge({
      id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
      reason: 'The role AWS Backup assumes to back up the selected tables; AWS maintains the service policy as the service evolves.',
    });
    Validations.of(selection).acknowledge({
      id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores]',
      reason: 'The same role restores a backup into a new table (the restore runbook); AWS maintains the service policy.',
    });

    const jobs = (metricName: string) =>
      new Metric({
        namespace: 'AWS/Backup',
        metricName,
        dimensionsMap: { BackupVaultName: this.vault.backupVaultName },
        statistic: 'Sum',
        period: Duration.hours(1),
      });
    this.failedJobAlarm = new Alarm(this, 'FailedJobAlarm', {
      alarmDescription: `dnc-api ${props.stage}: a backup job of the DNC tables failed or was aborted (runbook: backup job failed)`,
      metric: new MathExpression({
        expression: 'FILL(failed, 0) + FILL(aborted, 0)',
        usingMetrics: { failed: jobs('NumberOfBackupJobsFailed'), aborted: jobs('NumberOfBackupJobsAborted') },
        label: 'Failed or aborted backup jobs',
        period: Duration.hours(1),
      }),
      threshold: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  }
}
