import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Change, Removal } from '../domain/change.js';
import type { DncNumber } from '../domain/dnc-number.js';
import { fromHistoryItem, fromRemovalReceiptItem, type HistoryEventDto, toHistoryItem } from './items.js';
import { historyKey, historyRange, removalReceiptKey } from './keys.js';

export interface HistoryPage {
  events: HistoryEventDto[];
  /** The sort key of the last event shown, when more follow. */
  lastKey?: string;
}

interface Options {
  signal?: AbortSignal;
}

const isConditionFailure = (error: unknown) => (error as { name?: unknown }).name === 'ConditionalCheckFailedException';

/** The append-only history of each number, and the receipts that say who removed an entry. */
export class HistoryRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * Writes the change's history item unless it is already there with its event published.
   * True when the event still has to be published: a redelivered record whose event went out
   * writes nothing and publishes nothing again.
   */
  async record(change: Change): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: toHistoryItem(change),
          ConditionExpression: 'attribute_not_exists(pk) OR published = :false',
          ExpressionAttributeValues: { ':false': false },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async markPublished(change: Change): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: historyKey(change.tenantId, change.entry.phoneNumber, change.at, change.eventId),
        UpdateExpression: 'SET published = :true',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':true': true },
      }),
    );
  }

  /** Who removed the entry through the API, or undefined when it was not removed that way. */
  async removalOf(entry: DncNumber): Promise<Removal | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: removalReceiptKey(entry.tenantId, entry.phoneNumber, entry.id),
        ConsistentRead: true,
      }),
    );
    return Item === undefined ? undefined : fromRemovalReceiptItem(Item);
  }

  /** Up to `size` events of the number, oldest first, after the event with sort key `after`. */
  async page(tenantId: string, phoneNumber: string, { after, size }: { after?: string; size: number }, { signal }: Options = {}) {
    const { pk, skPrefix } = historyRange(tenantId, phoneNumber);
    const { Items = [] } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix },
        ...(after === undefined ? {} : { ExclusiveStartKey: { pk, sk: after } }),
        ConsistentRead: true,
        // One more than shown tells whether another page follows.
        Limit: size + 1,
      }),
      { abortSignal: signal },
    );
    const shown = Items.slice(0, size);
    const page: HistoryPage = { events: shown.map(fromHistoryItem) };
    if (Items.length > size) page.lastKey = String(shown.at(-1)?.sk);
    return page;
  }
}
