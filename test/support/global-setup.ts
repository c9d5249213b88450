import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureServiceTables, localAwsEnvironment, localDynamoDbClient, startDynamoDbLocal } from '../../local/dynamodb-local';
import { localTableNames, serviceTableEnvironment } from '../../lib/table-definition';
import { startEventSink } from '../../local/event-sink';

const testTables = localTableNames('test');
export const TEST_EVENT_BUS_NAME = 'dnc-events-test';

/**
 * Set by `npm run mutate` (test/support/mutate.ts): the DynamoDB Local it started once for the
 * whole mutation run, which every jest run then shares instead of starting its own (3.5 s each).
 */
export const SHARED_DYNAMODB_ENDPOINT = 'SHARED_TEST_DYNAMODB_ENDPOINT';

/** One in-memory DynamoDB Local for the whole run; tests isolate themselves by tenant. */
export default async function globalSetup(): Promise<void> {
  if (!process.versions.node.startsWith('24.')) {
    throw new Error(`tests run on Node 24 (got ${process.version}): start them with npm test, which uses node@24 from devDependencies`);
  }
  const shared = process.env[SHARED_DYNAMODB_ENDPOINT];
  // A shared one is stopped by whoever started it: globalTeardown finds no `stop` of it.
  const dynamoDb = shared ? { endpoint: shared } : await startDynamoDbLocal();
  // The change consumer's events land in this file (test/support/change-stream.ts reads it).
  const eventsFile = join(mkdtempSync(join(tmpdir(), 'dnc-events-')), 'events.jsonl');
  writeFileSync(eventsFile, '');
  const eventSink = await startEventSink({ file: eventsFile });
  Object.assign(process.env, localAwsEnvironment, {
    DYNAMODB_ENDPOINT: dynamoDb.endpoint,
    ...serviceTableEnvironment(testTables),
    EVENT_BUS_NAME: TEST_EVENT_BUS_NAME,
    EVENTBRIDGE_ENDPOINT: eventSink.endpoint,
    LOCAL_EVENTS_FILE: eventsFile,
    // EMF documents would land in every suite's output; test/integration/metrics.test.ts turns them on.
    POWERTOOLS_METRICS_DISABLED: process.env.POWERTOOLS_METRICS_DISABLED ?? 'true',
  });
  const client = localDynamoDbClient(dynamoDb.endpoint);
  await ensureServiceTables(client, testTables);
  client.destroy();
  Object.assign(globalThis, { dynamoDbLocal: dynamoDb, eventSink });
}
