// Error names DynamoDB (through the SDK) uses when it is throttled or unavailable.
const unavailableServiceErrors = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'RequestTimeout',
  'RequestTimeoutException',
]);

// Raised on the way to DynamoDB: socket time-outs, aborts (middy's early time-out included).
const transportErrorNames = new Set(['TimeoutError', 'AbortError']);
const networkErrorCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND']);

/** DynamoDB answered, but not with everything asked for, even after retries (e.g. keys left unprocessed). */
export class DynamoDbUnavailableError extends Error {
  override readonly name = 'DynamoDbUnavailableError';
}

interface SdkLikeError {
  name?: unknown;
  code?: unknown;
  $metadata?: { httpStatusCode?: number };
}

/**
 * True when DynamoDB (or the way to it) is throttled or unavailable: the request may succeed
 * later, so the client is told to retry instead of getting a 500. Service error names count
 * only on SDK errors (they carry `$metadata`): other libraries reuse names such as
 * `InternalServerError` for their own failures.
 */
export const isTransientDynamoDbError = (error: unknown): boolean => {
  if (error instanceof DynamoDbUnavailableError) return true;
  if (typeof error !== 'object' || error === null) return false;
  const { name, code, $metadata } = error as SdkLikeError;
  const named = (names: Set<string>) => typeof name === 'string' && names.has(name);
  return (
    ($metadata !== undefined && (named(unavailableServiceErrors) || ($metadata.httpStatusCode ?? 0) >= 500)) ||
    named(transportErrorNames) ||
    (typeof code === 'string' && networkErrorCodes.has(code))
  );
};
