import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';

/**
 * The change consumer's first call per change as a bare SDK call: the history item's PutItem with
 * its condition (lambda/shared/dynamodb/history-repository.ts, `record`), all items at once, as the
 * consumer starts every record of a batch whose records are of different numbers.
 */
export const rawHistoryPuts = async (client: DynamoDBDocumentClient, tableName: string, items: readonly Record<string, unknown>[]) => {
  await Promise.all(
    items.map((item) =>
      client.send(
        new PutCommand({
          TableName: tableName,
          Item: item,
          ConditionExpression: 'attribute_not_exists(pk) OR published = :false',
          ExpressionAttributeValues: { ':false': false },
        }),
      ),
    ),
  );
  return items.length;
};
