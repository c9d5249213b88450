import type { AuthorizerContext } from '../../lambda/shared/auth/authorizer-context';
import type { DncNumberDto } from '../../lambda/shared/domain/dnc-number';
import { createDocumentClient } from '../../lambda/shared/dynamodb/document-client';
import { routeById } from '../../lib/routes';
import { callerFor, newTenant, seedEntries, seedPhoneNumber, writeExpiredEntry } from '../support/factories';
import { invokeRoute, type RouteRequest, type RouteResponse } from '../support/invoke-route';
import { entryKey, expectEntryItemOf, expectErrorShape, getEntry, itemsOfTenant } from '../support/table';

/**
 * `POST /v1/dnc_numbers/bulk` against DynamoDB Local. Every answer is checked against openapi.yml
 * (invokeRoute), and the table is read directly to see what was (and was not) written.
 */

const documentClient = createDocumentClient();
afterAll(() => documentClient.destroy());

const uuidV4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const isoUtcWithMillis = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const PHONE_MESSAGE = 'phoneNumber must be an E.164 number such as +14155550123 (spaces, dashes, dots and parentheses are ignored)';
/** The route's own timeout (lib/routes.ts): 1,000 puts on a busy DynamoDB Local need more than invokeRoute's default 10 s. */
const BULK_TIMEOUT_MILLIS = routeById('BulkAddDncNumbers').timeoutSeconds! * 1000;

type Item = { phoneNumber: unknown; reason?: unknown; [key: string]: unknown };

const bulk = (
  tenantId: string,
  body: unknown,
  request: Omit<RouteRequest, 'body' | 'authorizer'> & { authorizer?: Partial<Omit<AuthorizerContext, 'tenantId'>> } = {},
) =>
  invokeRoute('BulkAddDncNumbers', {
    timeoutMillis: BULK_TIMEOUT_MILLIS,
    ...request,
    body,
    authorizer: callerFor(tenantId, request.authorizer),
  });

const numbers = (count: number, from = 0) => Array.from({ length: count }, (_, index) => seedPhoneNumber(from + index));
const itemsOf = (phoneNumbers: readonly string[], reason: (index: number) => string | null = () => null): Item[] =>
  phoneNumbers.map((phoneNumber, index) => ({ phoneNumber, reason: reason(index) }));

/** 201 with the counts in headers; the body is one DTO per distinct number. */
const expectCreated = (response: RouteResponse, counts: { created: number; existing: number }) => {
  expect(response.statusCode).toBe(201);
  expect(response.headers['content-type']).toBe('application/json');
  expect({ created: response.headers['dnc-created-count'], existing: response.headers['dnc-existing-count'] }).toEqual({
    created: String(counts.created),
    existing: String(counts.existing),
  });
  expect(response.json).toHaveLength(counts.created + counts.existing);
  return response.json as DncNumberDto[];
};

const expectBadRequest = (response: RouteResponse) => {
  expect(response.statusCode).toBe(400);
  expectErrorShape(response);
  return response.json.message as string;
};

const list = (tenantId: string, query: Record<string, string>) => invokeRoute('ListDncNumbers', { query, authorizer: callerFor(tenantId) });
const getById = (tenantId: string, id: string) => invokeRoute('GetDncNumber', { pathParameters: { id }, authorizer: callerFor(tenantId) });
const check = (tenantId: string, query: Record<string, string>) =>
  invokeRoute('CheckDncNumber', { query, authorizer: callerFor(tenantId) });

describe('POST /v1/dnc_numbers/bulk', () => {
  describe('201: all new', () => {
    it('answers one DTO per number in request order, counts n created and 0 existing', async () => {
      const tenantId = newTenant();
      const phoneNumbers = numbers(7);
      const before = Date.now();
      const response = await bulk(tenantId, {
        phoneNumbers: itemsOf(phoneNumbers, (index) => (index % 2 === 0 ? `reason ${index}` : null)),
      });
      const dtos = expectCreated(response, { created: 7, existing: 0 });
      expect(dtos.map((dto) => dto.phoneNumber)).toEqual(phoneNumbers);
      dtos.forEach((dto, index) => {
        expect(Object.keys(dto).sort()).toEqual(['createdAt', 'expiresAt', 'id', 'phoneNumber', 'reason', 'updatedAt', 'userId']);
        expect(dto).toMatchObject({ userId: null, reason: index % 2 === 0 ? `reason ${index}` : null, expiresAt: null });
        expect(dto.id).toMatch(uuidV4);
        expect(dto.createdAt).toMatch(isoUtcWithMillis);
        expect(dto.updatedAt).toBe(dto.createdAt);
        expect(Date.parse(dto.createdAt)).toBeGreaterThanOrEqual(before - 1);
        expect(Date.parse(dto.createdAt)).toBeLessThanOrEqual(Date.now());
      });
      expect(new Set(dtos.map((dto) => dto.id)).size).toBe(7);
    });

    it('stores each entry under its key with the tenant, the audit subject and its index keys', async () => {
      const tenantId = newTenant();
      const phoneNumbers = numbers(5);
      const response = await bulk(
        tenantId,
        { phoneNumbers: itemsOf(phoneNumbers, () => 'imported') },
        { authorizer: { subject: 'importer-7' } },
      );
      const dtos = expectCreated(response, { created: 5, existing: 0 });
      for (const dto of dtos) {
        const stored = await getEntry(documentClient, tenantId, dto.phoneNumber);
        expectEntryItemOf(stored, dto, {
          ...entryKey(tenantId, dto.phoneNumber),
          tenantId,
          createdBy: 'importer-7',
          idPk: `TENANT#${tenantId}#ID#${dto.id}`,
          createdSk: `${dto.createdAt}#${dto.id}`,
          scopePk: expect.stringMatching(new RegExp(`^TENANT#${tenantId}#GLOBAL#SHARD#[0-3]$`)),
        });
        expect(stored).not.toHaveProperty('userPk');
      }
      expect(await itemsOfTenant(documentClient, tenantId)).toHaveLength(5);
    });

    it('writes entries that get by id and list find', async () => {
      const tenantId = newTenant();
      const dtos = expectCreated(await bulk(tenantId, { phoneNumbers: itemsOf(numbers(12), () => 'listed') }), {
        created: 12,
        existing: 0,
      });
      for (const dto of dtos) {
        const got = await getById(tenantId, dto.id);
        expect(got.statusCode).toBe(200);
        expect(got.json).toEqual(dto);
      }
      const byCreated = await list(tenantId, { size: '100' });
      expect(byCreated.statusCode).toBe(200);
      expect([...byCreated.json.data].sort((a: DncNumberDto, b: DncNumberDto) => a.id.localeCompare(b.id))).toEqual(
        [...dtos].sort((a, b) => a.id.localeCompare(b.id)),
      );
      const byPhone = await list(tenantId, { size: '100', sort_column: 'phoneNumber', sort_desc: 'false' });
      expect(byPhone.json.data.map((dto: DncNumberDto) => dto.phoneNumber)).toEqual(dtos.map((dto) => dto.phoneNumber).sort());
      const checked = await check(tenantId, { phoneNumber: dtos[3]!.phoneNumber });
      expect(checked.json).toMatchObject({ blocked: true, entries: [dtos[3]] });
    });

    it('takes 1,000 items (each with a 500-character reason: the body stays under 1 MiB), and answers them all in order', async () => {
      const tenantId = newTenant();
      const phoneNumbers = numbers(1000);
      const body = { phoneNumbers: itemsOf(phoneNumbers, (index) => `${index}`.padEnd(500, 'x')) };
      expect(Buffer.byteLength(JSON.stringify(body))).toBeLessThan(1024 * 1024);
      const dtos = expectCreated(await bulk(tenantId, body), { created: 1000, existing: 0 });
      expect(dtos.map((dto) => dto.phoneNumber)).toEqual(phoneNumbers);
      expect(dtos[999]!.reason).toBe('999'.padEnd(500, 'x'));
      const stored = await itemsOfTenant(documentClient, tenantId);
      expect(stored).toHaveLength(1000);
      const storedIds = new Map(stored.map((item) => [item.phoneNumber as string, item.id as string]));
      expect(dtos.every((dto) => storedIds.get(dto.phoneNumber) === dto.id)).toBe(true);

      // Sent again: nothing new, every entry the same.
      const again = expectCreated(await bulk(tenantId, body), { created: 0, existing: 1000 });
      expect(again).toEqual(dtos);
    });
  });

  describe('201: numbers already listed', () => {
    it('returns existing entries with their own ids, timestamps and reasons, in request order, and counts them apart', async () => {
      const tenantId = newTenant();
      const seeded = await seedEntries(tenantId, 3, { phoneNumber: (index) => seedPhoneNumber(100 + index), reason: 'seeded earlier' });
      const fresh = numbers(2, 200);
      const requested = [seeded[0]!.phoneNumber, fresh[0]!, seeded[1]!.phoneNumber, fresh[1]!, seeded[2]!.phoneNumber];
      const response = await bulk(tenantId, { phoneNumbers: itemsOf(requested, () => 'from the bulk') });
      const dtos = expectCreated(response, { created: 2, existing: 3 });
      expect(dtos.map((dto) => dto.phoneNumber)).toEqual(requested);
      expect([dtos[0], dtos[2], dtos[4]]).toEqual(seeded);
      for (const index of [1, 3]) {
        expect(dtos[index]).toMatchObject({ reason: 'from the bulk', userId: null });
        expect(seeded.map((entry) => entry.id)).not.toContain(dtos[index]!.id);
        expect(Date.parse(dtos[index]!.createdAt)).toBeGreaterThanOrEqual(Date.parse(seeded[2]!.createdAt));
      }
      // The existing entries are left as they were.
      for (const entry of seeded) {
        expectEntryItemOf(await getEntry(documentClient, tenantId, entry.phoneNumber), entry, { reason: 'seeded earlier' });
      }
      expect(await itemsOfTenant(documentClient, tenantId)).toHaveLength(5);
    });

    it('collapses repeats and other spellings of one number to one entry, written with the first occurrence’s reason', async () => {
      const tenantId = newTenant();
      const response = await bulk(tenantId, {
        phoneNumbers: [
          { phoneNumber: '+1 (415) 555-0100', reason: 'first' },
          { phoneNumber: '+44 (0)20 7946 0958' },
          { phoneNumber: '+1.415.555.0100', reason: 'second' },
          { phoneNumber: '+442079460958', reason: 'later' },
          { phoneNumber: '+14155550100', reason: null },
          { phoneNumber: '+1-415-555-0100', reason: 'third' },
        ],
      });
      const dtos = expectCreated(response, { created: 2, existing: 0 });
      expect(dtos.map(({ phoneNumber, reason }) => ({ phoneNumber, reason }))).toEqual([
        { phoneNumber: '+14155550100', reason: 'first' },
        { phoneNumber: '+442079460958', reason: null },
      ]);
      const stored = await itemsOfTenant(documentClient, tenantId);
      expect(stored).toHaveLength(2);
      expect(await getEntry(documentClient, tenantId, '+14155550100')).toMatchObject({ id: dtos[0]!.id, reason: 'first' });
      expect(await getEntry(documentClient, tenantId, '+442079460958')).toMatchObject({ id: dtos[1]!.id, reason: null });
    });

    it('collapses 1,000 copies of one number to one entry', async () => {
      const tenantId = newTenant();
      const phoneNumbers = Array.from({ length: 1000 }, (_, index) => ({
        phoneNumber: index % 2 === 0 ? '+1 415 555 0111' : '+1(415)5550111',
        reason: `copy ${index}`,
      }));
      const dtos = expectCreated(await bulk(tenantId, { phoneNumbers }), { created: 1, existing: 0 });
      expect(dtos[0]).toMatchObject({ phoneNumber: '+14155550111', reason: 'copy 0' });
      expect(await itemsOfTenant(documentClient, tenantId)).toHaveLength(1);
    });

    it('shows a token with only dnc/write existing entries with reason null, and the reasons it wrote itself', async () => {
      const tenantId = newTenant();
      const [existing] = await seedEntries(tenantId, 1, { phoneNumber: () => '+14155550120', reason: 'private note by caller A' });
      const response = await bulk(
        tenantId,
        {
          phoneNumbers: [
            { phoneNumber: '+14155550120', reason: 'mine' },
            { phoneNumber: '+14155550121', reason: 'mine too' },
          ],
        },
        { authorizer: { subject: 'writer-only', scopes: 'dnc/write' } },
      );
      const dtos = expectCreated(response, { created: 1, existing: 1 });
      expect(dtos[0]).toEqual({ ...existing, reason: null });
      expect(dtos[1]).toMatchObject({ phoneNumber: '+14155550121', reason: 'mine too' });
      expect(response.body).not.toContain('private note by caller A');
    });

    it('shows a token with dnc/read the existing entries’ real reasons', async () => {
      const tenantId = newTenant();
      const [existing] = await seedEntries(tenantId, 1, { phoneNumber: () => '+14155550122', reason: 'private note by caller A' });
      const response = await bulk(
        tenantId,
        { phoneNumbers: [{ phoneNumber: '+14155550122', reason: 'mine' }] },
        { authorizer: { subject: 'reader-writer', scopes: 'dnc/read dnc/write' } },
      );
      expect(expectCreated(response, { created: 0, existing: 1 })).toEqual([existing]);
    });

    it('lists again a number whose entry has expired (absent for every read), instead of answering the expired entry', async () => {
      const tenantId = newTenant();
      const expired = await writeExpiredEntry(tenantId, { phoneNumber: '+14155550130' });
      const before = await check(tenantId, { phoneNumber: '+14155550130' });
      expect(before.json.blocked).toBe(false);

      const response = await bulk(tenantId, { phoneNumbers: [{ phoneNumber: '+14155550130', reason: 'asked again' }] });
      expect(response.statusCode).toBe(201);
      expect(response.json[0].id).not.toBe(expired.id);
      expect(response.headers['dnc-created-count']).toBe('1');
      const after = await check(tenantId, { phoneNumber: '+14155550130' });
      expect(after.json).toMatchObject({ blocked: true, entries: [{ id: response.json[0].id, reason: 'asked again' }] });
    });
  });

  describe('scope: userId', () => {
    it('adds every number to the user named in the body, or to the tenant when userId is null or absent', async () => {
      const tenantId = newTenant();
      const phoneNumbers = numbers(4);
      const global = expectCreated(await bulk(tenantId, { phoneNumbers: itemsOf(phoneNumbers), userId: null }), {
        created: 4,
        existing: 0,
      });
      const userA = expectCreated(await bulk(tenantId, { phoneNumbers: itemsOf(phoneNumbers), userId: 'user-a' }), {
        created: 4,
        existing: 0,
      });
      const userB = expectCreated(await bulk(tenantId, { phoneNumbers: itemsOf(phoneNumbers.slice(0, 2)), userId: 'user-b' }), {
        created: 2,
        existing: 0,
      });
      const absent = expectCreated(await bulk(tenantId, { phoneNumbers: itemsOf(phoneNumbers) }), { created: 0, existing: 4 });
      const userAAgain = expectCreated(await bulk(tenantId, { phoneNumbers: itemsOf(phoneNumbers), userId: 'user-a' }), {
        created: 0,
        existing: 4,
      });
      expect(global.every((dto) => dto.userId === null)).toBe(true);
      expect(userA.every((dto) => dto.userId === 'user-a')).toBe(true);
      expect(absent).toEqual(global);
      expect(userAAgain).toEqual(userA);
      expect(new Set([...global, ...userA, ...userB].map((dto) => dto.id)).size).toBe(10);

      for (const dto of userA) {
        expect(await getEntry(documentClient, tenantId, dto.phoneNumber, 'user-a')).toMatchObject({
          ...entryKey(tenantId, dto.phoneNumber, 'user-a'),
          id: dto.id,
          userId: 'user-a',
          userPk: expect.stringMatching(new RegExp(`^TENANT#${tenantId}#USER#user-a#SHARD#[0-3]$`)),
          scopePk: expect.stringMatching(new RegExp(`^TENANT#${tenantId}#USERS#SHARD#[0-3]$`)),
        });
      }
      const ids = (response: RouteResponse) => response.json.data.map((dto: DncNumberDto) => dto.id).sort();
      const sortedIds = (dtos: DncNumberDto[]) => dtos.map((dto) => dto.id).sort();
      expect(ids(await list(tenantId, { size: '100' }))).toEqual(sortedIds(global));
      expect(ids(await list(tenantId, { size: '100', type: 'user-specific', filters: JSON.stringify({ userId: 'user-a' }) }))).toEqual(
        sortedIds(userA),
      );
      expect(ids(await list(tenantId, { size: '100', type: 'user-specific', filters: JSON.stringify({ userId: 'user-b' }) }))).toEqual(
        sortedIds(userB),
      );
    });
  });

  describe('400: all or nothing', () => {
    it('refuses 1,001 items and writes nothing', async () => {
      const tenantId = newTenant();
      const message = expectBadRequest(await bulk(tenantId, { phoneNumbers: itemsOf(numbers(1001)) }));
      expect(message).toBe('phoneNumbers must hold at most 1000 items');
      expect(await itemsOfTenant(documentClient, tenantId)).toEqual([]);
    });

    it('refuses an empty list', async () => {
      expect(expectBadRequest(await bulk(newTenant(), { phoneNumbers: [] }))).toBe('phoneNumbers must hold at least 1 item');
    });

    it('refuses 1,000 items with one bad number, naming phoneNumbers[537], and writes none of the other 999', async () => {
      const tenantId = newTenant();
      const phoneNumbers: Item[] = itemsOf(numbers(1000));
      phoneNumbers[537] = { phoneNumber: '+1415555CALL' };
      const message = expectBadRequest(await bulk(tenantId, { phoneNumbers }));
      expect(message).toBe(`phoneNumbers[537].phoneNumber: ${PHONE_MESSAGE}`);
      expect(await itemsOfTenant(documentClient, tenantId)).toEqual([]);
    });

    it('names every bad item, and writes nothing', async () => {
      const tenantId = newTenant();
      const phoneNumbers: unknown[] = itemsOf(numbers(1000));
      phoneNumbers[0] = { phoneNumber: '4155550100' };
      phoneNumbers[12] = { reason: 'no number' };
      phoneNumbers[250] = { phoneNumber: seedPhoneNumber(250), reason: 'r'.repeat(501) };
      phoneNumbers[640] = '+14155550100';
      phoneNumbers[998] = { phoneNumber: seedPhoneNumber(998), reason: 'a\u0000b' };
      phoneNumbers[999] = { phoneNumber: seedPhoneNumber(999), userId: 'user-1' };
      const message = expectBadRequest(await bulk(tenantId, { phoneNumbers }));
      expect(message.split('; ')).toEqual([
        `phoneNumbers[0].phoneNumber: ${PHONE_MESSAGE}`,
        'phoneNumbers[12].phoneNumber: phoneNumber is required',
        'phoneNumbers[250].reason: reason must be at most 500 characters',
        'phoneNumbers[640]: must be an object with phoneNumber and, optionally, reason and expiresAt',
        'phoneNumbers[998].reason: reason must not contain control characters, bidirectional overrides or unpaired surrogates',
        'phoneNumbers[999]: unknown properties are not allowed: userId',
      ]);
      expect(await itemsOfTenant(documentClient, tenantId)).toEqual([]);
    });

    it.each([
      [
        'an item',
        { phoneNumbers: [{ phoneNumber: '+14155550100' }, { phoneNumber: '+14155550101', id: 'mine', createdAt: 'x' }] },
        'phoneNumbers[1]: unknown properties are not allowed: id, createdAt',
      ],
      ['the body', { phoneNumbers: [{ phoneNumber: '+14155550100' }], reason: 'top-level' }, 'unknown properties are not allowed: reason'],
    ])('refuses an unknown property in %s, naming it', async (_case, body, expected) => {
      const tenantId = newTenant();
      expect(expectBadRequest(await bulk(tenantId, body))).toBe(expected);
      expect(await itemsOfTenant(documentClient, tenantId)).toEqual([]);
    });

    it.each([
      ['phoneNumbers missing', {}, 'phoneNumbers must be an array of { phoneNumber, reason?, expiresAt? }'],
      [
        'phoneNumbers a list of strings',
        { phoneNumbers: ['+14155550100'] },
        'phoneNumbers[0]: must be an object with phoneNumber and, optionally, reason and expiresAt',
      ],
      [
        'a bad userId',
        { phoneNumbers: [{ phoneNumber: '+14155550100' }], userId: 'a/b' },
        'userId must be 1 to 128 characters of A-Z, a-z, 0-9 and . _ : @ -',
      ],
      ['the body an array', [{ phoneNumber: '+14155550100' }], 'body must be a JSON object'],
    ])('%s → 400', async (_case, body, expected) => {
      expect(expectBadRequest(await bulk(newTenant(), body))).toBe(expected);
    });

    it.each([
      ['malformed JSON', '{"phoneNumbers": [', 'body is not valid JSON'],
      ['an empty body', '', 'body is required: send a JSON object'],
      [
        'a __proto__ key in an item',
        '{"phoneNumbers":[{"phoneNumber":"+14155550100","__proto__":{"x":1}}]}',
        'body must not contain the key "__proto__"',
      ],
    ])('%s → 400', async (_case, body, expected) => {
      expect(expectBadRequest(await bulk(newTenant(), body))).toBe(expected);
    });
  });

  describe('413 and 415', () => {
    const MIB = 1024 * 1024;

    it('answers 413 for a body over 1 MiB, and writes nothing', async () => {
      const tenantId = newTenant();
      const body = JSON.stringify({ phoneNumbers: itemsOf(numbers(1000), () => 'x'.repeat(1100)) });
      expect(Buffer.byteLength(body)).toBeGreaterThan(MIB);
      const response = await bulk(tenantId, body);
      expect(response.statusCode).toBe(413);
      expectErrorShape(response);
      expect(response.json.message).toBe(`body must be at most ${MIB} bytes`);
      expect(await itemsOfTenant(documentClient, tenantId)).toEqual([]);
    });

    it('counts decoded bytes: 1 MiB + 1 byte of base64-encoded body is over, exactly 1 MiB goes on to validation', async () => {
      const bodyOf = (bytes: number) => {
        const prefix = '{"phoneNumbers":[{"phoneNumber":"+14155550100","reason":"';
        return `${prefix}${'x'.repeat(bytes - prefix.length - 4)}"}]}`;
      };
      expect(Buffer.byteLength(bodyOf(MIB))).toBe(MIB);
      const over = await bulk(newTenant(), Buffer.from(bodyOf(MIB + 1)).toString('base64'), { isBase64Encoded: true });
      expect(over.statusCode).toBe(413);
      const exactly = await bulk(newTenant(), bodyOf(MIB));
      expect(expectBadRequest(exactly)).toBe('phoneNumbers[0].reason: reason must be at most 500 characters');
    });

    it.each([['text/plain'], ['application/x-www-form-urlencoded'], ['application/json; charset=iso-8859-1'], [undefined]])(
      'Content-Type %s → 415, and nothing written',
      async (contentType) => {
        const tenantId = newTenant();
        const response = await bulk(tenantId, { phoneNumbers: itemsOf(numbers(3)) }, { headers: { 'content-type': contentType } });
        expect(response.statusCode).toBe(415);
        expectErrorShape(response);
        expect(await itemsOfTenant(documentClient, tenantId)).toEqual([]);
      },
    );
  });

  describe('403', () => {
    it.each([['dnc/read'], [''], ['dnc/writer dnc/read']])(
      'refuses a token with scopes "%s" (no dnc/write), and writes nothing',
      async (scopes) => {
        const tenantId = newTenant();
        const response = await bulk(tenantId, { phoneNumbers: itemsOf(numbers(3)) }, { authorizer: { scopes } });
        expect(response.statusCode).toBe(403);
        expectErrorShape(response);
        expect(response.json.message).toContain('dnc/write');
        expect(await itemsOfTenant(documentClient, tenantId)).toEqual([]);
      },
    );
  });
});
