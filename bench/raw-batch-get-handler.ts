import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { rawBatchGet, rawCheckKeys } from './raw-reads';

// The baseline of both check routes: the least a handler can do for the same reads (no
// validation, no middleware, no logging), bundled with the same options as the real functions.
const client = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: process.env.DYNAMODB_ENDPOINT || undefined }), {
  marshallOptions: { removeUndefinedValues: true },
});

interface Event {
  body?: string;
  queryStringParameters?: Record<string, string>;
  requestContext: { authorizer: { lambda: { tenantId: string } } };
}

export const handler = async (event: Event) => {
  const { phoneNumbers, userId = null } =
    event.body === undefined
      ? { phoneNumbers: [event.queryStringParameters!.phoneNumber!], userId: event.queryStringParameters!.userId }
      : (JSON.parse(event.body) as { phoneNumbers: string[]; userId?: string | null });
  const tenantId = event.requestContext.authorizer.lambda.tenantId;
  await rawBatchGet(client, process.env.TABLE_NAME!, rawCheckKeys(tenantId, phoneNumbers, userId));
  return { statusCode: 200, body: '{}' };
};
