import { type DynamoDBDocumentClient, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DncNumber } from '../lambda/shared/domain/dnc-number';
import { indexKeys } from '../lambda/shared/dynamodb/keys';

export interface BackfillResult {
  scanned: number;
  updated: number;
  /** Removed or replaced between the scan and the update: nothing to do. */
  gone: number;
}

const SEGMENTS = 4;

// The fields `indexKeys` needs, aliased because some are DynamoDB reserved words.
const projection = {
  '#pk': 'pk',
  '#sk': 'sk',
  '#id': 'id',
  '#tenantId': 'tenantId',
  '#phoneNumber': 'phoneNumber',
  '#userId': 'userId',
  '#createdAt': 'createdAt',
};

const addIndexKeys = async (client: DynamoDBDocumentClient, tableName: string, item: Record<string, unknown>): Promise<boolean> => {
  const keys = indexKeys(item as unknown as Pick<DncNumber, 'tenantId' | 'phoneNumber' | 'userId' | 'id' | 'createdAt'>);
  const names = Object.keys(keys);
  try {
    await client.send(
      new UpdateCommand({
        TableName: tableName,
        Key: { pk: item.pk, sk: item.sk },
        UpdateExpression: `SET ${names.map((name) => `${name} = :${name}`).join(', ')}`,
        // The same entry still: not removed, not replaced by a re-add with another id.
        ConditionExpression: 'attribute_exists(pk) AND id = :id',
        ExpressionAttributeValues: {
          ':id': item.id,
          ...Object.fromEntries(names.map((name) => [`:${name}`, keys[name as keyof typeof keys]])),
        },
      }),
    );
    return true;
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
};

/**
 * Gives every DNC entry written before the list/get indexes existed the index attributes it
 * lacks (docs/adr/0001-list-and-get-indexes.md). Idempotent: entries that have them are not
 * touched, so it can be re-run after an interruption.
 */
export const backfillIndexKeys = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  { tenantId, onProgress = () => undefined }: { tenantId?: string; onProgress?: (result: BackfillResult) => void } = {},
): Promise<BackfillResult> => {
  const result: BackfillResult = { scanned: 0, updated: 0, gone: 0 };
  const scanSegment = async (segment: number) => {
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await client.send(
        new ScanCommand({
          TableName: tableName,
          Segment: segment,
          TotalSegments: SEGMENTS,
          FilterExpression: `begins_with(#sk, :scope) AND attribute_not_exists(idPk)${tenantId ? ' AND #tenantId = :tenantId' : ''}`,
          ProjectionExpression: Object.keys(projection).join(', '),
          ExpressionAttributeNames: projection,
          ExpressionAttributeValues: { ':scope': 'SCOPE#', ...(tenantId ? { ':tenantId': tenantId } : {}) },
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      result.scanned += page.ScannedCount ?? 0;
      for (const item of page.Items ?? []) {
        if (await addIndexKeys(client, tableName, item)) result.updated += 1;
        else result.gone += 1;
      }
      onProgress(result);
      startKey = page.LastEvaluatedKey;
    } while (startKey);
  };
  await Promise.all(Array.from({ length: SEGMENTS }, (_, segment) => scanSegment(segment)));
  return result;
};
