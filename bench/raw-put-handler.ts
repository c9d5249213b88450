import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { sameShapeItem } from './same-shape-item';

// The baseline: the least a handler can do for the same write (no validation, no middleware,
// no logging), bundled with the same options as the real functions.
const client = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: process.env.DYNAMODB_ENDPOINT || undefined }), {
  marshallOptions: { removeUndefinedValues: true },
});

export const handler = async (event: { body: string }) => {
  const { phoneNumber } = JSON.parse(event.body) as { phoneNumber: string };
  await client.send(
    new PutCommand({
      TableName: process.env.TABLE_NAME,
      Item: sameShapeItem(phoneNumber, { tenantId: 'raw', reason: null }),
      ConditionExpression: 'attribute_not_exists(pk)',
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    }),
  );
  return { statusCode: 201, body: '{}' };
};
