import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { writeExpiredEntry } from '../support/factories';
import { invokeRoute } from '../support/invoke-route';
import { createDocumentClient } from '../../lambda/shared/dynamodb/document-client';
import { CREATE_PATH, invokeCreate, newTenant } from '../support/create-dnc-number';
import { expectDocumentedResponse } from '../support/openapi';

const documentClient = createDocumentClient();
const uuidV4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const isoUtcWithMillis = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Every response of this suite must be one that openapi.yml documents. */
const create = async (request: Parameters<typeof invokeCreate>[0]) => {
  const response = await invokeCreate(request);
  expectDocumentedResponse('POST', CREATE_PATH, response);
  return response;
};

afterAll(() => documentClient.destroy());

describe('POST /v1/dnc_numbers/create', () => {
  describe('201', () => {
    it('creates the contract example and answers exactly DncNumberDto', async () => {
      const before = Date.now();
      const response = await create({
        body: {
          phoneNumber: '+1234567890',
          userId: '550e8400-e29b-41d4-a716-446655440000',
          reason: 'Customer requested to be removed from calling list',
        },
      });
      expect(response.statusCode).toBe(201);
      expect(response.headers?.['content-type']).toBe('application/json');
      const dto = response.json;
      expect(Object.keys(dto).sort()).toEqual(['createdAt', 'expiresAt', 'id', 'phoneNumber', 'reason', 'updatedAt', 'userId']);
      expect(dto).toMatchObject({
        phoneNumber: '+1234567890',
        userId: '550e8400-e29b-41d4-a716-446655440000',
        reason: 'Customer requested to be removed from calling list',
        expiresAt: null,
      });
      expect(dto.id).toMatch(uuidV4);
      expect(dto.createdAt).toMatch(isoUtcWithMillis);
      expect(dto.updatedAt).toBe(dto.createdAt);
      expect(Date.parse(dto.createdAt)).toBeGreaterThanOrEqual(before - 1);
      expect(Date.parse(dto.createdAt)).toBeLessThanOrEqual(Date.now());
    });

    it('stores the canonical number with tenant, scope keys and the audit subject', async () => {
      const tenantId = newTenant();
      const response = await create({
        body: { phoneNumber: '+44 (20) 7946-0958' },
        authorizer: { tenantId, subject: 'caller-42' },
      });
      expect(response.statusCode).toBe(201);
      expect(response.json).toMatchObject({ phoneNumber: '+442079460958', userId: null, reason: null });
      const { Item } = await documentClient.send(
        new GetCommand({ TableName: process.env.TABLE_NAME, Key: { pk: `TENANT#${tenantId}#PHONE#+442079460958`, sk: 'SCOPE#GLOBAL' } }),
      );
      expect(Item).toMatchObject({
        id: response.json.id,
        tenantId,
        phoneNumber: '+442079460958',
        createdBy: 'caller-42',
        createdAt: response.json.createdAt,
      });
    });

    it('treats null userId and reason as absent', async () => {
      const response = await create({ body: { phoneNumber: '+14155550100', userId: null, reason: null } });
      expect(response.statusCode).toBe(201);
      expect(response.json).toMatchObject({ userId: null, reason: null });
    });

    it('refuses a body that is not valid UTF-8 with 400 and writes nothing (no U+FFFD stored)', async () => {
      const tenantId = newTenant();
      const latin1 = Buffer.concat([Buffer.from('{"phoneNumber":"+14155550102","reason":"caf'), Buffer.from([0xe9]), Buffer.from('"}')]);
      const response = await create({ body: latin1.toString('base64'), isBase64Encoded: true, authorizer: { tenantId } });
      expect(response.statusCode).toBe(400);
      expect(response.json.message).toBe('body is not valid UTF-8');
      const { Item } = await documentClient.send(
        new GetCommand({ TableName: process.env.TABLE_NAME, Key: { pk: `TENANT#${tenantId}#PHONE#+14155550102`, sk: 'SCOPE#GLOBAL' } }),
      );
      expect(Item).toBeUndefined();
    });

    it('refuses a charset other than utf-8 with 415', async () => {
      const response = await create({
        body: { phoneNumber: '+14155550103' },
        headers: { 'content-type': 'application/json; charset=iso-8859-1' },
      });
      expect(response.statusCode).toBe(415);
      expect(response.json.message).toBe('Content-Type charset must be utf-8');
    });

    it('accepts a JSON content type with parameters and a base64-encoded body', async () => {
      const response = await create({
        body: Buffer.from(JSON.stringify({ phoneNumber: '+14155550101' })).toString('base64'),
        isBase64Encoded: true,
        headers: { 'content-type': 'application/json; charset=utf-8' },
      });
      expect(response.statusCode).toBe(201);
      expect(response.json.phoneNumber).toBe('+14155550101');
    });

    it('does not mark a plain create (no Idempotency-Key) as a replay: no Idempotent-Replayed header', async () => {
      const response = await create({ body: { phoneNumber: '+14155550103' } });
      expect(response.statusCode).toBe(201);
      expect(response.headers).not.toHaveProperty('idempotent-replayed');
    });

    it('marks only the replay of an Idempotency-Key create: absent on the first answer, `true` on the retry', async () => {
      const tenantId = newTenant();
      const request = { body: { phoneNumber: '+14155550104' }, authorizer: { tenantId }, headers: { 'idempotency-key': 'replay-flag' } };
      const first = await create(request);
      const replay = await create(request);
      expect([first.statusCode, replay.statusCode]).toEqual([201, 201]);
      expect(first.headers).not.toHaveProperty('idempotent-replayed');
      expect(replay.headers).toHaveProperty('idempotent-replayed', 'true');
      expect(replay.json).toEqual(first.json);
    });
  });

  describe('uniqueness', () => {
    it('answers 409 with the existing entry for the same number in the same scope', async () => {
      const tenantId = newTenant();
      const first = await create({ body: { phoneNumber: '+14155550123', reason: 'first' }, authorizer: { tenantId } });
      const second = await create({ body: { phoneNumber: '+14155550123', reason: 'second' }, authorizer: { tenantId } });
      expect(first.statusCode).toBe(201);
      expect(second.statusCode).toBe(409);
      expect(second.json).toMatchObject({ statusCode: 409, error: 'Conflict' });
      expect(second.json.dncNumber).toEqual(first.json);
    });

    it('treats two spellings of one number as one entry', async () => {
      const tenantId = newTenant();
      const first = await create({ body: { phoneNumber: '+1 (415) 555-0199' }, authorizer: { tenantId } });
      const second = await create({ body: { phoneNumber: '+1.415.555.0199' }, authorizer: { tenantId } });
      expect(first.statusCode).toBe(201);
      expect(second.statusCode).toBe(409);
      expect(second.json.dncNumber.id).toBe(first.json.id);
    });

    it('shows a token without dnc/read only the existing entry’s id, not the reason another caller wrote', async () => {
      const tenantId = newTenant();
      const first = await create({ body: { phoneNumber: '+14155550125', reason: 'private note by caller A' }, authorizer: { tenantId } });
      const second = await create({
        body: { phoneNumber: '+14155550125' },
        authorizer: { tenantId, subject: 'writer-only', scopes: 'dnc/write' },
      });
      expect(second.statusCode).toBe(409);
      expect(second.json.dncNumber).toEqual({ id: first.json.id });
      expect(second.body).not.toContain('private note by caller A');
    });

    it('stores "+44 (0)20 7946 0958" as the same entry as "+44 20 7946 0958" (trunk 0 dropped)', async () => {
      const tenantId = newTenant();
      const first = await create({ body: { phoneNumber: '+44 (0)20 7946 0958' }, authorizer: { tenantId } });
      const second = await create({ body: { phoneNumber: '+442079460958' }, authorizer: { tenantId } });
      expect(first.json.phoneNumber).toBe('+442079460958');
      expect(second.statusCode).toBe(409);
    });

    it('keeps global and per-user entries, and different users, apart', async () => {
      const tenantId = newTenant();
      const global = await create({ body: { phoneNumber: '+14155550124' }, authorizer: { tenantId } });
      const userA = await create({ body: { phoneNumber: '+14155550124', userId: 'user-a' }, authorizer: { tenantId } });
      const userB = await create({ body: { phoneNumber: '+14155550124', userId: 'user-b' }, authorizer: { tenantId } });
      const userAAgain = await create({ body: { phoneNumber: '+14155550124', userId: 'user-a' }, authorizer: { tenantId } });
      expect([global.statusCode, userA.statusCode, userB.statusCode, userAAgain.statusCode]).toEqual([201, 201, 201, 409]);
      expect(new Set([global.json.id, userA.json.id, userB.json.id]).size).toBe(3);
    });

    it('keeps tenants apart: the same number for another tenant is a new entry', async () => {
      const first = await create({ body: { phoneNumber: '+14155550125' }, authorizer: { tenantId: newTenant() } });
      const second = await create({ body: { phoneNumber: '+14155550125' }, authorizer: { tenantId: newTenant() } });
      expect([first.statusCode, second.statusCode]).toEqual([201, 201]);
    });
  });

  describe('400', () => {
    it.each([
      ['phoneNumber missing', {}, 'phoneNumber'],
      ['phoneNumber not a string', { phoneNumber: 14155550123 }, 'phoneNumber'],
      ['phoneNumber without +', { phoneNumber: '14155550123' }, 'phoneNumber'],
      ['phoneNumber with letters', { phoneNumber: '+1415555CALL' }, 'phoneNumber'],
      ['phoneNumber too short', { phoneNumber: '+123456' }, 'phoneNumber'],
      ['phoneNumber too long', { phoneNumber: '+1234567890123456' }, 'phoneNumber'],
      ['userId with forbidden characters', { phoneNumber: '+14155550123', userId: 'a/b' }, 'userId'],
      ['userId too long', { phoneNumber: '+14155550123', userId: 'u'.repeat(129) }, 'userId'],
      ['userId empty', { phoneNumber: '+14155550123', userId: '' }, 'userId'],
      ['userId not a string', { phoneNumber: '+14155550123', userId: 42 }, 'userId'],
      ['reason too long', { phoneNumber: '+14155550123', reason: 'r'.repeat(501) }, 'reason'],
      ['reason with NUL', { phoneNumber: '+14155550123', reason: 'a\u0000b' }, 'reason'],
      ['reason not a string', { phoneNumber: '+14155550123', reason: ['x'] }, 'reason'],
      ['unknown property', { phoneNumber: '+14155550123', id: 'mine' }, 'id'],
      ['tenant in the body', { phoneNumber: '+14155550123', tenantId: 'someone-else' }, 'tenantId'],
      ['body an array', [{ phoneNumber: '+14155550123' }], 'body'],
      ['body a string', '"+14155550123"', 'body'],
      ['body null', 'null', 'body'],
    ])('%s → 400 naming the field', async (_case, body, field) => {
      const response = await create({ body });
      expect(response.statusCode).toBe(400);
      expect(response.json).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      expect(response.json.message).toContain(field);
    });

    it('names every offending field at once', async () => {
      const response = await create({ body: { phoneNumber: 'nope', userId: '', reason: 7, createdAt: 'x' } });
      expect(response.statusCode).toBe(400);
      for (const field of ['phoneNumber', 'userId', 'reason', 'createdAt']) expect(response.json.message).toContain(field);
    });

    it.each([
      ['malformed JSON', '{"phoneNumber": '],
      ['an empty body', ''],
      ['no body at all', undefined],
      ['a __proto__ key', '{"phoneNumber":"+14155550123","__proto__":{"isAdmin":true}}'],
    ])('%s → 400 (not middy’s 422)', async (_case, body) => {
      const response = await create({ body });
      expect(response.statusCode).toBe(400);
      expect(response.json).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    });
  });

  describe('413 and 415', () => {
    it('answers 413 for a body over 16 KiB, before parsing it', async () => {
      const response = await create({ body: `{"phoneNumber":"+14155550123","reason":"${'x'.repeat(16 * 1024)}"}` });
      expect(response.statusCode).toBe(413);
      expect(response.json).toMatchObject({ statusCode: 413 });
    });

    it('counts decoded bytes: 16 KiB of multi-byte characters is over the limit', async () => {
      const response = await create({ body: JSON.stringify({ phoneNumber: '+14155550123', reason: 'é'.repeat(8200) }) });
      expect(response.statusCode).toBe(413);
    });

    it('lets exactly 16 KiB through to validation', async () => {
      const prefix = '{"phoneNumber":"+14155550123","reason":"';
      const body = `${prefix}${'x'.repeat(16 * 1024 - prefix.length - 2)}"}`;
      expect(Buffer.byteLength(body)).toBe(16 * 1024);
      const response = await create({ body });
      expect(response.statusCode).toBe(400);
      expect(response.json.message).toContain('reason');
    });

    it.each([['text/plain'], ['application/x-www-form-urlencoded'], [undefined]])('Content-Type %s → 415', async (contentType) => {
      const response = await create({ body: { phoneNumber: '+14155550123' }, headers: { 'content-type': contentType } });
      expect(response.statusCode).toBe(415);
      expect(response.json).toMatchObject({ statusCode: 415, error: 'Unsupported Media Type' });
    });
  });

  describe('403', () => {
    it('refuses a token without the dnc/write scope', async () => {
      const response = await create({ body: { phoneNumber: '+14155550123' }, authorizer: { scopes: 'dnc/read' } });
      expect(response.statusCode).toBe(403);
      expect(response.json.message).toContain('dnc/write');
    });

    it('refuses a request that reached the handler without an authorizer tenant', async () => {
      const response = await create({ body: { phoneNumber: '+14155550123' }, authorizer: { tenantId: '' } });
      expect(response.statusCode).toBe(403);
    });
  });
});

describe('an expired entry that TTL has not deleted yet', () => {
  it('does not make a new add of the number a 409: the new entry replaces it and blocks at once', async () => {
    const tenantId = newTenant();
    const expired = await writeExpiredEntry(tenantId, { phoneNumber: '+14155550177' });
    const response = await create({ body: { phoneNumber: '+14155550177', reason: 'asked again' }, authorizer: { tenantId } });
    expect(response.statusCode).toBe(201);
    expect(response.json.id).not.toBe(expired.id);
    const check = await invokeRoute('CheckDncNumber', { query: { phoneNumber: '+14155550177' }, authorizer: { tenantId } });
    expect(check.json).toMatchObject({ blocked: true, entries: [{ id: response.json.id, reason: 'asked again' }] });
  });
});
