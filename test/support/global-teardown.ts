import type { DynamoDbLocal } from '../../local/dynamodb-local';
import type { EventSink } from '../../local/event-sink';

export default async function globalTeardown(): Promise<void> {
  const { dynamoDbLocal, eventSink } = globalThis as { dynamoDbLocal?: DynamoDbLocal; eventSink?: EventSink };
  await eventSink?.close();
  await dynamoDbLocal?.stop();
}
