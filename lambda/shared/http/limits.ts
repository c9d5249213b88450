/** Largest request body accepted, in bytes; a DNC entry is far smaller. */
export const MAX_BODY_BYTES = 16 * 1024;

/**
 * Answer with a 503 this long before Lambda would kill the invocation, so a slow
 * DynamoDB never turns into API Gateway's bare 500 and the write is aborted.
 */
export const HTTP_HANDLER_OPTIONS = { timeoutEarlyInMillis: 500 } as const;
