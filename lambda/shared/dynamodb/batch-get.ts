import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { backOff } from './backoff.js';
import { DynamoDbUnavailableError } from './transient-error.js';

type Key = Record<string, string>;

/** BatchGetItem's limit per call. */
const KEYS_PER_CALL = 100;
const MAX_ATTEMPTS = 6;
const BASE_DELAY_MILLIS = 25;

const chunks = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, index) => items.slice(index * size, (index + 1) * size));

const getChunk = async (client: DynamoDBDocumentClient, tableName: string, keys: Key[], signal?: AbortSignal) => {
  const items: Record<string, unknown>[] = [];
  let pending = keys;
  for (let attempt = 1; pending.length > 0; attempt += 1) {
    if (attempt > MAX_ATTEMPTS)
      throw new DynamoDbUnavailableError(`${pending.length} keys stayed unprocessed after ${MAX_ATTEMPTS} attempts`);
    if (attempt > 1) await backOff(attempt, BASE_DELAY_MILLIS, signal);
    signal?.throwIfAborted();
    const result = await client.send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending, ConsistentRead: true } } }), {
      abortSignal: signal,
    });
    items.push(...(result.Responses?.[tableName] ?? []));
    pending = (result.UnprocessedKeys?.[tableName]?.Keys as Key[] | undefined) ?? [];
  }
  return items;
};

/**
 * Strongly consistent reads of exact keys: 100 keys a call, the calls in parallel, and keys
 * DynamoDB leaves unprocessed (throttling) retried with backoff until none are left.
 */
export const batchGet = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  keys: readonly Key[],
  signal?: AbortSignal,
): Promise<Record<string, unknown>[]> =>
  (await Promise.all(chunks(keys, KEYS_PER_CALL).map((chunk) => getChunk(client, tableName, chunk, signal)))).flat();
