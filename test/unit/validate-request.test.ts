import * as z from 'zod/mini';
import { checkBodySchema, checkQuerySchema } from '../../lambda/shared/domain/check-dnc-numbers';
import { entryPathSchema } from '../../lambda/shared/domain/entry-id';
import { addDncNumberSchema } from '../../lambda/shared/domain/add-dnc-number';
import { listQuerySchema } from '../../lambda/shared/domain/list-query';
import { HttpError } from '../../lambda/shared/http/http-error';
import { type RequestSchemas, validateRequest } from '../../lambda/shared/http/middleware/validate-request';
import { idempotencyHeaders } from '../../lambda/shared/http/idempotency-key';

interface TestEvent {
  body?: unknown;
  queryStringParameters?: Record<string, string | undefined>;
  pathParameters?: Record<string, string | undefined>;
  headers?: Record<string, string | undefined>;
  validated?: unknown;
}

/** Runs the middleware's `before` on the event; the 400's message, or the validated parts. */
const validate = (schemas: RequestSchemas, event: TestEvent): { message?: string; statusCode?: number; validated?: any } => {
  const middleware = validateRequest<TestEvent>(schemas);
  try {
    middleware.before!({ event } as never);
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    return { message: error.message, statusCode: error.statusCode };
  }
  return { validated: event.validated };
};

const refusal = (schemas: RequestSchemas, event: TestEvent): string => {
  const { message, statusCode } = validate(schemas, event);
  expect(statusCode).toBe(400);
  if (message === undefined) throw new Error('expected a 400');
  return message;
};

const validPhones = (count: number) => Array.from({ length: count }, (_, index) => `+1415555${String(1000 + index)}`);

describe('validateRequest', () => {
  it('puts every declared part’s parsed output on event.validated', () => {
    const { validated } = validate(
      { query: listQuerySchema, path: entryPathSchema, body: checkBodySchema, headers: idempotencyHeaders },
      {
        queryStringParameters: { size: '5' },
        pathParameters: { id: '00000000-0000-4000-8000-000000000000' },
        body: { phoneNumbers: ['+1 (415) 555-0100'] },
        headers: { 'idempotency-key': 'k-1', 'user-agent': 'x' },
      },
    );
    expect(validated).toEqual({
      query: { type: 'global', page: 1, size: 5, sort_column: 'createdAt', sort_desc: true, filters: {} },
      path: { id: '00000000-0000-4000-8000-000000000000' },
      body: { phoneNumbers: ['+14155550100'], userId: null },
      headers: { 'idempotency-key': 'k-1' },
    });
  });

  it('reads absent query string and path parameters as empty', () => {
    expect(validate({ query: listQuerySchema }, {}).validated.query).toMatchObject({ page: 1, size: 20 });
    expect(refusal({ path: entryPathSchema }, {})).toContain('path.id');
  });

  it('does not read parts the route does not declare', () => {
    const { validated } = validate(
      { path: entryPathSchema },
      { pathParameters: { id: '00000000-0000-4000-8000-000000000000' }, body: 'anything' },
    );
    expect(validated).toEqual({ path: { id: '00000000-0000-4000-8000-000000000000' } });
  });

  it('does not read a part declared with an undefined schema', () => {
    const { validated } = validate(
      { path: entryPathSchema, body: undefined },
      { pathParameters: { id: '00000000-0000-4000-8000-000000000000' }, body: 'anything' },
    );
    expect(validated).toEqual({ path: { id: '00000000-0000-4000-8000-000000000000' } });
  });

  describe('messages', () => {
    it('query issues carry their part: query.size: …', () => {
      expect(refusal({ query: listQuerySchema }, { queryStringParameters: { size: '0' } })).toBe(
        'query.size: size must be a whole number from 1 to 100',
      );
    });

    it('nested query issues carry the whole path: query.filters.userId: …', () => {
      expect(
        refusal(
          { query: listQuerySchema },
          { queryStringParameters: { type: 'user-specific', filters: JSON.stringify({ userId: 'a b' }) } },
        ),
      ).toBe('query.filters.userId: userId must be 1 to 128 characters of A-Z, a-z, 0-9 and . _ : @ -');
    });

    it('path issues carry their part: path.id: …', () => {
      expect(refusal({ path: entryPathSchema }, { pathParameters: { id: 'nope' } })).toBe('path.id: id must be a UUID');
    });

    it('body issues are named as the client wrote them, array elements by index: phoneNumbers[3]: …', () => {
      const phoneNumbers = validPhones(5);
      phoneNumbers[3] = '+1415CALLME';
      expect(refusal({ body: checkBodySchema }, { body: { phoneNumbers } })).toBe(
        'phoneNumbers[3]: phoneNumber must be an E.164 number such as +14155550123 (spaces, dashes, dots and parentheses are ignored)',
      );
    });

    it('a message that already starts with its field is not prefixed twice', () => {
      expect(refusal({ body: addDncNumberSchema }, { body: {} })).toBe('phoneNumber is required');
      expect(refusal({ query: checkQuerySchema }, { queryStringParameters: {} })).toBe('query.phoneNumber: phoneNumber is required');
    });

    it('every issue of a part, joined by "; "', () => {
      expect(refusal({ body: checkBodySchema }, { body: { phoneNumbers: ['x', '+14155550100', 'y'], userId: '' } })).toBe(
        [
          'phoneNumbers[0]: phoneNumber must be an E.164 number such as +14155550123 (spaces, dashes, dots and parentheses are ignored)',
          'phoneNumbers[2]: phoneNumber must be an E.164 number such as +14155550123 (spaces, dashes, dots and parentheses are ignored)',
          'userId must be 1 to 128 characters of A-Z, a-z, 0-9 and . _ : @ -',
        ].join('; '),
      );
    });

    it('unknown query parameters, by name', () => {
      expect(refusal({ query: checkQuerySchema }, { queryStringParameters: { phoneNumber: '+14155550100', tenantId: 'b', pk: 'x' } })).toBe(
        'unknown query parameters are not allowed: tenantId, pk',
      );
    });

    it('unknown body properties, by name', () => {
      expect(refusal({ body: checkBodySchema }, { body: { phoneNumbers: ['+14155550100'], tenantId: 'b' } })).toBe(
        'unknown properties are not allowed: tenantId',
      );
    });

    it('unknown path parameters, by name', () => {
      expect(refusal({ path: entryPathSchema }, { pathParameters: { id: '00000000-0000-4000-8000-000000000000', tenantId: 'b' } })).toBe(
        'unknown path parameters are not allowed: tenantId',
      );
    });

    it('unknown keys inside a nested object name where they are', () => {
      const message = refusal({ query: listQuerySchema }, { queryStringParameters: { filters: JSON.stringify({ reason: 'x' }) } });
      expect(message).toContain('query.filters: ');
      expect(message).toContain('reason');
    });

    it('header issues carry their part: headers.idempotency-key: …', () => {
      expect(refusal({ headers: idempotencyHeaders }, { headers: { 'idempotency-key': 'has space' } })).toMatch(
        /^headers\.idempotency-key: Idempotency-Key must be/,
      );
    });

    it('several parts’ issues in one message, joined by "; " in the order the route declares them', () => {
      const message = refusal(
        { path: entryPathSchema, query: listQuerySchema, body: checkBodySchema },
        {
          pathParameters: { id: 'nope' },
          queryStringParameters: { size: '101', page: '0' },
          body: { phoneNumbers: [...validPhones(3), 'bad'] },
        },
      );
      expect(message).toBe(
        [
          'path.id: id must be a UUID',
          'query.page: page must be a whole number from 1 to 10000',
          'query.size: size must be a whole number from 1 to 100',
          'phoneNumbers[3]: phoneNumber must be an E.164 number such as +14155550123 (spaces, dashes, dots and parentheses are ignored)',
        ].join('; '),
      );
    });

    it('an issue without a path names the part (a body that is not an object)', () => {
      expect(refusal({ body: checkBodySchema }, { body: ['+14155550100'] })).toBe('body must be a JSON object');
      expect(refusal({ query: z.strictObject({ a: z.string() }) }, { queryStringParameters: { a: 'x', b: 'y' } })).toBe(
        'unknown query parameters are not allowed: b',
      );
    });
  });
});
