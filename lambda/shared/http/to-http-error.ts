import { DuplicateDncNumberError, IdempotencyKeyReusedError } from '../domain/errors.js';
import { toDncNumberDto } from '../domain/dnc-number.js';
import { isTransientDynamoDbError } from '../dynamodb/transient-error.js';
import { HttpError } from './http-error.js';

export const RETRY_AFTER_SECONDS = 1;

const bodyParserPackage = '@middy/http-json-body-parser';

interface MiddyError {
  statusCode?: number;
  cause?: { package?: string; data?: unknown };
}

const bodyParserError = (error: unknown): HttpError | undefined => {
  const { statusCode, cause } = (error ?? {}) as MiddyError;
  if (cause?.package !== bodyParserPackage) return undefined;
  if (statusCode === 415) return new HttpError(415, 'Content-Type must be application/json');
  if (cause.data === undefined || cause.data === '') {
    return new HttpError(400, 'body is required: send a JSON object');
  }
  if (cause.data === '__proto__' || cause.data === 'constructor') {
    return new HttpError(400, `body must not contain the key "${cause.data}"`);
  }
  return new HttpError(400, 'body is not valid JSON');
};

/** The one place where any error becomes an HTTP answer. */
export const toHttpError = (error: unknown): HttpError => {
  if (error instanceof HttpError) return error;
  if (error instanceof DuplicateDncNumberError) {
    return new HttpError(409, error.message, { dncNumber: toDncNumberDto(error.existing) });
  }
  if (error instanceof IdempotencyKeyReusedError) return new HttpError(422, error.message);
  const fromBodyParser = bodyParserError(error);
  if (fromBodyParser) return fromBodyParser;
  if (isTransientDynamoDbError(error)) {
    return new HttpError(
      503,
      'The DNC list is temporarily unavailable; retry after the delay in Retry-After',
      {},
      { 'retry-after': String(RETRY_AFTER_SECONDS) },
    );
  }
  return new HttpError(500, 'Internal server error');
};
