import { endpointOverride } from '../../lambda/shared/aws/local-overrides';
import { SDK_CONNECTION_TIMEOUT_MILLIS, SDK_REQUEST_TIMEOUT_MILLIS, sdkClientSettings } from '../../lambda/shared/aws/sdk-timeouts';
import { createDocumentClient } from '../../lambda/shared/dynamodb/document-client';
import { createChangeEvents } from '../../lambda/shared/events/change-events';

describe('endpointOverride', () => {
  it('points the client at the variable’s endpoint outside production', () => {
    expect(endpointOverride('DYNAMODB_ENDPOINT', { DYNAMODB_ENDPOINT: 'http://127.0.0.1:8000' })).toEqual({
      endpoint: 'http://127.0.0.1:8000',
    });
    expect(endpointOverride('DYNAMODB_ENDPOINT', { DYNAMODB_ENDPOINT: 'http://127.0.0.1:8000', PRODUCTION_STAGE: 'false' })).toEqual({
      endpoint: 'http://127.0.0.1:8000',
    });
  });

  it.each([
    ['absent', {}],
    ['empty (as the stack declares it)', { DYNAMODB_ENDPOINT: '' }],
    ['empty in production', { DYNAMODB_ENDPOINT: '', PRODUCTION_STAGE: 'true' }],
  ])('leaves the SDK’s own endpoint when the variable is %s', (_case, env) => {
    expect(endpointOverride('DYNAMODB_ENDPOINT', env)).toEqual({});
  });

  it('refuses a non-empty override in production, naming the variable', () => {
    expect(() =>
      endpointOverride('EVENTBRIDGE_ENDPOINT', { EVENTBRIDGE_ENDPOINT: 'http://127.0.0.1:4010', PRODUCTION_STAGE: 'true' }),
    ).toThrow(/environment variable EVENTBRIDGE_ENDPOINT must be empty in a production stage/);
  });

  describe('fails the cold start of a production function whose SDK client is overridden', () => {
    const production = { PRODUCTION_STAGE: 'true', AWS_REGION: 'us-east-1' };

    it('DynamoDB (DYNAMODB_ENDPOINT)', () => {
      expect(() => createDocumentClient({ ...production, DYNAMODB_ENDPOINT: 'http://127.0.0.1:8000' })).toThrow(/DYNAMODB_ENDPOINT/);
      createDocumentClient({ ...production, DYNAMODB_ENDPOINT: '' }).destroy();
    });

    it('EventBridge (EVENTBRIDGE_ENDPOINT)', () => {
      expect(() => createChangeEvents('bus', { ...production, EVENTBRIDGE_ENDPOINT: 'http://127.0.0.1:4010' })).toThrow(
        /EVENTBRIDGE_ENDPOINT/,
      );
      expect(() => createChangeEvents('bus', { ...production, EVENTBRIDGE_ENDPOINT: '' })).not.toThrow();
    });
  });
});

describe('sdkClientSettings', () => {
  it('uses the production time-outs, and throws when they pass (not only a warning)', () => {
    expect(sdkClientSettings({})).toEqual({
      maxAttempts: 3,
      requestHandler: {
        connectionTimeout: SDK_CONNECTION_TIMEOUT_MILLIS,
        requestTimeout: SDK_REQUEST_TIMEOUT_MILLIS,
        throwOnRequestTimeout: true,
      },
    });
  });

  it('takes LOCAL_SDK_TIMEOUT_MILLIS for both time-outs outside production', () => {
    expect(sdkClientSettings({ LOCAL_SDK_TIMEOUT_MILLIS: '30000' }).requestHandler).toMatchObject({
      connectionTimeout: 30_000,
      requestTimeout: 30_000,
    });
  });

  it.each(['0', '-1', '1.5', 'ten seconds'])('refuses LOCAL_SDK_TIMEOUT_MILLIS=%j', (value) => {
    expect(() => sdkClientSettings({ LOCAL_SDK_TIMEOUT_MILLIS: value })).toThrow(
      /LOCAL_SDK_TIMEOUT_MILLIS must be a positive whole number/,
    );
  });

  it('refuses LOCAL_SDK_TIMEOUT_MILLIS in production, and so does the client built with it', () => {
    const production = { PRODUCTION_STAGE: 'true', AWS_REGION: 'us-east-1', LOCAL_SDK_TIMEOUT_MILLIS: '30000' };
    expect(() => sdkClientSettings(production)).toThrow(/LOCAL_SDK_TIMEOUT_MILLIS must be empty in a production stage/);
    expect(() => createDocumentClient(production)).toThrow(/LOCAL_SDK_TIMEOUT_MILLIS/);
  });
});
