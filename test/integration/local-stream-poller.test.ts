import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { CreateTableCommand, DeleteTableCommand, type DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { dncTableCreateInput } from '../../lib/table-definition';
import { localDynamoDbClient } from '../../local/dynamodb-local';
import { type StreamPoller, type StreamPollerOptions, startStreamPoller } from '../../local/stream-poller';
import { TableStreamReader } from '../../local/table-stream';

/**
 * The local stand-in for the stack's event source mapping (local/stream-poller.ts) over a real
 * table stream (DynamoDB Local, a table of this file's own), driving a scripted consumer: what
 * it is given, batch by batch, and what happens to records that fail.
 */

const TABLE = `stream-poller-${randomUUID().slice(0, 8)}`;
let client: DynamoDBClient;
const readers: TableStreamReader[] = [];
const pollers: StreamPoller[] = [];

beforeAll(async () => {
  client = localDynamoDbClient(process.env.DYNAMODB_ENDPOINT as string);
  await client.send(new CreateTableCommand(dncTableCreateInput(TABLE)));
});
afterEach(async () => {
  await Promise.all(pollers.splice(0).map((poller) => poller.stop()));
  for (const reader of readers.splice(0)) reader.close();
});
afterAll(async () => {
  await client.send(new DeleteTableCommand({ TableName: TABLE }));
  client.destroy();
});

/** A reader that sees only what is written from now on. */
const openReader = async () => {
  const reader = await TableStreamReader.open(client, TABLE, 'LATEST');
  readers.push(reader);
  return reader;
};

/** Writes `count` entry items of a fresh key prefix, one after the other; their names in write order. */
const writeEntries = async (count: number): Promise<string[]> => {
  const prefix = randomUUID().slice(0, 8);
  const names: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const name = `${prefix}-${index}`;
    await client.send(new PutItemCommand({ TableName: TABLE, Item: { pk: { S: `TEST#${name}` }, sk: { S: 'SCOPE#GLOBAL' } } }));
    names.push(name);
  }
  return names;
};

const nameOf = (record: DynamoDBRecord): string => (record.dynamodb?.Keys?.pk?.S ?? '').replace(/^TEST#/, '');
const sequenceNumberOf = (record: DynamoDBRecord): string => record.dynamodb?.SequenceNumber ?? '';
const failed = (...records: DynamoDBRecord[]): DynamoDBBatchResponse => ({
  batchItemFailures: records.map((record) => ({ itemIdentifier: sequenceNumberOf(record) })),
});

/**
 * A consumer whose answer to each batch `script` decides; it records every batch it was given (by
 * record name). Without a script, every record succeeds.
 */
const scriptedConsumer = (
  script: (batch: DynamoDBRecord[], call: number) => DynamoDBBatchResponse | Promise<DynamoDBBatchResponse> = () => ({
    batchItemFailures: [],
  }),
) => {
  const batches: string[][] = [];
  const consume = async (event: DynamoDBStreamEvent) => {
    batches.push(event.Records.map(nameOf));
    return script(event.Records, batches.length);
  };
  return { batches, consume };
};

const start = (options: Omit<StreamPollerOptions, 'intervalMillis' | 'onFailure'> & Partial<Pick<StreamPollerOptions, 'onFailure'>>) => {
  const failures: { name: string; reason: string }[] = [];
  const poller = startStreamPoller({
    intervalMillis: 20,
    onFailure: (record, reason) => {
      failures.push({ name: nameOf(record), reason });
    },
    ...options,
  });
  pollers.push(poller);
  return { poller, failures };
};

const within = async <T>(promise: Promise<T>, millis = 15_000): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`not settled within ${millis} ms`)), millis);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
};

describe('local stream poller (npm start’s event source mapping) over a real table stream', () => {
  it('delivers every record once, in stream order, in batches of at most batchSize', async () => {
    const reader = await openReader();
    const names = await writeEntries(7);
    const consumer = scriptedConsumer();
    const { poller, failures } = start({ reader, consume: consumer.consume, batchSize: 3, retryAttempts: 2 });
    await within(poller.settled());
    expect(consumer.batches).toEqual([names.slice(0, 3), names.slice(3, 6), names.slice(6)]);
    expect(failures).toEqual([]);
  });

  it('goes on reading: records written later are delivered too, each exactly once', async () => {
    const reader = await openReader();
    const consumer = scriptedConsumer();
    const { poller } = start({ reader, consume: consumer.consume, batchSize: 100, retryAttempts: 2 });
    const first = await writeEntries(3);
    await within(poller.settled());
    const second = await writeEntries(4);
    await within(poller.settled());
    expect(consumer.batches.flat()).toEqual([...first, ...second]);
  });

  it('a partial failure checkpoints before the first failed record and delivers it and the records after it again', async () => {
    const reader = await openReader();
    const names = await writeEntries(5);
    // First call: records 3 and 1 fail (reported out of order): the lowest position counts.
    const consumer = scriptedConsumer((batch, call) => (call === 1 ? failed(batch[3]!, batch[1]!) : { batchItemFailures: [] }));
    const { poller, failures } = start({ reader, consume: consumer.consume, batchSize: 10, retryAttempts: 2 });
    await within(poller.settled());
    expect(consumer.batches).toEqual([names, names.slice(1)]);
    expect(failures).toEqual([]);
  });

  it('a record that always fails goes to onFailure after retryAttempts retries, and the records after it are still consumed', async () => {
    const reader = await openReader();
    const names = await writeEntries(4);
    const poison = names[1]!;
    const consumer = scriptedConsumer((batch) => failed(...batch.filter((record) => nameOf(record) === poison)));
    const log: string[] = [];
    const { poller, failures } = start({
      reader,
      consume: consumer.consume,
      batchSize: 10,
      retryAttempts: 3,
      log: (line) => log.push(line),
    });
    await within(poller.settled());
    // Delivered once, retried 3 times, then handed over; the rest goes on without it.
    expect(consumer.batches).toEqual([names, names.slice(1), names.slice(1), names.slice(1), names.slice(2)]);
    expect(failures).toEqual([{ name: poison, reason: 'the consumer reported the record as failed (still failing after 3 retries)' }]);
    expect(log.filter((line) => line.includes('retry'))).toHaveLength(3);
  });

  it('a throw fails the whole batch: every record is delivered again (bisected), and the one that keeps throwing goes to onFailure', async () => {
    const reader = await openReader();
    const names = await writeEntries(4);
    const poison = names[2]!;
    // Throws for any batch holding the poison record, as a consumer without partial responses would.
    const consumer = scriptedConsumer((batch) => {
      if (batch.some((record) => nameOf(record) === poison)) throw new Error('boom');
      return { batchItemFailures: [] };
    });
    const { poller, failures } = start({ reader, consume: consumer.consume, batchSize: 4, retryAttempts: 3 });
    await within(poller.settled());
    const [a, b, c, d] = names as [string, string, string, string];
    expect(consumer.batches).toEqual([
      [a, b, c, d], // throws: retried as halves
      [a, b],
      [c, d], // throws: its first record is retried alone
      [c],
      [c],
      [c], // 1 + 3 retries: handed over
      [d],
    ]);
    expect(failures).toEqual([{ name: poison, reason: expect.stringContaining('Error: boom') }]);
    expect(failures[0]!.reason).toContain('still failing after 3 retries');
  });

  it('a throw once (a passing fault) only delays: all records are consumed, nothing goes to onFailure', async () => {
    const reader = await openReader();
    const names = await writeEntries(6);
    const consumer = scriptedConsumer((_batch, call) => {
      if (call === 1) throw new Error('DynamoDB is away');
      return { batchItemFailures: [] };
    });
    const { poller, failures } = start({ reader, consume: consumer.consume, batchSize: 6, retryAttempts: 2 });
    await within(poller.settled());
    expect(consumer.batches[0]).toEqual(names);
    expect(consumer.batches.slice(1).flat()).toEqual(names);
    expect(failures).toEqual([]);
  });

  it('a failure report that names no record of the batch fails the whole batch', async () => {
    const reader = await openReader();
    const names = await writeEntries(2);
    const consumer = scriptedConsumer((_batch, call) =>
      call === 1 ? { batchItemFailures: [{ itemIdentifier: 'no-such-record' }] } : { batchItemFailures: [] },
    );
    const { poller } = start({ reader, consume: consumer.consume, batchSize: 10, retryAttempts: 2 });
    await within(poller.settled());
    expect(consumer.batches).toEqual([names, names]);
  });

  it('a failing read of the stream is logged and tried again; nothing is lost', async () => {
    const real = await openReader();
    let failuresLeft = 3;
    const reader = {
      read: async (limit?: number) => {
        if (failuresLeft > 0) {
          failuresLeft -= 1;
          throw new Error('connect ECONNREFUSED 127.0.0.1:8000');
        }
        return real.read(limit);
      },
    };
    const names = await writeEntries(3);
    const consumer = scriptedConsumer();
    const log: string[] = [];
    const { poller } = start({ reader, consume: consumer.consume, batchSize: 10, retryAttempts: 2, log: (line) => log.push(line) });
    await within(poller.settled());
    expect(consumer.batches.flat()).toEqual(names);
    // One line when reading starts failing, one when it works again: not one per poll.
    expect(log).toEqual([
      expect.stringMatching(/^stream poller: reading the table stream failed, trying again: Error: connect ECONNREFUSED/),
      'stream poller: reading the table stream works again',
    ]);
  });

  it('a record whose onFailure throws is kept and handed over again: never lost', async () => {
    const reader = await openReader();
    const names = await writeEntries(2);
    const consumer = scriptedConsumer((batch) => failed(...batch.filter((record) => nameOf(record) === names[0])));
    let refusals = 1;
    const handedOver: string[] = [];
    const { poller } = start({
      reader,
      consume: consumer.consume,
      batchSize: 10,
      retryAttempts: 0,
      onFailure: (record) => {
        if (refusals-- > 0) throw new Error('disk full');
        handedOver.push(nameOf(record));
      },
    });
    await within(poller.settled());
    expect(handedOver).toEqual([names[0]]);
    expect(consumer.batches.at(-1)).toEqual([names[1]]);
  });

  it('stop() waits for the batch in flight, then polls no more', async () => {
    const reader = await openReader();
    let release: () => void = () => undefined;
    let finished = false;
    const consumer = scriptedConsumer(async () => {
      await new Promise<void>((resolve) => (release = resolve));
      finished = true;
      return { batchItemFailures: [] };
    });
    const { poller } = start({ reader, consume: consumer.consume, batchSize: 10, retryAttempts: 2 });
    const [name] = await writeEntries(1);
    while (consumer.batches.length === 0) await sleep(10);

    let stopped = false;
    const stopping = poller.stop().then(() => (stopped = true));
    await sleep(100);
    expect(stopped).toBe(false);
    release();
    await within(stopping);
    expect(finished).toBe(true);

    await writeEntries(2);
    await sleep(300);
    expect(consumer.batches).toEqual([[name]]);
    await expect(poller.settled()).rejects.toThrow('stopped');
  });

  it('rejects a batchSize or retryAttempts Lambda would not take', () => {
    const reader = { read: async () => [] };
    const consume = async () => ({ batchItemFailures: [] });
    const onFailure = () => undefined;
    expect(() => startStreamPoller({ reader, consume, batchSize: 0, retryAttempts: 1, onFailure })).toThrow('batchSize');
    expect(() => startStreamPoller({ reader, consume, batchSize: 10, retryAttempts: -1, onFailure })).toThrow('retryAttempts');
  });
});
