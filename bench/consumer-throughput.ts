import { deepStrictEqual } from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { changesOf } from '../lambda/shared/domain/change';
import { newDncNumber } from '../lambda/shared/domain/dnc-number';
import { toHistoryItem } from '../lambda/shared/dynamodb/items';
import { entryWriteOf } from '../lambda/shared/dynamodb/stream-records';
import { changeStreamSettings } from '../lib/change-stream-settings';
import { lambdaContext } from '../local/api-gateway-events';
import { workDirectory } from './bundles';
import { countRequests } from './count-requests';
import { startEventSinkProcess } from './event-sink-process';
import { rawHistoryPuts } from './raw-history-puts';
import { BENCH_TABLE, type Bench, nextPhoneNumber } from './setup';
import { type PreparedPath, sideBySide } from './side-by-side';
import { latencySummary, ratio, round } from './stats';
import { streamInsertsOf } from './stream-inserts';

/** Records per invocation: the event source mapping's batch size. */
const BATCH = changeStreamSettings.batchSize;
// Tenant ids of the same length, so both sides write history items of the same size.
const CONSUMER_TENANT = 'bench-cons-api';
const RAW_TENANT = 'bench-cons-raw';
const EVENT_BUS_NAME = 'dnc-events-bench';
const CONSUMER_TIMEOUT_MILLIS = 60_000;

type Consumer = (event: DynamoDBStreamEvent, context: ReturnType<typeof lambdaContext>) => Promise<DynamoDBBatchResponse>;

const tenantOf = (record: DynamoDBRecord): string | undefined => /^TENANT#(.+)#PHONE#/.exec(record.dynamodb?.Keys?.pk?.S ?? '')?.[1];

/** `count` batches of `BATCH` inserts of new entries of the tenant, each of its own number, from the table's stream. */
const newEntries = (tenantId: string, count: number) => {
  const now = new Date();
  return Array.from({ length: count * BATCH }, () =>
    newDncNumber(
      { phoneNumber: nextPhoneNumber(), userId: null, reason: 'benchmark', expiresAt: null },
      { tenantId, subject: 'bench-seed', scopes: [] },
      { id: randomUUID(), now },
    ),
  );
};

const batchesOf = (records: readonly DynamoDBRecord[], tenantId: string, count: number): DynamoDBRecord[][] => {
  const own = records.filter((record) => tenantOf(record) === tenantId);
  return Array.from({ length: count }, (_, index) => own.slice(index * BATCH, (index + 1) * BATCH));
};

/** The history items the consumer writes for these records (`changesOf`, `toHistoryItem`): what the raw side puts. */
const historyItemsOf = (records: readonly DynamoDBRecord[]) =>
  records.flatMap((record) => changesOf(entryWriteOf(record)).map(toHistoryItem) as Record<string, unknown>[]);

/** Round `i` of the measurement is batch `i + 1`: batch 0 is for the check of both sides' work. */
const measured =
  (prepared: PreparedPath): PreparedPath =>
  (i) =>
    prepared(i + 1);

const perSecond = (records: number, milliseconds: number) => round((records / milliseconds) * 1000, 1);

/**
 * The change consumer (lambda/stream-consumer) in-process over batches of 100 real stream records
 * of inserts, against raw PutItems of the same history items, all 100 at once, interleaved round
 * by round. Each round takes fresh records for both sides (the consumer skips records it has
 * recorded: consuming one batch twice would measure less work); their entries are written and read
 * back from the table's stream off the clock. The consumer publishes to the local event sink, run
 * in a process of its own.
 */
export const measureConsumerThroughput = async (bench: Bench, sizes: { warmUp: number; requests: number }) => {
  const count = sizes.warmUp + sizes.requests + 1;
  const sink = await startEventSinkProcess(path.join(workDirectory, 'consumer-events.jsonl'));
  try {
    // Read at module scope by the consumer's modules, so set before it loads.
    Object.assign(process.env, { EVENT_BUS_NAME, EVENTBRIDGE_ENDPOINT: sink.endpoint });
    const records = await streamInsertsOf(bench, [...newEntries(CONSUMER_TENANT, count), ...newEntries(RAW_TENANT, count)]);
    const batches = { consumer: batchesOf(records, CONSUMER_TENANT, count), raw: batchesOf(records, RAW_TENANT, count) };
    const { handler } = (await import('../lambda/stream-consumer/index')) as { handler: Consumer };

    const paths = {
      consumer: (i) => {
        const event = { Records: batches.consumer[i]! };
        const context = lambdaContext('StreamConsumer', CONSUMER_TIMEOUT_MILLIS);
        return async () => {
          const { batchItemFailures } = await handler(event, context);
          if (batchItemFailures.length > 0) throw new Error(`the consumer failed ${batchItemFailures.length} of ${BATCH} records`);
        };
      },
      raw: (i) => {
        const items = historyItemsOf(batches.raw[i]!);
        return () => rawHistoryPuts(bench.documentClient, BENCH_TABLE, items);
      },
    } satisfies Record<string, PreparedPath>;

    const work = await verifySameWork(bench, paths, batches, sink.events);
    const samples = await sideBySide({ consumer: measured(paths.consumer), raw: measured(paths.raw) }, sizes);
    const consumer = latencySummary(samples.consumer);
    const raw = latencySummary(samples.raw);
    const consumerPerSecond = perSecond(BATCH, consumer.p50Ms);
    const rawPerSecond = perSecond(BATCH, raw.p50Ms);
    return {
      batchSize: BATCH,
      /** Requests per batch, and the most in flight at once, for each side (counted on batch 0). */
      work,
      /** Milliseconds per batch of 100. */
      consumer,
      raw,
      /** Records per second at the median batch time. */
      consumerPerSecond,
      rawPerSecond,
      consumerToRawThroughputRatio: ratio(consumerPerSecond, rawPerSecond),
    };
  } finally {
    await sink.close();
  }
};

/**
 * Fails the bench unless, on batch 0, the consumer sends one PutItem, one PutEvents and one
 * UpdateItem per record, the raw side the same PutItems, both sides' history items have the same
 * attributes, and the consumer's events reached the sink; returns what each side sent.
 */
const verifySameWork = async (
  bench: Bench,
  paths: Record<'consumer' | 'raw', PreparedPath>,
  batches: Record<'consumer' | 'raw', DynamoDBRecord[][]>,
  events: () => { detail: Record<string, unknown> }[],
) => {
  for (const side of ['consumer', 'raw'] as const) {
    deepStrictEqual(new Set(batches[side].map((batch) => batch.length)), new Set([BATCH]), `${side}: batches of ${BATCH} records`);
  }
  const consumer = await countRequests(paths.consumer(0));
  const raw = await countRequests(paths.raw(0));
  deepStrictEqual(consumer.sent, { PutItem: BATCH, PutEvents: BATCH, UpdateItem: BATCH }, 'consumer: requests sent');
  deepStrictEqual(raw.sent, { PutItem: BATCH }, 'raw: requests sent');
  deepStrictEqual(raw.maxInFlight, { PutItem: BATCH }, 'raw: all PutItems in flight at once');

  const attributesOf = async (item: Record<string, unknown>) => {
    const { Item } = await bench.documentClient.send(
      new GetCommand({ TableName: BENCH_TABLE, Key: { pk: item.pk, sk: item.sk }, ConsistentRead: true }),
    );
    if (Item === undefined) throw new Error(`bench: no history item ${String(item.sk)}`);
    return Item;
  };
  const consumerItem = await attributesOf(historyItemsOf(batches.consumer[0]!)[0]!);
  const rawItem = await attributesOf(historyItemsOf(batches.raw[0]!)[0]!);
  deepStrictEqual(consumerItem.published, true, 'the consumer marked its history item published');
  deepStrictEqual(Object.keys(consumerItem).sort(), Object.keys(rawItem).sort(), 'both sides store history items with the same attributes');
  deepStrictEqual(
    events().filter((event) => event.detail.tenantId === CONSUMER_TENANT).length,
    BATCH,
    'the consumer published one event per record',
  );
  return { consumer, raw };
};
