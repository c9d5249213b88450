import { STATUS_CODES } from 'node:http';
import { type DynamoDBDocumentClient, GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';

/**
 * Table reads for tests. Keys are spelled out here on purpose (not
 * imported from lambda/shared/domain) so a change in how the service builds them
 * cannot silently change what these tests check.
 */
export const tableName = (): string => {
  const name = process.env.TABLE_NAME;
  if (!name) throw new Error('TABLE_NAME is not set: run through jest, whose global setup starts DynamoDB Local');
  return name;
};

export const entryKey = (tenantId: string, phoneNumber: string, userId: string | null = null) => ({
  pk: `TENANT#${tenantId}#PHONE#${phoneNumber}`,
  sk: userId === null ? 'SCOPE#GLOBAL' : `SCOPE#USER#${userId}`,
});

/** Every item matching a filter, following LastEvaluatedKey to the end of the table. */
export const scanItems = async (
  client: DynamoDBDocumentClient,
  filter: { expression: string; values: Record<string, unknown> },
): Promise<Record<string, any>[]> => {
  const items: Record<string, any>[] = [];
  let exclusiveStartKey: Record<string, any> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: tableName(),
        FilterExpression: filter.expression,
        ExpressionAttributeValues: filter.values,
        ConsistentRead: true,
        ...(exclusiveStartKey ? { ExclusiveStartKey: exclusiveStartKey } : {}),
      }),
    );
    items.push(...(page.Items ?? []));
    exclusiveStartKey = page.LastEvaluatedKey;
  } while (exclusiveStartKey);
  return items;
};

/** The items whose `tenantId` attribute is exactly this tenant. */
export const itemsOfTenant = (client: DynamoDBDocumentClient, tenantId: string) =>
  scanItems(client, { expression: 'tenantId = :tenantId', values: { ':tenantId': tenantId } });

export const getEntry = async (
  client: DynamoDBDocumentClient,
  tenantId: string,
  phoneNumber: string,
  userId: string | null = null,
): Promise<Record<string, any> | undefined> => {
  const { Item } = await client.send(
    new GetCommand({ TableName: tableName(), Key: entryKey(tenantId, phoneNumber, userId), ConsistentRead: true }),
  );
  return Item;
};

/**
 * The stored item holds the DTO's fields (and `extra`). An expiry is stored as `expiresAtIso` (the
 * DTO's string) and `expiresAt`, the TTL attribute: epoch seconds rounded up, so DynamoDB never
 * deletes an entry before it lapses. An entry without expiry carries neither attribute.
 */
export const expectEntryItemOf = <Dto extends { expiresAt: string | null }>(
  item: Record<string, any> | undefined,
  dto: Dto,
  extra: Record<string, unknown> = {},
) => {
  const { expiresAt, ...fields } = dto;
  if (expiresAt === null) {
    expect(item).toMatchObject({ ...fields, ...extra });
    expect(item).not.toHaveProperty('expiresAt');
    expect(item).not.toHaveProperty('expiresAtIso');
  } else {
    expect(item).toMatchObject({ ...fields, ...extra, expiresAtIso: expiresAt, expiresAt: Math.ceil(Date.parse(expiresAt) / 1000) });
  }
};

/** `{ message, error, statusCode }` with the status of the HTTP answer and its reason phrase. */
export const expectErrorShape = (response: { statusCode: number; headers?: Record<string, unknown>; json: Record<string, any> }) => {
  expect(response.headers?.['content-type']).toBe('application/json');
  expect(response.json).toEqual({
    message: expect.any(String),
    error: STATUS_CODES[response.statusCode],
    statusCode: response.statusCode,
  });
  expect(response.json.message.length).toBeGreaterThan(0);
};
