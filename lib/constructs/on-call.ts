import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { IHttpStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { Alarm, type AlarmProps, ComparisonOperator, type IMetric, MathExpression, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { type ITable, Operation } from 'aws-cdk-lib/aws-dynamodb';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

export interface WatchedFunction {
  /** The id the README's runbooks and reservedConcurrency use. */
  id: string;
  function: IFunction;
  timeout: Duration;
}

export interface OnCallProps {
  stage: string;
  alarmEmail?: string;
  apiStage: IHttpStage;
  functions: WatchedFunction[];
  tables: { id: string; table: ITable }[];
  /** Alarms defined elsewhere (change stream, backups) that page the same topic. */
  otherAlarms: Alarm[];
}

/** 5xx share of requests, over 5 minutes, that pages; below MIN_REQUESTS a few errors are not a rate. */
export const API_5XX_PERCENT = 1;
const MIN_REQUESTS = 20;
/** A function whose p99 duration passes this share of its timeout is about to time out. */
export const DURATION_ALARM_SHARE = 0.8;

// Every operation the functions and the change consumer call.
const tableOperations = [
  Operation.GET_ITEM,
  Operation.PUT_ITEM,
  Operation.UPDATE_ITEM,
  Operation.DELETE_ITEM,
  Operation.QUERY,
  Operation.BATCH_GET_ITEM,
  Operation.BATCH_WRITE_ITEM,
  Operation.TRANSACT_WRITE_ITEMS,
];

const FIVE_MINUTES = Duration.minutes(5);

/**
 * What pages the operator (DESIGN §9): one SNS topic (KMS-encrypted, TLS only, an optional email
 * subscription) and the alarms that publish to it, each with the runbook's name in its description.
 */
export class OnCall extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: OnCallProps) {
    super(scope, id);
    // CloudWatch alarms cannot publish to a topic encrypted with the AWS managed key: it needs a key whose policy lets CloudWatch use it.
    const key = new Key(this, 'TopicKey', {
      description: `dnc-api ${props.stage}: encrypts the alarm topic`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    key.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.topic = new Topic(this, 'Topic', { displayName: `dnc-api ${props.stage} alarms`, masterKey: key, enforceSSL: true });
    if (props.alarmEmail) {
      const subscription = new EmailSubscription(props.alarmEmail);
      this.topic.addSubscription(subscription);
      Validations.of(this.topic).acknowledge({
        id: 'Serverless::Serverless-SNSRedrivePolicy',
        reason:
          'An email that cannot be delivered after SNS retries is not worth queueing: the alarm stays in ALARM on the dashboard and in CloudWatch until someone acts.',
      });
    }

    const alarm = (alarmId: string, description: string, settings: Omit<AlarmProps, 'alarmDescription'>) => {
      this.alarms.push(
        new Alarm(this, alarmId, {
          treatMissingData: TreatMissingData.NOT_BREACHING,
          ...settings,
          alarmDescription: `dnc-api ${props.stage}: ${description}`,
        }),
      );
    };
    // Anything at all in 5 minutes: a failed invocation, a throttle, a DynamoDB error.
    const anyIn5Minutes = (alarmId: string, description: string, metric: IMetric) =>
      alarm(alarmId, description, {
        metric,
        threshold: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
      });
    const sum = { period: FIVE_MINUTES, statistic: 'Sum' };

    alarm('Api5xxRate', `over ${API_5XX_PERCENT}% of API requests answered 5xx for 10 of the last 15 minutes (runbook: API 5xx)`, {
      metric: new MathExpression({
        expression: `IF(requests >= ${MIN_REQUESTS}, 100 * FILL(errors, 0) / requests, 0)`,
        usingMetrics: { errors: props.apiStage.metricServerError(sum), requests: props.apiStage.metricCount(sum) },
        label: '5xx %',
        period: FIVE_MINUTES,
      }),
      threshold: API_5XX_PERCENT,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
    });

    for (const { id: fnId, function: fn, timeout } of props.functions) {
      anyIn5Minutes(
        `${fnId}Errors`,
        `${fnId} failed invocations (unhandled errors, time-outs, crashes) (runbook: Lambda errors)`,
        fn.metricErrors(sum),
      );
      anyIn5Minutes(
        `${fnId}Throttles`,
        `${fnId} invocations throttled by its reserved or the account's concurrency (runbook: Lambda throttles)`,
        fn.metricThrottles(sum),
      );
      alarm(
        `${fnId}Duration`,
        `${fnId} p99 duration above ${DURATION_ALARM_SHARE * 100}% of its ${timeout.toSeconds()} s timeout (runbook: Lambda duration)`,
        {
          metric: fn.metricDuration({ period: FIVE_MINUTES, statistic: 'p99' }),
          threshold: timeout.toMilliseconds() * DURATION_ALARM_SHARE,
          comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          evaluationPeriods: 3,
          datapointsToAlarm: 2,
        },
      );
    }

    for (const { id: tableId, table } of props.tables) {
      const operations = { operations: tableOperations, ...sum };
      anyIn5Minutes(
        `${tableId}Throttles`,
        `DynamoDB throttled requests to the ${tableId} table (runbook: DynamoDB throttles)`,
        table.metricThrottledRequestsForOperations(operations),
      );
      anyIn5Minutes(
        `${tableId}SystemErrors`,
        `DynamoDB answered 500s to requests on the ${tableId} table (runbook: DynamoDB system errors)`,
        table.metricSystemErrorsForOperations(operations),
      );
    }

    this.alarms.push(...props.otherAlarms);
    const action = new SnsAction(this.topic);
    for (const each of this.alarms) {
      each.addAlarmAction(action);
      each.addOkAction(action);
    }
  }
}
