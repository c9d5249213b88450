import { loadHandler } from './handler-modules';
import { appendFileSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import type { DynamoDBRecord } from 'aws-lambda';
import { changeStreamSettings } from '../lib/change-stream-settings';
import { localDynamoDbClient } from './dynamodb-local';
import { startEventSink } from './event-sink';
import type { createShutdown } from './shutdown';
import { type StreamConsumer, startStreamPoller } from './stream-poller';
import { TableStreamReader } from './table-stream';

const LOCAL_EVENT_BUS_NAME = 'dnc-events-local';

/** Where the change consumer's events and the stream records it gave up on go: fixed names in the data directory. */
export const changeFiles = (dataDirectory: string) => ({
  events: path.join(dataDirectory, 'events.jsonl'),
  streamFailures: path.join(dataDirectory, 'stream-failures.jsonl'),
});
/** A path as the banner shows it: relative to the working directory if it is under it. */
export const shown = (file: string) => {
  const relative = path.relative(process.cwd(), file);
  return relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
};

/**
 * Runs the stack's change consumer over the table's stream, as its event source mapping does in AWS:
 * an EventBridge stand-in that writes each event to a file, and a poller of the stream (from its
 * oldest record: the consumer is idempotent, and history from an earlier run's data is recorded).
 * The on-failure queue's stand-in is a file too. Both stop before DynamoDB Local does.
 */
export const startChangeConsumer = async (
  {
    endpoint,
    tableName,
    dataDirectory,
    functionTimeoutMillis,
    eventSinkPort,
    log,
  }: {
    endpoint: string;
    tableName: string;
    dataDirectory: string;
    functionTimeoutMillis: number;
    eventSinkPort?: number;
    log: (line: string) => void;
  },
  shutdown: ReturnType<typeof createShutdown>,
) => {
  const files = changeFiles(dataDirectory);
  mkdirSync(dataDirectory, { recursive: true });
  const sink = await startEventSink({ file: files.events, log, ...(eventSinkPort === undefined ? {} : { port: eventSinkPort }) });
  shutdown.onStop(() => sink.close());
  Object.assign(process.env, { EVENT_BUS_NAME: LOCAL_EVENT_BUS_NAME, EVENTBRIDGE_ENDPOINT: sink.endpoint });
  // Imported only now, like the routes: it reads its configuration at module scope.
  const handler = await loadHandler<StreamConsumer>('lambda/stream-consumer/index.ts');

  const client = localDynamoDbClient(endpoint);
  const reader = await TableStreamReader.open(client, tableName, 'TRIM_HORIZON');
  const onFailure = (record: DynamoDBRecord, reason: string) => {
    appendFileSync(files.streamFailures, `${JSON.stringify({ at: new Date().toISOString(), reason, record })}\n`);
    log(
      `stream record ${record.dynamodb?.SequenceNumber} (${record.eventName} ${record.dynamodb?.Keys?.pk?.S}) not recorded, written to ${shown(files.streamFailures)}: ${reason}`,
    );
  };
  const poller = startStreamPoller({
    reader,
    consume: handler,
    batchSize: changeStreamSettings.batchSize,
    retryAttempts: changeStreamSettings.retryAttempts,
    onFailure,
    log,
    functionName: 'StreamConsumer',
    timeoutMillis: functionTimeoutMillis,
  });
  shutdown.onStop(async () => {
    await poller.stop();
    reader.close();
    client.destroy();
  });
  return files;
};

export type ChangeFiles = ReturnType<typeof changeFiles>;
