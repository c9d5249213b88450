import { Duration, Stack } from 'aws-cdk-lib';
import type { IHttpStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { type Alarm, AlarmStatusWidget, Dashboard, GraphWidget, type IMetric, MathExpression } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { metricNames } from '../../lambda/shared/metric-names';
import type { WatchedFunction } from './on-call';

export interface ServiceDashboardProps {
  stage: string;
  apiStage: IHttpStage;
  functions: WatchedFunction[];
  table: ITable;
  consumer: WatchedFunction;
  onFailureQueue: IQueue;
  /** Namespace of the business metrics the functions emit (Powertools Metrics, EMF). */
  metricsNamespace: string;
  alarms: Alarm[];
}

const PERIOD = Duration.minutes(5);
const WIDE = 12;

/** One business metric summed over every route that emits it (a SEARCH finds them all). */
const businessGraph = (namespace: string, title: string, metrics: [metricName: string, label: string][]) =>
  new GraphWidget({
    title,
    width: WIDE,
    left: metrics.map(
      ([metricName, label]) =>
        new MathExpression({
          expression: `SEARCH('{${namespace},route,service} MetricName="${metricName}"', 'Sum', ${PERIOD.toSeconds()})`,
          label,
          period: PERIOD,
        }),
    ),
  });

const perFunction = (functions: WatchedFunction[], metric: (watched: WatchedFunction) => IMetric) => functions.map(metric);

/** One CloudWatch dashboard for the stage: traffic, errors, latency, the business, the change stream, the alarms. */
export class ServiceDashboard extends Construct {
  readonly dashboard: Dashboard;
  readonly url: string;

  constructor(scope: Construct, id: string, props: ServiceDashboardProps) {
    super(scope, id);
    const name = `DncApi-${props.stage}`;
    this.dashboard = new Dashboard(this, 'Dashboard', { dashboardName: name, defaultInterval: Duration.hours(3) });
    const { apiStage, functions, table, consumer, metricsNamespace } = props;
    this.dashboard.addWidgets(
      new AlarmStatusWidget({ title: 'Alarms', alarms: props.alarms, width: 24, height: 4 }),
      new GraphWidget({
        title: 'API requests and errors',
        width: WIDE,
        left: [
          apiStage.metricCount({ period: PERIOD, statistic: 'Sum', label: 'requests' }),
          apiStage.metricClientError({ period: PERIOD, statistic: 'Sum', label: '4xx' }),
          apiStage.metricServerError({ period: PERIOD, statistic: 'Sum', label: '5xx' }),
        ],
      }),
      new GraphWidget({
        title: 'API latency (ms)',
        width: WIDE,
        left: ['p50', 'p99'].map((statistic) => apiStage.metricLatency({ period: PERIOD, statistic, label: statistic })),
      }),
      businessGraph(metricsNamespace, 'DNC list: entries added, duplicates, removals', [
        [metricNames.entriesAdded, 'added'],
        [metricNames.duplicateAdds, 'duplicates'],
        [metricNames.entriesRemoved, 'removed'],
      ]),
      businessGraph(metricsNamespace, 'Checks: numbers checked, blocked; 503s', [
        [metricNames.numbersChecked, 'checked'],
        [metricNames.numbersBlocked, 'blocked'],
        [metricNames.unavailableResponses, '503'],
      ]),
      new GraphWidget({
        title: 'Lambda errors and throttles',
        width: WIDE,
        left: perFunction(functions, (w) => w.function.metricErrors({ period: PERIOD, statistic: 'Sum', label: `${w.id} errors` })),
        right: perFunction(functions, (w) => w.function.metricThrottles({ period: PERIOD, statistic: 'Sum', label: `${w.id} throttles` })),
      }),
      new GraphWidget({
        title: 'Lambda p99 duration (ms)',
        width: WIDE,
        left: perFunction(functions, (w) => w.function.metricDuration({ period: PERIOD, statistic: 'p99', label: w.id })),
      }),
      new GraphWidget({
        title: 'DNC table: consumed capacity and throttles',
        width: WIDE,
        left: [
          table.metricConsumedReadCapacityUnits({ period: PERIOD, statistic: 'Sum', label: 'read units' }),
          table.metricConsumedWriteCapacityUnits({ period: PERIOD, statistic: 'Sum', label: 'write units' }),
        ],
        right: [table.metricThrottledRequestsForOperations({ period: PERIOD, statistic: 'Sum', label: 'throttled requests' })],
      }),
      new GraphWidget({
        title: 'Change stream: consumer lag (ms) and unrecorded batches',
        width: WIDE,
        left: [consumer.function.metric('IteratorAge', { period: PERIOD, statistic: 'Maximum', label: 'iterator age' })],
        right: [
          props.onFailureQueue.metricApproximateNumberOfMessagesVisible({
            period: PERIOD,
            statistic: 'Maximum',
            label: 'on-failure queue',
          }),
        ],
      }),
    );
    const region = Stack.of(this).region;
    this.url = `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}#dashboards:name=${name}`;
  }
}
