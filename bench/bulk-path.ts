import { deepStrictEqual } from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { Context } from 'aws-lambda';
import { MAX_BULK_NUMBERS } from '../lambda/shared/domain/bulk-add';
import { newDncNumber } from '../lambda/shared/domain/dnc-number';
import { toEntryItem } from '../lambda/shared/dynamodb/items';
import { entryKey } from '../lambda/shared/dynamodb/keys';
import type { HttpResponse } from '../lambda/shared/http/response';
import { routeById, scopes } from '../lib/routes';
import { lambdaContext, proxyEvent } from '../local/api-gateway-events';
import { RAW_PUT_CONCURRENCY, rawConditionalPuts } from './raw-puts';
import { BENCH_TABLE, type Bench, nextPhoneNumber } from './setup';
import { type PreparedPath, sideBySide } from './side-by-side';
import { latencySummary, ratio } from './stats';

/** Both sides write this many new numbers per request: the route's largest request. */
const NUMBERS = MAX_BULK_NUMBERS;
// Tenant ids of the same length, so both sides write items of the same size.
const RAW_TENANT = 'bench-bulk-raw';
const HANDLER_TENANT = 'bench-bulk-api';
const SUBJECT = 'bench';
const REASON = 'benchmark';
const BULK_PATH = '/v1/dnc_numbers/bulk';

type Handler = (event: never, context: Context) => Promise<unknown>;

/** What the raw side sends: the items the handler would store for these numbers (`newDncNumber`, `toEntryItem`). */
const rawItems = (phoneNumbers: readonly string[]) => {
  const now = new Date();
  return phoneNumbers.map((phoneNumber) =>
    toEntryItem(
      newDncNumber(
        { phoneNumber, userId: null, reason: REASON, expiresAt: null },
        { tenantId: RAW_TENANT, subject: SUBJECT, scopes: [] },
        { id: randomUUID(), now },
      ),
    ),
  );
};

const freshNumbers = () => Array.from({ length: NUMBERS }, () => nextPhoneNumber());

/**
 * Counts the PutItem requests that reach the SDK's HTTP handler while `run` runs, and the most
 * in flight at once (a request counts until DynamoDB's answer arrives).
 */
const countPuts = async (run: () => Promise<unknown>) => {
  const original = NodeHttpHandler.prototype.handle;
  let puts = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  NodeHttpHandler.prototype.handle = function (this: NodeHttpHandler, request, options) {
    if (!String(request.headers['x-amz-target']).endsWith('.PutItem')) return original.call(this, request, options);
    puts += 1;
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    return original.call(this, request, options).finally(() => {
      inFlight -= 1;
    });
  };
  try {
    await run();
  } finally {
    NodeHttpHandler.prototype.handle = original;
  }
  return { puts, maxInFlight };
};

/**
 * `POST /v1/dnc_numbers/bulk` of 1,000 new numbers, in-process, against the same 1,000
 * conditional PutItems sent raw with as many in flight, interleaved round by round, fresh
 * numbers every round. Each side's request is prepared off the clock: the raw side's items, the
 * handler's event (its body as API Gateway passes it).
 */
export const measureBulkPath = async (bench: Bench, sizes: { warmUp: number; requests: number }) => {
  const route = routeById('BulkAddDncNumbers');
  const handler = (await import('../lambda/bulk-add-dnc-numbers/index')).handler as Handler;

  const raw: PreparedPath = () => {
    const items = rawItems(freshNumbers());
    return async () => {
      const written = await rawConditionalPuts(bench.documentClient, BENCH_TABLE, items, RAW_PUT_CONCURRENCY);
      if (written !== NUMBERS) throw new Error(`raw puts wrote ${written} of ${NUMBERS}`);
      return items;
    };
  };
  const viaHandler: PreparedPath = () => {
    const body = JSON.stringify({ phoneNumbers: freshNumbers().map((phoneNumber) => ({ phoneNumber, reason: REASON })) });
    const event = proxyEvent(
      route,
      { method: 'POST', rawPath: BULK_PATH, headers: { 'content-type': 'application/json' }, body },
      { tenantId: HANDLER_TENANT, subject: SUBJECT, scopes: scopes.write },
    );
    const context = lambdaContext(route.id, (route.timeoutSeconds ?? 25) * 1000);
    return async () => {
      const response = (await handler(event as never, context)) as HttpResponse;
      if (response.statusCode !== 201 || response.headers?.['dnc-created-count'] !== String(NUMBERS)) {
        throw new Error(
          `bulk answered ${response.statusCode} (${response.headers?.['dnc-created-count']} created): ${response.body.slice(0, 300)}`,
        );
      }
      return response;
    };
  };

  await verifySameWork(bench, raw, viaHandler);
  const samples = await sideBySide({ raw, handler: viaHandler }, sizes);
  const rawSummary = latencySummary(samples.raw);
  const handlerSummary = latencySummary(samples.handler);
  return {
    numbers: NUMBERS,
    concurrency: RAW_PUT_CONCURRENCY,
    raw: rawSummary,
    handler: handlerSummary,
    handlerToRawP50Ratio: ratio(handlerSummary.p50Ms, rawSummary.p50Ms),
    handlerToRawP95Ratio: ratio(handlerSummary.p95Ms, rawSummary.p95Ms),
    handlerToRawP99Ratio: ratio(handlerSummary.p99Ms, rawSummary.p99Ms),
  };
};

/**
 * Fails the bench unless both sides send DynamoDB the same work: 1,000 PutItems each, exactly
 * `RAW_PUT_CONCURRENCY` in flight at most (the repository's `ADD_CONCURRENCY`), and items with
 * the same attributes.
 */
const verifySameWork = async (bench: Bench, raw: PreparedPath, viaHandler: PreparedPath) => {
  const rawCall = raw(0);
  let items: Record<string, unknown>[] = [];
  const rawWork = await countPuts(async () => {
    items = (await rawCall()) as Record<string, unknown>[];
  });
  const handlerCall = viaHandler(0);
  let response: HttpResponse | undefined;
  const handlerWork = await countPuts(async () => {
    response = (await handlerCall()) as HttpResponse;
  });
  deepStrictEqual(rawWork, { puts: NUMBERS, maxInFlight: RAW_PUT_CONCURRENCY }, 'raw side: PutItems sent and most in flight');
  deepStrictEqual(handlerWork, rawWork, 'handler: PutItems sent and most in flight, as the raw side');

  const attributesOf = async (tenantId: string, phoneNumber: string) => {
    const { Item } = await bench.documentClient.send(
      new GetCommand({ TableName: BENCH_TABLE, Key: entryKey(tenantId, phoneNumber, null), ConsistentRead: true }),
    );
    if (Item === undefined) throw new Error(`bench: no item for ${tenantId} ${phoneNumber}`);
    return Object.keys(Item).sort();
  };
  const [firstDto] = JSON.parse(response!.body) as { phoneNumber: string }[];
  deepStrictEqual(
    await attributesOf(HANDLER_TENANT, firstDto!.phoneNumber),
    await attributesOf(RAW_TENANT, String(items[0]!.phoneNumber)),
    'the handler stores items with the raw side’s attributes',
  );
};
