import type { DynamoDbLocal } from '../../local/dynamodb-local';
import type { EventSink } from '../../local/event-sink';

export default async function globalTeardown(): Promise<void> {
  // A DynamoDB Local shared by `npm run mutate` has no `stop` here: its starter stops it.
  const { dynamoDbLocal, eventSink } = globalThis as { dynamoDbLocal?: Partial<DynamoDbLocal>; eventSink?: EventSink };
  await eventSink?.close();
  await dynamoDbLocal?.stop?.();
}
