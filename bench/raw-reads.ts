import { BatchGetCommand, type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';

/**
 * The read routes' DynamoDB work as bare SDK calls: the commands, keys and limits the repository
 * issues (lambda/shared/dynamodb: batch-get.ts, sharded-query.ts, dnc-number-repository.ts), and
 * nothing around them. Kept free of project imports: the raw bundles include it; bench/read-setup.ts
 * checks at start that these keys are the project's.
 */

type Key = Record<string, string>;
/** A shard's place in a list: from its start, after this key, or read to its end. */
export type RawShardPosition = Key | 'start' | 'done';

export const RAW_WRITE_SHARDS = 4;
const KEYS_PER_CALL = 100;

export const rawEntryKey = (tenantId: string, phoneNumber: string, userId: string | null): Key => ({
  pk: `TENANT#${tenantId}#PHONE#${phoneNumber}`,
  sk: userId === null ? 'SCOPE#GLOBAL' : `SCOPE#USER#${userId}`,
});

export const rawGlobalScopePartition = (tenantId: string, shard: number): string => `TENANT#${tenantId}#GLOBAL#SHARD#${shard}`;

export const rawIdPartition = (tenantId: string, id: string): string => `TENANT#${tenantId}#ID#${id}`;

/** Each number's global key and, with a user, that user's: the keys the check routes read. */
export const rawCheckKeys = (tenantId: string, phoneNumbers: readonly string[], userId: string | null): Key[] =>
  phoneNumbers.flatMap((phoneNumber) => [
    rawEntryKey(tenantId, phoneNumber, null),
    ...(userId === null ? [] : [rawEntryKey(tenantId, phoneNumber, userId)]),
  ]);

/** Strongly consistent BatchGetItem, 100 keys a call, the calls in parallel. */
export const rawBatchGet = async (client: DynamoDBDocumentClient, tableName: string, keys: readonly Key[]) => {
  const calls = [];
  for (let start = 0; start < keys.length; start += KEYS_PER_CALL) {
    calls.push(
      client.send(
        new BatchGetCommand({ RequestItems: { [tableName]: { Keys: keys.slice(start, start + KEYS_PER_CALL), ConsistentRead: true } } }),
      ),
    );
  }
  const results = await Promise.all(calls);
  // DynamoDB Local does not throttle; a key left unprocessed would make this less work than the handler's.
  if (results.some((result) => (result.UnprocessedKeys?.[tableName]?.Keys?.length ?? 0) > 0)) throw new Error('unprocessed keys');
  return results.flatMap((result) => result.Responses?.[tableName] ?? []);
};

/**
 * One list page's reads for `type=global, sort_column=createdAt, sort_desc=true`: one Query per
 * write shard of byScopeCreated still open, `Limit` page size + 1, newest first, in parallel.
 */
export const rawListQueries = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  tenantId: string,
  { positions, limit }: { positions: readonly RawShardPosition[]; limit: number },
) => {
  const shards = Array.from({ length: RAW_WRITE_SHARDS }, (_, shard) => shard);
  const results = await Promise.all(
    shards
      .filter((shard) => positions[shard] !== 'done')
      .map((shard) => {
        const position = positions[shard];
        return client.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: 'byScopeCreated',
            KeyConditionExpression: '#pk = :pk',
            ExpressionAttributeNames: { '#pk': 'scopePk' },
            ExpressionAttributeValues: { ':pk': rawGlobalScopePartition(tenantId, shard) },
            ScanIndexForward: false,
            Limit: limit,
            ...(typeof position === 'object' ? { ExclusiveStartKey: position } : {}),
          }),
        );
      }),
  );
  return results.flatMap((result) => result.Items ?? []);
};

/** The entry with this id: a Query of index byId, `Limit` 1. */
export const rawGetById = async (client: DynamoDBDocumentClient, tableName: string, tenantId: string, id: string) => {
  const { Items = [] } = await client.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: 'byId',
      KeyConditionExpression: 'idPk = :idPk',
      ExpressionAttributeValues: { ':idPk': rawIdPartition(tenantId, id) },
      Limit: 1,
    }),
  );
  return Items;
};
