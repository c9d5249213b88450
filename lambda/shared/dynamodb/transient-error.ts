const transientErrorNames = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'AbortError',
]);

const networkErrorCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND']);

interface SdkLikeError {
  name?: unknown;
  code?: unknown;
  $metadata?: { httpStatusCode?: number };
}

/**
 * True when DynamoDB (or the way to it) is throttled or unavailable: the request
 * may succeed later, so the client is told to retry instead of getting a 500.
 */
export const isTransientDynamoDbError = (error: unknown): boolean => {
  if (typeof error !== 'object' || error === null) return false;
  const { name, code, $metadata } = error as SdkLikeError;
  return (
    (typeof name === 'string' && transientErrorNames.has(name)) ||
    (typeof code === 'string' && networkErrorCodes.has(code)) ||
    ($metadata?.httpStatusCode ?? 0) >= 500
  );
};
