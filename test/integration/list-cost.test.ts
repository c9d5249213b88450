import { Readable } from 'node:stream';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { DncNumberDto } from '../../lambda/shared/domain/dnc-number';
import { WRITE_SHARDS } from '../../lambda/shared/dynamodb/keys';
import { callerFor, newTenant, seedEntries, seedPhoneNumber } from '../support/factories';
import { bodyBytes } from '../support/dynamodb-faults';
import { invokeRoute } from '../support/invoke-route';

/**
 * DESIGN §3: every list page costs O(page size) reads at any depth. One tenant gets 5,000
 * global entries and 5,000 entries of one user; for every supported combination (each index,
 * both directions, with and without its range filter) page 1 and page 50 reached by cursor
 * must read the same number of items, at most one page plus one item per write shard.
 *
 * Reads are counted beneath the SDK, at its HTTP handler (as test/support/dynamodb-faults.ts
 * injects faults): every DynamoDB request is forwarded for real and the `ScannedCount` of each
 * Query answer is summed — the items DynamoDB read, which is what a Query is billed by.
 */

const SCOPE_SIZE = 5000;
const PAGE_SIZE = 20;
const DEEP_PAGE = 50;
const USER = 'user-big';
const BASE_TIME = Date.parse('2026-01-01T00:00:00.000Z');
const READ_BOUND = WRITE_SHARDS * (PAGE_SIZE + 1);

interface Reads {
  queries: number;
  items: number;
}

/** Runs `call` with every DynamoDB Query of the process counted; the answers reach the SDK unchanged. */
const countQueryReads = async <T>(call: () => Promise<T>): Promise<{ result: T; reads: Reads }> => {
  const original = NodeHttpHandler.prototype.handle;
  const reads: Reads = { queries: 0, items: 0 };
  const spy = jest.spyOn(NodeHttpHandler.prototype, 'handle').mockImplementation(async function (this: NodeHttpHandler, request, options) {
    const forwarded = await original.call(this, request, options);
    if (request.headers['x-amz-target'] !== 'DynamoDB_20120810.Query') return forwarded;
    const text = await bodyBytes(forwarded.response.body);
    const answer = JSON.parse(text.toString('utf8')) as { ScannedCount?: number };
    reads.queries += 1;
    reads.items += answer.ScannedCount ?? 0;
    forwarded.response.body = Readable.from([text]);
    return forwarded;
  });
  try {
    return { result: await call(), reads };
  } finally {
    spy.mockRestore();
  }
};

interface Combination {
  name: string;
  query: Record<string, string>;
  /** The entries the combination lists, in its order. */
  expected: () => DncNumberDto[];
}

const tenantId = newTenant();
let globalEntries: DncNumberDto[] = [];
let userEntries: DncNumberDto[] = [];

const at = (seconds: number) => new Date(BASE_TIME + seconds * 1000).toISOString();
const CREATED_FROM = at(100);
const CREATED_TO = at(4900);

const byCreated = (a: DncNumberDto, b: DncNumberDto) =>
  a.createdAt === b.createdAt ? (a.id < b.id ? -1 : 1) : a.createdAt < b.createdAt ? -1 : 1;
const byPhone = (a: DncNumberDto, b: DncNumberDto) => (a.phoneNumber < b.phoneNumber ? -1 : 1);
const sorted = (entries: DncNumberDto[], order: typeof byCreated, descending: boolean) => {
  const ascending = [...entries].sort(order);
  return descending ? ascending.reverse() : ascending;
};
const inCreatedRange = (entry: DncNumberDto) => entry.createdAt >= CREATED_FROM && entry.createdAt <= CREATED_TO;

const combinations = (): Combination[] => {
  const scopes = [
    { scope: 'global', base: { type: 'global' }, entries: () => globalEntries },
    { scope: 'all users', base: { type: 'user-specific' }, entries: () => userEntries },
    { scope: `user ${USER}`, base: { type: 'user-specific', userId: USER }, entries: () => userEntries },
  ];
  return scopes.flatMap(({ scope, base, entries }) => {
    const { type, userId } = base as { type: string; userId?: string };
    const query = (sortColumn: string, descending: boolean, filters: Record<string, string> = {}) => {
      const allFilters = { ...(userId === undefined ? {} : { userId }), ...filters };
      return {
        type,
        sort_column: sortColumn,
        sort_desc: String(descending),
        size: String(PAGE_SIZE),
        ...(Object.keys(allFilters).length > 0 ? { filters: JSON.stringify(allFilters) } : {}),
      };
    };
    // Each index in both directions; the range filters ride on the ascending reads.
    return [true, false].flatMap((descending) => {
      const direction = descending ? 'desc' : 'asc';
      return descending
        ? [
            { name: `${scope}, createdAt desc`, query: query('createdAt', true), expected: () => sorted(entries(), byCreated, true) },
            { name: `${scope}, phoneNumber desc`, query: query('phoneNumber', true), expected: () => sorted(entries(), byPhone, true) },
          ]
        : [
            {
              name: `${scope}, createdAt ${direction}, createdFrom and createdTo`,
              query: query('createdAt', false, { createdFrom: CREATED_FROM, createdTo: CREATED_TO }),
              expected: () => sorted(entries().filter(inCreatedRange), byCreated, false),
            },
            {
              name: `${scope}, phoneNumber ${direction}, phoneNumberPrefix`,
              query: query('phoneNumber', false, { phoneNumberPrefix: '+1415' }),
              expected: () => sorted(entries(), byPhone, false),
            },
          ];
    });
  });
};

const list = (query: Record<string, string>) => invokeRoute('ListDncNumbers', { query, authorizer: callerFor(tenantId) });

beforeAll(async () => {
  // One creation time per second, so the created range filters have clear bounds.
  globalEntries = await seedEntries(tenantId, SCOPE_SIZE, { via: 'batch', createdAt: (index) => new Date(BASE_TIME + index * 1000) });
  userEntries = await seedEntries(tenantId, SCOPE_SIZE, {
    via: 'batch',
    userId: USER,
    phoneNumber: (index) => seedPhoneNumber(index + SCOPE_SIZE),
    createdAt: (index) => new Date(BASE_TIME + index * 1000 + 500),
  });
}, 180_000);

describe('GET /v1/dnc_numbers/list costs O(page size) reads at any depth', () => {
  it.each(combinations().map((combination) => [combination.name, combination] as const))(
    '%s: page 1 and page 50 by cursor read the same, at most shards × (size + 1) items',
    async (_name, { query, expected }) => {
      const first = await countQueryReads(() => list(query));
      expect(first.result.statusCode).toBe(200);
      expect(first.result.json.data).toEqual(expected().slice(0, PAGE_SIZE));

      let cursor: string = first.result.json.nextCursor;
      for (let page = 2; page < DEEP_PAGE; page += 1) {
        const response = await list({ ...query, cursor });
        expect(response.statusCode).toBe(200);
        cursor = response.json.nextCursor;
      }
      const deep = await countQueryReads(() => list({ ...query, cursor }));
      expect(deep.result.statusCode).toBe(200);
      expect(deep.result.json.page).toBe(DEEP_PAGE);
      expect(deep.result.json.hasMore).toBe(true);
      expect(deep.result.json.data).toEqual(expected().slice((DEEP_PAGE - 1) * PAGE_SIZE, DEEP_PAGE * PAGE_SIZE));

      expect(first.reads.queries).toBe(WRITE_SHARDS);
      expect(first.reads.items).toBeGreaterThanOrEqual(PAGE_SIZE);
      expect(first.reads.items).toBeLessThanOrEqual(READ_BOUND);
      expect(deep.reads.items).toBeLessThanOrEqual(READ_BOUND);
      expect(deep.reads).toEqual(first.reads);
      expect(deep.reads.items * 50).toBeLessThan(SCOPE_SIZE);
    },
  );

  it('the counter sees what a deep page by number costs (it grows with depth, which is why page × size is capped)', async () => {
    const query = { type: 'global', size: String(PAGE_SIZE) };
    const first = await countQueryReads(() => list(query));
    const deepByNumber = await countQueryReads(() => list({ ...query, page: String(DEEP_PAGE) }));
    expect(deepByNumber.result.statusCode).toBe(200);
    expect(deepByNumber.result.json.data).toEqual(
      sorted(globalEntries, byCreated, true).slice((DEEP_PAGE - 1) * PAGE_SIZE, DEEP_PAGE * PAGE_SIZE),
    );
    expect(deepByNumber.reads.items).toBeGreaterThanOrEqual((DEEP_PAGE - 1) * PAGE_SIZE);
    expect(deepByNumber.reads.items).toBeGreaterThan(10 * first.reads.items);
  });
});
