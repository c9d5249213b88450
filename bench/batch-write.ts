import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

const WRITE_BATCH = 25;
const CALLS_IN_FLIGHT = 4;

/** Puts the items off the clock, 25 a BatchWriteItem, 4 calls at a time, until none is left unprocessed. */
export const batchWriteItems = async (client: DynamoDBDocumentClient, tableName: string, items: readonly Record<string, unknown>[]) => {
  const batches = Array.from({ length: Math.ceil(items.length / WRITE_BATCH) }, (_, index) =>
    items.slice(index * WRITE_BATCH, (index + 1) * WRITE_BATCH).map((item) => ({ PutRequest: { Item: item } })),
  );
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      let pending: unknown[] = batches[next++]!;
      while (pending.length > 0) {
        const result = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending as never } }));
        pending = result.UnprocessedItems?.[tableName] ?? [];
      }
    }
  };
  await Promise.all(Array.from({ length: CALLS_IN_FLIGHT }, worker));
};
