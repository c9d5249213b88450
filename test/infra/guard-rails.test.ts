import { synthesize } from '../support/synth';

// Properties no change to the stack may lose, checked in both identity modes.
const modes = [
  ['Cognito identity', {}],
  ['external issuer', { jwtIssuer: 'https://login.example.com', jwtAudience: 'dnc-api' }],
] as const;

type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string; UpdateReplacePolicy?: string };

describe.each(modes)('guard rails (%s)', (_mode, context) => {
  const resourcesById = synthesize(context).template.toJSON().Resources as Record<string, Resource>;
  const resources = Object.values(resourcesById);
  const ofType = (type: string) => resources.filter((resource) => resource.Type === type);

  it('no route without the authorizer', () => {
    const routes = ofType('AWS::ApiGatewayV2::Route');
    expect(routes.length).toBeGreaterThan(0);
    for (const route of routes) {
      expect(route.Properties.AuthorizationType).toBe('CUSTOM');
      expect(route.Properties.AuthorizerId).toBeDefined();
    }
  });

  it('the table keeps RETAIN, deletion protection and point-in-time recovery', () => {
    for (const table of ofType('AWS::DynamoDB::Table')) {
      expect([table.DeletionPolicy, table.UpdateReplacePolicy]).toEqual(['Retain', 'Retain']);
      expect(table.Properties.DeletionProtectionEnabled).toBe(true);
      expect(table.Properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    }
  });

  it('no IAM wildcard action or resource on DynamoDB (but dynamodb:ListStreams, alone, which takes no resource)', () => {
    const statements = ofType('AWS::IAM::Policy').flatMap((policy) => policy.Properties.PolicyDocument.Statement as any[]);
    const dynamoDbStatements = statements.filter((statement) =>
      [statement.Action].flat().some((action: string) => action === '*' || action.startsWith('dynamodb:')),
    );
    expect(dynamoDbStatements.length).toBeGreaterThan(0);
    // The event source mapping's stream read: exactly this statement, nothing added to it.
    const isListStreams = (statement: Record<string, unknown>) =>
      Object.keys(statement).length === 3 &&
      statement.Effect === 'Allow' &&
      statement.Action === 'dynamodb:ListStreams' &&
      statement.Resource === '*';
    for (const statement of dynamoDbStatements.filter((candidate) => !isListStreams(candidate))) {
      for (const action of [statement.Action].flat()) expect(action).not.toMatch(/\*/);
      for (const resource of [statement.Resource].flat()) expect(JSON.stringify(resource)).not.toMatch(/\*/);
    }
    for (const role of ofType('AWS::IAM::Role')) {
      expect(JSON.stringify(role.Properties.ManagedPolicyArns ?? [])).not.toMatch(/DynamoDB/);
    }
  });

  it('the table stream keeps both images, and its consumer retries a bounded time, then reports to a queue', () => {
    for (const table of ofType('AWS::DynamoDB::Table')) {
      expect(table.Properties.StreamSpecification).toEqual({ StreamViewType: 'NEW_AND_OLD_IMAGES' });
    }
    const mappings = ofType('AWS::Lambda::EventSourceMapping');
    expect(mappings.length).toBeGreaterThan(0);
    for (const mapping of mappings) {
      expect(mapping.Properties.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
      expect(mapping.Properties.MaximumRetryAttempts).toBeGreaterThanOrEqual(0);
      expect(mapping.Properties.MaximumRecordAgeInSeconds).toBeGreaterThan(0);
      expect(mapping.Properties.DestinationConfig.OnFailure.Destination).toBeDefined();
      expect(mapping.Properties.FilterCriteria.Filters.length).toBeGreaterThan(0);
    }
  });

  it('every function API Gateway invokes times out before its 29 s integration limit; the others within 15 minutes', () => {
    const invokedByApiGateway = new Set(
      ofType('AWS::Lambda::Permission')
        .filter((permission) => permission.Properties.Principal === 'apigateway.amazonaws.com')
        .map((permission) => permission.Properties.FunctionName['Fn::GetAtt'][0] as string),
    );
    const functions = Object.entries(resourcesById).filter(([, resource]) => resource.Type === 'AWS::Lambda::Function');
    const [behindApi, others] = [
      functions.filter(([id]) => invokedByApiGateway.has(id)),
      functions.filter(([id]) => !invokedByApiGateway.has(id)),
    ];
    expect(behindApi.length).toBeGreaterThan(0);
    for (const [, fn] of behindApi) expect(fn.Properties.Timeout).toBeLessThan(29);
    for (const [, fn] of others) expect(fn.Properties.Timeout).toBeLessThanOrEqual(900);
  });

  it('the stage is throttled', () => {
    for (const stage of ofType('AWS::ApiGatewayV2::Stage')) {
      expect(stage.Properties.DefaultRouteSettings.ThrottlingRateLimit).toBeGreaterThan(0);
      expect(stage.Properties.DefaultRouteSettings.ThrottlingBurstLimit).toBeGreaterThan(0);
    }
  });

  it('CORS, if ever enabled, does not allow every origin', () => {
    for (const api of ofType('AWS::ApiGatewayV2::Api')) {
      expect(api.Properties.CorsConfiguration?.AllowOrigins ?? []).not.toContain('*');
    }
  });
});
