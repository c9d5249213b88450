import { scopes } from '../../lib/routes';
import { callerFor, newTenant, writeExpiredEntry } from '../support/factories';
import { invokeRoute, type RouteRequest } from '../support/invoke-route';
import { expectErrorShape } from '../support/table';

/** `GET /v1/dnc_numbers/check` against DynamoDB Local; every answer is checked against openapi.yml. */

const PHONE = '+14155550100';

const check = (tenantId: string, query: RouteRequest['query'], request: RouteRequest = {}) =>
  invokeRoute('CheckDncNumber', { query, authorizer: callerFor(tenantId), ...request });

const add = async (tenantId: string, body: Record<string, unknown>) => {
  const response = await invokeRoute('CreateDncNumber', { body, authorizer: callerFor(tenantId) });
  expect(response.statusCode).toBe(201);
  return response.json;
};

describe('GET /v1/dnc_numbers/check', () => {
  describe('200', () => {
    it('a number not on the list is not blocked', async () => {
      const response = await check(newTenant(), { phoneNumber: PHONE });
      expect(response.statusCode).toBe(200);
      expect(response.json).toEqual({ phoneNumber: PHONE, blocked: false, entries: [] });
    });

    it('a global entry blocks, with or without a userId, and is returned', async () => {
      const tenantId = newTenant();
      const entry = await add(tenantId, { phoneNumber: PHONE, reason: 'asked not to be called' });
      for (const query of [{ phoneNumber: PHONE }, { phoneNumber: PHONE, userId: 'user-1' }] as Record<string, string>[]) {
        const response = await check(tenantId, query);
        expect(response.statusCode).toBe(200);
        expect(response.json).toEqual({ phoneNumber: PHONE, blocked: true, entries: [entry] });
      }
    });

    it('a user entry blocks only for that userId: not for another, not without one', async () => {
      const tenantId = newTenant();
      const entry = await add(tenantId, { phoneNumber: PHONE, userId: 'user-1' });
      expect((await check(tenantId, { phoneNumber: PHONE, userId: 'user-1' })).json).toEqual({
        phoneNumber: PHONE,
        blocked: true,
        entries: [entry],
      });
      expect((await check(tenantId, { phoneNumber: PHONE, userId: 'user-2' })).json).toEqual({
        phoneNumber: PHONE,
        blocked: false,
        entries: [],
      });
      expect((await check(tenantId, { phoneNumber: PHONE })).json).toEqual({ phoneNumber: PHONE, blocked: false, entries: [] });
    });

    it('a global and a user entry both apply: two entries, the global one first', async () => {
      const tenantId = newTenant();
      const global = await add(tenantId, { phoneNumber: PHONE });
      const user = await add(tenantId, { phoneNumber: PHONE, userId: 'user-1' });
      const response = await check(tenantId, { phoneNumber: PHONE, userId: 'user-1' });
      expect(response.json.blocked).toBe(true);
      expect(response.json.entries).toEqual([global, user]);
    });

    it.each([
      ['spaces, parentheses and a dash', { phoneNumber: '+1 (415) 555-0100' }],
      ['dots', { phoneNumber: '+1.415.555.0100' }],
      ['the + left unencoded in the raw query string (it arrives as a space)', 'phoneNumber=+14155550100'],
      ['the + percent-encoded in the raw query string', 'phoneNumber=%2B14155550100'],
      ['an unencoded + and encoded spaces', 'phoneNumber=+1%20415%20555%200100'],
    ])('finds the canonical entry for %s', async (_case, query) => {
      const tenantId = newTenant();
      const entry = await add(tenantId, { phoneNumber: PHONE });
      const response = await check(tenantId, query);
      expect(response.statusCode).toBe(200);
      expect(response.json).toEqual({ phoneNumber: PHONE, blocked: true, entries: [entry] });
    });

    it("'+44 (0)20 7946 0958' checks the entry created as +442079460958", async () => {
      const tenantId = newTenant();
      const entry = await add(tenantId, { phoneNumber: '+442079460958' });
      const response = await check(tenantId, { phoneNumber: '+44 (0)20 7946 0958' });
      expect(response.statusCode).toBe(200);
      expect(response.json).toEqual({ phoneNumber: '+442079460958', blocked: true, entries: [entry] });
    });

    it('an expired entry (not yet deleted by TTL) does not block', async () => {
      const tenantId = newTenant();
      await writeExpiredEntry(tenantId, { phoneNumber: PHONE });
      await writeExpiredEntry(tenantId, { phoneNumber: PHONE, userId: 'user-1' });
      const response = await check(tenantId, { phoneNumber: PHONE, userId: 'user-1' });
      expect(response.statusCode).toBe(200);
      expect(response.json).toEqual({ phoneNumber: PHONE, blocked: false, entries: [] });
    });

    it('an entry that expires in the future still blocks', async () => {
      const tenantId = newTenant();
      const entry = await writeExpiredEntry(tenantId, { phoneNumber: PHONE, expiresAt: new Date(Date.now() + 60 * 60_000) });
      const response = await check(tenantId, { phoneNumber: PHONE });
      expect(response.json.blocked).toBe(true);
      expect(response.json.entries.map((each: { id: string }) => each.id)).toEqual([entry.id]);
    });

    it('a number created a moment ago is blocked at once (strongly consistent read)', async () => {
      const tenantId = newTenant();
      for (let index = 0; index < 20; index += 1) {
        const phoneNumber = `+1415555${String(1000 + index)}`;
        const entry = await add(tenantId, { phoneNumber });
        const response = await check(tenantId, { phoneNumber });
        expect(response.json).toEqual({ phoneNumber, blocked: true, entries: [entry] });
      }
    });
  });

  describe('400', () => {
    it('without phoneNumber, naming it', async () => {
      for (const query of [undefined, { userId: 'user-1' }]) {
        const response = await check(newTenant(), query);
        expect(response.statusCode).toBe(400);
        expectErrorShape(response);
        expect(response.json.message).toContain('phoneNumber');
      }
    });

    it.each([
      ['letters', 'CALL-ME'],
      ['no +', '14155550100'],
      ['too short', '+123456'],
      ['too long', '+1234567890123456'],
      ['empty', ''],
    ])('an invalid phoneNumber (%s), naming query.phoneNumber', async (_case, phoneNumber) => {
      const response = await check(newTenant(), { phoneNumber });
      expect(response.statusCode).toBe(400);
      expectErrorShape(response);
      expect(response.json.message).toContain('query.phoneNumber');
    });

    it('an invalid userId, naming it', async () => {
      const response = await check(newTenant(), { phoneNumber: PHONE, userId: 'a/b' });
      expect(response.statusCode).toBe(400);
      expect(response.json.message).toContain('userId');
    });

    it('an unknown query parameter, naming it', async () => {
      const response = await check(newTenant(), { phoneNumber: PHONE, tenantId: 'someone-else' });
      expect(response.statusCode).toBe(400);
      expectErrorShape(response);
      expect(response.json.message).toContain('unknown query parameters are not allowed');
      expect(response.json.message).toContain('tenantId');
    });
  });

  describe('403', () => {
    it('a token with only dnc/write', async () => {
      const tenantId = newTenant();
      await add(tenantId, { phoneNumber: PHONE });
      const response = await check(tenantId, { phoneNumber: PHONE }, { authorizer: callerFor(tenantId, { scopes: scopes.write }) });
      expect(response.statusCode).toBe(403);
      expectErrorShape(response);
      expect(response.body).not.toContain(PHONE);
    });
  });
});
