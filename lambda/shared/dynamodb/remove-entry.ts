import { type DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Removal } from '../domain/change.js';
import type { DncNumber } from '../domain/dnc-number.js';
import { DncNumberNotFoundError } from '../domain/errors.js';
import { backOff } from './backoff.js';
import { toRemovalReceiptItem } from './items.js';
import { entryKey } from './keys.js';
import { DynamoDbUnavailableError } from './transient-error.js';

// Concurrent deletes of one entry conflict; after the winner, the others find it gone (404).
const MAX_ATTEMPTS = 5;
const BASE_DELAY_MILLIS = 10;

interface TransactionError {
  name?: unknown;
  CancellationReasons?: Array<{ Code?: string }>;
}

/**
 * Deletes the entry and puts its removal receipt (who, when, why) in one transaction; the change
 * consumer turns the receipt into the `removed` history event. The delete is conditional on the
 * entry's id and on it being live, so an entry re-added meanwhile under the same key stays, and
 * of concurrent removals one wins: the others find it gone (`DncNumberNotFoundError`).
 */
export const removeEntry = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  entry: DncNumber,
  removal: Omit<Removal, 'at'>,
  signal?: AbortSignal,
): Promise<void> => {
  for (let attempt = 1; ; attempt += 1) {
    const at = new Date().toISOString();
    try {
      await client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Delete: {
                TableName: tableName,
                Key: entryKey(entry.tenantId, entry.phoneNumber, entry.userId),
                ConditionExpression: 'id = :id AND (attribute_not_exists(expiresAtIso) OR expiresAtIso > :now)',
                ExpressionAttributeValues: { ':id': entry.id, ':now': at },
              },
            },
            {
              Put: {
                TableName: tableName,
                Item: toRemovalReceiptItem(entry, { ...removal, at }),
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        }),
        { abortSignal: signal },
      );
      return;
    } catch (error) {
      const { name, CancellationReasons = [] } = error as TransactionError;
      if (name !== 'TransactionCanceledException') throw error;
      if (CancellationReasons.some((reason) => reason.Code === 'ConditionalCheckFailed')) throw new DncNumberNotFoundError();
      if (attempt >= MAX_ATTEMPTS) throw new DynamoDbUnavailableError('concurrent changes kept cancelling the removal');
      await backOff(attempt, BASE_DELAY_MILLIS, signal);
    }
  }
};
