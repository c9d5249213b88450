import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';

/**
 * The bulk route's DynamoDB work as bare SDK calls: one conditional PutItem per entry, with the
 * repository's condition and `ReturnValuesOnConditionCheckFailure`, a fixed number in flight
 * (lambda/shared/dynamodb/dnc-number-repository.ts, `addAll`), and nothing around them.
 */

/** The repository's `ADD_CONCURRENCY` (not exported); bench/bulk-path.ts checks both sides keep exactly this many in flight. */
export const RAW_PUT_CONCURRENCY = 32;

/** Puts every item unless its key is taken, `concurrency` at a time; rejects on the first error (none is expected: every number is new). */
export const rawConditionalPuts = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  items: readonly Record<string, unknown>[],
  concurrency = RAW_PUT_CONCURRENCY,
): Promise<number> => {
  let next = 0;
  let written = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next]!;
      next += 1;
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: item,
          ConditionExpression: 'attribute_not_exists(pk)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      written += 1;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return written;
};
