import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamApiRecord,
  type Shard,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord } from 'aws-lambda';
import { changeStreamSettings } from '../lib/change-stream-settings';
import { localAwsEnvironment } from './dynamodb-local';

export type StartPosition = 'TRIM_HORIZON' | 'LATEST';

/** The event source mapping's filter (lib/constructs/change-stream.ts): only entry items reach the consumer. */
export const isEntryRecord = (record: DynamoDBRecord): boolean =>
  record.dynamodb?.Keys?.sk?.S?.startsWith(changeStreamSettings.entrySortKeyPrefix) ?? false;

/** A record as Lambda hands it to the consumer: the stream API's record, with Lambda's spelling and epoch seconds. */
const toLambdaRecord = (record: StreamApiRecord, streamArn: string): DynamoDBRecord => {
  const { dynamodb: data = {} } = record;
  return {
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: record.eventVersion,
    eventSource: record.eventSource,
    awsRegion: record.awsRegion,
    eventSourceARN: streamArn,
    dynamodb: {
      ...(data.ApproximateCreationDateTime
        ? { ApproximateCreationDateTime: Math.floor(data.ApproximateCreationDateTime.getTime() / 1000) }
        : {}),
      Keys: data.Keys,
      ...(data.NewImage ? { NewImage: data.NewImage } : {}),
      ...(data.OldImage ? { OldImage: data.OldImage } : {}),
      SequenceNumber: data.SequenceNumber,
      SizeBytes: data.SizeBytes,
      StreamViewType: data.StreamViewType,
    },
    ...(record.userIdentity ? { userIdentity: { type: record.userIdentity.Type, principalId: record.userIdentity.PrincipalId } } : {}),
  } as DynamoDBRecord;
};

/**
 * Reads a DynamoDB Local table's stream as Lambda's event source mapping would: every shard, parents
 * before children, records in order, filtered to entry items. Shards that exist when it opens
 * start at `start`; shards that appear later are read from their beginning.
 */
export class TableStreamReader {
  // Shard id → its next iterator; null once a closed shard has been read to its end.
  private readonly iterators = new Map<string, string | null>();
  // Shard id → the sequence number of the last record read from it, and where it was started.
  private readonly lastSequenceNumbers = new Map<string, string>();
  private readonly starts = new Map<string, StartPosition>();
  // The shards the stream listed at the last look.
  private listed = new Set<string | undefined>();
  // The shards that have a child: closed, whatever their sequence number range says.
  private parents = new Set<string>();

  private constructor(
    private readonly streams: DynamoDBStreamsClient,
    readonly streamArn: string,
  ) {}

  static async open(client: DynamoDBClient, tableName: string, start: StartPosition): Promise<TableStreamReader> {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const streamArn = Table?.LatestStreamArn;
    if (!streamArn || !Table?.StreamSpecification?.StreamEnabled) throw new Error(`table ${tableName} has no stream`);
    const streams = new DynamoDBStreamsClient({
      endpoint: await client.config.endpoint?.().then((endpoint) => `${endpoint.protocol}//${endpoint.hostname}:${endpoint.port}`),
      region: localAwsEnvironment.AWS_REGION,
      credentials: { accessKeyId: localAwsEnvironment.AWS_ACCESS_KEY_ID, secretAccessKey: localAwsEnvironment.AWS_SECRET_ACCESS_KEY },
    });
    const reader = new TableStreamReader(streams, streamArn);
    for (const shard of await reader.shards()) await reader.startShard(shard, start);
    return reader;
  }

  /**
   * The entry records written since the last read (up to `limit` per shard read). A child shard is
   * read only once its parent has been read to its end, so a key's records stay in order. If a
   * call fails part way, it returns what it has read so far (those shards' iterators have moved
   * on); the failure shows again on the next read. Nothing read is ever dropped.
   */
  async read(limit = 1000): Promise<DynamoDBRecord[]> {
    const records: DynamoDBRecord[] = [];
    try {
      for (const shard of await this.shards()) {
        const shardId = shard.ShardId as string;
        if (this.parentUnfinished(shard)) continue;
        if (!this.iterators.has(shardId)) await this.startShard(shard, 'TRIM_HORIZON');
        if (this.iterators.get(shardId) === null) continue;
        const page = await this.getRecords(shard, limit);
        const read = page.Records ?? [];
        const last = read.at(-1)?.dynamodb?.SequenceNumber;
        if (last) this.lastSequenceNumbers.set(shardId, last);
        // Without a next iterator a closed shard is done. DynamoDB Local also leaves it out for an
        // open shard whose iterator it no longer knows: that one is taken up again after its last record.
        const closed = shard.SequenceNumberRange?.EndingSequenceNumber !== undefined || this.parents.has(shardId);
        if (page.NextShardIterator) this.iterators.set(shardId, page.NextShardIterator);
        else if (closed) this.iterators.set(shardId, null);
        else await this.resumeShard(shard);
        records.push(...read.map((record) => toLambdaRecord(record, this.streamArn)).filter(isEntryRecord));
      }
    } catch (error) {
      if (records.length === 0) throw error;
    }
    return records;
  }

  close(): void {
    this.streams.destroy();
  }

  /** A shard whose parent is still listed and not yet read to its end (or not started): its turn comes later. */
  private parentUnfinished(shard: Shard): boolean {
    const parent = shard.ParentShardId;
    return parent !== undefined && this.listed.has(parent) && this.iterators.get(parent) !== null;
  }

  /** One page of a shard; an iterator that expired (e.g. while the machine slept) is taken up again after the last record read. */
  private async getRecords(shard: Shard, limit: number) {
    try {
      return await this.streams.send(
        new GetRecordsCommand({ ShardIterator: this.iterators.get(shard.ShardId as string) as string, Limit: limit }),
      );
    } catch (error) {
      if ((error as Error).name !== 'ExpiredIteratorException') throw error;
      await this.resumeShard(shard);
      return this.streams.send(
        new GetRecordsCommand({ ShardIterator: this.iterators.get(shard.ShardId as string) as string, Limit: limit }),
      );
    }
  }

  /** A new iterator just after the last record read from the shard (from where it started, if none was). */
  private async resumeShard(shard: Shard): Promise<void> {
    const shardId = shard.ShardId as string;
    const last = this.lastSequenceNumbers.get(shardId);
    if (last === undefined) return this.startShard(shard, this.starts.get(shardId) ?? 'TRIM_HORIZON');
    const { ShardIterator } = await this.streams.send(
      new GetShardIteratorCommand({
        StreamArn: this.streamArn,
        ShardId: shardId,
        ShardIteratorType: 'AFTER_SEQUENCE_NUMBER',
        SequenceNumber: last,
      }),
    );
    this.iterators.set(shardId, ShardIterator ?? null);
  }

  private async startShard(shard: Shard, start: StartPosition): Promise<void> {
    const { ShardIterator } = await this.streams.send(
      new GetShardIteratorCommand({ StreamArn: this.streamArn, ShardId: shard.ShardId, ShardIteratorType: start }),
    );
    this.iterators.set(shard.ShardId as string, ShardIterator ?? null);
    this.starts.set(shard.ShardId as string, start);
  }

  /** Every shard, each parent before its children. */
  private async shards(): Promise<Shard[]> {
    const shards: Shard[] = [];
    let exclusiveStartShardId: string | undefined;
    do {
      const { StreamDescription } = await this.streams.send(
        new DescribeStreamCommand({
          StreamArn: this.streamArn,
          ...(exclusiveStartShardId ? { ExclusiveStartShardId: exclusiveStartShardId } : {}),
        }),
      );
      shards.push(...(StreamDescription?.Shards ?? []));
      exclusiveStartShardId = StreamDescription?.LastEvaluatedShardId;
    } while (exclusiveStartShardId);
    const known = new Set(shards.map((shard) => shard.ShardId));
    this.listed = known;
    this.parents = new Set(shards.map((shard) => shard.ParentShardId).filter((id): id is string => id !== undefined));
    const depth = (shard: Shard): number => {
      const parent = shards.find((candidate) => candidate.ShardId === shard.ParentShardId);
      return parent && known.has(parent.ShardId) ? depth(parent) + 1 : 0;
    };
    return shards.sort((a, b) => depth(a) - depth(b));
  }
}
