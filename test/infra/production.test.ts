import { Match } from 'aws-cdk-lib/assertions';
import { routes } from '../../lib/routes';
import { synthesize } from '../support/synth';

type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string };

const resourcesOf = (template: ReturnType<typeof synthesize>['template'], type: string) =>
  Object.entries(template.findResources(type) as Record<string, Resource>);

const named = (template: ReturnType<typeof synthesize>['template'], type: string, prefix: string) => {
  const matches = resourcesOf(template, type).filter(([id]) => id.startsWith(prefix));
  expect(matches.map(([id]) => id)).toHaveLength(1);
  return matches[0]!;
};

const DAY = 1;
const functionIds = ['Authorizer', ...routes.map((route) => route.id), 'ChangeStreamConsumer'];

describe('the dev stage (the default deploy)', () => {
  const { stack, template } = synthesize();
  const [tableId] = named(template, 'AWS::DynamoDB::Table', 'DncNumbers');
  const [registryId] = named(template, 'AWS::DynamoDB::Table', 'Tenants');
  const [topicId] = named(template, 'AWS::SNS::Topic', 'OnCallTopic');

  it('is the stack DncApi-dev', () => {
    expect(stack.stackName).toBe('DncApi-dev');
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      Domain: { 'Fn::Join': ['-', ['dnc-api-dev', { Ref: 'AWS::AccountId' }]] },
    });
  });

  describe('backups (DESIGN §9)', () => {
    it('keeps daily backups 35 days and monthly ones 6 years, in a vault of their own that outlives the stack', () => {
      const [vaultId, vault] = named(template, 'AWS::Backup::BackupVault', 'BackupsVault');
      expect(vault.DeletionPolicy).toBe('Retain');
      expect(vault.Properties.BackupVaultName).toBe('dnc-api-dev');
      expect(vault.Properties.LockConfiguration).toBeUndefined();
      const [, plan] = named(template, 'AWS::Backup::BackupPlan', 'BackupsPlan');
      const rules = plan.Properties.BackupPlan.BackupPlanRule as any[];
      expect(
        rules.map(({ RuleName, ScheduleExpression, Lifecycle, TargetBackupVault }) => ({
          RuleName,
          ScheduleExpression,
          Lifecycle,
          TargetBackupVault,
        })),
      ).toEqual([
        {
          RuleName: 'Daily',
          ScheduleExpression: 'cron(0 3 * * ? *)',
          Lifecycle: { DeleteAfterDays: 35 * DAY },
          TargetBackupVault: { 'Fn::GetAtt': [vaultId, 'BackupVaultName'] },
        },
        {
          RuleName: 'Monthly',
          ScheduleExpression: 'cron(0 4 1 * ? *)',
          Lifecycle: { DeleteAfterDays: 2192 },
          TargetBackupVault: { 'Fn::GetAtt': [vaultId, 'BackupVaultName'] },
        },
      ]);
    });

    it('backs up the DNC table and the tenant registry, not the Idempotency-Key records', () => {
      const [, selection] = named(template, 'AWS::Backup::BackupSelection', 'BackupsPlanTables');
      expect(selection.Properties.BackupSelection.Resources).toEqual([
        { 'Fn::GetAtt': [tableId, 'Arn'] },
        { 'Fn::GetAtt': [registryId, 'Arn'] },
      ]);
    });

    it('alarms on a failed or aborted backup job of its vault', () => {
      const [, alarm] = named(template, 'AWS::CloudWatch::Alarm', 'BackupsFailedJobAlarm');
      const metrics = alarm.Properties.Metrics as any[];
      expect(metrics.find((metric) => metric.Expression)?.Expression).toBe('FILL(failed, 0) + FILL(aborted, 0)');
      const [vaultId] = named(template, 'AWS::Backup::BackupVault', 'BackupsVault');
      const vaultDimension = [{ Name: 'BackupVaultName', Value: { 'Fn::GetAtt': [vaultId, 'BackupVaultName'] } }];
      expect(
        metrics
          .filter((metric) => metric.MetricStat)
          .map((metric) => [metric.MetricStat.Metric.MetricName, metric.MetricStat.Metric.Dimensions]),
      ).toEqual([
        ['NumberOfBackupJobsFailed', vaultDimension],
        ['NumberOfBackupJobsAborted', vaultDimension],
      ]);
      expect(alarm.Properties).toMatchObject({
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        AlarmActions: [{ Ref: topicId }],
      });
    });
  });

  describe('on-call (DESIGN §9)', () => {
    const alarms = resourcesOf(template, 'AWS::CloudWatch::Alarm');
    const alarmNamed = (prefix: string) => alarms.filter(([id]) => id.startsWith(prefix)).map(([, alarm]) => alarm.Properties);

    it('publishes to one topic, encrypted with a rotated key CloudWatch may use, that refuses requests without TLS', () => {
      const [, topic] = named(template, 'AWS::SNS::Topic', 'OnCallTopic');
      const [keyId, key] = named(template, 'AWS::KMS::Key', 'OnCallTopicKey');
      expect(topic.Properties.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
      expect(key.Properties.EnableKeyRotation).toBe(true);
      expect(key.Properties.KeyPolicy.Statement).toContainEqual(
        expect.objectContaining({ Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'] }),
      );
      template.hasResourceProperties('AWS::SNS::TopicPolicy', {
        PolicyDocument: {
          Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
        },
      });
      // No alarmEmail in config/dev.json: nobody is subscribed until the operator says who.
      template.resourceCountIs('AWS::SNS::Subscription', 0);
    });

    it('alarms on errors, throttles and p99 duration near the timeout of every function', () => {
      for (const id of functionIds) {
        const [fnId, fn] = named(template, 'AWS::Lambda::Function', `${id}Function`);
        const [errors] = alarmNamed(`OnCall${id}Errors`);
        const [throttles] = alarmNamed(`OnCall${id}Throttles`);
        const [duration] = alarmNamed(`OnCall${id}Duration`);
        const dimensions = [{ Name: 'FunctionName', Value: { Ref: fnId } }];
        expect(errors).toMatchObject({ MetricName: 'Errors', Dimensions: dimensions, Statistic: 'Sum', Threshold: 1 });
        expect(throttles).toMatchObject({ MetricName: 'Throttles', Dimensions: dimensions, Statistic: 'Sum', Threshold: 1 });
        expect(duration).toMatchObject({ MetricName: 'Duration', Dimensions: dimensions, ExtendedStatistic: 'p99' });
        expect(duration!.Threshold).toBe(fn.Properties.Timeout * 1000 * 0.8);
      }
    });

    it('alarms on the API’s 5xx rate, counted only once there are 20 requests in 5 minutes', () => {
      const [rate] = alarmNamed('OnCallApi5xxRate');
      const expression = (rate!.Metrics as any[]).find((metric) => metric.Expression);
      expect(expression.Expression).toBe('IF(requests >= 20, 100 * FILL(errors, 0) / requests, 0)');
      expect(
        (rate!.Metrics as any[])
          .filter((metric) => metric.MetricStat)
          .map((metric) => metric.MetricStat.Metric.MetricName)
          .sort(),
      ).toEqual(['5xx', 'Count']);
      expect(rate).toMatchObject({ Threshold: 1, ComparisonOperator: 'GreaterThanThreshold' });
    });

    it('alarms on DynamoDB throttles and system errors of each table', () => {
      for (const table of ['DncTable', 'IdempotencyTable', 'TenantRegistry']) {
        expect(alarmNamed(`OnCall${table}Throttles`)).toHaveLength(1);
        expect(alarmNamed(`OnCall${table}SystemErrors`)).toHaveLength(1);
      }
      const [throttles] = alarmNamed('OnCallDncTableThrottles');
      const metricNames = new Set(
        (throttles!.Metrics as any[]).filter((metric) => metric.MetricStat).map((metric) => metric.MetricStat.Metric.MetricName),
      );
      expect([...metricNames]).toEqual(['ThrottledRequests']);
    });

    it('pages for every alarm of the stack, on alarm and on recovery', () => {
      // 3 per function, 5xx rate, 2 per table, the change stream's 2, the backup job's 1.
      expect(alarms).toHaveLength(functionIds.length * 3 + 1 + 3 * 2 + 2 + 1);
      for (const [, alarm] of alarms) {
        expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topicId }]);
        expect(alarm.Properties.OKActions).toEqual([{ Ref: topicId }]);
      }
    });

    it('draws one dashboard, named for the stage, with the business metrics of lambda/shared/metric-names.ts, and outputs its URL', () => {
      const [, dashboard] = named(template, 'AWS::CloudWatch::Dashboard', 'Dashboard');
      expect(dashboard.Properties.DashboardName).toBe('DncApi-dev');
      const body = JSON.stringify(dashboard.Properties.DashboardBody);
      for (const metric of [
        'EntriesAdded',
        'DuplicateAdds',
        'NumbersChecked',
        'NumbersBlocked',
        'EntriesRemoved',
        'UnavailableResponses',
      ]) {
        expect(body).toContain(`MetricName=\\\\\\"${metric}\\\\\\"`);
      }
      expect(body).toContain('IteratorAge');
      template.hasOutput('DashboardUrl', {
        Value: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('#dashboards:name=DncApi-dev$')])] },
      });
    });
  });

  it('declares the endpoint overrides sam local invoke sets, and marks the stage as not production', () => {
    for (const [, fn] of resourcesOf(template, 'AWS::Lambda::Function')) {
      expect(fn.Properties.Environment.Variables).toMatchObject({
        PRODUCTION_STAGE: 'false',
        DYNAMODB_ENDPOINT: '',
        POWERTOOLS_METRICS_NAMESPACE: 'DncApi',
      });
      expect(fn.Properties.ReservedConcurrentExecutions).toBeUndefined();
    }
  });
});

describe('the prod stage (config/prod.json)', () => {
  const { stack, template } = synthesize({ stage: 'prod', alarmEmail: 'oncall@example.com' });

  it('is the stack DncApi-prod, whose functions refuse endpoint overrides and do not declare them', () => {
    expect(stack.stackName).toBe('DncApi-prod');
    for (const [, fn] of resourcesOf(template, 'AWS::Lambda::Function')) {
      const variables = fn.Properties.Environment.Variables;
      expect(variables.PRODUCTION_STAGE).toBe('true');
      expect(variables).not.toHaveProperty('DYNAMODB_ENDPOINT');
      expect(variables).not.toHaveProperty('EVENTBRIDGE_ENDPOINT');
    }
  });

  it('reserves the concurrency config/prod.json sets, per function', () => {
    const reserved = Object.fromEntries(
      functionIds.map((id) => [id, named(template, 'AWS::Lambda::Function', `${id}Function`)[1].Properties.ReservedConcurrentExecutions]),
    );
    expect(reserved).toEqual({
      Authorizer: 100,
      CreateDncNumber: 50,
      BulkAddDncNumbers: 10,
      CheckDncNumber: 100,
      CheckDncNumbers: 50,
      ListDncNumbers: undefined,
      GetDncNumber: undefined,
      DeleteDncNumber: undefined,
      GetDncNumberHistory: undefined,
      ChangeStreamConsumer: 5,
    });
  });

  it('locks the backup vault in compliance mode: 3 days to change its mind, then nobody can shorten retention', () => {
    const [, vault] = named(template, 'AWS::Backup::BackupVault', 'BackupsVault');
    expect(vault.Properties.BackupVaultName).toBe('dnc-api-prod');
    expect(vault.Properties.LockConfiguration).toEqual({ MinRetentionDays: 35, MaxRetentionDays: 2193, ChangeableForDays: 3 });
  });

  it('subscribes the alarm email to the topic', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'oncall@example.com' });
  });
});

describe('settings that change the stack', () => {
  it('re-attaches an existing table by name and stream instead of creating one, and backs it up', () => {
    const streamArn = 'arn:aws:dynamodb:us-east-1:123456789012:table/dnc-restored/stream/2026-11-27T00:00:00.000';
    const { template } = synthesize({ existingTableName: 'dnc-restored', existingTableStreamArn: streamArn });
    expect(
      resourcesOf(template, 'AWS::DynamoDB::Table')
        .map(([id]) => id.replace(/Table.*$/, ''))
        .sort(),
    ).toEqual(['IdempotencyKeys', 'Tenants']);
    const [, create] = named(template, 'AWS::Lambda::Function', 'CreateDncNumberFunction');
    expect(create.Properties.Environment.Variables.TABLE_NAME).toBe('dnc-restored');
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { EventSourceArn: streamArn });
    const [, selection] = named(template, 'AWS::Backup::BackupSelection', 'BackupsPlanTables');
    expect(JSON.stringify(selection.Properties.BackupSelection.Resources[0])).toContain(':table/dnc-restored');
  });

  it('keeps 7 years of monthly backups when asked', () => {
    const { template } = synthesize({ backupMonthlyRetentionYears: '7' });
    const [, plan] = named(template, 'AWS::Backup::BackupPlan', 'BackupsPlan');
    expect(plan.Properties.BackupPlan.BackupPlanRule[1].Lifecycle).toEqual({ DeleteAfterDays: 2557 });
  });

  it('refuses a stage without a committed settings file', () => {
    expect(() => synthesize({ stage: 'staging' })).toThrow(
      /stage staging has no settings file config\/staging\.json; committed stages: dev, prod/,
    );
  });

  it('refuses to switch a stage’s identity mode unless confirmed', () => {
    const oidc = { jwtIssuer: 'https://login.example.com', jwtAudience: 'dnc-api', tenantClaim: 'tenant_id' };
    expect(() => synthesize({ stage: 'prod', ...oidc })).toThrow(
      /stage prod deploys identityMode "cognito" \(config\/prod\.json\), but these settings give "oidc"/,
    );
    expect(synthesize({ stage: 'prod', ...oidc, confirmIdentityModeChange: 'true' }).stack.stackName).toBe('DncApi-prod');
  });
});
