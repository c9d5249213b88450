import { randomUUID } from 'node:crypto';
import { GetCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { newDncNumber } from '../../lambda/shared/domain/dnc-number';
import { IDEMPOTENCY_KEY_LIFETIME_SECONDS, newIdempotencyRecord } from '../../lambda/shared/domain/idempotency';
import { DncNumberRepository } from '../../lambda/shared/dynamodb/dnc-number-repository';
import { createDocumentClient } from '../../lambda/shared/dynamodb/document-client';
import { scopes } from '../../lib/routes';
import { CREATE_PATH, invokeCreate, newTenant } from '../support/create-dnc-number';
import { expectDocumentedResponse } from '../support/openapi';
import { getEntry, itemsOfTenant, tableName } from '../support/table';

const documentClient = createDocumentClient();
afterAll(() => documentClient.destroy());

const create = async (tenantId: string, body: unknown, idempotencyKey?: string) => {
  const response = await invokeCreate({ body, authorizer: { tenantId }, headers: { 'idempotency-key': idempotencyKey } });
  expectDocumentedResponse('POST', CREATE_PATH, response);
  return response;
};

const dncEntries = async (tenantId: string) =>
  (await itemsOfTenant(documentClient, tenantId)).filter((item) => String(item.sk).startsWith('SCOPE#'));

// Spelled out here, not imported from keys.ts, so a change in how the service builds it shows.
const idempotencyTable = () => process.env.IDEMPOTENCY_TABLE_NAME!;
const recordKey = (tenantId: string, key: string) => ({ pk: `TENANT#${tenantId}#IDEMPOTENCY#${key}` });
const idempotencyRecord = async (tenantId: string, key: string) =>
  (await documentClient.send(new GetCommand({ TableName: idempotencyTable(), Key: recordKey(tenantId, key), ConsistentRead: true }))).Item;

describe('Idempotency-Key', () => {
  it('replays a retry with the same key and body: 201, the same entry, marked as a replay', async () => {
    const tenant = newTenant();
    const first = await create(tenant, { phoneNumber: '+14155550170', reason: 'asked twice' }, 'key-1');
    const retry = await create(tenant, { phoneNumber: '+14155550170', reason: 'asked twice' }, 'key-1');
    expect([first.statusCode, retry.statusCode]).toEqual([201, 201]);
    expect(retry.json).toEqual(first.json);
    expect(first.headers?.['idempotent-replayed']).toBeUndefined();
    expect(retry.headers?.['idempotent-replayed']).toBe('true');
    expect(await dncEntries(tenant)).toHaveLength(1);
  });

  it('treats another spelling of the same number as the same request', async () => {
    const tenant = newTenant();
    const first = await create(tenant, { phoneNumber: '+1 415 555 0171' }, 'key-spelling');
    const retry = await create(tenant, { phoneNumber: '+1 (415) 555-0171' }, 'key-spelling');
    expect(retry.statusCode).toBe(201);
    expect(retry.json.id).toBe(first.json.id);
  });

  it('answers 422 for the same key with a different body, and writes nothing', async () => {
    const tenant = newTenant();
    await create(tenant, { phoneNumber: '+14155550172' }, 'key-reused');
    const reused = await create(tenant, { phoneNumber: '+14155550173' }, 'key-reused');
    expect(reused.statusCode).toBe(422);
    expect(reused.json).toMatchObject({ statusCode: 422, error: 'Unprocessable Entity' });
    expect(reused.json.message).toContain('Idempotency-Key');
    expect(await getEntry(documentClient, tenant, '+14155550173')).toBeUndefined();
  });

  it('answers 409 for a different key and an existing number, without using up that key', async () => {
    const tenant = newTenant();
    const first = await create(tenant, { phoneNumber: '+14155550174' }, 'key-a');
    const duplicate = await create(tenant, { phoneNumber: '+14155550174' }, 'key-b');
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json.dncNumber).toEqual(first.json);
    const keyBLater = await create(tenant, { phoneNumber: '+14155550175' }, 'key-b');
    expect(keyBLater.statusCode).toBe(201);
  });

  it('answers 409 for a number already listed without a key, each time it is retried with that key, and records no key', async () => {
    const tenant = newTenant();
    const listed = await create(tenant, { phoneNumber: '+14155550185', reason: 'listed first' });
    expect(listed.statusCode).toBe(201);
    const first = await create(tenant, { phoneNumber: '+14155550185' }, 'key-listed');
    expect(first.statusCode).toBe(409);
    expect(first.json).toMatchObject({ statusCode: 409, error: 'Conflict', dncNumber: listed.json });
    expect(await idempotencyRecord(tenant, 'key-listed')).toBeUndefined();
    const retry = await create(tenant, { phoneNumber: '+14155550185' }, 'key-listed');
    expect(retry.statusCode).toBe(409);
    expect(retry.headers?.['idempotent-replayed']).toBeUndefined();
    expect(retry.json).toEqual(first.json);
    expect(await dncEntries(tenant)).toEqual([expect.objectContaining({ id: listed.json.id, reason: 'listed first' })]);
    expect(await idempotencyRecord(tenant, 'key-listed')).toBeUndefined();
  });

  it('keeps keys per tenant', async () => {
    const first = await create(newTenant(), { phoneNumber: '+14155550176' }, 'shared-key');
    const second = await create(newTenant(), { phoneNumber: '+14155550177' }, 'shared-key');
    expect([first.statusCode, second.statusCode]).toEqual([201, 201]);
  });

  it('keeps a key 24 hours (TTL attribute), while a DNC entry created without expiresAt never expires', async () => {
    const tenant = newTenant();
    const before = Math.floor(Date.now() / 1000);
    await create(tenant, { phoneNumber: '+14155550178' }, 'key-ttl');
    const keyRecord = (await idempotencyRecord(tenant, 'key-ttl'))!;
    const entry = await getEntry(documentClient, tenant, '+14155550178');
    expect(keyRecord.expiresAt).toBeGreaterThanOrEqual(before + IDEMPOTENCY_KEY_LIFETIME_SECONDS);
    expect(keyRecord.expiresAt).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000) + IDEMPOTENCY_KEY_LIFETIME_SECONDS);
    expect(entry).not.toHaveProperty('expiresAt');
  });

  it('keeps the key in the Idempotency-Key table, not in the DNC table, whose TTL and stream serve only DNC data', async () => {
    const tenant = newTenant();
    const response = await create(tenant, { phoneNumber: '+14155550183' }, 'key-own-table');
    expect(response.statusCode).toBe(201);
    expect(await idempotencyRecord(tenant, 'key-own-table')).toMatchObject({
      ...recordKey(tenant, 'key-own-table'),
      key: 'key-own-table',
      tenantId: tenant,
      dncNumber: expect.objectContaining({ id: response.json.id }),
    });
    const dncItems = await itemsOfTenant(documentClient, tenant);
    expect(dncItems.map((item) => item.sk)).toEqual(['SCOPE#GLOBAL']);
  });

  it('touches no Idempotency-Key record without the header', async () => {
    const tenant = newTenant();
    const response = await create(tenant, { phoneNumber: '+14155550184' });
    expect(response.statusCode).toBe(201);
    const { Items = [] } = await documentClient.send(
      new ScanCommand({
        TableName: idempotencyTable(),
        FilterExpression: 'tenantId = :tenantId',
        ExpressionAttributeValues: { ':tenantId': tenant },
        ConsistentRead: true,
      }),
    );
    expect(Items).toEqual([]);
  });

  it('treats an expired key that TTL has not deleted yet as unused', async () => {
    const tenant = newTenant();
    await create(tenant, { phoneNumber: '+14155550179' }, 'key-expired');
    await documentClient.send(
      new UpdateCommand({
        TableName: idempotencyTable(),
        Key: recordKey(tenant, 'key-expired'),
        ConditionExpression: 'attribute_exists(pk)',
        UpdateExpression: 'SET expiresAt = :past',
        ExpressionAttributeValues: { ':past': Math.floor(Date.now() / 1000) - 1 },
      }),
    );
    const reuse = await create(tenant, { phoneNumber: '+14155550180' }, 'key-expired');
    expect(reuse.statusCode).toBe(201);
    expect(reuse.headers?.['idempotent-replayed']).toBeUndefined();
  });

  it('creates one entry for concurrent retries with one key', async () => {
    const tenant = newTenant();
    const responses = await Promise.all(
      Array.from({ length: 25 }, () => create(tenant, { phoneNumber: '+14155550181' }, 'key-concurrent')),
    );
    const statuses = responses.map((response) => response.statusCode);
    expect(statuses.filter((status) => status >= 500)).toEqual([]);
    expect(new Set(responses.filter((r) => r.statusCode === 201).map((r) => r.json.id)).size).toBe(1);
    expect(await dncEntries(tenant)).toHaveLength(1);
    expect(statuses.every((status) => status === 201)).toBe(true);
  });

  it.each([['a key with spaces'], ['#hash'], ['x'.repeat(256)], ['']])('answers 400 for a malformed key (%#)', async (key) => {
    const response = await create(newTenant(), { phoneNumber: '+14155550182' }, key);
    expect(response.statusCode).toBe(400);
    expect(response.json.message).toContain('Idempotency-Key');
  });
});

describe('createOnce on a repository without the Idempotency-Key table', () => {
  it('throws, naming the missing table, and writes nothing', async () => {
    const tenant = newTenant();
    const now = new Date();
    const input = { phoneNumber: '+14155550186', userId: null, reason: null, expiresAt: null };
    const entry = newDncNumber(input, { tenantId: tenant, subject: 'client-1', scopes: [scopes.write] }, { id: randomUUID(), now });
    const repository = new DncNumberRepository(documentClient, tableName());
    await expect(repository.createOnce(entry, newIdempotencyRecord('key-no-table', input, entry, now))).rejects.toThrow(
      new Error('createOnce needs the Idempotency-Key table (IDEMPOTENCY_TABLE_NAME)'),
    );
    expect(await itemsOfTenant(documentClient, tenant)).toEqual([]);
    expect(await idempotencyRecord(tenant, 'key-no-table')).toBeUndefined();
  });
});
