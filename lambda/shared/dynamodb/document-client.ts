import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { endpointOverride } from '../aws/local-overrides.js';
import { sdkClientSettings } from '../aws/sdk-timeouts.js';

/**
 * One client per process, created at module scope so warm invocations reuse its
 * connections. `DYNAMODB_ENDPOINT` points the same bundle at DynamoDB Local.
 */
export const createDocumentClient = (env: NodeJS.ProcessEnv = process.env): DynamoDBDocumentClient =>
  DynamoDBDocumentClient.from(new DynamoDBClient({ ...endpointOverride('DYNAMODB_ENDPOINT', env), ...sdkClientSettings(env) }), {
    marshallOptions: { removeUndefinedValues: true },
  });
