import { DynamoDbUnavailableError, isTransientDynamoDbError } from '../../lambda/shared/dynamodb/transient-error';
import { errorResponse } from '../../lambda/shared/http/response';
import { toHttpError } from '../../lambda/shared/http/to-http-error';

/**
 * Every name and code the service treats as "DynamoDB throttled or unavailable", spelled out
 * here (not imported) so that dropping one from transient-error.ts fails its own case. Each one
 * must reach the client as 503 with Retry-After, through the one place errors become answers.
 */

// SDK service errors: they count only on an error with `$metadata` (what the SDK attaches). The
// metadata here carries no 5xx status, so the name alone must decide.
const serviceErrorNames = [
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'RequestTimeout',
  'RequestTimeoutException',
];
// Raised on the way to DynamoDB, with or without SDK metadata.
const transportErrorNames = ['TimeoutError', 'AbortError'];
// Node's network error codes, on a plain Error (no metadata, no telling name).
const networkErrorCodes = ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND'];

const sdkError = (name: string, $metadata: Record<string, unknown> = { httpStatusCode: 400, attempts: 3 }) =>
  Object.assign(new Error(`injected ${name}`), { name, $metadata });
const named = (name: string) => Object.assign(new Error(`injected ${name}`), { name });
const withCode = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:8000`), { code });

const expectUnavailable = (error: unknown) => {
  expect(isTransientDynamoDbError(error)).toBe(true);
  const http = toHttpError(error);
  expect(http.statusCode).toBe(503);
  expect(http.headers).toEqual({ 'retry-after': '1' });
  const response = errorResponse(http);
  expect(response.statusCode).toBe(503);
  expect(response.headers).toMatchObject({ 'retry-after': '1' });
  expect(response.body).not.toContain('injected');
};

const expectNotTransient = (error: unknown) => {
  expect(isTransientDynamoDbError(error)).toBe(false);
  const http = toHttpError(error);
  expect(http.statusCode).toBe(500);
  expect(http.headers).toEqual({});
};

describe('transient DynamoDB errors: every entry maps to 503 with Retry-After', () => {
  it.each(serviceErrorNames)('the SDK error %s (metadata without a 5xx status)', (name) => {
    expectUnavailable(sdkError(name));
    expectUnavailable(sdkError(name, {}));
  });

  it.each(transportErrorNames)('the transport error %s, with or without SDK metadata', (name) => {
    expectUnavailable(named(name));
    expectUnavailable(sdkError(name));
  });

  it.each(networkErrorCodes)('a network error with code %s', (code) => {
    expectUnavailable(withCode(code));
  });

  it.each([500, 502, 503, 504])('any SDK error whose HTTP status is %i, whatever its name', (httpStatusCode) => {
    expectUnavailable(sdkError('SomethingUnexpected', { httpStatusCode }));
  });

  it('keys DynamoDB left unprocessed after every retry (DynamoDbUnavailableError)', () => {
    expectUnavailable(new DynamoDbUnavailableError('injected: 3 keys unprocessed'));
  });
});

describe('everything else is not transient: 500, no Retry-After', () => {
  it.each(serviceErrorNames)('%s without SDK metadata (another library reusing the name)', (name) => {
    expectNotTransient(named(name));
  });

  it.each([
    ['a DynamoDB 400 such as ValidationException', sdkError('ValidationException')],
    ['ConditionalCheckFailedException', sdkError('ConditionalCheckFailedException')],
    ['TransactionCanceledException', sdkError('TransactionCanceledException')],
    ['an SDK error with status 499', sdkError('SomethingUnexpected', { httpStatusCode: 499 })],
    ['an SDK error without a status', sdkError('SomethingUnexpected', {})],
    ['a network code not in the list (EACCES)', withCode('EACCES')],
    ['a network code in lower case', withCode('econnreset')],
    ['a code that is not a string', Object.assign(new Error('x'), { code: 104 })],
    ['a name that is not a string', Object.assign(new Error('x'), { name: undefined, $metadata: {} })],
    ['a name differing only in case', sdkError('throttlingexception')],
    ['a generic Error', new Error('boom')],
    ['a thrown string naming a transient error', 'ThrottlingException'],
    ['null', null],
    ['undefined', undefined],
  ])('%s', (_case, error) => {
    expectNotTransient(error);
  });
});
