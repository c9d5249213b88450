import {
  DncNumberNotFoundError,
  DuplicateDncNumberError,
  IdempotencyKeyReusedError,
  InvalidCursorError,
  UnsupportedRequestError,
} from '../domain/errors.js';
import { toDncNumberDto } from '../domain/dnc-number.js';
import { isTransientDynamoDbError } from '../dynamodb/transient-error.js';
import { scopes } from '../../../lib/routes.js';
import { HttpError } from './http-error.js';

export const RETRY_AFTER_SECONDS = 1;

/** What the answer to an error may depend on: only what the token allows the caller to see. */
export interface ErrorAudience {
  scopes: readonly string[];
}

type ErrorClass<T> = abstract new (...args: never[]) => T;
type Answer<T> = [ErrorClass<T>, (error: T, audience: ErrorAudience) => HttpError];
const answer = <T>(errorClass: ErrorClass<T>, toAnswer: (error: T, audience: ErrorAudience) => HttpError): Answer<unknown> =>
  [errorClass, toAnswer] as Answer<unknown>;

// A token without `dnc/read` learns only that the number is listed, and the entry's id: the
// existing entry's reason may have been written by another caller.
const existingEntry = (error: DuplicateDncNumberError, { scopes: granted }: ErrorAudience) =>
  granted.includes(scopes.read) ? toDncNumberDto(error.existing) : { id: error.existing.id };

/** Each error the service names, and how it is answered: first match wins. */
const answers: readonly Answer<unknown>[] = [
  answer(HttpError, (error) => error),
  answer(DuplicateDncNumberError, (error, audience) => new HttpError(409, error.message, { dncNumber: existingEntry(error, audience) })),
  answer(IdempotencyKeyReusedError, (error) => new HttpError(422, error.message)),
  answer(DncNumberNotFoundError, (error) => new HttpError(404, error.message)),
  answer(UnsupportedRequestError, (error) => new HttpError(400, error.message)),
  answer(InvalidCursorError, (error) => new HttpError(400, error.message)),
];

const unavailable = () =>
  new HttpError(
    503,
    'The DNC list is temporarily unavailable; retry after the delay in Retry-After',
    {},
    { 'retry-after': String(RETRY_AFTER_SECONDS) },
  );

/** The one place where any error becomes an HTTP answer. */
export const toHttpError = (error: unknown, audience: ErrorAudience = { scopes: [] }): HttpError => {
  const match = answers.find(([errorClass]) => error instanceof errorClass);
  if (match) return match[1](error, audience);
  if (isTransientDynamoDbError(error)) return unavailable();
  return new HttpError(500, 'Internal server error');
};
