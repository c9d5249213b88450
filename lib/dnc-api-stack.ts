import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { HttpApi, HttpMethod, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaAuthorizer, HttpLambdaResponseType } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { ChangeStream } from './constructs/change-stream';
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

export interface DncApiStackProps extends StackProps {
  settings: DncApiSettings;
}

/**
 * API Gateway HTTP API → Lambda per route → DynamoDB, behind a JWT Lambda authorizer; the table's
 * stream → change consumer → history items and an event bus (DESIGN §2).
 */
export class DncApiStack extends Stack {
  constructor(scope: Construct, id: string, props: DncApiStackProps) {
    super(scope, id, props);
    const { settings } = props;

    const { table } = new DncTable(this, 'DncNumbers', { indexRollout: settings.indexRollout });
    const identity = new Identity(this, 'Identity', settings.identity);
    const changeStream = new ChangeStream(this, 'ChangeStream', { table, logRetentionDays: settings.logRetentionDays });

    const authorizerFunction = new ServiceFunction(this, 'Authorizer', {
      entry: 'lambda/authorizer/index.ts',
      environment: { ...identity.authorizerEnvironment, MAX_TOKEN_LIFETIME_SECONDS: String(settings.maxTokenLifetimeSeconds) },
      logRetentionDays: settings.logRetentionDays,
      memorySize: 512,
      timeout: Duration.seconds(5),
      withoutDeadLetterQueueBecause: invokedByApiGateway,
    });
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
      const handler = new ServiceFunction(this, route.id, {
        entry: route.entry,
        // DYNAMODB_ENDPOINT stays empty in AWS; it is declared so that `sam local invoke
        // --env-vars` (which only overrides declared variables) can point it at DynamoDB Local.
        environment: {
          TABLE_NAME: table.tableName,
          DYNAMODB_ENDPOINT: '',
          ...(route.signsCursors ? { CURSOR_SECRET: cursorSecret.secretValue.unsafeUnwrap() } : {}),
        },
        logRetentionDays: settings.logRetentionDays,
        ...(route.timeoutSeconds ? { timeout: Duration.seconds(route.timeoutSeconds) } : {}),
        ...(route.memorySize ? { memorySize: route.memorySize } : {}),
        withoutDeadLetterQueueBecause: invokedByApiGateway,
      });
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

    new CfnOutput(this, 'ApiUrl', { value: stage.url });
    new CfnOutput(this, 'TableName', { value: table.tableName });
    new CfnOutput(this, 'EventBusName', { description: 'Change events of the DNC list', value: changeStream.bus.eventBusName });
    new CfnOutput(this, 'EventBusArn', { value: changeStream.bus.eventBusArn });
  }
}
