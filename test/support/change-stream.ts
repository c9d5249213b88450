import { readFileSync } from 'node:fs';
import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { createDocumentClient } from '../../lambda/shared/dynamodb/document-client';
import { changeStreamSettings } from '../../lib/change-stream-settings';
import { scopes } from '../../lib/routes';
import { lambdaContext } from '../../local/api-gateway-events';
import { localDynamoDbClient } from '../../local/dynamodb-local';
import { type DeliveredEvent, readDeliveredEvents } from '../../local/event-sink';
import { TableStreamReader } from '../../local/table-stream';
import { newTenant } from './factories';
import { invokeRoute } from './invoke-route';
import { entryKey, tableName } from './table';

type Consumer = (event: DynamoDBStreamEvent, context: ReturnType<typeof lambdaContext>) => Promise<DynamoDBBatchResponse>;

const tenantOf = (record: DynamoDBRecord): string | undefined => /^TENANT#(.+)#PHONE#/.exec(record.dynamodb?.Keys?.pk?.S ?? '')?.[1];

/**
 * The test table's real stream (DynamoDB Local), read from the moment it is opened, and the real
 * change consumer run over it in batches as Lambda would. The table is shared by every test
 * file, so only the records of the given tenants are taken: other files' records stay theirs.
 */
export const openChangeStream = async (tenantIds: () => readonly string[]) => {
  const client = localDynamoDbClient(process.env.DYNAMODB_ENDPOINT as string);
  const reader = await TableStreamReader.open(client, tableName(), 'LATEST');
  const { handler } = (await import('../../lambda/stream-consumer/index')) as { handler: Consumer };

  /** Every entry record of the tenants written since the last call, in stream order. */
  const records = async (): Promise<DynamoDBRecord[]> => {
    const wanted = new Set(tenantIds());
    const taken: DynamoDBRecord[] = [];
    for (let read = await reader.read(); read.length > 0; read = await reader.read()) {
      taken.push(...read.filter((record) => wanted.has(tenantOf(record) ?? '')));
    }
    return taken;
  };

  return {
    records,
    /** Runs the consumer over `given` (default: the new records), in batches of the stack's size; the batch responses. */
    consume: async (given?: DynamoDBRecord[]): Promise<{ records: DynamoDBRecord[]; failures: string[] }> => {
      const all = given ?? (await records());
      const failures: string[] = [];
      for (let start = 0; start < all.length; start += changeStreamSettings.batchSize) {
        const batch = all.slice(start, start + changeStreamSettings.batchSize);
        try {
          const response = await handler({ Records: batch }, lambdaContext('StreamConsumer', 60_000));
          failures.push(...response.batchItemFailures.map((failure) => failure.itemIdentifier));
        } catch (error) {
          // Every record failed: Lambda retries the whole batch.
          if ((error as Error).name !== 'FullBatchFailureError') throw error;
          failures.push(...batch.map((record) => record.dynamodb?.SequenceNumber as string));
        }
      }
      return { records: all, failures };
    },
    close: () => {
      reader.close();
      client.destroy();
    },
  };
};

/** The events the consumer published for a tenant, oldest first (the event sink jest's global setup runs). */
export const deliveredEvents = (tenantId: string): DeliveredEvent[] =>
  readDeliveredEvents(readFileSync(process.env.LOCAL_EVENTS_FILE as string, 'utf8')).filter((event) => event.detail.tenantId === tenantId);

/** Every scope a token can carry: tests of removal and history act with all of them. */
export const ALL_SCOPES = `${scopes.write} ${scopes.read} ${scopes.delete}`;

type ChangeStream = Awaited<ReturnType<typeof openChangeStream>>;

/**
 * For a test file that drives the consumer: fresh tenants it owns, a document client, and the
 * table's stream opened before its first test (so it holds only the records written after).
 */
export const useChangeStream = () => {
  const tenants: string[] = [];
  let client: DynamoDBDocumentClient | undefined;
  let stream: ChangeStream | undefined;
  beforeAll(async () => {
    client = createDocumentClient();
    stream = await openChangeStream(() => tenants);
  });
  afterAll(() => {
    stream?.close();
    client?.destroy();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('useChangeStream: used before beforeAll ran');
    return value;
  };
  return {
    get client() {
      return started(client);
    },
    get stream() {
      return started(stream);
    },
    /** A fresh tenant whose stream records this file consumes. */
    tenant: (): string => {
      const tenantId = newTenant();
      tenants.push(tenantId);
      return tenantId;
    },
  };
};

/** Adds an entry through the create route as `subject` of the tenant; the 201's DncNumberDto. */
export const createEntry = async (tenantId: string, body: Record<string, unknown>, subject = 'client-1') => {
  const response = await invokeRoute('CreateDncNumber', { body, authorizer: { tenantId, subject, scopes: ALL_SCOPES } });
  expect(response.statusCode).toBe(201);
  return response.json;
};

/** The number's history items as stored (sort keys starting with HISTORY#), oldest first. */
export const historyItems = async (client: DynamoDBDocumentClient, tenantId: string, phoneNumber: string) => {
  const { Items = [] } = await client.send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': entryKey(tenantId, phoneNumber).pk, ':prefix': 'HISTORY#' },
      ConsistentRead: true,
    }),
  );
  return Items;
};
