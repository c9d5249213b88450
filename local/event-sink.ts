import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { appendFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { localAwsEnvironment } from './dynamodb-local';

/** One event as EventBridge delivers it to a rule's target. */
export interface DeliveredEvent {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
}

export interface EventSink {
  /** Point `EVENTBRIDGE_ENDPOINT` here. */
  endpoint: string;
  close(): Promise<void>;
}

interface PutEventsEntry {
  Source?: string;
  DetailType?: string;
  Detail?: string;
  Resources?: string[];
  Time?: number;
}

const LOCAL_ACCOUNT = '000000000000';

const readBody = async (request: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

const answer = (response: ServerResponse, status: number, body: unknown) => {
  response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
  response.end(JSON.stringify(body));
};

const delivered = (entry: PutEventsEntry): DeliveredEvent => ({
  version: '0',
  id: randomUUID(),
  'detail-type': entry.DetailType ?? '',
  source: entry.Source ?? '',
  account: LOCAL_ACCOUNT,
  // The SDK sends `Time` as epoch seconds.
  time: new Date(entry.Time === undefined ? Date.now() : entry.Time * 1000).toISOString(),
  region: localAwsEnvironment.AWS_REGION,
  resources: entry.Resources ?? [],
  detail: JSON.parse(entry.Detail ?? '{}') as Record<string, unknown>,
});

/**
 * A loopback stand-in for the stack's EventBridge bus: it speaks `PutEvents` (the only call the
 * change consumer makes) and appends each event, as a rule's target would receive it, as one
 * JSON line to `file`, and tells `log` a line per event.
 */
export const startEventSink = async ({
  file,
  port = 0,
  log,
}: {
  file: string;
  port?: number;
  log?: (line: string) => void;
}): Promise<EventSink> => {
  const server = createServer((request, response) => {
    readBody(request)
      .then((body) => {
        if (request.headers['x-amz-target'] !== 'AWSEvents.PutEvents') {
          answer(response, 400, { __type: 'UnknownOperationException', message: 'the local event sink only takes PutEvents' });
          return;
        }
        const { Entries = [] } = JSON.parse(body) as { Entries?: PutEventsEntry[] };
        const events = Entries.map(delivered);
        for (const event of events) {
          appendFileSync(file, `${JSON.stringify(event)}\n`);
          log?.(`event ${event['detail-type']} ${JSON.stringify(event.detail)}`);
        }
        answer(response, 200, { FailedEntryCount: 0, Entries: events.map((event) => ({ EventId: event.id })) });
      })
      .catch((error: unknown) => answer(response, 400, { __type: 'ValidationException', message: String(error) }));
  });
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('event sink has no port');
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
};

/** The events a sink file holds, oldest first. */
export const readDeliveredEvents = (text: string): DeliveredEvent[] =>
  text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as DeliveredEvent);
