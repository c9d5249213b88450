import { scopes } from '../../lib/routes';
import { callerFor, newTenant, seedEntries, seedPhoneNumber, writeExpiredEntry } from '../support/factories';
import { invokeRoute, type RouteRequest } from '../support/invoke-route';
import { expectErrorShape } from '../support/table';

/** `POST /v1/dnc_numbers/check` against DynamoDB Local; every answer is checked against openapi.yml. */

const checkMany = (tenantId: string, body: unknown, request: RouteRequest = {}) =>
  invokeRoute('CheckDncNumbers', { body, authorizer: callerFor(tenantId), ...request });

const add = async (tenantId: string, body: Record<string, unknown>) => {
  const response = await invokeRoute('CreateDncNumber', { body, authorizer: callerFor(tenantId) });
  expect(response.statusCode).toBe(201);
  return response.json;
};

const notBlocked = (phoneNumber: string) => ({ phoneNumber, blocked: false, entries: [] });

describe('POST /v1/dnc_numbers/check', () => {
  describe('200', () => {
    it('answers one result per element, in input order, repeats answered each time', async () => {
      const tenantId = newTenant();
      const global = await add(tenantId, { phoneNumber: '+14155550101' });
      const user = await add(tenantId, { phoneNumber: '+14155550102', userId: 'user-1' });
      const otherUser = await add(tenantId, { phoneNumber: '+14155550103', userId: 'user-2' });
      const response = await checkMany(tenantId, {
        phoneNumbers: ['+14155550199', '+1 (415) 555-0101', '+14155550102', '+14155550103', '+14155550101', '+14155550199'],
        userId: 'user-1',
      });
      expect(response.statusCode).toBe(200);
      expect(response.json).toEqual({
        results: [
          notBlocked('+14155550199'),
          { phoneNumber: '+14155550101', blocked: true, entries: [global] },
          { phoneNumber: '+14155550102', blocked: true, entries: [user] },
          notBlocked('+14155550103'),
          { phoneNumber: '+14155550101', blocked: true, entries: [global] },
          notBlocked('+14155550199'),
        ],
      });
      expect(response.body).not.toContain(otherUser.id);
    });

    it.each([
      ['null', { userId: null }],
      ['absent', {}],
    ])('userId %s: only global entries block', async (_case, userPart) => {
      const tenantId = newTenant();
      const global = await add(tenantId, { phoneNumber: '+14155550101' });
      await add(tenantId, { phoneNumber: '+14155550102', userId: 'user-1' });
      const response = await checkMany(tenantId, { phoneNumbers: ['+14155550101', '+14155550102'], ...userPart });
      expect(response.statusCode).toBe(200);
      expect(response.json.results).toEqual([
        { phoneNumber: '+14155550101', blocked: true, entries: [global] },
        notBlocked('+14155550102'),
      ]);
    });

    it('a global and a user entry for one number: both, global first', async () => {
      const tenantId = newTenant();
      const global = await add(tenantId, { phoneNumber: '+14155550101' });
      const user = await add(tenantId, { phoneNumber: '+14155550101', userId: 'user-1' });
      const response = await checkMany(tenantId, { phoneNumbers: ['+14155550101'], userId: 'user-1' });
      expect(response.json.results).toEqual([{ phoneNumber: '+14155550101', blocked: true, entries: [global, user] }]);
    });

    it('expired entries do not block', async () => {
      const tenantId = newTenant();
      await writeExpiredEntry(tenantId, { phoneNumber: '+14155550101' });
      await writeExpiredEntry(tenantId, { phoneNumber: '+14155550102', userId: 'user-1' });
      const response = await checkMany(tenantId, { phoneNumbers: ['+14155550101', '+14155550102'], userId: 'user-1' });
      expect(response.json.results).toEqual([notBlocked('+14155550101'), notBlocked('+14155550102')]);
    });

    it('1,000 numbers (more than one BatchGetItem), every listed one blocked, in order', async () => {
      const tenantId = newTenant();
      const listed = await seedEntries(tenantId, 300, { via: 'repository' });
      const listedUser = await seedEntries(tenantId, 100, {
        via: 'repository',
        userId: 'user-1',
        phoneNumber: (i) => seedPhoneNumber(i + 300),
      });
      const phoneNumbers = Array.from({ length: 1000 }, (_, index) => seedPhoneNumber(999 - index));
      const response = await checkMany(tenantId, { phoneNumbers, userId: 'user-1' });
      expect(response.statusCode).toBe(200);
      const byNumber = new Map([...listed, ...listedUser].map((entry) => [entry.phoneNumber, entry]));
      expect(response.json.results).toHaveLength(1000);
      response.json.results.forEach((result: { phoneNumber: string; blocked: boolean; entries: unknown[] }, index: number) => {
        const phoneNumber = phoneNumbers[index]!;
        const entry = byNumber.get(phoneNumber);
        expect(result).toEqual(entry === undefined ? notBlocked(phoneNumber) : { phoneNumber, blocked: true, entries: [entry] });
      });
      expect(response.json.results.filter((result: { blocked: boolean }) => result.blocked)).toHaveLength(400);
    });
  });

  describe('400', () => {
    it('1,001 numbers', async () => {
      const phoneNumbers = Array.from({ length: 1001 }, (_, index) => seedPhoneNumber(index));
      const response = await checkMany(newTenant(), { phoneNumbers });
      expect(response.statusCode).toBe(400);
      expectErrorShape(response);
      expect(response.json.message).toContain('phoneNumbers');
      expect(response.json.message).toContain('1000');
    });

    it.each([0, 3, 517, 999])('one invalid element at index %i among 1,000, named phoneNumbers[i]', async (bad) => {
      const phoneNumbers = Array.from({ length: 1000 }, (_, index) => (index === bad ? '+1415CALLME' : seedPhoneNumber(index)));
      const response = await checkMany(newTenant(), { phoneNumbers });
      expect(response.statusCode).toBe(400);
      expectErrorShape(response);
      expect(response.json.message).toContain(`phoneNumbers[${bad}]`);
      expect(response.json.message.match(/phoneNumbers\[\d+\]/g)).toEqual([`phoneNumbers[${bad}]`]);
    });

    it('several invalid elements: each index named', async () => {
      const response = await checkMany(newTenant(), { phoneNumbers: ['+14155550100', 'x', '+14155550101', 42, null] });
      expect(response.statusCode).toBe(400);
      expect(response.json.message.match(/phoneNumbers\[\d+\]/g)).toEqual(['phoneNumbers[1]', 'phoneNumbers[3]', 'phoneNumbers[4]']);
    });

    it.each([
      ['an empty array', 'phoneNumbers', { phoneNumbers: [] }],
      ['phoneNumbers missing', 'phoneNumbers', {}],
      ['phoneNumbers a string', 'phoneNumbers', { phoneNumbers: '+14155550100' }],
      ['an invalid userId', 'userId', { phoneNumbers: ['+14155550100'], userId: 'a b' }],
      ['an unknown property', 'tenantId', { phoneNumbers: ['+14155550100'], tenantId: 'someone-else' }],
      ['body an array', 'body', ['+14155550100']],
    ])('%s, naming %s', async (_case, field, body) => {
      const response = await checkMany(newTenant(), body);
      expect(response.statusCode).toBe(400);
      expectErrorShape(response);
      expect(response.json.message).toContain(field);
    });

    it.each([
      ['not JSON', '{"phoneNumbers": ['],
      ['empty', ''],
    ])('a body that is %s', async (_case, body) => {
      const response = await checkMany(newTenant(), body);
      expect(response.statusCode).toBe(400);
      expectErrorShape(response);
    });
  });

  it.each([
    ['text/plain', { 'content-type': 'text/plain' }],
    ['form data', { 'content-type': 'application/x-www-form-urlencoded' }],
    ['no content type', { 'content-type': undefined }],
  ])('Content-Type %s → 415', async (_case, headers) => {
    const response = await checkMany(newTenant(), JSON.stringify({ phoneNumbers: ['+14155550100'] }), { headers });
    expect(response.statusCode).toBe(415);
    expectErrorShape(response);
  });

  it('a token with only dnc/write → 403', async () => {
    const tenantId = newTenant();
    const response = await checkMany(
      tenantId,
      { phoneNumbers: ['+14155550100'] },
      {
        authorizer: callerFor(tenantId, { scopes: scopes.write }),
      },
    );
    expect(response.statusCode).toBe(403);
    expectErrorShape(response);
  });
});
