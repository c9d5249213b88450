import { randomBytes } from 'node:crypto';
import type { DncNumberDto } from '../../lambda/shared/domain/dnc-number';
import { scopes } from '../../lib/routes';
import { callerFor, newTenant, seedEntries, writeExpiredEntry } from '../support/factories';
import { invokeRoute, type RouteResponse } from '../support/invoke-route';
import { expectErrorShape } from '../support/table';

/** `GET /v1/dnc_numbers/list` against DynamoDB Local; every answer is checked against openapi.yml. */

type Query = Record<string, string> | string;

const list = (tenantId: string, query?: Query) =>
  invokeRoute('ListDncNumbers', { ...(query === undefined ? {} : { query }), authorizer: callerFor(tenantId) });

const withFilters = (query: Record<string, string>, filters: Record<string, string>) => ({ ...query, filters: JSON.stringify(filters) });

const byCreated = (a: DncNumberDto, b: DncNumberDto) => {
  const left = `${a.createdAt}#${a.id}`;
  const right = `${b.createdAt}#${b.id}`;
  return left < right ? -1 : left > right ? 1 : 0;
};
const byPhone = (a: DncNumberDto, b: DncNumberDto) => (a.phoneNumber < b.phoneNumber ? -1 : a.phoneNumber > b.phoneNumber ? 1 : 0);
const sorted = (entries: readonly DncNumberDto[], sortColumn: 'createdAt' | 'phoneNumber', descending: boolean) => {
  const ascending = [...entries].sort(sortColumn === 'createdAt' ? byCreated : byPhone);
  return descending ? ascending.reverse() : ascending;
};

/** Every page from `query`'s first, following nextCursor; checks the page fields on the way. */
const followCursors = async (tenantId: string, query: Record<string, string>) => {
  const pages: RouteResponse[] = [];
  let cursor: string | null = null;
  do {
    const response = await list(tenantId, cursor === null ? query : { ...query, cursor });
    expect(response.statusCode).toBe(200);
    expect(response.json.page).toBe(pages.length + 1);
    expect(response.json.nextCursor === null).toBe(!response.json.hasMore);
    pages.push(response);
    cursor = response.json.nextCursor;
    if (pages.length > 1000) throw new Error('nextCursor never ends');
  } while (cursor !== null);
  return pages;
};
const dataOf = (pages: readonly RouteResponse[]): DncNumberDto[] => pages.flatMap((page) => page.json.data);

const expectBadRequest = (response: RouteResponse, ...mentions: (string | RegExp)[]) => {
  expect(response.statusCode).toBe(400);
  expectErrorShape(response);
  for (const mention of mentions) {
    if (typeof mention === 'string') expect(response.json.message).toContain(mention);
    else expect(response.json.message).toMatch(mention);
  }
};

const SUPPORTED =
  'supported: sort_column=createdAt with filters createdFrom/createdTo, or sort_column=phoneNumber with filter phoneNumberPrefix';

/**
 * One tenant with known creation times: 30 global entries one second apart, 12 of user-a and 8 of
 * user-b, phone numbers in another order than creation, a third of them in area 212, and expired
 * entries in every scope and range (DynamoDB's TTL has not deleted them yet).
 */
describe('GET /v1/dnc_numbers/list', () => {
  const BASE_TIME = Date.parse('2026-03-01T12:00:00.000Z');
  const tenantId = newTenant();
  const phone = (index: number) => `${index % 3 === 0 ? '+1212' : '+1415'}${String((index * 7919 + 13) % 10_000_000).padStart(7, '0')}`;
  const createdAt = (index: number) => new Date(BASE_TIME + index * 1000);
  let global: DncNumberDto[] = [];
  let userA: DncNumberDto[] = [];
  let userB: DncNumberDto[] = [];
  let expiredIds: string[] = [];

  beforeAll(async () => {
    global = await seedEntries(tenantId, 30, { via: 'repository', phoneNumber: phone, createdAt });
    userA = await seedEntries(tenantId, 12, {
      via: 'repository',
      userId: 'user-a',
      phoneNumber: (index) => phone(100 + index),
      createdAt: (index) => new Date(BASE_TIME + index * 2000 + 500),
    });
    userB = await seedEntries(tenantId, 8, {
      via: 'repository',
      userId: 'user-b',
      phoneNumber: (index) => phone(200 + index),
      createdAt: (index) => new Date(BASE_TIME + index * 3000 + 700),
    });
    const expired = await Promise.all([
      ...[0, 3, 6, 9].map((index) =>
        writeExpiredEntry(tenantId, { phoneNumber: `+121299900${index}0`, createdAt: new Date(BASE_TIME + index * 1000 + 300) }),
      ),
      ...[1, 4].map((index) =>
        writeExpiredEntry(tenantId, {
          phoneNumber: `+121299910${index}0`,
          userId: 'user-a',
          createdAt: new Date(BASE_TIME + index * 2000 + 800),
        }),
      ),
    ]);
    expiredIds = expired.map((entry) => entry.id);
  });

  const scopeEntries = (type: string) => (type === 'global' ? global : [...userA, ...userB]);

  describe('200', () => {
    it('defaults: global entries, page 1, size 20, newest first', async () => {
      const response = await list(tenantId);
      expect(response.statusCode).toBe(200);
      expect(response.json).toEqual({
        data: sorted(global, 'createdAt', true).slice(0, 20),
        page: 1,
        size: 20,
        hasMore: true,
        nextCursor: expect.any(String),
      });
    });

    it('an empty tenant: no data, no more pages', async () => {
      expect((await list(newTenant())).json).toEqual({ data: [], page: 1, size: 20, hasMore: false, nextCursor: null });
    });

    const orders = ['global', 'user-specific'].flatMap((type) =>
      (['createdAt', 'phoneNumber'] as const).flatMap((sortColumn) =>
        [true, false].map((descending) => [type, sortColumn, descending] as const),
      ),
    );

    it.each(orders)(
      'type=%s sort_column=%s sort_desc=%s: exactly the scope’s live entries in that order',
      async (type, sortColumn, descending) => {
        const response = await list(tenantId, { type, sort_column: sortColumn, sort_desc: String(descending), size: '100' });
        expect(response.statusCode).toBe(200);
        expect(response.json).toEqual({
          data: sorted(scopeEntries(type), sortColumn, descending),
          page: 1,
          size: 100,
          hasMore: false,
          nextCursor: null,
        });
      },
    );

    it.each(orders.filter(([type]) => type === 'user-specific'))(
      'type=%s with filters.userId, sort_column=%s sort_desc=%s: only that user’s entries',
      async (type, sortColumn, descending) => {
        for (const [userId, entries] of [
          ['user-a', userA],
          ['user-b', userB],
          ['user-nobody', []],
        ] as const) {
          const response = await list(
            tenantId,
            withFilters({ type, sort_column: sortColumn, sort_desc: String(descending), size: '100' }, { userId }),
          );
          expect(response.statusCode).toBe(200);
          expect(response.json.data).toEqual(sorted(entries, sortColumn, descending));
          expect(response.json.hasMore).toBe(false);
        }
      },
    );

    it.each([
      ['global', true],
      ['global', false],
      ['user-specific', true],
      ['user-specific', false],
    ] as const)('type=%s phoneNumberPrefix, sort_desc=%s: only numbers with that prefix', async (type, descending) => {
      const query = { type, sort_column: 'phoneNumber', sort_desc: String(descending), size: '100' };
      const expected = sorted(
        scopeEntries(type).filter((entry) => entry.phoneNumber.startsWith('+1212')),
        'phoneNumber',
        descending,
      );
      expect(expected.length).toBeGreaterThan(2);
      for (const prefix of ['+1212', '+1 (212)', '+1-212']) {
        const response = await list(tenantId, withFilters(query, { phoneNumberPrefix: prefix }));
        expect(response.statusCode).toBe(200);
        expect(response.json.data).toEqual(expected);
      }
      const narrow = expected[0]!.phoneNumber.slice(0, 9);
      const narrowed = await list(tenantId, withFilters(query, { phoneNumberPrefix: narrow }));
      expect(narrowed.json.data).toEqual(expected.filter((entry) => entry.phoneNumber.startsWith(narrow)));
      const none = await list(tenantId, withFilters(query, { phoneNumberPrefix: '+1999' }));
      expect(none.json.data).toEqual([]);
    });

    it('phoneNumberPrefix with its + left unencoded in the raw query string', async () => {
      const response = await list(tenantId, 'sort_column=phoneNumber&sort_desc=false&size=100&filters={"phoneNumberPrefix":"+1212"}');
      expect(response.statusCode).toBe(200);
      expect(response.json.data).toEqual(
        sorted(
          global.filter((entry) => entry.phoneNumber.startsWith('+1212')),
          'phoneNumber',
          false,
        ),
      );
    });

    it('phoneNumberPrefix with filters.userId', async () => {
      const response = await list(
        tenantId,
        withFilters(
          { type: 'user-specific', sort_column: 'phoneNumber', sort_desc: 'false' },
          { userId: 'user-a', phoneNumberPrefix: '+1415' },
        ),
      );
      expect(response.json.data).toEqual(
        sorted(
          userA.filter((entry) => entry.phoneNumber.startsWith('+1415')),
          'phoneNumber',
          false,
        ),
      );
    });

    describe('createdFrom and createdTo are inclusive bounds', () => {
      const inRange = (entries: readonly DncNumberDto[], from?: string, to?: string) =>
        entries.filter((entry) => (from === undefined || entry.createdAt >= from) && (to === undefined || entry.createdAt <= to));

      it.each([true, false])('global, sort_desc=%s: from the 6th entry’s createdAt to the 15th’s', async (descending) => {
        const from = global[5]!.createdAt;
        const to = global[14]!.createdAt;
        const response = await list(
          tenantId,
          withFilters({ sort_desc: String(descending), size: '100' }, { createdFrom: from, createdTo: to }),
        );
        expect(response.statusCode).toBe(200);
        expect(response.json.data).toEqual(sorted(global.slice(5, 15), 'createdAt', descending));
      });

      it('only createdFrom, only createdTo, and a single instant', async () => {
        const instant = global[7]!.createdAt;
        const from = await list(tenantId, withFilters({ size: '100' }, { createdFrom: instant }));
        expect(from.json.data).toEqual(sorted(global.slice(7), 'createdAt', true));
        const to = await list(tenantId, withFilters({ size: '100' }, { createdTo: instant }));
        expect(to.json.data).toEqual(sorted(global.slice(0, 8), 'createdAt', true));
        const exactly = await list(tenantId, withFilters({ size: '100' }, { createdFrom: instant, createdTo: instant }));
        expect(exactly.json.data).toEqual([global[7]]);
      });

      it('a bound one millisecond off excludes the entry at the boundary', async () => {
        const instant = Date.parse(global[7]!.createdAt);
        const after = new Date(instant + 1).toISOString();
        const before = new Date(instant - 1).toISOString();
        expect((await list(tenantId, withFilters({ size: '100' }, { createdFrom: after }))).json.data).toEqual(
          sorted(global.slice(8), 'createdAt', true),
        );
        expect((await list(tenantId, withFilters({ size: '100' }, { createdTo: before }))).json.data).toEqual(
          sorted(global.slice(0, 7), 'createdAt', true),
        );
      });

      it('bounds with a UTC offset mean the same instant', async () => {
        const from = new Date(Date.parse(global[5]!.createdAt));
        const to = new Date(Date.parse(global[14]!.createdAt));
        const plusTwo = (date: Date) => `${new Date(date.getTime() + 2 * 3600_000).toISOString().slice(0, 23)}+02:00`;
        const response = await list(
          tenantId,
          withFilters({ sort_desc: 'false', size: '100' }, { createdFrom: plusTwo(from), createdTo: plusTwo(to) }),
        );
        expect(response.statusCode).toBe(200);
        expect(response.json.data).toEqual(global.slice(5, 15));
      });

      it('user-specific with filters.userId and a created range', async () => {
        const from = userA[2]!.createdAt;
        const to = userA[9]!.createdAt;
        const response = await list(
          tenantId,
          withFilters({ type: 'user-specific', sort_desc: 'false', size: '100' }, { userId: 'user-a', createdFrom: from, createdTo: to }),
        );
        expect(response.json.data).toEqual(inRange(userA, from, to));
        const all = await list(
          tenantId,
          withFilters({ type: 'user-specific', sort_desc: 'false', size: '100' }, { createdFrom: from, createdTo: to }),
        );
        expect(all.json.data).toEqual(sorted(inRange([...userA, ...userB], from, to), 'createdAt', false));
      });
    });

    it('expired entries never appear, and pages stay full around them', async () => {
      const queries: Record<string, string>[] = [
        { size: '3' },
        { size: '3', sort_desc: 'false' },
        { size: '3', sort_column: 'phoneNumber' },
        withFilters({ size: '3', sort_column: 'phoneNumber' }, { phoneNumberPrefix: '+1212' }),
        withFilters(
          { size: '3' },
          { createdFrom: new Date(BASE_TIME).toISOString(), createdTo: new Date(BASE_TIME + 10_000).toISOString() },
        ),
        { size: '3', type: 'user-specific' },
        withFilters({ size: '3', type: 'user-specific', sort_column: 'phoneNumber' }, { userId: 'user-a' }),
      ];
      for (const query of queries) {
        const pages = await followCursors(tenantId, query);
        for (const page of pages.slice(0, -1)) expect(page.json.data).toHaveLength(3);
        const ids = dataOf(pages).map((entry) => entry.id);
        for (const id of expiredIds) expect(ids).not.toContain(id);
        for (let page = 1; page <= pages.length; page += 1) {
          const byNumber = await list(tenantId, { ...query, page: String(page) });
          expect(byNumber.json.data).toEqual(pages[page - 1]!.json.data);
        }
      }
    });
  });

  describe('pagination: 137 entries created through the API, size 10', () => {
    const walkTenant = newTenant();
    let entries: DncNumberDto[] = [];

    beforeAll(async () => {
      // Created by the real handler, many in the same millisecond: the id must break those ties.
      entries = await seedEntries(walkTenant, 137);
    });

    it.each([
      ['createdAt', true],
      ['createdAt', false],
      ['phoneNumber', false],
      ['phoneNumber', true],
    ] as const)(
      'sort_column=%s sort_desc=%s: following nextCursor visits every entry exactly once, in order',
      async (sortColumn, descending) => {
        const query = { sort_column: sortColumn, sort_desc: String(descending), size: '10' };
        const pages = await followCursors(walkTenant, query);
        expect(pages).toHaveLength(14);
        expect(pages.map((page) => page.json.data.length)).toEqual([...Array(13).fill(10), 7]);
        const visited = dataOf(pages);
        expect(new Set(visited.map((entry) => entry.id)).size).toBe(137);
        expect(visited).toEqual(sorted(entries, sortColumn, descending));
        const last = pages.at(-1)!.json;
        expect([last.hasMore, last.nextCursor]).toEqual([false, null]);
        for (const page of pages.slice(0, -1)) expect(page.json.hasMore).toBe(true);

        for (let number = 1; number <= pages.length; number += 1) {
          const byNumber = await list(walkTenant, { ...query, page: String(number) });
          expect(byNumber.statusCode).toBe(200);
          expect(byNumber.json.page).toBe(number);
          expect(byNumber.json.data).toEqual(pages[number - 1]!.json.data);
          expect(byNumber.json.hasMore).toBe(number < pages.length);
        }
      },
    );

    it('the nextCursor of page N (asked by number) leads to page N + 1', async () => {
      const query = { size: '10' };
      const third = await list(walkTenant, { ...query, page: '3' });
      const fourth = await list(walkTenant, { ...query, cursor: third.json.nextCursor });
      expect(fourth.json.page).toBe(4);
      expect(fourth.json.data).toEqual(sorted(entries, 'createdAt', true).slice(30, 40));
    });

    it('a page past the end is empty, without a cursor', async () => {
      const response = await list(walkTenant, { size: '10', page: '15' });
      expect(response.json).toEqual({ data: [], page: 15, size: 10, hasMore: false, nextCursor: null });
    });
  });

  it('a last page that is exactly full has hasMore false and nextCursor null', async () => {
    const exactTenant = newTenant();
    const entries = await seedEntries(exactTenant, 20, { via: 'repository' });
    const pages = await followCursors(exactTenant, { size: '10' });
    expect(pages.map((page) => page.json.data.length)).toEqual([10, 10]);
    expect(dataOf(pages)).toEqual(sorted(entries, 'createdAt', true));
    expect([pages[1]!.json.hasMore, pages[1]!.json.nextCursor]).toEqual([false, null]);
  });

  it('one number listed for two users: both appear once each when paging one by one', async () => {
    const tieTenant = newTenant();
    const entries = [
      ...(await seedEntries(tieTenant, 3, { userId: 'user-1' })),
      ...(await seedEntries(tieTenant, 3, { userId: 'user-2' })),
      ...(await seedEntries(tieTenant, 3, { userId: 'user-3' })),
    ];
    const pages = await followCursors(tieTenant, { type: 'user-specific', sort_column: 'phoneNumber', sort_desc: 'false', size: '1' });
    const visited = dataOf(pages);
    expect(visited.map((entry) => entry.id).sort()).toEqual(entries.map((entry) => entry.id).sort());
    expect(visited.map((entry) => entry.phoneNumber)).toEqual(entries.map((entry) => entry.phoneNumber).sort());
  });

  it('the longest tenant id (256) and userId (128): every nextCursor is accepted back', async () => {
    const longTenant = `tenant-${'t'.repeat(249)}`;
    const longUser = 'u'.repeat(128);
    const entries = await seedEntries(longTenant, 40, {
      via: 'repository',
      userId: longUser,
      createdAt: (index) => new Date(Date.parse('2026-03-01T00:00:00.000Z') + index * 1000),
    });
    const query = { type: 'user-specific', size: '20' };
    const first = await list(longTenant, query);
    expect(first.statusCode).toBe(200);
    // The precondition that makes the cursor longest: every write shard has a position to carry.
    const state = JSON.parse(Buffer.from(first.json.nextCursor.split('.')[0], 'base64url').toString('utf8'));
    expect(state.positions.every((position: unknown) => typeof position === 'object')).toBe(true);
    const second = await list(longTenant, { ...query, cursor: first.json.nextCursor });
    expect(second.statusCode).toBe(200);
    expect([...first.json.data, ...second.json.data]).toEqual(sorted(entries, 'createdAt', true));
  });

  describe('400', () => {
    it('page × size over 10,000, pointing to the cursor', async () => {
      expectBadRequest(await list(tenantId, { page: '101', size: '100' }), /cursor/i);
      expectBadRequest(await list(tenantId, { page: '5001', size: '2' }), /cursor/i);
      expect((await list(tenantId, { page: '100', size: '100' })).statusCode).toBe(200);
    });

    it.each([
      ['createdFrom with sort_column=phoneNumber', withFilters({ sort_column: 'phoneNumber' }, { createdFrom: '2026-01-01T00:00:00Z' })],
      ['createdTo with sort_column=phoneNumber', withFilters({ sort_column: 'phoneNumber' }, { createdTo: '2026-01-01T00:00:00Z' })],
      ['phoneNumberPrefix with sort_column=createdAt', withFilters({ sort_column: 'createdAt' }, { phoneNumberPrefix: '+1415' })],
      ['phoneNumberPrefix with the default sort', withFilters({}, { phoneNumberPrefix: '+1415' })],
      ['userId with type=global', withFilters({ type: 'global' }, { userId: 'user-a' })],
      ['userId with the default type', withFilters({}, { userId: 'user-a' })],
    ])('%s, naming the supported combinations', async (_case, query) => {
      expectBadRequest(await list(tenantId, query), SUPPORTED);
    });

    it('createdFrom after createdTo', async () => {
      expectBadRequest(
        await list(tenantId, withFilters({}, { createdFrom: '2026-02-01T00:00:00Z', createdTo: '2026-01-01T00:00:00Z' })),
        'createdFrom',
      );
    });

    it.each(['0', '101', 'abc', '-1', '1.5', '', '1e2'])('size=%s, naming query.size', async (size) => {
      expectBadRequest(await list(tenantId, { size }), 'query.size');
    });

    it.each([
      ['page', { page: '0' }],
      ['page', { page: 'two' }],
      ['type', { type: 'everyone' }],
      ['sort_column', { sort_column: 'reason' }],
      ['sort_desc', { sort_desc: 'yes' }],
      ['filters', { filters: 'not json' }],
      ['filters', { filters: '["userId"]' }],
      ['filters.userId', withFilters({ type: 'user-specific' }, { userId: 'a/b' })],
      ['filters.phoneNumberPrefix', withFilters({ sort_column: 'phoneNumber' }, { phoneNumberPrefix: '1415' })],
      ['filters.createdFrom', withFilters({}, { createdFrom: 'yesterday' })],
      ['filters.createdTo', withFilters({}, { createdTo: '2026-01-01' })],
      ['reason', withFilters({}, { reason: 'x' })],
      ['tenantId', { tenantId: 'someone-else' }],
    ])('an invalid %s (%j), naming it', async (field, query) => {
      expectBadRequest(await list(tenantId, query), field);
    });

    it('page together with a cursor', async () => {
      const first = await list(tenantId, { size: '5' });
      expectBadRequest(await list(tenantId, { size: '5', page: '2', cursor: first.json.nextCursor }), 'cursor');
    });

    describe('cursors', () => {
      const query = { size: '5' };
      let cursor = '';
      beforeAll(async () => {
        cursor = (await list(tenantId, query)).json.nextCursor;
      });

      const CURSOR_MESSAGE = 'cursor is invalid';

      it('the genuine cursor works', async () => {
        const response = await list(tenantId, { ...query, cursor });
        expect(response.statusCode).toBe(200);
        expect(response.json.data).toEqual(sorted(global, 'createdAt', true).slice(5, 10));
      });

      it('altered: one character changed anywhere', async () => {
        const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
        for (let position = 0; position < cursor.length; position += 1) {
          const original = cursor[position]!;
          if (original === '.') continue;
          // Flip the lowest bit of the character's 6-bit value: the most subtle change there is.
          const flipped = alphabet[alphabet.indexOf(original) ^ 1]!;
          const altered = `${cursor.slice(0, position)}${flipped}${cursor.slice(position + 1)}`;
          const response = await list(tenantId, { ...query, cursor: altered });
          if (response.statusCode !== 400)
            throw new Error(`cursor altered at ${position} (${original} → ${flipped}) answered ${response.statusCode}`);
          expectBadRequest(response, CURSOR_MESSAGE);
        }
      });

      it('truncated, extended or without its signature', async () => {
        const [payload] = cursor.split('.');
        for (const altered of [cursor.slice(0, -1), `${cursor}A`, `${cursor}.x`, payload!, `${payload}.`, `.${cursor.split('.')[1]}`]) {
          expectBadRequest(await list(tenantId, { ...query, cursor: altered }), CURSOR_MESSAGE);
        }
      });

      it('forged: random bytes, a payload of our own with a random signature', async () => {
        const ownPayload = Buffer.from(JSON.stringify({ page: 2, positions: ['start', 'start', 'start', 'start'] })).toString('base64url');
        for (const forged of [
          randomBytes(48).toString('base64url'),
          randomBytes(48).toString('base64'),
          `${ownPayload}.${randomBytes(16).toString('base64url')}`,
          `${randomBytes(40).toString('base64url')}.${randomBytes(16).toString('base64url')}`,
        ]) {
          expectBadRequest(await list(tenantId, { ...query, cursor: forged }), CURSOR_MESSAGE);
        }
      });

      it.each([
        ['another sort column', { sort_column: 'phoneNumber' }],
        ['the other direction', { sort_desc: 'false' }],
        ['another type', { type: 'user-specific' }],
        ['another filter', { filters: JSON.stringify({ createdFrom: '2026-01-01T00:00:00Z' }) }],
      ])('from another query: %s', async (_case, other) => {
        expectBadRequest(await list(tenantId, { ...query, ...other, cursor }), CURSOR_MESSAGE);
      });

      it('empty', async () => {
        expectBadRequest(await list(tenantId, { ...query, cursor: '' }), 'cursor');
      });
    });
  });

  it('a token with only dnc/write → 403', async () => {
    const response = await invokeRoute('ListDncNumbers', { authorizer: callerFor(tenantId, { scopes: scopes.write }) });
    expect(response.statusCode).toBe(403);
    expectErrorShape(response);
    expect(response.body).not.toContain(global[0]!.phoneNumber);
  });
});
