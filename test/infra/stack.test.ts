import { Match } from 'aws-cdk-lib/assertions';
import { entryKey, historyKey, removalReceiptKey } from '../../lambda/shared/dynamodb/keys';
import { routes, scopes } from '../../lib/routes';
import { externalIssuerContext, synthesize } from '../support/synth';

type Resources = Record<string, { Type: string; Properties: Record<string, any>; DeletionPolicy?: string; UpdateReplacePolicy?: string }>;

const resourcesOfType = (template: ReturnType<typeof synthesize>['template'], type: string) =>
  Object.entries(template.findResources(type) as Resources);

/** The one resource of that type whose logical id starts with the prefix, as [logical id, resource]. */
const resourceNamed = (template: ReturnType<typeof synthesize>['template'], type: string, prefix: string) => {
  const matches = resourcesOfType(template, type).filter(([id]) => id.startsWith(prefix));
  expect(matches.map(([id]) => id)).toHaveLength(1);
  return matches[0]!;
};

describe('DncApi stack (Cognito identity, the default)', () => {
  const { template } = synthesize();

  it('matches the snapshot (asset hashes masked)', () => {
    expect(template.toJSON()).toMatchSnapshot();
  });

  it('puts every route of the route table behind the Lambda authorizer', () => {
    const [authorizerId] = Object.keys(template.findResources('AWS::ApiGatewayV2::Authorizer'));
    const apiRoutes = resourcesOfType(template, 'AWS::ApiGatewayV2::Route');
    expect(apiRoutes.map(([, route]) => route.Properties.RouteKey).sort()).toEqual(
      routes.map((route) => `${route.method} ${route.path}`).sort(),
    );
    for (const [, route] of apiRoutes) {
      expect(route.Properties.AuthorizationType).toBe('CUSTOM');
      expect(route.Properties.AuthorizerId).toEqual({ Ref: authorizerId });
    }
  });

  it('uses a REQUEST authorizer with simple responses on the Authorization header, cached 300 s', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'REQUEST',
      AuthorizerPayloadFormatVersion: '2.0',
      EnableSimpleResponses: true,
      IdentitySource: ['$request.header.Authorization'],
      AuthorizerResultTtlInSeconds: 300,
    });
  });

  it('keeps the table: string pk/sk, on demand, PITR, retained on delete and replacement but not after a failed first create', () => {
    const [, table] = resourceNamed(template, 'AWS::DynamoDB::Table', 'DncNumbers');
    expect(table.DeletionPolicy).toBe('RetainExceptOnCreate');
    expect(table.UpdateReplacePolicy).toBe('Retain');
    expect(table.Properties).toMatchObject({
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      // config/dev.json: a dev stack can be deleted; config/prod.json protects (test/infra/guard-rails.test.ts).
      DeletionProtectionEnabled: false,
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      // The change consumer needs the entry before a removal and after an add.
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
    });
  });

  it('declares the list and get-by-id indexes of lib/table-definition.ts, all projected, tenant-scoped keys', () => {
    const [, table] = resourceNamed(template, 'AWS::DynamoDB::Table', 'DncNumbers');
    const indexes = Object.fromEntries(
      (table.Properties.GlobalSecondaryIndexes as any[]).map((index) => [
        index.IndexName,
        { keys: index.KeySchema.map((key: any) => `${key.KeyType}:${key.AttributeName}`), projection: index.Projection.ProjectionType },
      ]),
    );
    expect(indexes).toEqual({
      byScopeCreated: { keys: ['HASH:scopePk', 'RANGE:createdSk'], projection: 'ALL' },
      byScopePhone: { keys: ['HASH:scopePk', 'RANGE:phoneNumber'], projection: 'ALL' },
      byUserCreated: { keys: ['HASH:userPk', 'RANGE:createdSk'], projection: 'ALL' },
      byUserPhone: { keys: ['HASH:userPk', 'RANGE:phoneNumber'], projection: 'ALL' },
      byId: { keys: ['HASH:idPk'], projection: 'ALL' },
    });
  });

  it('runs every function on nodejs24.x, arm64, JSON logs, traced; those behind API Gateway under its 29 s', () => {
    const functions = resourcesOfType(template, 'AWS::Lambda::Function');
    // One per route, the authorizer and the change consumer.
    expect(functions).toHaveLength(routes.length + 2);
    for (const [id, fn] of functions) {
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        LoggingConfig: { LogFormat: 'JSON' },
        TracingConfig: { Mode: 'Active' },
      });
      // The change consumer is invoked by its event source mapping: a time-out fails its batch, which is retried.
      if (id.startsWith('ChangeStreamConsumer')) expect(fn.Properties.Timeout).toBe(60);
      else expect(fn.Properties.Timeout).toBeLessThan(29);
      expect(fn.Properties.LoggingConfig.LogGroup).toBeDefined();
    }
  });

  it('grants each function exactly its DynamoDB actions: table actions on the table ARN, Query on named indexes only', () => {
    const [tableId] = resourceNamed(template, 'AWS::DynamoDB::Table', 'DncNumbers');
    const tableArn = { 'Fn::GetAtt': [tableId, 'Arn'] };
    const streamArn = { 'Fn::GetAtt': [tableId, 'StreamArn'] };
    const indexArn = (name: string) => ({ 'Fn::Join': ['', [tableArn, `/index/${name}`]] });
    const arnOf = (prefix: string) => ({ 'Fn::GetAtt': [resourceNamed(template, 'AWS::DynamoDB::Table', prefix)[0], 'Arn'] });
    // Spelled out, not derived from the route table: a change there must show up here. (cdk.json's
    // minimizePolicies merges statements with the same actions.)
    const expected: Record<string, unknown[]> = {
      // Reads the tenant registry, nothing else.
      Authorizer: [{ Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: arnOf('Tenants') }],
      // The entry and its Idempotency-Key record, in one transaction.
      CreateDncNumber: [{ Effect: 'Allow', Action: 'dynamodb:PutItem', Resource: [tableArn, arnOf('IdempotencyKeys')] }],
      BulkAddDncNumbers: [{ Effect: 'Allow', Action: 'dynamodb:PutItem', Resource: tableArn }],
      CheckDncNumber: [{ Effect: 'Allow', Action: 'dynamodb:BatchGetItem', Resource: tableArn }],
      CheckDncNumbers: [{ Effect: 'Allow', Action: 'dynamodb:BatchGetItem', Resource: tableArn }],
      ListDncNumbers: [
        {
          Effect: 'Allow',
          Action: 'dynamodb:Query',
          Resource: ['byScopeCreated', 'byScopePhone', 'byUserCreated', 'byUserPhone'].map(indexArn),
        },
      ],
      GetDncNumber: [{ Effect: 'Allow', Action: 'dynamodb:Query', Resource: indexArn('byId') }],
      // The entry's delete and its removal receipt, in one transaction; the entry found by its id.
      DeleteDncNumber: [
        { Effect: 'Allow', Action: ['dynamodb:DeleteItem', 'dynamodb:PutItem'], Resource: tableArn },
        { Effect: 'Allow', Action: 'dynamodb:Query', Resource: indexArn('byId') },
      ],
      // A number's history lives in its partition of the table itself: no index.
      GetDncNumberHistory: [{ Effect: 'Allow', Action: 'dynamodb:Query', Resource: tableArn }],
      // History items (put, then marked published) and removal receipts; then the stream, read by
      // the event source mapping with the function's role. ListStreams has no resource-level permissions.
      ChangeStreamConsumer: [
        { Effect: 'Allow', Action: ['dynamodb:ListStreams', 'xray:PutTelemetryRecords', 'xray:PutTraceSegments'], Resource: '*' },
        { Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], Resource: tableArn },
        {
          Effect: 'Allow',
          Action: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'],
          Resource: streamArn,
        },
      ],
    };
    const dynamoDbStatementsByRole: Record<string, unknown[]> = {};
    for (const [id, policy] of resourcesOfType(template, 'AWS::IAM::Policy')) {
      const statements = (policy.Properties.PolicyDocument.Statement as any[]).filter((statement) =>
        [statement.Action].flat().some((action: string) => action.startsWith('dynamodb:')),
      );
      if (statements.length > 0) dynamoDbStatementsByRole[id.replace(/Role.*$/, '')] = statements;
    }
    expect(dynamoDbStatementsByRole).toEqual(expected);
  });

  it('gives the cursor secret, by dynamic reference, to exactly the routes that sign cursors', () => {
    const [secretId] = resourceNamed(template, 'AWS::SecretsManager::Secret', 'CursorSecret');
    const withSecret = routes.filter((route) => {
      const [, fn] = resourceNamed(template, 'AWS::Lambda::Function', `${route.id}Function`);
      const secret = fn.Properties.Environment.Variables.CURSOR_SECRET;
      if (secret !== undefined) {
        expect(secret).toEqual({ 'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: secretId }, ':SecretString:::}}']] });
      }
      return secret !== undefined;
    });
    expect(withSecret.map((route) => route.id).sort()).toEqual(['GetDncNumberHistory', 'ListDncNumbers']);
  });

  describe('the change stream (DESIGN §2, §8)', () => {
    const [tableId] = resourceNamed(template, 'AWS::DynamoDB::Table', 'DncNumbers');
    const [consumerId, consumer] = resourceNamed(template, 'AWS::Lambda::Function', 'ChangeStreamConsumerFunction');
    const [queueId, queue] = resourceNamed(template, 'AWS::SQS::Queue', 'ChangeStreamOnFailure');
    const [busId] = resourceNamed(template, 'AWS::Events::EventBus', 'ChangeStreamBus');
    const mappings = resourcesOfType(template, 'AWS::Lambda::EventSourceMapping');
    const filterPatterns = () =>
      (mappings[0]![1].Properties.FilterCriteria.Filters as { Pattern: string }[]).map((filter) => JSON.parse(filter.Pattern));

    it('feeds the table stream to the consumer: from the oldest record, partial batch failures, bisection, bounded retries and age, on-failure queue', () => {
      expect(mappings).toHaveLength(1);
      const { FilterCriteria: _filters, ...properties } = mappings[0]![1].Properties;
      expect(properties).toEqual({
        FunctionName: { Ref: consumerId },
        EventSourceArn: { 'Fn::GetAtt': [tableId, 'StreamArn'] },
        StartingPosition: 'TRIM_HORIZON',
        BatchSize: 100,
        MaximumBatchingWindowInSeconds: 1,
        BisectBatchOnFunctionError: true,
        MaximumRetryAttempts: 10,
        MaximumRecordAgeInSeconds: 6 * 60 * 60,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        ParallelizationFactor: 1,
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queueId, 'Arn'] } } },
      });
      expect(filterPatterns()).toEqual([{ dynamodb: { Keys: { sk: { S: [{ prefix: 'SCOPE#' }] } } } }]);
    });

    it('lets only entry items through its filter: not history items or removal receipts', () => {
      const [{ prefix }] = filterPatterns()[0].dynamodb.Keys.sk.S;
      const passes = ({ sk }: { sk: string }) => sk.startsWith(prefix);
      const id = '3f0c6d1e-8a3b-4c2d-9e7f-1a2b3c4d5e6f';
      expect([entryKey('t', '+14155550100', null), entryKey('t', '+14155550100', 'user-1')].map(passes)).toEqual([true, true]);
      expect(
        [historyKey('t', '+14155550100', '2026-11-23T10:00:00.000Z', id), removalReceiptKey('t', '+14155550100', id)].map(passes),
      ).toEqual([false, false]);
    });

    it('gives the consumer the table, its bus and the endpoints sam local invoke overrides', () => {
      expect(consumer.Properties.Environment.Variables).toEqual({
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: 'dnc-api',
        POWERTOOLS_METRICS_NAMESPACE: 'DncApi',
        PRODUCTION_STAGE: 'false',
        TABLE_NAME: { Ref: tableId },
        EVENT_BUS_NAME: { Ref: busId },
        DYNAMODB_ENDPOINT: '',
        EVENTBRIDGE_ENDPOINT: '',
      });
    });

    it('lets only the consumer put events, on its bus only, and send to the on-failure queue', () => {
      const statementsOf = (service: string) =>
        resourcesOfType(template, 'AWS::IAM::Policy').flatMap(([id, policy]) =>
          (policy.Properties.PolicyDocument.Statement as any[])
            .filter((statement) => [statement.Action].flat().some((action: string) => action.startsWith(`${service}:`)))
            .map((statement) => [id.replace(/Role.*$/, ''), statement]),
        );
      expect(statementsOf('events')).toEqual([
        ['ChangeStreamConsumer', { Effect: 'Allow', Action: 'events:PutEvents', Resource: { 'Fn::GetAtt': [busId, 'Arn'] } }],
      ]);
      expect(statementsOf('sqs')).toEqual([
        [
          'ChangeStreamConsumer',
          {
            Effect: 'Allow',
            Action: ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'],
            Resource: { 'Fn::GetAtt': [queueId, 'Arn'] },
          },
        ],
      ]);
    });

    it('keeps what failed for 14 days in an encrypted queue that refuses requests without TLS', () => {
      expect(queue.Properties).toEqual({ MessageRetentionPeriod: 14 * 24 * 60 * 60, SqsManagedSseEnabled: true });
      const [, policy] = resourceNamed(template, 'AWS::SQS::QueuePolicy', 'ChangeStreamOnFailure');
      expect(policy.Properties).toEqual({
        Queues: [{ Ref: queueId }],
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Deny',
              Principal: { AWS: '*' },
              Action: 'sqs:*',
              Resource: { 'Fn::GetAtt': [queueId, 'Arn'] },
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            },
          ],
        },
      });
    });

    it('alarms on anything in the on-failure queue and on a consumer 5 minutes behind, paging the on-call topic', () => {
      const [topicId] = resourceNamed(template, 'AWS::SNS::Topic', 'OnCallTopic');
      const alarms = Object.fromEntries(
        resourcesOfType(template, 'AWS::CloudWatch::Alarm')
          .filter(([id]) => id.startsWith('ChangeStream'))
          .map(([, alarm]) => {
            const { AlarmDescription, AlarmActions, OKActions, ...properties } = alarm.Properties;
            expect(AlarmDescription).toMatch(/^dnc-api: /);
            expect([AlarmActions, OKActions]).toEqual([[{ Ref: topicId }], [{ Ref: topicId }]]);
            return [alarm.Properties.MetricName, properties];
          }),
      );
      expect(alarms).toEqual({
        ApproximateNumberOfMessagesVisible: {
          Namespace: 'AWS/SQS',
          MetricName: 'ApproximateNumberOfMessagesVisible',
          Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
          Statistic: 'Maximum',
          Period: 60,
          ComparisonOperator: 'GreaterThanOrEqualToThreshold',
          Threshold: 1,
          EvaluationPeriods: 1,
          DatapointsToAlarm: 1,
          TreatMissingData: 'notBreaching',
        },
        IteratorAge: {
          Namespace: 'AWS/Lambda',
          MetricName: 'IteratorAge',
          Dimensions: [{ Name: 'FunctionName', Value: { Ref: consumerId } }],
          Statistic: 'Maximum',
          Period: 60,
          ComparisonOperator: 'GreaterThanOrEqualToThreshold',
          Threshold: 5 * 60 * 1000,
          EvaluationPeriods: 5,
          DatapointsToAlarm: 3,
          TreatMissingData: 'notBreaching',
        },
      });
    });
  });

  it('throttles the stage and writes JSON access logs to a log group with retention', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 },
      AccessLogSettings: {
        DestinationArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AccessLogs'), 'Arn'] },
        Format: Match.stringLikeRegexp('"requestId":"\\$context.requestId"'),
      },
    });
    for (const [, logGroup] of resourcesOfType(template, 'AWS::Logs::LogGroup')) {
      expect(logGroup.Properties.RetentionInDays).toBe(365);
    }
  });

  it('access logs say why API Gateway itself answered an error; functions keep Lambda’s START/END/REPORT lines', () => {
    const [, stage] = resourcesOfType(template, 'AWS::ApiGatewayV2::Stage')[0]!;
    expect(JSON.parse(stage.Properties.AccessLogSettings.Format)).toMatchObject({
      authorizerError: '$context.authorizer.error',
      integrationError: '$context.integrationErrorMessage',
      errorMessage: '$context.error.message',
      errorResponseType: '$context.error.responseType',
    });
    for (const [, fn] of resourcesOfType(template, 'AWS::Lambda::Function')) {
      expect(fn.Properties.LoggingConfig).toMatchObject({ LogFormat: 'JSON', SystemLogLevel: 'INFO', ApplicationLogLevel: 'INFO' });
    }
  });

  it('creates a Cognito user pool with the dnc resource server, an M2M client and a hosted domain; the tenant registry names tenants', () => {
    template.resourceCountIs('AWS::Cognito::UserPool', 1);
    template.hasResourceProperties('AWS::Cognito::UserPoolResourceServer', {
      Identifier: 'dnc',
      Scopes: [
        { ScopeName: 'write', ScopeDescription: Match.anyValue() },
        { ScopeName: 'read', ScopeDescription: Match.anyValue() },
        { ScopeName: 'delete', ScopeDescription: 'Remove numbers from the DNC list' },
      ],
    });
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: true,
      AllowedOAuthFlows: ['client_credentials'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: Object.values(scopes).map((scope) =>
        Match.objectLike({ 'Fn::Join': ['', [Match.anyValue(), `/${scope.split('/')[1]}`]] }),
      ),
    });
    template.resourceCountIs('AWS::Cognito::UserPoolDomain', 1);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          USER_POOL_ID: { Ref: Match.stringLikeRegexp('^IdentityUserPool') },
          // Any client of the pool: the registry decides which may call, and as which tenant.
          USER_POOL_CLIENT_IDS: '',
          TENANT_SOURCE: 'registry',
          TENANT_REGISTRY_TABLE_NAME: { Ref: Match.stringLikeRegexp('^TenantsTable') },
          TENANT_CLAIM: '',
          MAX_TOKEN_LIFETIME_SECONDS: '86400',
        }),
      },
    });
  });

  it('passes maxTokenLifetime to the authorizer', () => {
    synthesize({ maxTokenLifetime: '3600' }).template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ USER_POOL_ID: Match.anyValue(), MAX_TOKEN_LIFETIME_SECONDS: '3600' }) },
    });
  });

  it('outputs the stage, API URL, tables, event bus, alarm topic, dashboard, backup vault, token URL, user pool id and client id', () => {
    expect(Object.keys(template.findOutputs('*')).sort()).toEqual([
      'AlarmTopicArn',
      'ApiUrl',
      'BackupVaultName',
      'ClientId',
      'DashboardUrl',
      'EventBusArn',
      'EventBusName',
      'IdempotencyTableName',
      'Stage',
      'TableName',
      'TenantRegistryTableName',
      'TokenUrl',
      'UserPoolId',
    ]);
    template.hasOutput('Stage', { Value: 'dev' });
    template.hasOutput('DashboardUrl', { Value: Match.objectLike({ 'Fn::Join': Match.anyValue() }) });
    const [busId] = resourceNamed(template, 'AWS::Events::EventBus', 'ChangeStreamBus');
    template.hasOutput('EventBusName', { Value: { Ref: busId } });
    template.hasOutput('EventBusArn', { Value: { 'Fn::GetAtt': [busId, 'Arn'] } });
    template.hasOutput('TokenUrl', { Value: Match.objectLike({ 'Fn::Join': Match.anyValue() }) });
  });
});

describe('DncApi stack with context', () => {
  it('trusts an external OIDC issuer and creates no user pool when jwtIssuer is set', () => {
    const { template } = synthesize({
      jwtIssuer: 'https://login.example.com/',
      jwtAudience: 'dnc-api,dnc-api-staging',
      jwtJwksUri: 'https://login.example.com/keys',
      tenantClaim: 'org_id',
      confirmIdentityModeChange: 'true',
    });
    expect(Object.keys(template.toJSON().Resources).filter((id) => /Cognito/.test(template.toJSON().Resources[id].Type))).toEqual([]);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          JWT_ISSUER: 'https://login.example.com/',
          JWT_AUDIENCE: 'dnc-api,dnc-api-staging',
          JWT_JWKS_URI: 'https://login.example.com/keys',
          TENANT_SOURCE: 'claim',
          TENANT_CLAIM: 'org_id',
          TENANT_REGISTRY_TABLE_NAME: '',
        }),
      },
    });
    expect(Object.keys(template.findOutputs('*')).sort()).toEqual([
      'AlarmTopicArn',
      'ApiUrl',
      'BackupVaultName',
      'DashboardUrl',
      'EventBusArn',
      'EventBusName',
      'IdempotencyTableName',
      'Stage',
      'TableName',
    ]);
  });

  it('refuses an external issuer without tenantClaim: the tenant id must not default to a credential id', () => {
    const { tenantClaim: _claim, ...withoutClaim } = externalIssuerContext;
    expect(() => synthesize(withoutClaim)).toThrow(/tenantClaim is required with jwtIssuer/);
  });

  it.each([
    [0, []],
    [1, ['byScopeCreated']],
    [3, ['byScopeCreated', 'byScopePhone', 'byUserCreated']],
  ])('with indexRollout=%i creates only the first indexes, for one-GSI-per-update upgrades', (rollout, expected) => {
    const { template } = synthesize({ indexRollout: String(rollout) });
    const [, table] = resourceNamed(template, 'AWS::DynamoDB::Table', 'DncNumbers');
    expect((table!.Properties.GlobalSecondaryIndexes ?? []).map((index: { IndexName: string }) => index.IndexName)).toEqual(expected);
  });

  it('takes the authorizer cache TTL, throttling and log retention from context', () => {
    const { template } = synthesize({
      authorizerCacheTtl: '60',
      throttleRateLimit: '25',
      throttleBurstLimit: '50',
      logRetentionDays: '30',
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', { AuthorizerResultTtlInSeconds: 60 });
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: { ThrottlingRateLimit: 25, ThrottlingBurstLimit: 50 },
    });
    template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });
});
