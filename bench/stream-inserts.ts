import { setTimeout as sleep } from 'node:timers/promises';
import type { DynamoDBRecord } from 'aws-lambda';
import type { DncNumber } from '../lambda/shared/domain/dnc-number';
import { toEntryItem } from '../lambda/shared/dynamodb/items';
import { entryKey } from '../lambda/shared/dynamodb/keys';
import { localDynamoDbClient } from '../local/dynamodb-local';
import { TableStreamReader } from '../local/table-stream';
import { batchWriteItems } from './batch-write';
import { BENCH_TABLE, type Bench } from './setup';

const READ_TIMEOUT_MILLIS = 120_000;

/**
 * Writes the entries off the clock and returns the records of their inserts from the bench
 * table's real stream (DynamoDB Local), read as the event source mapping reads them
 * (local/table-stream.ts), in stream order. Each entry must be of its own number.
 */
export const streamInsertsOf = async (bench: Bench, entries: readonly DncNumber[]): Promise<DynamoDBRecord[]> => {
  const wanted = new Set(entries.map((entry) => entryKey(entry.tenantId, entry.phoneNumber, entry.userId).pk));
  if (wanted.size !== entries.length) throw new Error('bench: stream inserts need one entry per number');
  const client = localDynamoDbClient(process.env.DYNAMODB_ENDPOINT as string);
  const reader = await TableStreamReader.open(client, BENCH_TABLE, 'LATEST');
  try {
    await batchWriteItems(bench.documentClient, BENCH_TABLE, entries.map(toEntryItem));
    const records: DynamoDBRecord[] = [];
    const deadline = Date.now() + READ_TIMEOUT_MILLIS;
    while (records.length < wanted.size) {
      if (Date.now() > deadline)
        throw new Error(`bench: ${records.length} of ${wanted.size} inserts on the stream after ${READ_TIMEOUT_MILLIS} ms`);
      const read = await reader.read();
      records.push(...read.filter((record) => record.eventName === 'INSERT' && wanted.has(record.dynamodb?.Keys?.pk?.S ?? '')));
      if (read.length === 0) await sleep(100);
    }
    return records;
  } finally {
    reader.close();
    client.destroy();
  }
};
