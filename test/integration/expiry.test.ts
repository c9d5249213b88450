import { setTimeout as sleep } from 'node:timers/promises';
import type { DncNumberDto } from '../../lambda/shared/domain/dnc-number';
import { createDocumentClient } from '../../lambda/shared/dynamodb/document-client';
import { scopes } from '../../lib/routes';
import { callerFor, newTenant } from '../support/factories';
import { invokeRoute, type RouteRequest, type RouteResponse } from '../support/invoke-route';
import { expectEntryItemOf, expectErrorShape, getEntry, itemsOfTenant } from '../support/table';

/**
 * Entries with an `expiresAt`, against DynamoDB Local, through the real route handlers (every
 * answer checked against openapi.yml). An entry is absent everywhere once its expiry has passed,
 * before DynamoDB's TTL deletes it; the table is read directly to see what is stored.
 */

const documentClient = createDocumentClient();
afterAll(() => documentClient.destroy());

const FORMAT_MESSAGE = 'expiresAt must be an ISO-8601 date-time with a Z or offset, e.g. 2026-01-31T00:00:00Z';
const DAY_MILLIS = 24 * 60 * 60_000;

const create = (tenantId: string, body: unknown, request: Omit<RouteRequest, 'body' | 'authorizer'> = {}) =>
  invokeRoute('CreateDncNumber', { ...request, body, authorizer: callerFor(tenantId) });
const bulk = (tenantId: string, body: unknown) => invokeRoute('BulkAddDncNumbers', { body, authorizer: callerFor(tenantId) });
const check = (tenantId: string, query: Record<string, string>) =>
  invokeRoute('CheckDncNumber', { query, authorizer: callerFor(tenantId) });
const checkMany = (tenantId: string, body: unknown) => invokeRoute('CheckDncNumbers', { body, authorizer: callerFor(tenantId) });
const getById = (tenantId: string, id: string) => invokeRoute('GetDncNumber', { pathParameters: { id }, authorizer: callerFor(tenantId) });
const list = (tenantId: string, query: Record<string, string>) => invokeRoute('ListDncNumbers', { query, authorizer: callerFor(tenantId) });
const remove = (tenantId: string, id: string) =>
  invokeRoute('DeleteDncNumber', {
    pathParameters: { id },
    authorizer: callerFor(tenantId, { scopes: `${scopes.write} ${scopes.read} ${scopes.delete}` }),
  });

const created = (response: RouteResponse): DncNumberDto => {
  expect(response.statusCode).toBe(201);
  return response.json as DncNumberDto;
};

/** `at` as local time at `offsetMinutes` from UTC, e.g. `2030-01-01T02:00:00.250+02:00`. */
const withOffset = (at: Date, offsetMinutes: number): string => {
  const local = new Date(at.getTime() + offsetMinutes * 60_000).toISOString().slice(0, -1);
  const magnitude = Math.abs(offsetMinutes);
  const hours = String(Math.floor(magnitude / 60)).padStart(2, '0');
  const minutes = String(magnitude % 60).padStart(2, '0');
  return `${local}${offsetMinutes < 0 ? '-' : '+'}${hours}:${minutes}`;
};

/** An instant `millis` from now, with a millisecond part that is not zero (so rounding up differs from down). */
const fromNow = (millis: number, milliPart = 250): Date => {
  const at = new Date(Date.now() + millis);
  at.setUTCMilliseconds(milliPart);
  return at;
};

/** Epoch milliseconds 10 calendar years (UTC) from now. */
const tenYearsAhead = (): number => {
  const at = new Date();
  at.setUTCFullYear(at.getUTCFullYear() + 10);
  return at.getTime();
};

describe('create with expiresAt', () => {
  it.each([
    ['with Z', 0, 250],
    ['with a +02:00 offset', 120, 250],
    ['with a -05:30 offset', -330, 999],
    ['on a whole second', 0, 0],
  ])('%s: 201 with the canonical expiry, stored as expiresAtIso and as TTL seconds rounded up', async (_case, offsetMinutes, milliPart) => {
    const tenantId = newTenant();
    const at = fromNow(30 * DAY_MILLIS, milliPart);
    const dto = created(
      await create(tenantId, { phoneNumber: '+14155550201', reason: 'for a month', expiresAt: withOffset(at, offsetMinutes) }),
    );
    expect(dto).toMatchObject({ phoneNumber: '+14155550201', userId: null, reason: 'for a month', expiresAt: at.toISOString() });

    const item = await getEntry(documentClient, tenantId, '+14155550201');
    expect(item?.expiresAtIso).toBe(at.toISOString());
    expect(item?.expiresAt).toBe(Math.ceil(at.getTime() / 1000));
    expect(typeof item?.expiresAt).toBe('number');
    // TTL never deletes before the entry lapses, and at most a second after.
    expect(item!.expiresAt * 1000).toBeGreaterThanOrEqual(at.getTime());
    expect(item!.expiresAt * 1000 - at.getTime()).toBeLessThan(1000);
    expectEntryItemOf(item, dto, { tenantId, createdBy: 'client-1' });
  });

  it('answers the expiry on every read while the entry is live', async () => {
    const tenantId = newTenant();
    const at = fromNow(DAY_MILLIS);
    const dto = created(await create(tenantId, { phoneNumber: '+14155550202', userId: 'agent-7', expiresAt: at.toISOString() }));
    expect(dto.expiresAt).toBe(at.toISOString());
    expect((await getById(tenantId, dto.id)).json).toEqual(dto);
    expect((await check(tenantId, { phoneNumber: '+14155550202', userId: 'agent-7' })).json).toEqual({
      phoneNumber: '+14155550202',
      blocked: true,
      entries: [dto],
    });
    expect((await checkMany(tenantId, { phoneNumbers: ['+14155550202'], userId: 'agent-7' })).json.results).toEqual([
      { phoneNumber: '+14155550202', blocked: true, entries: [dto] },
    ]);
    expect((await list(tenantId, { type: 'user-specific' })).json.data).toEqual([dto]);
  });

  it.each([
    ['absent', {}],
    ['null', { expiresAt: null }],
  ])('expiresAt %s: answers expiresAt null and stores neither expiry attribute', async (_case, expiry) => {
    const tenantId = newTenant();
    const dto = created(await create(tenantId, { phoneNumber: '+14155550203', ...expiry }));
    expect(dto.expiresAt).toBeNull();
    const item = await getEntry(documentClient, tenantId, '+14155550203');
    expect(item).not.toHaveProperty('expiresAt');
    expect(item).not.toHaveProperty('expiresAtIso');
    expectEntryItemOf(item, dto, { tenantId });
  });

  it.each([
    ['in the past', () => '2020-01-01T00:00:00Z', 'expiresAt must be in the future'],
    ['a second ago', () => new Date(Date.now() - 1000).toISOString(), 'expiresAt must be in the future'],
    ['10 years and a day ahead', () => new Date(tenYearsAhead() + DAY_MILLIS).toISOString(), 'expiresAt must be at most 10 years ahead'],
    ['without an offset', () => '2030-01-01T00:00:00', FORMAT_MESSAGE],
    ['a date only', () => '2030-01-01', FORMAT_MESSAGE],
    ['30 February', () => '2030-02-30T00:00:00Z', FORMAT_MESSAGE],
    ['a number', () => 1_900_000_000, FORMAT_MESSAGE],
  ])('expiresAt %s → 400 with its message, and nothing written', async (_case, expiresAt, message) => {
    const tenantId = newTenant();
    const response = await create(tenantId, { phoneNumber: '+14155550204', expiresAt: expiresAt() });
    expect(response.statusCode).toBe(400);
    expectErrorShape(response);
    expect(response.json.message).toBe(message);
    expect(await itemsOfTenant(documentClient, tenantId)).toEqual([]);
  });

  it('accepts 10 years ahead minus a minute', async () => {
    const at = new Date(tenYearsAhead() - 60_000);
    expect(created(await create(newTenant(), { phoneNumber: '+14155550206', expiresAt: at.toISOString() })).expiresAt).toBe(
      at.toISOString(),
    );
  });

  it('a live entry with an expiry makes a new add of its number a 409 carrying it, expiry included', async () => {
    const tenantId = newTenant();
    const first = created(await create(tenantId, { phoneNumber: '+14155550205', expiresAt: fromNow(DAY_MILLIS).toISOString() }));
    const again = await create(tenantId, { phoneNumber: '+14155550205', expiresAt: fromNow(2 * DAY_MILLIS).toISOString() });
    expect(again.statusCode).toBe(409);
    expect(again.json.dncNumber).toEqual(first);
    expectEntryItemOf(await getEntry(documentClient, tenantId, '+14155550205'), first);
  });
});

describe('bulk with expiresAt', () => {
  it('gives each item its own expiry (or none), answered canonical and stored with its TTL', async () => {
    const tenantId = newTenant();
    const inADay = fromNow(DAY_MILLIS, 1);
    const inAYear = fromNow(365 * DAY_MILLIS, 500);
    const response = await bulk(tenantId, {
      userId: 'agent-7',
      phoneNumbers: [
        { phoneNumber: '+14155550211', expiresAt: inADay.toISOString() },
        { phoneNumber: '+14155550212', reason: 'forever' },
        { phoneNumber: '+1 (415) 555-0213', expiresAt: withOffset(inAYear, -330), reason: 'a year' },
        { phoneNumber: '+14155550214', expiresAt: null },
        { phoneNumber: '+1-415-555-0211', expiresAt: inAYear.toISOString() },
      ],
    });
    expect(response.statusCode).toBe(201);
    expect(response.headers['dnc-created-count']).toBe('4');
    const dtos = response.json as DncNumberDto[];
    expect(dtos.map(({ phoneNumber, reason, expiresAt }) => ({ phoneNumber, reason, expiresAt }))).toEqual([
      { phoneNumber: '+14155550211', reason: null, expiresAt: inADay.toISOString() },
      { phoneNumber: '+14155550212', reason: 'forever', expiresAt: null },
      { phoneNumber: '+14155550213', reason: 'a year', expiresAt: inAYear.toISOString() },
      { phoneNumber: '+14155550214', reason: null, expiresAt: null },
    ]);
    for (const dto of dtos) {
      expectEntryItemOf(await getEntry(documentClient, tenantId, dto.phoneNumber, 'agent-7'), dto, { tenantId, userId: 'agent-7' });
    }
    const stored = await getEntry(documentClient, tenantId, '+14155550211', 'agent-7');
    expect(stored).toMatchObject({ expiresAtIso: inADay.toISOString(), expiresAt: Math.ceil(inADay.getTime() / 1000) });
  });

  it('leaves an entry already listed as it was: the item’s expiry does not change it', async () => {
    const tenantId = newTenant();
    const existing = created(await create(tenantId, { phoneNumber: '+14155550215' }));
    const response = await bulk(tenantId, {
      phoneNumbers: [{ phoneNumber: '+14155550215', expiresAt: fromNow(DAY_MILLIS).toISOString() }],
    });
    expect(response.statusCode).toBe(201);
    expect(response.headers['dnc-existing-count']).toBe('1');
    expect(response.json).toEqual([existing]);
    expectEntryItemOf(await getEntry(documentClient, tenantId, '+14155550215'), existing);
  });

  it('names every bad expiry by index → 400, and writes nothing', async () => {
    const tenantId = newTenant();
    const response = await bulk(tenantId, {
      phoneNumbers: [
        { phoneNumber: '+14155550216', expiresAt: fromNow(DAY_MILLIS).toISOString() },
        { phoneNumber: '+14155550217', expiresAt: '2030-01-01' },
        { phoneNumber: '+14155550218' },
        { phoneNumber: '+14155550219', expiresAt: '2020-01-01T00:00:00Z' },
      ],
    });
    expect(response.statusCode).toBe(400);
    expectErrorShape(response);
    expect(response.json.message).toBe(
      `phoneNumbers[1].expiresAt: ${FORMAT_MESSAGE}; phoneNumbers[3].expiresAt: expiresAt must be in the future`,
    );
    expect(await itemsOfTenant(documentClient, tenantId)).toEqual([]);
  });
});

describe('an entry whose expiry passes', () => {
  const tenantId = newTenant();
  const LAPSING = '+14155550221';
  const LAPSING_FOR_USER = '+14155550222';
  const FOREVER = '+14155550223';
  const NEXT_YEAR = '+14155550224';
  let lapsing: DncNumberDto;
  let lapsingForUser: DncNumberDto;
  let forever: DncNumberDto;
  let nextYear: DncNumberDto;

  /** Blocked while live, then not: polled, and each answer checked against the instant it was asked and answered. */
  const waitForLapse = async (entry: DncNumberDto) => {
    const lapse = Date.parse(entry.expiresAt!);
    let blockedAnswers = 0;
    for (;;) {
      const askedAt = Date.now();
      const response = await check(tenantId, { phoneNumber: entry.phoneNumber });
      const answeredAt = Date.now();
      expect(response.statusCode).toBe(200);
      if (!response.json.blocked) {
        expect(answeredAt).toBeGreaterThanOrEqual(lapse);
        return blockedAnswers;
      }
      expect(askedAt).toBeLessThan(lapse);
      expect(response.json.entries).toEqual([entry]);
      blockedAnswers += 1;
      if (answeredAt > lapse + 10_000) throw new Error(`still blocked 10 s after ${entry.expiresAt}`);
      await sleep(50);
    }
  };

  beforeAll(async () => {
    const expiresAt = new Date(Date.now() + 1500).toISOString();
    [lapsing, lapsingForUser, forever, nextYear] = await Promise.all([
      create(tenantId, { phoneNumber: LAPSING, reason: 'for a moment', expiresAt }).then(created),
      create(tenantId, { phoneNumber: LAPSING_FOR_USER, userId: 'user-1', expiresAt }).then(created),
      create(tenantId, { phoneNumber: FOREVER }).then(created),
      create(tenantId, { phoneNumber: NEXT_YEAR, expiresAt: fromNow(365 * DAY_MILLIS).toISOString() }).then(created),
    ]);
    expect(lapsing.expiresAt).toBe(expiresAt);
    expect(await waitForLapse(lapsing)).toBeGreaterThan(0);
  });

  it('is not blocked any more, by check or check-many, in its scope; the others still are', async () => {
    expect((await check(tenantId, { phoneNumber: LAPSING })).json).toEqual({ phoneNumber: LAPSING, blocked: false, entries: [] });
    expect((await check(tenantId, { phoneNumber: LAPSING, userId: 'user-1' })).json.blocked).toBe(false);
    expect((await check(tenantId, { phoneNumber: LAPSING_FOR_USER, userId: 'user-1' })).json).toEqual({
      phoneNumber: LAPSING_FOR_USER,
      blocked: false,
      entries: [],
    });
    expect((await checkMany(tenantId, { phoneNumbers: [LAPSING, LAPSING_FOR_USER, FOREVER, NEXT_YEAR], userId: 'user-1' })).json).toEqual({
      results: [
        { phoneNumber: LAPSING, blocked: false, entries: [] },
        { phoneNumber: LAPSING_FOR_USER, blocked: false, entries: [] },
        { phoneNumber: FOREVER, blocked: true, entries: [forever] },
        { phoneNumber: NEXT_YEAR, blocked: true, entries: [nextYear] },
      ],
    });
  });

  it('is 404 by id, to get and to delete, while the entries that have not lapsed are found', async () => {
    for (const entry of [lapsing, lapsingForUser]) {
      const got = await getById(tenantId, entry.id);
      expect(got.statusCode).toBe(404);
      expectErrorShape(got);
      expect((await remove(tenantId, entry.id)).statusCode).toBe(404);
    }
    expect((await getById(tenantId, forever.id)).json).toEqual(forever);
    expect((await getById(tenantId, nextYear.id)).json).toEqual(nextYear);
  });

  it('is left out of every list order', async () => {
    for (const sortColumn of ['createdAt', 'phoneNumber']) {
      const global = await list(tenantId, { sort_column: sortColumn, size: '100' });
      expect(global.statusCode).toBe(200);
      expect(global.json.data.map((dto: DncNumberDto) => dto.id).sort()).toEqual([forever.id, nextYear.id].sort());
      const user = await list(tenantId, { type: 'user-specific', sort_column: sortColumn, size: '100' });
      expect(user.json).toMatchObject({ data: [], hasMore: false, nextCursor: null });
    }
  });

  it('is still stored (TTL has not deleted it) until a new add of the number replaces it: 201, a new id, blocking at once', async () => {
    expect((await getEntry(documentClient, tenantId, LAPSING))?.id).toBe(lapsing.id);
    const again = created(await create(tenantId, { phoneNumber: LAPSING, reason: 'asked again' }));
    expect(again.id).not.toBe(lapsing.id);
    expect(again).toMatchObject({ phoneNumber: LAPSING, userId: null, reason: 'asked again', expiresAt: null });
    const stored = await getEntry(documentClient, tenantId, LAPSING);
    expectEntryItemOf(stored, again, { tenantId, idPk: `TENANT#${tenantId}#ID#${again.id}` });
    expect((await check(tenantId, { phoneNumber: LAPSING })).json).toEqual({ phoneNumber: LAPSING, blocked: true, entries: [again] });
    expect((await getById(tenantId, again.id)).json).toEqual(again);
    expect((await getById(tenantId, lapsing.id)).statusCode).toBe(404);
  });

  it('is replaced by a bulk add too, with the new item’s own expiry', async () => {
    const inADay = fromNow(DAY_MILLIS);
    const response = await bulk(tenantId, {
      userId: 'user-1',
      phoneNumbers: [{ phoneNumber: LAPSING_FOR_USER, expiresAt: inADay.toISOString() }],
    });
    expect(response.statusCode).toBe(201);
    expect({ created: response.headers['dnc-created-count'], existing: response.headers['dnc-existing-count'] }).toEqual({
      created: '1',
      existing: '0',
    });
    const [replacement] = response.json as DncNumberDto[];
    expect(replacement!.id).not.toBe(lapsingForUser.id);
    expect(replacement!.expiresAt).toBe(inADay.toISOString());
    expectEntryItemOf(await getEntry(documentClient, tenantId, LAPSING_FOR_USER, 'user-1'), replacement!, { tenantId, userId: 'user-1' });
    expect((await check(tenantId, { phoneNumber: LAPSING_FOR_USER, userId: 'user-1' })).json.entries).toEqual([replacement]);
  });
});

describe('Idempotency-Key with expiresAt', () => {
  const withKey = (tenantId: string, body: unknown, key: string) => create(tenantId, body, { headers: { 'idempotency-key': key } });

  it('replays a retry with the same key and expiry: 201, the same entry, its expiry included', async () => {
    const tenantId = newTenant();
    const at = fromNow(30 * DAY_MILLIS);
    const body = { phoneNumber: '+14155550231', reason: 'for a month', expiresAt: at.toISOString() };
    const first = await withKey(tenantId, body, 'key-expiry');
    expect(first.statusCode).toBe(201);
    expect(first.json.expiresAt).toBe(at.toISOString());
    const retry = await withKey(tenantId, body, 'key-expiry');
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.json).toEqual(first.json);
    // The same instant written with an offset is the same request.
    const respelled = await withKey(tenantId, { ...body, expiresAt: withOffset(at, 120) }, 'key-expiry');
    expect(respelled.statusCode).toBe(201);
    expect(respelled.json).toEqual(first.json);
    expect((await itemsOfTenant(documentClient, tenantId)).filter((item) => String(item.sk).startsWith('SCOPE#'))).toHaveLength(1);
  });

  it.each([
    ['another expiry', { expiresAt: fromNow(60 * DAY_MILLIS).toISOString() }],
    ['no expiry', {}],
    ['a null expiry', { expiresAt: null }],
  ])('answers 422 for the same key with %s, and leaves the entry as it was', async (_case, expiry) => {
    const tenantId = newTenant();
    const body = { phoneNumber: '+14155550232', expiresAt: fromNow(30 * DAY_MILLIS).toISOString() };
    const first = await withKey(tenantId, body, 'key-expiry-reused');
    expect(first.statusCode).toBe(201);
    const { expiresAt: _dropped, ...withoutExpiry } = body;
    const reused = await withKey(tenantId, { ...withoutExpiry, ...expiry }, 'key-expiry-reused');
    expect(reused.statusCode).toBe(422);
    expectErrorShape(reused);
    expect(reused.json.message).toContain('Idempotency-Key');
    expectEntryItemOf(await getEntry(documentClient, tenantId, '+14155550232'), first.json);
  });

  it('a key first used without an expiry answers 422 to a retry that adds one', async () => {
    const tenantId = newTenant();
    const first = await withKey(tenantId, { phoneNumber: '+14155550233' }, 'key-no-expiry');
    expect(first.statusCode).toBe(201);
    const reused = await withKey(tenantId, { phoneNumber: '+14155550233', expiresAt: fromNow(DAY_MILLIS).toISOString() }, 'key-no-expiry');
    expect(reused.statusCode).toBe(422);
    const retry = await withKey(tenantId, { phoneNumber: '+14155550233', expiresAt: null }, 'key-no-expiry');
    expect(retry.statusCode).toBe(201);
    expect(retry.json).toEqual(first.json);
  });
});
