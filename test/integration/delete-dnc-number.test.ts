import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { scopes } from '../../lib/routes';
import { ALL_SCOPES, createEntry as create, deliveredEvents, useChangeStream } from '../support/change-stream';
import { writeExpiredEntry } from '../support/factories';
import { invokeRoute } from '../support/invoke-route';
import { entryKey, expectErrorShape, getEntry, tableName } from '../support/table';

const PHONE = '+14155550100';
const fixture = useChangeStream();
const { tenant } = fixture;

const remove = (
  tenantId: string,
  id: string,
  options: { query?: Record<string, string> | string; scopes?: string; subject?: string } = {},
) =>
  invokeRoute('DeleteDncNumber', {
    pathParameters: { id },
    ...(options.query === undefined ? {} : { query: options.query }),
    authorizer: { tenantId, scopes: options.scopes ?? ALL_SCOPES, subject: options.subject ?? 'client-1' },
  });

const check = async (tenantId: string, phoneNumber: string, userId?: string) =>
  (
    await invokeRoute('CheckDncNumber', {
      query: { phoneNumber, ...(userId ? { userId } : {}) },
      authorizer: { tenantId, scopes: ALL_SCOPES },
    })
  ).json.blocked as boolean;

describe('DELETE /v1/dnc_numbers/{id}', () => {
  it('removes exactly that entry and answers it; the number is no longer blocked, the other scope stays', async () => {
    const tenantId = tenant();
    const global = await create(tenantId, { phoneNumber: PHONE, reason: 'asked to stop' });
    const user = await create(tenantId, { phoneNumber: PHONE, userId: 'agent-7' });
    const response = await remove(tenantId, global.id, { query: { reason: 'consent given again' } });
    expect(response.statusCode).toBe(200);
    expect(response.json).toEqual(global);
    expect(await getEntry(fixture.client, tenantId, PHONE)).toBeUndefined();
    expect(await check(tenantId, PHONE)).toBe(false);
    expect(await check(tenantId, PHONE, 'agent-7')).toBe(true);
    expect((await invokeRoute('GetDncNumber', { pathParameters: { id: user.id }, authorizer: { tenantId } })).statusCode).toBe(200);
    expect((await invokeRoute('GetDncNumber', { pathParameters: { id: global.id }, authorizer: { tenantId } })).statusCode).toBe(404);
  });

  it('leaves a receipt with who removed it, when and why, which TTL deletes after 30 days', async () => {
    const tenantId = tenant();
    const entry = await create(tenantId, { phoneNumber: PHONE });
    const before = Date.now();
    await remove(tenantId, entry.id, { query: { reason: 'number reassigned' }, subject: 'compliance-bot' });
    const { Item } = await fixture.client.send(
      new GetCommand({
        TableName: tableName(),
        Key: { pk: entryKey(tenantId, PHONE).pk, sk: `REMOVAL#${entry.id}` },
        ConsistentRead: true,
      }),
    );
    expect(Item).toMatchObject({ entryId: entry.id, by: 'compliance-bot', reason: 'number reassigned' });
    expect(Date.parse(Item?.at)).toBeGreaterThanOrEqual(before);
    expect(Item?.expiresAt).toBe(Math.floor(Date.parse(Item?.at) / 1000) + 30 * 24 * 60 * 60);
  });

  it('records the removal without a reason as reason null', async () => {
    const tenantId = tenant();
    const entry = await create(tenantId, { phoneNumber: PHONE, reason: 'asked to stop' });
    expect((await remove(tenantId, entry.id)).statusCode).toBe(200);
    await fixture.stream.consume();
    const { json } = await invokeRoute('GetDncNumberHistory', { query: { phoneNumber: PHONE }, authorizer: { tenantId } });
    expect(json.events.map(({ type, by, reason }: Record<string, unknown>) => ({ type, by, reason }))).toEqual([
      { type: 'added', by: 'client-1', reason: 'asked to stop' },
      { type: 'removed', by: 'client-1', reason: null },
    ]);
  });

  describe('404 alike for everything that is not a live entry of the caller’s tenant', () => {
    it('an unknown id', async () => {
      const response = await remove(tenant(), '0b8d7c2e-3f41-4c1a-9d55-2f6a8e1b7c90');
      expect(response.statusCode).toBe(404);
      expectErrorShape(response);
    });

    it('an entry already removed', async () => {
      const tenantId = tenant();
      const entry = await create(tenantId, { phoneNumber: PHONE });
      expect((await remove(tenantId, entry.id)).statusCode).toBe(200);
      expect((await remove(tenantId, entry.id)).statusCode).toBe(404);
    });

    it('an expired entry TTL has not deleted yet, which stays as it is', async () => {
      const tenantId = tenant();
      const expired = await writeExpiredEntry(tenantId, { phoneNumber: PHONE });
      expect((await remove(tenantId, expired.id)).statusCode).toBe(404);
      expect(await getEntry(fixture.client, tenantId, PHONE)).toMatchObject({ id: expired.id });
    });

    it('another tenant’s entry, which stays listed', async () => {
      const owner = tenant();
      const entry = await create(owner, { phoneNumber: PHONE });
      const response = await remove(tenant(), entry.id);
      expect(response.statusCode).toBe(404);
      expect(response.json.message).toBe((await remove(tenant(), '0b8d7c2e-3f41-4c1a-9d55-2f6a8e1b7c90')).json.message);
      expect(await check(owner, PHONE)).toBe(true);
    });

    it('the id of an expired entry whose number was added again: the new entry is not removed', async () => {
      const tenantId = tenant();
      const expired = await writeExpiredEntry(tenantId, { phoneNumber: PHONE });
      const readded = await create(tenantId, { phoneNumber: PHONE });
      expect((await remove(tenantId, expired.id)).statusCode).toBe(404);
      expect(await getEntry(fixture.client, tenantId, PHONE)).toMatchObject({ id: readded.id });
    });
  });

  it('403 for a token without dnc/delete, and the entry stays', async () => {
    const tenantId = tenant();
    const entry = await create(tenantId, { phoneNumber: PHONE });
    const response = await remove(tenantId, entry.id, { scopes: `${scopes.write} ${scopes.read}` });
    expect(response.statusCode).toBe(403);
    expectErrorShape(response);
    expect(await check(tenantId, PHONE)).toBe(true);
  });

  it.each([
    ['a reason over 500 characters', { reason: 'x'.repeat(501) }, 'query.reason'],
    ['a reason with a bidirectional override', { reason: 'ok\u202Eevil' }, 'query.reason'],
    ['an unknown query parameter', { why: 'because' }, 'why'],
  ])('400 for %s, naming it, and removes nothing', async (_, query, named) => {
    const tenantId = tenant();
    const entry = await create(tenantId, { phoneNumber: PHONE });
    const response = await remove(tenantId, entry.id, { query });
    expect(response.statusCode).toBe(400);
    expect(response.json.message).toContain(named);
    expect(await check(tenantId, PHONE)).toBe(true);
  });

  it('400 for an id that is not a UUID', async () => {
    const response = await remove(tenant(), 'not-a-uuid');
    expect(response.statusCode).toBe(400);
    expect(response.json.message).toContain('path.id');
  });

  it('50 concurrent deletes of one id: one 200, 49 404, and one removed event in the history', async () => {
    const tenantId = tenant();
    const entry = await create(tenantId, { phoneNumber: PHONE });
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, index) => remove(tenantId, entry.id, { query: { reason: `try ${index}` } })),
    );
    const statuses = responses.map((response) => response.statusCode);
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 404)).toHaveLength(49);
    expect((await fixture.stream.consume()).failures).toEqual([]);
    const { json } = await invokeRoute('GetDncNumberHistory', { query: { phoneNumber: PHONE }, authorizer: { tenantId } });
    expect(json.events.map((event: { type: string }) => event.type)).toEqual(['added', 'removed']);
    expect(deliveredEvents(tenantId).filter((event) => event['detail-type'] === 'DncNumberRemoved')).toHaveLength(1);
  });
});
