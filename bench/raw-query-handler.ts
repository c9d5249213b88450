import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { rawGetById, rawListQueries } from './raw-reads';

// The baseline of the list and get routes: the least a handler can do for the same queries (no
// validation, no middleware, no logging), bundled with the same options as the real functions.
const client = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: process.env.DYNAMODB_ENDPOINT || undefined }), {
  marshallOptions: { removeUndefinedValues: true },
});

interface Event {
  pathParameters?: Record<string, string>;
  queryStringParameters?: Record<string, string>;
  requestContext: { authorizer: { lambda: { tenantId: string } } };
}

/** `{id}` in the path: get by id; otherwise the first page of a global, newest-first list of `size`. */
export const handler = async (event: Event) => {
  const tenantId = event.requestContext.authorizer.lambda.tenantId;
  const id = event.pathParameters?.id;
  if (id !== undefined) await rawGetById(client, process.env.TABLE_NAME!, tenantId, id);
  else {
    const size = Number(event.queryStringParameters?.size ?? 20);
    await rawListQueries(client, process.env.TABLE_NAME!, tenantId, { positions: [], limit: size + 1 });
  }
  return { statusCode: 200, body: '{}' };
};
