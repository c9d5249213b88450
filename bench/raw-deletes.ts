import { DeleteCommand, type DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { rawGetById } from './raw-reads';

/**
 * The delete route's DynamoDB work as bare SDK calls (lambda/shared/dynamodb/dnc-number-repository.ts,
 * `remove`), and the literal baseline, one conditional DeleteItem. Kept free of project
 * imports like the other raw baselines; bench/delete-path.ts checks at start that the receipt is
 * the project's (`toRemovalReceiptItem`).
 */

type Key = Record<string, string>;

/** Who removes, and why: what the route takes from the caller and `?reason=`. */
export interface RawRemoval {
  by: string;
  reason: string | null;
}

// The repository's condition: exactly this entry, and only while it is live.
const LIVE_ENTRY_WITH_ID = 'id = :id AND (attribute_not_exists(expiresAtIso) OR expiresAtIso > :now)';
const RECEIPT_LIFETIME_SECONDS = 30 * 24 * 60 * 60;

export const rawRemovalReceipt = (entry: { pk: string; id: string }, { by, reason }: RawRemoval, at: string) => ({
  pk: entry.pk,
  sk: `REMOVAL#${entry.id}`,
  entryId: entry.id,
  by,
  reason,
  at,
  expiresAt: Math.floor(Date.parse(at) / 1000) + RECEIPT_LIFETIME_SECONDS,
});

/** The route's work: the entry by id (Query byId, `Limit` 1), then its conditional Delete and its receipt's conditional Put in one transaction. */
export const rawRemove = async (client: DynamoDBDocumentClient, tableName: string, tenantId: string, id: string, removal: RawRemoval) => {
  const [entry] = (await rawGetById(client, tableName, tenantId, id)) as { pk: string; sk: string; id: string }[];
  if (entry === undefined) throw new Error(`raw remove: no entry ${id}`);
  const at = new Date().toISOString();
  await client.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Delete: {
            TableName: tableName,
            Key: { pk: entry.pk, sk: entry.sk },
            ConditionExpression: LIVE_ENTRY_WITH_ID,
            ExpressionAttributeValues: { ':id': entry.id, ':now': at },
          },
        },
        { Put: { TableName: tableName, Item: rawRemovalReceipt(entry, removal, at), ConditionExpression: 'attribute_not_exists(pk)' } },
      ],
    }),
  );
  return entry;
};

/** The baseline: one DeleteItem of an entry whose key and id are known, with the same condition. */
export const rawConditionalDelete = (client: DynamoDBDocumentClient, tableName: string, key: Key, id: string) =>
  client.send(
    new DeleteCommand({
      TableName: tableName,
      Key: key,
      ConditionExpression: LIVE_ENTRY_WITH_ID,
      ExpressionAttributeValues: { ':id': id, ':now': new Date().toISOString() },
    }),
  );
