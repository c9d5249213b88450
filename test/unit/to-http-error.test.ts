import { STATUS_CODES } from 'node:http';
import type { DncNumber } from '../../lambda/shared/domain/dnc-number';
import {
  DncNumberNotFoundError,
  DuplicateDncNumberError,
  IdempotencyKeyReusedError,
  InvalidCursorError,
  UnsupportedRequestError,
} from '../../lambda/shared/domain/errors';
import { DynamoDbUnavailableError } from '../../lambda/shared/dynamodb/transient-error';
import { HttpError } from '../../lambda/shared/http/http-error';
import { errorResponse } from '../../lambda/shared/http/response';
import { toHttpError } from '../../lambda/shared/http/to-http-error';

const named = (name: string) => Object.assign(new Error('sdk error'), { name });

const reader = { scopes: ['dnc/write', 'dnc/read'] };
const renderedBody = (error: unknown) => JSON.parse(errorResponse(toHttpError(error, reader)).body) as Record<string, unknown>;

const storedRecord: DncNumber = {
  id: '550e8400-e29b-41d4-a716-446655440000',
  tenantId: 'tenant-a',
  phoneNumber: '+14155550123',
  userId: 'user-1',
  reason: 'asked to stop',
  createdAt: '2024-05-01T10:00:00.000Z',
  updatedAt: '2024-05-01T10:00:00.000Z',
  createdBy: 'client-subject-7',
  expiresAt: null,
};

describe('HttpError', () => {
  it('is named HttpError, so its stack trace says which error it is', () => {
    const error = new HttpError(400, 'bad request');
    expect(error.name).toBe('HttpError');
    expect(error.stack).toMatch(/^HttpError: bad request\n/);
  });
});

describe('toHttpError', () => {
  it('passes an HttpError through unchanged', () => {
    const error = new HttpError(413, 'body too large', { limit: 1024 }, { 'x-extra': 'yes' });
    expect(toHttpError(error)).toBe(error);
  });

  describe('domain errors', () => {
    it('answers a duplicate with 409 carrying the existing entry as DncNumberDto to a token with dnc/read', () => {
      const http = toHttpError(new DuplicateDncNumberError(storedRecord), reader);
      expect(http.statusCode).toBe(409);
      expect(http.details).toEqual({
        dncNumber: {
          id: storedRecord.id,
          phoneNumber: storedRecord.phoneNumber,
          userId: storedRecord.userId,
          reason: storedRecord.reason,
          createdAt: storedRecord.createdAt,
          updatedAt: storedRecord.updatedAt,
          expiresAt: null,
        },
      });
    });

    it('never leaks the keys, tenant or audit subject of the existing entry', () => {
      const body = errorResponse(toHttpError(new DuplicateDncNumberError(storedRecord), reader)).body;
      for (const secret of [storedRecord.tenantId, storedRecord.createdBy, '"pk"', '"sk"', 'tenantId', 'createdBy']) {
        expect(body).not.toContain(secret);
      }
    });

    it.each([
      ['only dnc/write', ['dnc/write']],
      ['no scopes at all', []],
    ])('shows a token with %s only the existing entry’s id, never its reason', (_case, scopes) => {
      const http = toHttpError(new DuplicateDncNumberError(storedRecord), { scopes });
      expect(http.statusCode).toBe(409);
      expect(http.details).toEqual({ dncNumber: { id: storedRecord.id } });
      expect(errorResponse(http).body).not.toContain(storedRecord.reason!);
    });

    it('answers an unknown or foreign id with 404, an unsupported request and a bad cursor with 400', () => {
      expect(toHttpError(new DncNumberNotFoundError()).statusCode).toBe(404);
      expect(toHttpError(new UnsupportedRequestError('sort_column=phoneNumber with createdFrom')).message).toBe(
        'sort_column=phoneNumber with createdFrom',
      );
      expect(toHttpError(new UnsupportedRequestError('x')).statusCode).toBe(400);
      expect(toHttpError(new InvalidCursorError()).statusCode).toBe(400);
    });

    it('answers keys DynamoDB left unprocessed after every retry with 503', () => {
      expect(toHttpError(new DynamoDbUnavailableError('3 keys unprocessed')).statusCode).toBe(503);
    });

    it('answers a reused Idempotency-Key with 422', () => {
      const http = toHttpError(new IdempotencyKeyReusedError());
      expect(http.statusCode).toBe(422);
      expect(http.message).toContain('Idempotency-Key');
    });
  });

  describe('transient DynamoDB errors become 503 with Retry-After', () => {
    const expect503 = (error: unknown) => {
      const http = toHttpError(error);
      expect(http.statusCode).toBe(503);
      expect(http.message).toBe('The DNC list is temporarily unavailable; retry after the delay in Retry-After');
      expect(http.headers).toEqual({ 'retry-after': '1' });
    };

    it.each([
      'ProvisionedThroughputExceededException',
      'ThrottlingException',
      'RequestLimitExceeded',
      'InternalServerError',
      'ServiceUnavailable',
    ])('the SDK error %s', (name) => expect503(Object.assign(named(name), { $metadata: { httpStatusCode: 400 } })));

    it.each(['TimeoutError', 'AbortError'])('a transport error named %s, with or without SDK metadata', (name) => {
      expect503(named(name));
      expect503(Object.assign(named(name), { $metadata: { attempts: 3 } }));
    });

    it('not an error that merely shares a DynamoDB name, such as middy createError(500)', () => {
      const middyInternal = Object.assign(new Error('Internal Server Error'), {
        name: 'InternalServerError',
        statusCode: 500,
        expose: false,
      });
      expect(toHttpError(middyInternal).statusCode).toBe(500);
    });

    it.each(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT'])('a network error with code %s', (code) =>
      expect503(Object.assign(new Error('connect failed'), { code })),
    );

    it.each([500, 503])('any SDK error whose $metadata.httpStatusCode is %i', (httpStatusCode) =>
      expect503(Object.assign(named('SomethingUnexpected'), { $metadata: { httpStatusCode } })),
    );
  });

  describe('everything else becomes an opaque 500', () => {
    it.each([
      [
        'ConditionalCheckFailedException without Item',
        Object.assign(named('ConditionalCheckFailedException'), { $metadata: { httpStatusCode: 400 } }),
      ],
      ['ValidationException (a 400 from DynamoDB)', Object.assign(named('ValidationException'), { $metadata: { httpStatusCode: 400 } })],
      ['a generic Error', new Error('table dnc-prod-xyz not found at arn:aws:dynamodb:eu-west-1:123456789012')],
      ['a TypeError', new TypeError("Cannot read properties of undefined (reading 'secretField')")],
      ['a thrown string', 'raw failure string-with-details'],
      ['undefined', undefined],
      ['null', null],
      ['a plain object', { oops: 'internal-detail' }],
    ])('%s', (_case, error) => {
      const http = toHttpError(error);
      expect(http.statusCode).toBe(500);
      expect(http.message).toBe('Internal server error');
      expect(http.headers).toEqual({});

      const response = errorResponse(http);
      expect(JSON.parse(response.body)).toEqual({ message: 'Internal server error', error: STATUS_CODES[500], statusCode: 500 });
      expect(response.body).not.toMatch(/\bat .*:\d+:\d+/);
      for (const leaked of ['dnc-prod-xyz', 'secretField', 'string-with-details', 'internal-detail', 'ConditionalCheckFailed']) {
        expect(response.body).not.toContain(leaked);
      }
    });
  });
});

describe('errorResponse', () => {
  it.each([400, 401, 403, 404, 409, 413, 415, 422, 500, 503])(
    'renders %i as {message, error, statusCode} with the reason phrase',
    (statusCode) => {
      const response = errorResponse(new HttpError(statusCode, `failure ${statusCode}`));
      expect(response.statusCode).toBe(statusCode);
      expect(JSON.parse(response.body)).toEqual({ message: `failure ${statusCode}`, error: STATUS_CODES[statusCode], statusCode });
      expect(STATUS_CODES[statusCode]).toEqual(expect.any(String));
    },
  );

  it('falls back to "Error" for a status code without a reason phrase', () => {
    expect(STATUS_CODES[599]).toBeUndefined();
    expect(JSON.parse(errorResponse(new HttpError(599, 'odd')).body)).toEqual({ message: 'odd', error: 'Error', statusCode: 599 });
  });

  it('sends JSON, never cached, with the error’s own headers', () => {
    const response = errorResponse(new HttpError(503, 'later', {}, { 'retry-after': '1' }));
    expect(response.headers).toEqual({ 'content-type': 'application/json', 'cache-control': 'no-store', 'retry-after': '1' });
  });

  it('adds the error’s details next to message, error and statusCode', () => {
    const response = errorResponse(new HttpError(409, 'duplicate', { dncNumber: { id: 'abc' } }));
    expect(JSON.parse(response.body)).toEqual({
      message: 'duplicate',
      error: STATUS_CODES[409],
      statusCode: 409,
      dncNumber: { id: 'abc' },
    });
  });

  it('renders a 409 from toHttpError with the Conflict reason phrase and the DTO', () => {
    const body = renderedBody(new DuplicateDncNumberError(storedRecord));
    expect(body).toMatchObject({
      error: STATUS_CODES[409],
      statusCode: 409,
      dncNumber: { id: storedRecord.id, phoneNumber: storedRecord.phoneNumber },
    });
  });
});
