import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DncNumberRecord } from '../domain/dnc-number.js';
import { DuplicateDncNumberError, IdempotencyKeyReusedError } from '../domain/errors.js';
import type { IdempotencyRecord } from '../domain/idempotency.js';

interface CancellationReason {
  Code?: string;
  Item?: Record<string, AttributeValue>;
}

interface AwsError {
  name?: unknown;
  Item?: Record<string, AttributeValue>;
  CancellationReasons?: CancellationReason[];
}

export interface CreateResult {
  record: DncNumberRecord;
  /** True when an Idempotency-Key retry returned the entry its first request created. */
  replayed: boolean;
}

const NEW_ITEM_ONLY = 'attribute_not_exists(pk)';
// Concurrent requests with one key or one number make DynamoDB cancel all but one transaction.
const MAX_TRANSACTION_ATTEMPTS = 3;

export class DncNumberRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * Writes the entry unless one already exists for that number in that scope, in one
   * conditional put. Throws `DuplicateDncNumberError` carrying the existing entry.
   */
  async create(record: DncNumberRecord, options: { abortSignal?: AbortSignal } = {}): Promise<CreateResult> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: record,
          ConditionExpression: NEW_ITEM_ONLY,
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
        { abortSignal: options.abortSignal },
      );
      return { record, replayed: false };
    } catch (error) {
      const { name, Item } = error as AwsError;
      if (name !== 'ConditionalCheckFailedException' || Item === undefined) throw error;
      return { record: ownOrDuplicate(record, Item), replayed: false };
    }
  }

  /**
   * Like `create`, and records the Idempotency-Key in the same transaction: a retry with
   * the key and the same request replays the first answer; with another request, it fails.
   */
  async createOnce(record: DncNumberRecord, key: IdempotencyRecord, options: { abortSignal?: AbortSignal } = {}): Promise<CreateResult> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: this.tableName,
                  Item: record,
                  ConditionExpression: NEW_ITEM_ONLY,
                  ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
                },
              },
              {
                Put: {
                  TableName: this.tableName,
                  Item: key,
                  // An expired key that TTL has not deleted yet counts as unused.
                  ConditionExpression: `${NEW_ITEM_ONLY} OR expiresAt < :now`,
                  ExpressionAttributeValues: { ':now': Math.floor(Date.now() / 1000) },
                  ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
                },
              },
            ],
          }),
          { abortSignal: options.abortSignal },
        );
        return { record, replayed: false };
      } catch (error) {
        const { name, CancellationReasons: [entry, previousKey] = [] } = error as AwsError;
        if (name !== 'TransactionCanceledException') throw error;
        if (previousKey?.Code === 'ConditionalCheckFailed' && previousKey.Item) {
          const previous = unmarshall(previousKey.Item) as IdempotencyRecord;
          if (previous.fingerprint !== key.fingerprint) throw new IdempotencyKeyReusedError();
          return { record: previous.dncNumber, replayed: previous.dncNumber.id !== record.id };
        }
        if (entry?.Code === 'ConditionalCheckFailed' && entry.Item) {
          return { record: ownOrDuplicate(record, entry.Item), replayed: false };
        }
        const conflicted = [entry, previousKey].some((reason) => reason?.Code === 'TransactionConflict');
        if (!conflicted || attempt >= MAX_TRANSACTION_ATTEMPTS) throw error;
      }
    }
  }
}

/**
 * The item that failed our condition. lib-dynamodb does not translate items carried by
 * exceptions. If it carries our own id, our write landed and the SDK retried it (e.g. after
 * a timeout): that is success, not a duplicate.
 */
const ownOrDuplicate = (record: DncNumberRecord, item: Record<string, AttributeValue>): DncNumberRecord => {
  const existing = unmarshall(item) as DncNumberRecord;
  if (existing.id === record.id) return existing;
  throw new DuplicateDncNumberError(existing);
};
