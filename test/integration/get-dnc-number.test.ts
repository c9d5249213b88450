import { randomUUID } from 'node:crypto';
import { scopes } from '../../lib/routes';
import { callerFor, newTenant, seedEntries, writeExpiredEntry } from '../support/factories';
import { invokeRoute, type RouteRequest } from '../support/invoke-route';
import { expectErrorShape } from '../support/table';

/** `GET /v1/dnc_numbers/{id}` against DynamoDB Local; every answer is checked against openapi.yml. */

const getById = (tenantId: string, id: string, request: RouteRequest = {}) =>
  invokeRoute('GetDncNumber', { pathParameters: { id }, authorizer: callerFor(tenantId), ...request });

describe('GET /v1/dnc_numbers/{id}', () => {
  it('200 with exactly the DncNumberDto create answered, for a global and a user entry', async () => {
    const tenantId = newTenant();
    const [global] = await seedEntries(tenantId, 1, { reason: 'asked twice' });
    const [user] = await seedEntries(tenantId, 1, { userId: 'user-1' });
    for (const entry of [global!, user!]) {
      const response = await getById(tenantId, entry.id);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('application/json');
      expect(response.json).toEqual(entry);
      expect(Object.keys(response.json).sort()).toEqual(['createdAt', 'expiresAt', 'id', 'phoneNumber', 'reason', 'updatedAt', 'userId']);
    }
  });

  it('200 right after create (the id index serves it at once)', async () => {
    const tenantId = newTenant();
    for (const entry of await seedEntries(tenantId, 10)) {
      expect((await getById(tenantId, entry.id)).json).toEqual(entry);
    }
  });

  it('an upper-case spelling of the id is the same id, or a 404 — never another entry', async () => {
    const tenantId = newTenant();
    const [entry] = await seedEntries(tenantId, 1);
    const response = await getById(tenantId, entry!.id.toUpperCase());
    expect([200, 404]).toContain(response.statusCode);
    if (response.statusCode === 200) expect(response.json).toEqual(entry);
  });

  describe('404 alike for unknown, another tenant’s and expired ids', () => {
    it('an unknown UUID', async () => {
      const response = await getById(newTenant(), randomUUID());
      expect(response.statusCode).toBe(404);
      expectErrorShape(response);
    });

    it('another tenant’s id: the same body as an unknown id', async () => {
      const owner = newTenant();
      const [entry] = await seedEntries(owner, 1);
      const other = newTenant();
      const theirs = await getById(other, entry!.id);
      const unknown = await getById(other, randomUUID());
      expect(theirs.statusCode).toBe(404);
      expect(theirs.body).toBe(unknown.body);
      expect(theirs.headers).toEqual(unknown.headers);
      expect(theirs.body).not.toContain(entry!.phoneNumber);
      expect((await getById(owner, entry!.id)).statusCode).toBe(200);
    });

    it('an expired entry, answered like an unknown id', async () => {
      const tenantId = newTenant();
      const expired = await writeExpiredEntry(tenantId, { phoneNumber: '+14155550100' });
      const response = await getById(tenantId, expired.id);
      expect(response.statusCode).toBe(404);
      expect(response.body).toBe((await getById(tenantId, randomUUID())).body);
    });

    it('an entry expiring later is still there', async () => {
      const tenantId = newTenant();
      const entry = await writeExpiredEntry(tenantId, { phoneNumber: '+14155550100', expiresAt: new Date(Date.now() + 60 * 60_000) });
      const response = await getById(tenantId, entry.id);
      expect(response.statusCode).toBe(200);
      expect(response.json.id).toBe(entry.id);
    });
  });

  describe('400', () => {
    it.each([
      ['a word', 'not-a-uuid'],
      ['a UUID with a suffix', `${randomUUID()}x`],
      ['a UUID without dashes', randomUUID().replace(/-/g, '')],
      ['a key fragment', 'x#ID#00000000-0000-4000-8000-000000000000'],
    ])('%s, naming path.id', async (_case, id) => {
      const response = await getById(newTenant(), id);
      expect(response.statusCode).toBe(400);
      expectErrorShape(response);
      expect(response.json.message).toContain('path.id');
    });

    it('an unknown query parameter, naming it', async () => {
      const response = await getById(newTenant(), randomUUID(), { query: { tenantId: 'someone-else' } });
      expect(response.statusCode).toBe(400);
      expect(response.json.message).toContain('tenantId');
    });
  });

  it('a token with only dnc/write → 403', async () => {
    const tenantId = newTenant();
    const [entry] = await seedEntries(tenantId, 1);
    const response = await getById(tenantId, entry!.id, { authorizer: callerFor(tenantId, { scopes: scopes.write }) });
    expect(response.statusCode).toBe(403);
    expectErrorShape(response);
    expect(response.body).not.toContain(entry!.phoneNumber);
  });
});
