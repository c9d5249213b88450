import { GetCommand, ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dncNumberKey } from '../../lambda/shared/domain/dnc-number';

/** Every item a tenant owns (DNC entries and Idempotency-Key records). */
export const itemsOfTenant = async (client: DynamoDBDocumentClient, tenantId: string) => {
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: process.env.TABLE_NAME,
        FilterExpression: 'tenantId = :tenantId',
        ExpressionAttributeValues: { ':tenantId': tenantId },
        ExclusiveStartKey,
      }),
    );
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
};

export const getDncNumber = async (client: DynamoDBDocumentClient, tenantId: string, phoneNumber: string, userId: string | null = null) =>
  (await client.send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: dncNumberKey(tenantId, phoneNumber, userId) }))).Item;
