import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { HttpApi, HttpMethod, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaAuthorizer, HttpLambdaResponseType } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { DEFAULT_METRICS_NAMESPACE } from '../lambda/shared/metric-names';
import { functionDefaults } from './function-defaults';
import { Backups } from './constructs/backups';
import { ChangeStream } from './constructs/change-stream';
import { ServiceDashboard } from './constructs/dashboard';
import { IdempotencyTable } from './constructs/idempotency-table';
import { OnCall, type WatchedFunction } from './constructs/on-call';
import { TenantRegistry } from './constructs/tenant-registry';
import { DncTable } from './constructs/dnc-table';
import { Identity } from './constructs/identity';
import { ServiceFunction } from './constructs/service-function';
import { routes } from './routes';
import type { DncApiSettings } from './settings';

// One JSON line per request; `$context` variables of HTTP APIs. Never the Authorization header.
const accessLogFormat = AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    requestTime: '$context.requestTime',
    ip: '$context.identity.sourceIp',
    httpMethod: '$context.httpMethod',
    routeKey: '$context.routeKey',
    status: '$context.status',
    responseLength: '$context.responseLength',
    responseLatency: '$context.responseLatency',
    integrationLatency: '$context.integrationLatency',
    integrationError: '$context.integrationErrorMessage',
    authorizerError: '$context.authorizer.error',
    // Why API Gateway itself answered an error (throttled, unauthorized, no route, …).
    errorMessage: '$context.error.message',
    errorResponseType: '$context.error.responseType',
    tenantId: '$context.authorizer.tenantId',
    userAgent: '$context.identity.userAgent',
  }),
);

const invokedByApiGateway = 'Invoked synchronously by API Gateway only; a dead-letter queue applies to asynchronous invocations.';

/** Where the functions' business metrics go (Powertools Metrics, EMF). */
const METRICS_NAMESPACE = DEFAULT_METRICS_NAMESPACE;

const AUTHORIZER_TIMEOUT = Duration.seconds(5);

/**
 * Every function's environment. Outside production the endpoint overrides are declared, empty, so
 * that `sam local invoke --env-vars` (which only overrides declared variables) can point them at
 * DynamoDB Local and the event sink; a production stage neither declares nor accepts them.
 */
const stageEnvironment = (production: boolean): Record<string, string> => ({
  POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
  PRODUCTION_STAGE: String(production),
  ...(production ? {} : { DYNAMODB_ENDPOINT: '', EVENTBRIDGE_ENDPOINT: '' }),
});

export interface DncApiStackProps extends StackProps {
  settings: DncApiSettings;
}

/**
 * API Gateway HTTP API → Lambda per route → DynamoDB, behind a JWT Lambda authorizer; the table's
 * stream → change consumer → history items and an event bus (DESIGN §2); backups, alarms and a
 * dashboard for a production account (DESIGN §9).
 */
export class DncApiStack extends Stack {
  constructor(scope: Construct, id: string, props: DncApiStackProps) {
    super(scope, id, props);
    const { settings } = props;

    const environment = stageEnvironment(settings.production);
    const reserved = (functionId: string) => {
      const concurrency = settings.reservedConcurrency[functionId];
      return concurrency === undefined ? {} : { reservedConcurrency: concurrency };
    };

    const { table } = new DncTable(this, 'DncNumbers', {
      indexRollout: settings.indexRollout,
      deletionProtection: settings.deletionProtection,
      ...(settings.existingTable ? { existingTable: settings.existingTable } : {}),
    });
    const idempotencyTable = new IdempotencyTable(this, 'IdempotencyKeys').table;
    const tenantRegistry =
      settings.identity.kind === 'cognito'
        ? new TenantRegistry(this, 'Tenants', { deletionProtection: settings.deletionProtection }).table
        : undefined;
    const identity = new Identity(this, 'Identity', {
      settings: settings.identity,
      stage: settings.stage,
      deletionProtection: settings.deletionProtection,
      ...(tenantRegistry ? { tenantRegistry } : {}),
    });
    const changeStream = new ChangeStream(this, 'ChangeStream', {
      table,
      logRetentionDays: settings.logRetentionDays,
      environment,
      ...reserved('ChangeStreamConsumer'),
    });

    const authorizerFunction = new ServiceFunction(this, 'Authorizer', {
      entry: 'lambda/authorizer/index.ts',
      environment: {
        ...environment,
        ...identity.authorizerEnvironment,
        MAX_TOKEN_LIFETIME_SECONDS: String(settings.maxTokenLifetimeSeconds),
      },
      logRetentionDays: settings.logRetentionDays,
      memorySize: 512,
      timeout: AUTHORIZER_TIMEOUT,
      withoutDeadLetterQueueBecause: invokedByApiGateway,
      ...reserved('Authorizer'),
    });
    if (tenantRegistry) {
      authorizerFunction.function.addToRolePolicy(
        new PolicyStatement({ actions: ['dynamodb:GetItem'], resources: [tenantRegistry.tableArn] }),
      );
    }
    const watchedFunctions: WatchedFunction[] = [{ id: 'Authorizer', function: authorizerFunction.function, timeout: AUTHORIZER_TIMEOUT }];
    const authorizer = new HttpLambdaAuthorizer('JwtAuthorizer', authorizerFunction.function, {
      responseTypes: [HttpLambdaResponseType.SIMPLE],
      identitySource: ['$request.header.Authorization'],
      resultsCacheTtl: Duration.seconds(settings.authorizerCacheTtlSeconds),
    });

    const api = new HttpApi(this, 'HttpApi', {
      description: 'Do-Not-Call list API',
      createDefaultStage: false,
    });
    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: settings.logRetentionDays,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const stage = new HttpStage(this, 'DefaultStage', {
      httpApi: api,
      autoDeploy: true,
      throttle: { rateLimit: settings.throttlingRateLimit, burstLimit: settings.throttlingBurstLimit },
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs), format: accessLogFormat },
    });

    // Signs list cursors (docs/adr/0001-list-and-get-indexes.md). Passed by dynamic reference: the
    // value never appears in the template, and reading it costs no call at cold start.
    const cursorSecret = new Secret(this, 'CursorSecret', {
      description: 'dnc-api: HMAC key that makes list cursors tamper-evident',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
    });
    Validations.of(cursorSecret).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SMG4',
      reason:
        'The key only makes list cursors tamper-evident; rotating it just makes clients restart a listing from page 1. Tenant isolation does not depend on it (every index key starts with the tenant).',
    });

    for (const route of routes) {
      const timeout = Duration.seconds(route.timeoutSeconds ?? functionDefaults.timeoutSeconds);
      const handler = new ServiceFunction(this, route.id, {
        entry: route.entry,
        environment: {
          ...environment,
          TABLE_NAME: table.tableName,
          ...(route.idempotencyTableActions ? { IDEMPOTENCY_TABLE_NAME: idempotencyTable.tableName } : {}),
          ...(route.signsCursors ? { CURSOR_SECRET: cursorSecret.secretValue.unsafeUnwrap() } : {}),
        },
        logRetentionDays: settings.logRetentionDays,
        timeout,
        ...(route.memorySize ? { memorySize: route.memorySize } : {}),
        withoutDeadLetterQueueBecause: invokedByApiGateway,
        ...reserved(route.id),
      });
      watchedFunctions.push({ id: route.id, function: handler.function, timeout });
      if (route.idempotencyTableActions) {
        handler.function.addToRolePolicy(
          new PolicyStatement({ actions: [...route.idempotencyTableActions], resources: [idempotencyTable.tableArn] }),
        );
      }
      // Explicit statements: Table.grant would add `index/*` once the table has indexes.
      if (route.tableActions.length > 0) {
        handler.function.addToRolePolicy(new PolicyStatement({ actions: [...route.tableActions], resources: [table.tableArn] }));
      }
      if (route.queriedIndexes.length > 0) {
        handler.function.addToRolePolicy(
          new PolicyStatement({
            actions: ['dynamodb:Query'],
            resources: route.queriedIndexes.map((index) => `${table.tableArn}/index/${index}`),
          }),
        );
      }
      api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: new HttpLambdaIntegration(`${route.id}Integration`, handler.function),
        authorizer,
      });
    }

    const consumer: WatchedFunction = {
      id: 'ChangeStreamConsumer',
      function: changeStream.consumer.function,
      timeout: changeStream.timeout,
    };
    watchedFunctions.push(consumer);
    const backups = new Backups(this, 'Backups', {
      stage: settings.stage,
      tables: tenantRegistry ? [table, tenantRegistry] : [table],
      monthlyRetentionYears: settings.backup.monthlyRetentionYears,
      vaultLock: settings.backup.vaultLock,
    });
    const onCall = new OnCall(this, 'OnCall', {
      stage: settings.stage,
      ...(settings.alarmEmail ? { alarmEmail: settings.alarmEmail } : {}),
      apiStage: stage,
      functions: watchedFunctions,
      tables: [
        { id: 'DncTable', table },
        { id: 'IdempotencyTable', table: idempotencyTable },
        ...(tenantRegistry ? [{ id: 'TenantRegistry', table: tenantRegistry }] : []),
      ],
      otherAlarms: [...changeStream.alarms, backups.failedJobAlarm],
    });
    const dashboard = new ServiceDashboard(this, 'Dashboard', {
      stage: settings.stage,
      apiStage: stage,
      functions: watchedFunctions,
      table,
      consumer,
      onFailureQueue: changeStream.onFailureQueue,
      metricsNamespace: METRICS_NAMESPACE,
      alarms: onCall.alarms,
    });

    new CfnOutput(this, 'Stage', { value: settings.stage });
    new CfnOutput(this, 'ApiUrl', { value: stage.url });
    new CfnOutput(this, 'TableName', { value: table.tableName });
    new CfnOutput(this, 'IdempotencyTableName', { value: idempotencyTable.tableName });
    if (tenantRegistry) {
      new CfnOutput(this, 'TenantRegistryTableName', {
        description: 'Read and written by npm run tenant',
        value: tenantRegistry.tableName,
      });
    }
    new CfnOutput(this, 'AlarmTopicArn', { description: 'Subscribe the on-call rotation to it', value: onCall.topic.topicArn });
    new CfnOutput(this, 'DashboardUrl', { value: dashboard.url });
    new CfnOutput(this, 'BackupVaultName', { value: backups.vault.backupVaultName });
    new CfnOutput(this, 'EventBusName', { description: 'Change events of the DNC list', value: changeStream.bus.eventBusName });
    new CfnOutput(this, 'EventBusArn', { value: changeStream.bus.eventBusArn });
  }
}
