import { localAwsEnvironment, localDynamoDbClient, ensureDncTable, startDynamoDbLocal } from '../../local/dynamodb-local';

export const TEST_TABLE_NAME = 'dnc-numbers-test';

/** One in-memory DynamoDB Local for the whole run; tests isolate themselves by tenant. */
export default async function globalSetup(): Promise<void> {
  if (!process.versions.node.startsWith('24.')) {
    throw new Error(`tests run on Node 24 (got ${process.version}): start them with npm test, which uses node@24 from devDependencies`);
  }
  const dynamoDb = await startDynamoDbLocal();
  Object.assign(process.env, localAwsEnvironment, {
    DYNAMODB_ENDPOINT: dynamoDb.endpoint,
    TABLE_NAME: TEST_TABLE_NAME,
  });
  const client = localDynamoDbClient(dynamoDb.endpoint);
  await ensureDncTable(client, TEST_TABLE_NAME);
  client.destroy();
  (globalThis as { dynamoDbLocal?: typeof dynamoDb }).dynamoDbLocal = dynamoDb;
}
