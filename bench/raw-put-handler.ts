import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';

// The baseline: the least a handler can do for the same write (no validation, no middleware,
// no logging), bundled with the same options as the real functions.
const client = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: process.env.DYNAMODB_ENDPOINT || undefined }), {
  marshallOptions: { removeUndefinedValues: true },
});

export const handler = async (event: { body: string }) => {
  const { phoneNumber } = JSON.parse(event.body) as { phoneNumber: string };
  const now = new Date().toISOString();
  await client.send(
    new PutCommand({
      TableName: process.env.TABLE_NAME,
      Item: {
        pk: `TENANT#raw#PHONE#${phoneNumber}`,
        sk: 'SCOPE#GLOBAL',
        id: randomUUID(),
        tenantId: 'raw',
        phoneNumber,
        userId: null,
        reason: null,
        createdAt: now,
        updatedAt: now,
        createdBy: 'bench',
      },
      ConditionExpression: 'attribute_not_exists(pk)',
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    }),
  );
  return { statusCode: 201, body: '{}' };
};
