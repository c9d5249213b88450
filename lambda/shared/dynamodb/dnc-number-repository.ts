import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { DncNumberRecord } from '../domain/dnc-number.js';
import { DuplicateDncNumberError } from '../domain/errors.js';

interface ConditionalCheckFailure {
  name: 'ConditionalCheckFailedException';
  Item?: Record<string, AttributeValue>;
}

const isConditionalCheckFailure = (error: unknown): error is ConditionalCheckFailure =>
  (error as { name?: unknown } | null)?.name === 'ConditionalCheckFailedException';

export class DncNumberRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * Writes the entry unless one already exists for that number in that scope, in one
   * conditional put. Throws `DuplicateDncNumberError` carrying the existing entry.
   */
  async create(record: DncNumberRecord, options: { abortSignal?: AbortSignal } = {}): Promise<DncNumberRecord> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: record,
          ConditionExpression: 'attribute_not_exists(pk)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
        { abortSignal: options.abortSignal },
      );
      return record;
    } catch (error) {
      if (!isConditionalCheckFailure(error) || error.Item === undefined) throw error;
      // lib-dynamodb does not translate the item carried by the exception.
      const existing = unmarshall(error.Item) as DncNumberRecord;
      // Our own write landed and the SDK retried it (e.g. after a timeout): not a duplicate.
      if (existing.id === record.id) return existing;
      throw new DuplicateDncNumberError(existing);
    }
  }
}
