import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { ListPlan, ResumePoint } from './list-plan.js';

type ItemKey = Record<string, string>;
type Item = Record<string, unknown>;

/** Where a shard stands: continue after this item, from its start, or nothing left. */
export type ShardPosition = ResumePoint | 'start' | 'done';

export interface MergeOptions {
  positions: readonly ShardPosition[];
  /** Live items to pass over before the page (page-number access). */
  skip: number;
  take: number;
  isLive: (item: Item) => boolean;
  signal?: AbortSignal;
}

export interface MergedPage {
  items: Item[];
  /** Each shard's position after the page's last item; the next page starts there. */
  positions: ShardPosition[];
  hasMore: boolean;
}

interface Shard {
  partition: string;
  buffer: Item[];
  /** DynamoDB's LastEvaluatedKey for the next read; undefined once the partition is read to its end. */
  next: ItemKey | undefined;
  position: ShardPosition;
}

/**
 * Reads one page in sort order across the write shards of an index: a k-way merge that
 * queries each shard for at most one page (plus one item, to know whether more follow) and
 * reads a shard again only when its buffer runs dry. The cost of a page therefore depends on
 * its size, never on its depth.
 */
export const mergeShards = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  plan: ListPlan,
  options: MergeOptions,
): Promise<MergedPage> => {
  const limit = Math.min(1000, options.skip + options.take + 1);

  const read = async (shard: Shard) => {
    const result = await client.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: plan.index,
        KeyConditionExpression: `#pk = :pk${plan.range ? ` AND ${plan.range.expression}` : ''}`,
        ExpressionAttributeNames: { '#pk': plan.partitionKey, ...(plan.range ? { '#sk': plan.sortKey } : {}) },
        ExpressionAttributeValues: { ':pk': shard.partition, ...plan.range?.values },
        ScanIndexForward: plan.ascending,
        Limit: limit,
        ...(shard.next ? { ExclusiveStartKey: shard.next } : {}),
      }),
      { abortSignal: options.signal },
    );
    shard.buffer = result.Items ?? [];
    shard.next = result.LastEvaluatedKey as ItemKey | undefined;
  };
  const fill = async (shard: Shard) => {
    do await read(shard);
    while (shard.buffer.length === 0 && shard.next);
    if (shard.buffer.length === 0) shard.position = 'done';
  };

  const shards: Shard[] = plan.partitions.map((partition, index) => {
    const position = options.positions[index] ?? 'start';
    return { partition, buffer: [], next: Array.isArray(position) ? plan.startKeyOf(position, index) : undefined, position };
  });
  const open = shards.filter((shard) => shard.position !== 'done');
  await Promise.all(open.map(fill));

  const sortValue = (item: Item) => String(item[plan.sortKey]);
  const comesFirst = (a: Item, b: Item) => (plan.ascending ? sortValue(a) < sortValue(b) : sortValue(a) > sortValue(b));
  const head = (): Shard | undefined =>
    open.reduce<Shard | undefined>(
      (best, shard) => (shard.buffer.length > 0 && (best === undefined || comesFirst(shard.buffer[0]!, best.buffer[0]!)) ? shard : best),
      undefined,
    );

  const items: Item[] = [];
  let skipped = 0;
  for (let shard = head(); shard !== undefined; shard = head()) {
    const item = shard.buffer[0]!;
    const live = options.isLive(item);
    if (live && items.length === options.take) return { items, positions: shards.map((each) => each.position), hasMore: true };
    shard.buffer.shift();
    shard.position = plan.resumePointOf(item);
    if (live && skipped < options.skip) skipped += 1;
    else if (live) items.push(item);
    if (shard.buffer.length === 0) {
      if (shard.next) await fill(shard);
      else shard.position = 'done';
    }
  }
  return { items, positions: shards.map((each) => each.position), hasMore: false };
};
