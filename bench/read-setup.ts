import { deepStrictEqual } from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { type DncNumber, newDncNumber } from '../lambda/shared/domain/dnc-number';
import type { ListQuery } from '../lambda/shared/domain/list-query';
import { toEntryItem } from '../lambda/shared/dynamodb/items';
import { entryKey, idPartition, scopePartition, WRITE_SHARDS } from '../lambda/shared/dynamodb/keys';
import { createCursorCodec } from '../lambda/shared/dynamodb/list-cursor';
import { listPlan } from '../lambda/shared/dynamodb/list-plan';
import type { HttpResponse } from '../lambda/shared/http/response';
import { routeById, scopes } from '../lib/routes';
import { type GatewayRequest, lambdaContext, proxyEvent } from '../local/api-gateway-events';
import {
  RAW_WRITE_SHARDS,
  rawBatchGet,
  rawCheckKeys,
  rawEntryKey,
  rawGetById,
  rawGlobalScopePartition,
  rawIdPartition,
  rawListQueries,
  type RawShardPosition,
} from './raw-reads';
import type { ColdStartFunction } from './cold-start';
import { BENCH_CURSOR_SECRET, BENCH_TABLE, type Bench } from './setup';
import type { PreparedPath } from './side-by-side';

const CHECK_TENANT = 'bench-check';
const LIST_TENANT = 'bench-list';
const CHECK_USER = 'bench-user';
/** Numbers the single check rotates through: a quarter blocked globally and for the user, a quarter each for one of them, a quarter not. */
const SINGLE_CHECK_POOL = 64;
/** The batch check asks about this many numbers, every `BLOCKED_EVERY`th of them blocked. */
const CHECKED_NUMBERS = 1000;
const BLOCKED_EVERY = 4;
const PAGE_SIZE = 100;
/** The list query the bench reads: the defaults, `type=global&sort_column=createdAt&sort_desc=true`. */
const LIST_QUERY: ListQuery = { type: 'global', sortColumn: 'createdAt', descending: true };
const WRITE_BATCH = 25;
const RAW_BATCH_GET_HANDLER = 'bench/raw-batch-get-handler.ts';
const RAW_QUERY_HANDLER = 'bench/raw-query-handler.ts';

const phone = (prefix: string, index: number) => `+1${prefix}${String(index).padStart(7, '0')}`;

const seedEntry = (tenantId: string, phoneNumber: string, userId: string | null, now: Date): DncNumber =>
  newDncNumber(
    { phoneNumber, userId, reason: 'benchmark', expiresAt: null },
    { tenantId, subject: 'bench-seed', scopes: [] },
    { id: randomUUID(), now },
  );

/** Writes the entries as the create handler stores them (`toEntryItem`), 25 a call, 4 calls at a time. */
const seed = async (bench: Bench, entries: readonly DncNumber[]) => {
  const batches = Array.from({ length: Math.ceil(entries.length / WRITE_BATCH) }, (_, index) =>
    entries.slice(index * WRITE_BATCH, (index + 1) * WRITE_BATCH).map((entry) => ({ PutRequest: { Item: toEntryItem(entry) } })),
  );
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      let pending: unknown[] = batches[next++]!;
      while (pending.length > 0) {
        const result = await bench.documentClient.send(new BatchWriteCommand({ RequestItems: { [BENCH_TABLE]: pending as never } }));
        pending = result.UnprocessedItems?.[BENCH_TABLE] ?? [];
      }
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
};

type Handler = (event: never, context: Context) => Promise<unknown>;

const readEvent = (routeId: string, tenantId: string, request: GatewayRequest, pathParameters?: Record<string, string>) => ({
  ...proxyEvent(routeById(routeId), request, { tenantId, subject: 'bench', scopes: scopes.read }),
  ...(pathParameters ? { pathParameters } : {}),
});

/** Prepares one invocation off the clock (event and context); the returned call fails on anything but a 200. */
const invocation = (routeId: string, handler: Handler, event: object) => {
  const context = lambdaContext(routeId, 10_000);
  return async () => {
    const response = (await handler(event as never, context)) as HttpResponse;
    if (response.statusCode !== 200) throw new Error(`${routeId} answered ${response.statusCode}: ${response.body}`);
    return response;
  };
};

const bodyOf = async <T>(call: () => Promise<HttpResponse>): Promise<T> => JSON.parse((await call()).body) as T;

const idsOf = (items: readonly Record<string, unknown>[]) => items.map((item) => String(item.id));
/** The page a k-way merge of the shards' items yields: the newest `size`. */
const newest = (items: readonly Record<string, unknown>[], size: number) =>
  idsOf([...items].sort((a, b) => (String(a.createdSk) < String(b.createdSk) ? 1 : -1)).slice(0, size));

/**
 * Seeds the read routes' data, loads their handlers in-process, checks that each raw baseline
 * reads exactly what its handler reads, and returns both sides of each comparison.
 */
export const setUpReads = async (bench: Bench, { listEntries, deepPage }: { listEntries: number; deepPage: number }) => {
  // The raw baselines spell the keys out themselves (their bundles must not include the project): same keys?
  deepStrictEqual(RAW_WRITE_SHARDS, WRITE_SHARDS);
  deepStrictEqual(rawEntryKey('t', '+15550000000', null), entryKey('t', '+15550000000', null));
  deepStrictEqual(rawEntryKey('t', '+15550000000', 'u'), entryKey('t', '+15550000000', 'u'));
  deepStrictEqual(rawGlobalScopePartition('t', 3), scopePartition('t', 'global', 3));
  deepStrictEqual(rawIdPartition('t', 'i'), idPartition('t', 'i'));
  if (deepPage * PAGE_SIZE > listEntries) throw new Error(`page ${deepPage} of ${PAGE_SIZE} needs ${deepPage * PAGE_SIZE} entries`);

  const now = Date.now();
  const singlePool = Array.from({ length: SINGLE_CHECK_POOL }, (_, index) => phone('530', index));
  const checked = Array.from({ length: CHECKED_NUMBERS }, (_, index) => phone('420', index));
  const listed = Array.from({ length: listEntries }, (_, index) =>
    // One second apart, oldest first: the list's newest-first order is the reverse of the seed's.
    seedEntry(LIST_TENANT, phone('310', index), null, new Date(now - (listEntries - index) * 1000)),
  );
  await seed(bench, [
    ...singlePool.flatMap((phoneNumber, index) => [
      ...(index % 4 < 2 ? [seedEntry(CHECK_TENANT, phoneNumber, null, new Date(now))] : []),
      ...(index % 4 === 0 || index % 4 === 2 ? [seedEntry(CHECK_TENANT, phoneNumber, CHECK_USER, new Date(now))] : []),
    ]),
    ...checked
      .filter((_, index) => index % BLOCKED_EVERY === 0)
      .map((phoneNumber) => seedEntry(CHECK_TENANT, phoneNumber, null, new Date(now))),
    ...listed,
  ]);
  const ids = listed.map((entry) => entry.id);

  // Static imports: tsx resolves them, and each handler loads after the environment is set.
  const handlers = {
    check: (await import('../lambda/check-dnc-number/index')).handler as Handler,
    checkMany: (await import('../lambda/check-dnc-numbers/index')).handler as Handler,
    list: (await import('../lambda/list-dnc-numbers/index')).handler as Handler,
    get: (await import('../lambda/get-dnc-number/index')).handler as Handler,
  };
  const client = bench.documentClient;

  const checkEvent = (phoneNumber: string) =>
    readEvent('CheckDncNumber', CHECK_TENANT, {
      method: 'GET',
      rawPath: '/v1/dnc_numbers/check',
      rawQueryString: new URLSearchParams({ phoneNumber, userId: CHECK_USER }).toString(),
    });
  const checkManyBody = JSON.stringify({ phoneNumbers: checked });
  const checkManyEvent = () =>
    readEvent('CheckDncNumbers', CHECK_TENANT, {
      method: 'POST',
      rawPath: '/v1/dnc_numbers/check',
      headers: { 'content-type': 'application/json' },
      body: checkManyBody,
    });
  const listEvent = (cursor?: string) =>
    readEvent('ListDncNumbers', LIST_TENANT, {
      method: 'GET',
      rawPath: '/v1/dnc_numbers/list',
      rawQueryString: new URLSearchParams({ size: String(PAGE_SIZE), ...(cursor ? { cursor } : {}) }).toString(),
    });
  const getEvent = (id: string) => readEvent('GetDncNumber', LIST_TENANT, { method: 'GET', rawPath: `/v1/dnc_numbers/${id}` }, { id });

  // Follow the cursors down to the deep page, as a client would.
  type ListBody = { data: { id: string }[]; hasMore: boolean; nextCursor: string | null };
  let deepCursor: string | undefined;
  for (let page = 1; page < deepPage; page += 1) {
    const body = await bodyOf<ListBody>(invocation('ListDncNumbers', handlers.list, listEvent(deepCursor)));
    deepCursor = body.nextCursor ?? undefined;
  }
  // Where the deep page's shard reads start: the ExclusiveStartKeys the handler builds from the
  // cursor's resume points, built here off the clock with the project's own plan.
  const plan = listPlan(LIST_TENANT, LIST_QUERY);
  const deepPositions: RawShardPosition[] =
    deepCursor === undefined
      ? []
      : createCursorCodec(BENCH_CURSOR_SECRET)
          .decode(deepCursor, LIST_TENANT, LIST_QUERY, WRITE_SHARDS)
          .positions.map((position, shard) => (Array.isArray(position) ? plan.startKeyOf(position, shard) : position));

  const pairs = {
    check: {
      raw: (i) => () => rawBatchGet(client, BENCH_TABLE, rawCheckKeys(CHECK_TENANT, [singlePool[i % SINGLE_CHECK_POOL]!], CHECK_USER)),
      handler: (i) => invocation('CheckDncNumber', handlers.check, checkEvent(singlePool[i % SINGLE_CHECK_POOL]!)),
    },
    checkMany: {
      raw: () => () => rawBatchGet(client, BENCH_TABLE, rawCheckKeys(CHECK_TENANT, checked, null)),
      handler: () => invocation('CheckDncNumbers', handlers.checkMany, checkManyEvent()),
    },
    listFirstPage: {
      raw: () => () => rawListQueries(client, BENCH_TABLE, LIST_TENANT, { positions: [], limit: PAGE_SIZE + 1 }),
      handler: () => invocation('ListDncNumbers', handlers.list, listEvent()),
    },
    listDeepPage: {
      raw: () => () => rawListQueries(client, BENCH_TABLE, LIST_TENANT, { positions: deepPositions, limit: PAGE_SIZE + 1 }),
      handler: () => invocation('ListDncNumbers', handlers.list, listEvent(deepCursor)),
    },
    get: {
      raw: (i) => () => rawGetById(client, BENCH_TABLE, LIST_TENANT, ids[i % ids.length]!),
      handler: (i) => invocation('GetDncNumber', handlers.get, getEvent(ids[i % ids.length]!)),
    },
  } satisfies Record<string, { raw: PreparedPath; handler: PreparedPath }>;

  await verifySameWork(pairs, { deepPage, checked: CHECKED_NUMBERS, blocked: CHECKED_NUMBERS / BLOCKED_EVERY, getId: ids[0]! });

  return {
    facts: {
      singleCheckPool: SINGLE_CHECK_POOL,
      checkedNumbers: CHECKED_NUMBERS,
      blockedNumbers: CHECKED_NUMBERS / BLOCKED_EVERY,
      listEntries,
      pageSize: PAGE_SIZE,
      deepPage,
    },
    pairs,
    /** Each read function's cold start: one request, which its raw baseline serves as well. */
    coldStarts: [
      { id: 'CheckDncNumber', rawEntry: RAW_BATCH_GET_HANDLER, event: () => checkEvent(singlePool[0]!), expected: { statusCode: 200 } },
      { id: 'CheckDncNumbers', rawEntry: RAW_BATCH_GET_HANDLER, event: () => checkManyEvent(), expected: { statusCode: 200 } },
      { id: 'ListDncNumbers', rawEntry: RAW_QUERY_HANDLER, event: () => listEvent(), expected: { statusCode: 200 } },
      { id: 'GetDncNumber', rawEntry: RAW_QUERY_HANDLER, event: () => getEvent(ids[0]!), expected: { statusCode: 200 } },
    ] satisfies ColdStartFunction[],
  };
};

type Pair = { raw: PreparedPath; handler: PreparedPath };

/** Fails the bench unless each raw baseline reads the very items its handler answers from. */
const verifySameWork = async (
  pairs: Record<'check' | 'checkMany' | 'listFirstPage' | 'listDeepPage' | 'get', Pair>,
  expected: { deepPage: number; checked: number; blocked: number; getId: string },
) => {
  const raw = async (pair: Pair, i = 0) => (await pair.raw(i)()) as Record<string, unknown>[];
  const handler = async <T>(pair: Pair, i = 0) => JSON.parse(((await pair.handler(i)()) as HttpResponse).body) as T;

  type CheckBody = { blocked: boolean; entries: { id: string }[] };
  const single = await handler<CheckBody>(pairs.check);
  deepStrictEqual(idsOf(await raw(pairs.check)).sort(), single.entries.map((entry) => entry.id).sort());
  deepStrictEqual(single.entries.length, 2, 'the first single-check number is blocked globally and for the user');

  const many = await handler<{ results: CheckBody[] }>(pairs.checkMany);
  deepStrictEqual(many.results.length, expected.checked);
  deepStrictEqual(many.results.filter((result) => result.blocked).length, expected.blocked);
  deepStrictEqual(
    idsOf(await raw(pairs.checkMany)).sort(),
    many.results.flatMap((result) => result.entries.map((entry) => entry.id)).sort(),
  );

  for (const [name, pair, page] of [
    ['first', pairs.listFirstPage, 1],
    ['deep', pairs.listDeepPage, expected.deepPage],
  ] as const) {
    const body = await handler<{ data: { id: string }[]; page: number; hasMore: boolean }>(pair);
    const items = await raw(pair);
    deepStrictEqual(body.page, page, `${name} list page`);
    deepStrictEqual(
      body.data.map((entry) => entry.id),
      newest(items, PAGE_SIZE),
      `${name} list page: the handler's page is the newest of the raw reads`,
    );
  }

  const got = await handler<{ id: string }>(pairs.get);
  deepStrictEqual(got.id, expected.getId);
  deepStrictEqual(idsOf(await raw(pairs.get)), [expected.getId]);
};

export type ReadBench = Awaited<ReturnType<typeof setUpReads>>;
