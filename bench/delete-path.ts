import { deepStrictEqual } from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { type DncNumber, newDncNumber } from '../lambda/shared/domain/dnc-number';
import { toEntryItem, toRemovalReceiptItem } from '../lambda/shared/dynamodb/items';
import { entryKey, removalReceiptKey } from '../lambda/shared/dynamodb/keys';
import type { HttpResponse } from '../lambda/shared/http/response';
import { routeById, scopes } from '../lib/routes';
import { lambdaContext, proxyEvent } from '../local/api-gateway-events';
import { batchWriteItems } from './batch-write';
import { countRequests } from './count-requests';
import { type RawRemoval, rawConditionalDelete, rawRemove } from './raw-deletes';
import { BENCH_TABLE, type Bench, nextPhoneNumber } from './setup';
import { type PreparedPath, sideBySide } from './side-by-side';
import { latencySummary, ratio } from './stats';

// Tenant ids of the same length, so every side deletes items of the same size.
const HANDLER_TENANT = 'bench-del-api';
const RAW_TENANT = 'bench-del-raw';
const DELETE_ITEM_TENANT = 'bench-del-key';
const REMOVAL: RawRemoval = { by: 'bench', reason: 'benchmark' };

type Handler = (event: never, context: Context) => Promise<unknown>;
type Sides = 'handler' | 'rawSameWork' | 'rawDeleteItem';

/** `count` live entries of the tenant, as the create handler stores them, each a new number. */
const newEntries = (tenantId: string, count: number): DncNumber[] => {
  const now = new Date();
  return Array.from({ length: count }, () =>
    newDncNumber(
      { phoneNumber: nextPhoneNumber(), userId: null, reason: 'benchmark', expiresAt: null },
      { tenantId, subject: 'bench-seed', scopes: [] },
      { id: randomUUID(), now },
    ),
  );
};

/** Request `i` of the measurement is entry `i + 1`: entry 0 is for the check of each side's work. */
const measured =
  (prepared: PreparedPath): PreparedPath =>
  (i) =>
    prepared(i + 1);

/**
 * `DELETE /v1/dnc_numbers/{id}` in-process against (a) the raw calls doing the same job (Query
 * byId, then one TransactWriteItems: the entry's conditional Delete and its receipt's conditional
 * Put) and (b) the baseline, one conditional DeleteItem of an entry whose key is known,
 * interleaved request by request. Every request deletes its own entry, seeded off the clock, as
 * many for each side.
 */
export const measureDeletePath = async (bench: Bench, sizes: { warmUp: number; requests: number }) => {
  const count = sizes.warmUp + sizes.requests + 1;
  const entries: Record<Sides, DncNumber[]> = {
    handler: newEntries(HANDLER_TENANT, count),
    rawSameWork: newEntries(RAW_TENANT, count),
    rawDeleteItem: newEntries(DELETE_ITEM_TENANT, count),
  };
  await batchWriteItems(bench.documentClient, BENCH_TABLE, Object.values(entries).flat().map(toEntryItem));

  const route = routeById('DeleteDncNumber');
  const handler = (await import('../lambda/delete-dnc-number/index')).handler as Handler;
  const client = bench.documentClient;
  const paths = {
    handler: (i) => {
      const { id } = entries.handler[i]!;
      const event = proxyEvent(
        route,
        { method: 'DELETE', rawPath: `/v1/dnc_numbers/${id}`, rawQueryString: `reason=${REMOVAL.reason}`, pathParameters: { id } },
        { tenantId: HANDLER_TENANT, subject: REMOVAL.by, scopes: scopes.delete },
      );
      const context = lambdaContext(route.id, 10_000);
      return async () => {
        const response = (await handler(event as never, context)) as HttpResponse;
        if (response.statusCode !== 200) throw new Error(`delete answered ${response.statusCode}: ${response.body}`);
        return response;
      };
    },
    rawSameWork: (i) => {
      const { id } = entries.rawSameWork[i]!;
      return () => rawRemove(client, BENCH_TABLE, RAW_TENANT, id, REMOVAL);
    },
    rawDeleteItem: (i) => {
      const entry = entries.rawDeleteItem[i]!;
      const key = entryKey(entry.tenantId, entry.phoneNumber, entry.userId);
      return () => rawConditionalDelete(client, BENCH_TABLE, key, entry.id);
    },
  } satisfies Record<Sides, PreparedPath>;

  await verifySameWork(bench, paths, entries);
  const samples = await sideBySide(
    { handler: measured(paths.handler), rawSameWork: measured(paths.rawSameWork), rawDeleteItem: measured(paths.rawDeleteItem) },
    sizes,
  );
  const handlerSummary = latencySummary(samples.handler);
  const rawSameWork = latencySummary(samples.rawSameWork);
  const rawDeleteItem = latencySummary(samples.rawDeleteItem);
  return {
    rawDeleteItem,
    rawSameWork,
    handler: handlerSummary,
    handlerToRawP50Ratio: ratio(handlerSummary.p50Ms, rawSameWork.p50Ms),
    handlerToRawP95Ratio: ratio(handlerSummary.p95Ms, rawSameWork.p95Ms),
    handlerToRawP99Ratio: ratio(handlerSummary.p99Ms, rawSameWork.p99Ms),
    handlerToDeleteItemP50Ratio: ratio(handlerSummary.p50Ms, rawDeleteItem.p50Ms),
    /** What the route's design costs before any handler overhead: the id lookup and the receipt. */
    rawSameWorkToDeleteItemP50Ratio: ratio(rawSameWork.p50Ms, rawDeleteItem.p50Ms),
  };
};

/**
 * Fails the bench unless, on entry 0 of each side, the handler and the raw same-work side send one
 * Query and one TransactWriteItems, the baseline one DeleteItem, every entry is gone after, and
 * both receipts are the project's (`toRemovalReceiptItem`).
 */
const verifySameWork = async (bench: Bench, paths: Record<Sides, PreparedPath>, entries: Record<Sides, DncNumber[]>) => {
  const sentBy = async (side: Sides) => (await countRequests(paths[side](0))).sent;
  deepStrictEqual(await sentBy('handler'), { Query: 1, TransactWriteItems: 1 }, 'handler: requests sent');
  deepStrictEqual(await sentBy('rawSameWork'), { Query: 1, TransactWriteItems: 1 }, 'raw same work: requests sent, as the handler');
  deepStrictEqual(await sentBy('rawDeleteItem'), { DeleteItem: 1 }, 'raw DeleteItem: requests sent');

  const get = async (key: Record<string, string>) =>
    (await bench.documentClient.send(new GetCommand({ TableName: BENCH_TABLE, Key: key, ConsistentRead: true }))).Item;
  for (const side of ['handler', 'rawSameWork', 'rawDeleteItem'] as const) {
    const entry = entries[side][0]!;
    deepStrictEqual(await get(entryKey(entry.tenantId, entry.phoneNumber, entry.userId)), undefined, `${side}: the entry is gone`);
  }
  for (const side of ['handler', 'rawSameWork'] as const) {
    const entry = entries[side][0]!;
    const receipt = await get(removalReceiptKey(entry.tenantId, entry.phoneNumber, entry.id));
    if (receipt === undefined) throw new Error(`bench: ${side} left no removal receipt`);
    deepStrictEqual(receipt, toRemovalReceiptItem(entry, { ...REMOVAL, at: String(receipt.at) }), `${side}: the receipt is the project's`);
  }
};
