import { synthesize } from '../support/synth';

// Properties no change to the stack may lose, checked in both identity modes.
const modes = [
  ['Cognito identity', {}],
  ['external issuer', { jwtIssuer: 'https://login.example.com', jwtAudience: 'dnc-api' }],
] as const;

type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string; UpdateReplacePolicy?: string };

describe.each(modes)('guard rails (%s)', (_mode, context) => {
  const resources = Object.values(synthesize(context).template.toJSON().Resources as Record<string, Resource>);
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

  it('no IAM wildcard action or resource on DynamoDB', () => {
    const statements = ofType('AWS::IAM::Policy').flatMap((policy) => policy.Properties.PolicyDocument.Statement as any[]);
    const dynamoDbStatements = statements.filter((statement) =>
      [statement.Action].flat().some((action: string) => action === '*' || action.startsWith('dynamodb:')),
    );
    expect(dynamoDbStatements.length).toBeGreaterThan(0);
    for (const statement of dynamoDbStatements) {
      for (const action of [statement.Action].flat()) expect(action).not.toMatch(/\*/);
      for (const resource of [statement.Resource].flat()) expect(JSON.stringify(resource)).not.toMatch(/\*/);
    }
    for (const role of ofType('AWS::IAM::Role')) {
      expect(JSON.stringify(role.Properties.ManagedPolicyArns ?? [])).not.toMatch(/DynamoDB/);
    }
  });

  it('every function times out before API Gateway’s 29 s integration limit', () => {
    const functions = ofType('AWS::Lambda::Function');
    expect(functions.length).toBeGreaterThan(0);
    for (const fn of functions) expect(fn.Properties.Timeout).toBeLessThan(29);
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
