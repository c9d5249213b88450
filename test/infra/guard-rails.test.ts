import { REGISTRY_ATTEMPT_TIMEOUT_MILLIS, REGISTRY_ATTEMPTS } from '../../lambda/authorizer/registry-get-item';
import { JWKS_ATTEMPT_TIMEOUT_MILLIS } from '../../lambda/authorizer/remote-jwks-fetcher';
import { EARLY_TIMEOUT_MILLIS } from '../../lambda/shared/http/http-handler';
import { SDK_WORST_CASE_CALL_MILLIS } from '../../lambda/shared/aws/sdk-timeouts';
import { externalIssuerContext, synthesize } from '../support/synth';

// Properties no change to the stack may lose, checked in both identity modes.
const modes = [
  ['Cognito identity', {}],
  ['external issuer', externalIssuerContext],
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

  it('every table has point-in-time recovery; all but the Idempotency-Key table survive stack deletion and replacement', () => {
    const tables = Object.entries(resourcesById).filter(([, resource]) => resource.Type === 'AWS::DynamoDB::Table');
    expect(tables.length).toBeGreaterThanOrEqual(2);
    for (const [id, table] of tables) {
      expect(table.Properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
      if (id.startsWith('IdempotencyKeys')) continue;
      // Kept on delete and on a replacing update, not after a failed first create (docs/adr/0002-retention-and-deletion.md).
      expect([table.DeletionPolicy, table.UpdateReplacePolicy]).toEqual(['RetainExceptOnCreate', 'Retain']);
    }
  });

  it('the production stage protects its tables and user pool from deletion, and locks its backup vault', () => {
    const production = synthesize({ ...context, stage: 'prod' }).template.toJSON().Resources as Record<string, Resource>;
    const ofTypeIn = (type: string) => Object.entries(production).filter(([, resource]) => resource.Type === type);
    for (const [id, table] of ofTypeIn('AWS::DynamoDB::Table')) {
      if (!id.startsWith('IdempotencyKeys')) expect(table.Properties.DeletionProtectionEnabled).toBe(true);
    }
    for (const [, pool] of ofTypeIn('AWS::Cognito::UserPool')) expect(pool.Properties.DeletionProtection).toBe('ACTIVE');
    const [[, vault]] = ofTypeIn('AWS::Backup::BackupVault') as [[string, Resource]];
    expect(vault.Properties.LockConfiguration).toBeDefined();
  });

  it('no IAM wildcard action or resource on DynamoDB (but dynamodb:ListStreams, alone, which takes no resource)', () => {
    const statements = ofType('AWS::IAM::Policy').flatMap((policy) => policy.Properties.PolicyDocument.Statement as any[]);
    const dynamoDbStatements = statements.filter((statement) =>
      [statement.Action].flat().some((action: string) => action === '*' || action.startsWith('dynamodb:')),
    );
    expect(dynamoDbStatements.length).toBeGreaterThan(0);
    // The event source mapping's stream read: its only DynamoDB action is ListStreams (cdk.json's
    // minimizePolicies merges it with X-Ray's statement, also on `*`).
    const isListStreams = (statement: Record<string, unknown>) =>
      Object.keys(statement).length === 3 &&
      statement.Effect === 'Allow' &&
      statement.Resource === '*' &&
      [statement.Action]
        .flat()
        .filter((action) => String(action).startsWith('dynamodb:'))
        .join() === 'dynamodb:ListStreams';
    for (const statement of dynamoDbStatements.filter((candidate) => !isListStreams(candidate))) {
      for (const action of [statement.Action].flat()) expect(action).not.toMatch(/\*/);
      for (const resource of [statement.Resource].flat()) expect(JSON.stringify(resource)).not.toMatch(/\*/);
    }
    for (const role of ofType('AWS::IAM::Role')) {
      expect(JSON.stringify(role.Properties.ManagedPolicyArns ?? [])).not.toMatch(/DynamoDB/);
    }
  });

  it('the table stream keeps both images, and its consumer retries a bounded time, then reports to a queue', () => {
    const streamed = ofType('AWS::DynamoDB::Table').filter((table) => table.Properties.StreamSpecification !== undefined);
    expect(streamed).toHaveLength(1);
    expect(streamed[0]!.Properties.StreamSpecification).toEqual({ StreamViewType: 'NEW_AND_OLD_IMAGES' });
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

  it('every alarm pages the on-call topic, and says which runbook answers it', () => {
    const [topicId] = Object.entries(resourcesById).find(([, resource]) => resource.Type === 'AWS::SNS::Topic')!;
    const alarms = ofType('AWS::CloudWatch::Alarm');
    expect(alarms.length).toBeGreaterThan(0);
    for (const alarm of alarms) {
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topicId }]);
      expect(alarm.Properties.AlarmDescription).toMatch(/\(runbook: [^)]+\)/);
    }
  });

  it('every function outlasts one SDK call whose every attempt times out (lambda/shared/aws/sdk-timeouts.ts), with the early 503 to spare', () => {
    const functions = Object.entries(resourcesById).filter(
      ([id, resource]) => resource.Type === 'AWS::Lambda::Function' && !id.startsWith('Authorizer'),
    );
    expect(functions.length).toBeGreaterThan(0);
    for (const [, fn] of functions) {
      expect(fn.Properties.Timeout * 1000 - EARLY_TIMEOUT_MILLIS).toBeGreaterThan(SDK_WORST_CASE_CALL_MILLIS);
    }
  });

  it('the authorizer outlasts a JWKS fetch and a registry read whose every attempt times out: it logs why, then fails', () => {
    const [[, authorizer]] = Object.entries(resourcesById).filter(
      ([id, resource]) => resource.Type === 'AWS::Lambda::Function' && id.startsWith('Authorizer'),
    ) as [[string, Resource]];
    // aws-jwt-verify retries a JWKS request once; the registry read makes its own attempts.
    const worstCase = 2 * JWKS_ATTEMPT_TIMEOUT_MILLIS + REGISTRY_ATTEMPTS * REGISTRY_ATTEMPT_TIMEOUT_MILLIS;
    expect(authorizer.Properties.Timeout * 1000).toBeGreaterThan(worstCase);
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
