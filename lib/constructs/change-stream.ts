import { Duration, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { changeStreamSettings } from '../change-stream-settings';
import { dncTableKeys } from '../table-definition';
import { ServiceFunction } from './service-function';

export interface ChangeStreamProps {
  /** The DNC table, with its stream enabled (lib/constructs/dnc-table.ts). */
  table: ITable;
  logRetentionDays: number;
  /** Environment every function gets (lib/dnc-api-stack.ts). */
  environment: Record<string, string>;
  reservedConcurrency?: number;
}

/**
 * The table's stream, read by one consumer (DESIGN §2, §8): every change of an entry becomes an
 * append-only history item and an event on the bus. Failed records are retried on their own
 * (partial batch responses, bisection), a bounded number of times and for a bounded age, then
 * reported to the on-failure queue.
 */
export class ChangeStream extends Construct {
  /** Where `DncNumberAdded` / `DncNumberRemoved` / `DncNumberExpired` events go. */
  readonly bus: EventBus;
  readonly consumer: ServiceFunction;
  /**
   * Gets what Lambda sends for a batch it gave up on: the shard and the sequence numbers to read
   * the records again from the stream (24 h retention), not the records themselves.
   */
  readonly onFailureQueue: Queue;
  /** Records not recorded, and a consumer falling behind: they page through lib/constructs/on-call.ts. */
  readonly alarms: Alarm[];
  readonly timeout = Duration.seconds(60);

  constructor(scope: Construct, id: string, { table, logRetentionDays, environment, reservedConcurrency }: ChangeStreamProps) {
    super(scope, id);
    this.bus = new EventBus(this, 'Bus', { description: 'dnc-api: changes of the DNC list' });

    this.consumer = new ServiceFunction(this, 'Consumer', {
      entry: 'lambda/stream-consumer/index.ts',
      environment: {
        ...environment,
        TABLE_NAME: table.tableName,
        EVENT_BUS_NAME: this.bus.eventBusName,
      },
      logRetentionDays,
      ...(reservedConcurrency === undefined ? {} : { reservedConcurrency }),
      // A batch of 100 records takes well under a second; the rest is room for the SDK's retries
      // under throttling. A time-out fails the whole batch, which Lambda then retries.
      timeout: this.timeout,
      withoutDeadLetterQueueBecause:
        'Invoked by the event source mapping of the table stream, which sends what fails to its own on-failure queue; a dead-letter queue applies to asynchronous invocations only.',
      otherWildcardResourceGrants: [
        'dynamodb:ListStreams, which the event source mapping needs to read the table stream: ListStreams has no resource-level permissions',
      ],
    });
    // Explicit statement: Table.grant would add `index/*`. History items and their `published`
    // flag (PutItem, UpdateItem), removal receipts (GetItem).
    this.consumer.function.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:GetItem'],
        resources: [table.tableArn],
      }),
    );
    this.bus.grantPutEventsTo(this.consumer.function);

    this.onFailureQueue = new Queue(this, 'OnFailure', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.onFailureQueue).acknowledge(
      {
        id: 'AwsSolutions::AwsSolutions-SQS3',
        reason: 'The queue is itself the on-failure destination of the change stream: nothing consumes it that could fail.',
      },
      {
        id: 'Serverless::Serverless-SQSRedrivePolicy',
        reason: 'The queue is itself the on-failure destination of the change stream: nothing consumes it that could fail.',
      },
    );

    const settings = changeStreamSettings;
    this.consumer.function.addEventSource(
      new DynamoEventSource(table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: settings.batchSize,
        maxBatchingWindow: Duration.seconds(settings.maxBatchingWindowSeconds),
        bisectBatchOnError: true,
        retryAttempts: settings.retryAttempts,
        maxRecordAge: Duration.seconds(settings.maxRecordAgeSeconds),
        reportBatchItemFailures: true,
        parallelizationFactor: 1,
        onFailure: new SqsDlq(this.onFailureQueue),
        // Only entry items: history items and removal receipts never reach it.
        filters: [
          FilterCriteria.filter({
            dynamodb: { Keys: { [dncTableKeys.sortKey.name]: { S: FilterRule.beginsWith(settings.entrySortKeyPrefix) } } },
          }),
        ],
      }),
    );

    const onFailureAlarm = new Alarm(this, 'OnFailureAlarm', {
      alarmDescription:
        'dnc-api: changes of the DNC list were not recorded; read them again from the stream before its 24 h retention ends (runbook: change stream on-failure queue)',
      metric: this.onFailureQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }),
      threshold: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    const iteratorAgeAlarm = new Alarm(this, 'IteratorAgeAlarm', {
      alarmDescription:
        'dnc-api: the change consumer lags behind the table stream, history and events are late (runbook: change stream iterator age)',
      metric: this.consumer.function.metric('IteratorAge', { period: Duration.minutes(1), statistic: 'Maximum' }),
      threshold: Duration.minutes(5).toMilliseconds(),
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.alarms = [onFailureAlarm, iteratorAgeAlarm];
  }
}
