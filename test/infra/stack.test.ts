import { Match } from 'aws-cdk-lib/assertions';
import { routes, scopes } from '../../lib/routes';
import { synthesize } from '../support/synth';

type Resources = Record<string, { Type: string; Properties: Record<string, any>; DeletionPolicy?: string; UpdateReplacePolicy?: string }>;

const resourcesOfType = (template: ReturnType<typeof synthesize>['template'], type: string) =>
  Object.entries(template.findResources(type) as Resources);

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

  it('keeps the table: string pk/sk, on demand, PITR, deletion protection, RETAIN', () => {
    const tables = resourcesOfType(template, 'AWS::DynamoDB::Table');
    expect(tables).toHaveLength(1);
    const [, table] = tables[0]!;
    expect(table.DeletionPolicy).toBe('Retain');
    expect(table.UpdateReplacePolicy).toBe('Retain');
    expect(table.Properties).toMatchObject({
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
  });

  it('declares the list and get-by-id indexes of lib/table-definition.ts, all projected, tenant-scoped keys', () => {
    const [, table] = resourcesOfType(template, 'AWS::DynamoDB::Table')[0]!;
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

  it('runs every function on nodejs24.x, arm64, JSON logs, traced, under API Gateway’s 29 s', () => {
    const functions = resourcesOfType(template, 'AWS::Lambda::Function');
    expect(functions).toHaveLength(routes.length + 1);
    for (const [, fn] of functions) {
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        LoggingConfig: { LogFormat: 'JSON' },
        TracingConfig: { Mode: 'Active' },
      });
      expect(fn.Properties.Timeout).toBeLessThan(29);
      expect(fn.Properties.LoggingConfig.LogGroup).toBeDefined();
    }
  });

  it('grants each function exactly its DynamoDB actions: table actions on the table ARN, Query on named indexes only', () => {
    const [tableId] = Object.keys(template.findResources('AWS::DynamoDB::Table'));
    const tableArn = { 'Fn::GetAtt': [tableId, 'Arn'] };
    const indexArn = (name: string) => ({ 'Fn::Join': ['', [tableArn, `/index/${name}`]] });
    // Spelled out, not derived from the route table: a change there must show up here.
    const expected: Record<string, unknown[]> = {
      CreateDncNumber: [{ Effect: 'Allow', Action: 'dynamodb:PutItem', Resource: tableArn }],
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

  it('creates a Cognito user pool with the dnc resource server, an M2M client and a hosted domain', () => {
    template.resourceCountIs('AWS::Cognito::UserPool', 1);
    template.hasResourceProperties('AWS::Cognito::UserPoolResourceServer', {
      Identifier: 'dnc',
      Scopes: [
        { ScopeName: 'write', ScopeDescription: Match.anyValue() },
        { ScopeName: 'read', ScopeDescription: Match.anyValue() },
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
          USER_POOL_CLIENT_IDS: { Ref: Match.stringLikeRegexp('^IdentityMachineClient') },
          TENANT_CLAIM: 'client_id',
        }),
      },
    });
  });

  it('outputs the API URL, table name, token URL, user pool id and client id', () => {
    expect(Object.keys(template.findOutputs('*')).sort()).toEqual(['ApiUrl', 'ClientId', 'TableName', 'TokenUrl', 'UserPoolId']);
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
    });
    expect(Object.keys(template.toJSON().Resources).filter((id) => /Cognito/.test(template.toJSON().Resources[id].Type))).toEqual([]);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          JWT_ISSUER: 'https://login.example.com/',
          JWT_AUDIENCE: 'dnc-api,dnc-api-staging',
          JWT_JWKS_URI: 'https://login.example.com/keys',
          TENANT_CLAIM: 'org_id',
        }),
      },
    });
    expect(Object.keys(template.findOutputs('*')).sort()).toEqual(['ApiUrl', 'TableName']);
  });

  it('defaults the external tenant claim to sub', () => {
    const { template } = synthesize({ jwtIssuer: 'https://login.example.com', jwtAudience: 'dnc-api' });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ JWT_ISSUER: 'https://login.example.com', TENANT_CLAIM: 'sub' }) },
    });
  });

  it.each([
    [0, []],
    [1, ['byScopeCreated']],
    [3, ['byScopeCreated', 'byScopePhone', 'byUserCreated']],
  ])('with indexRollout=%i creates only the first indexes, for one-GSI-per-update upgrades', (rollout, expected) => {
    const { template } = synthesize({ indexRollout: String(rollout) });
    const [table] = Object.values(template.findResources('AWS::DynamoDB::Table'));
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
