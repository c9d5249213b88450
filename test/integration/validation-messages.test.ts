import { invokeRoute, type RouteResponse } from '../support/invoke-route';
import { expectErrorShape } from '../support/table';

/**
 * The 400 contract (README "Errors"): `message` names every offending field, body fields as the
 * client wrote them (array elements by index), the query string and headers prefixed by their
 * part, every issue joined by "; ". Asserted as exact text through each route's real handler,
 * so no field's text, prefix or separator can change unnoticed.
 */

const PHONE = 'phoneNumber must be an E.164 number such as +14155550123 (spaces, dashes, dots and parentheses are ignored)';
const USER_ID = 'userId must be 1 to 128 characters of A-Z, a-z, 0-9 and . _ : @ -';
const REASON_TYPE = 'reason must be a string or null';
const REASON_CHARACTERS = 'reason must not contain control characters, bidirectional overrides or unpaired surrogates';
const IDEMPOTENCY_KEY = 'Idempotency-Key must be 1 to 255 characters of A-Z, a-z, 0-9 and . _ : @ = + / -';
const BULK_ITEM = 'must be an object with phoneNumber and, optionally, reason and expiresAt';

/** The 400's message, split on the documented separator. */
const issuesOf = (response: RouteResponse): string[] => {
  expect(response.statusCode).toBe(400);
  expectErrorShape(response);
  expect(response.json).toMatchObject({ statusCode: 400, error: 'Bad Request' });
  return (response.json.message as string).split('; ');
};

describe('400 messages name every offending field, exactly', () => {
  it('create: a bad phoneNumber, userId and reason and two unknown properties, in one message', async () => {
    const response = await invokeRoute('CreateDncNumber', {
      body: { phoneNumber: 'nope', userId: '', reason: 7, createdAt: 'x', id: 'mine' },
    });
    expect(issuesOf(response)).toEqual([PHONE, USER_ID, REASON_TYPE, 'unknown properties are not allowed: createdAt, id']);
    expect(response.json.message).toBe(`${PHONE}; ${USER_ID}; ${REASON_TYPE}; unknown properties are not allowed: createdAt, id`);
  });

  it('create: issues of the query string, the body and the headers, in that order, each part prefixed but the body', async () => {
    const response = await invokeRoute('CreateDncNumber', {
      body: { phoneNumber: '+14155550123', userId: 'a/b', reason: 'a\u0000b' },
      query: { size: '20' },
      headers: { 'idempotency-key': 'a key with spaces' },
    });
    expect(response.json.message).toBe(
      `unknown query parameters are not allowed: size; ${USER_ID}; ${REASON_CHARACTERS}; headers.idempotency-key: ${IDEMPOTENCY_KEY}`,
    );
  });

  it('list: query.<name> for each bad parameter, query.filters.<name> inside filters, unknown ones by name', async () => {
    const response = await invokeRoute('ListDncNumbers', {
      query: { size: '0', page: 'x', sort_desc: 'maybe', foo: '1', filters: '{"userId":"a/b","bar":1}' },
    });
    expect(issuesOf(response)).toEqual([
      'query.page: page must be a whole number from 1 to 10000',
      'query.size: size must be a whole number from 1 to 100',
      'query.sort_desc: sort_desc must be one of true, false',
      `query.filters.userId: ${USER_ID}`,
      'query.filters: unknown query parameters are not allowed: bar',
      'unknown query parameters are not allowed: foo',
    ]);
  });

  it('check by query: query.phoneNumber and query.userId, and the unknown parameter', async () => {
    const response = await invokeRoute('CheckDncNumber', { query: { phoneNumber: '123', userId: 'a/b', other: 'x' } });
    expect(issuesOf(response)).toEqual([
      `query.phoneNumber: ${PHONE}`,
      `query.userId: ${USER_ID}`,
      'unknown query parameters are not allowed: other',
    ]);
  });

  it('batch check: phoneNumbers[3]: …, then the body’s userId and unknown property', async () => {
    const response = await invokeRoute('CheckDncNumbers', {
      body: { phoneNumbers: ['+14155550100', '+14155550101', '+14155550102', '123'], userId: 'a/b', extra: true },
    });
    expect(issuesOf(response)).toEqual([`phoneNumbers[3]: ${PHONE}`, USER_ID, 'unknown properties are not allowed: extra']);
  });

  it('bulk: each bad item by index and field, then the body’s own fields', async () => {
    const response = await invokeRoute('BulkAddDncNumbers', {
      body: {
        phoneNumbers: [{ phoneNumber: '+14155550100' }, { phoneNumber: '+14155550101', reason: 5, id: 'x' }, 'x', { phoneNumber: 'y' }],
        userId: '',
        extra: 1,
      },
    });
    expect(issuesOf(response)).toEqual([
      `phoneNumbers[1].reason: ${REASON_TYPE}`,
      'phoneNumbers[1]: unknown properties are not allowed: id',
      `phoneNumbers[2]: ${BULK_ITEM}`,
      `phoneNumbers[3].phoneNumber: ${PHONE}`,
      USER_ID,
      'unknown properties are not allowed: extra',
    ]);
  });
});
