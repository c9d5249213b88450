import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { lambdaContext } from './api-gateway-events';
import { oneLine } from './shutdown';

/** What the poller reads: `TableStreamReader` (local/table-stream.ts), or anything that reads like it. */
export interface StreamRecordSource {
  /** The records written since the last read, in stream order. A throw loses nothing: the next read tries again. */
  read(limit?: number): Promise<DynamoDBRecord[]>;
}

/** The stream consumer's handler: a partial batch response, or a throw when the whole batch failed. */
export type StreamConsumer = (event: DynamoDBStreamEvent, context: Context) => Promise<DynamoDBBatchResponse | undefined>;

export interface StreamPollerOptions {
  reader: StreamRecordSource;
  consume: StreamConsumer;
  /** Most records per invocation (the event source mapping's `batchSize`). */
  batchSize: number;
  /** Retries of a failing record before it goes to `onFailure` (`retryAttempts`). */
  retryAttempts: number;
  /** Time between reads of the stream while it has nothing new (default 150 ms). */
  intervalMillis?: number;
  /**
   * The local stand-in for the on-failure queue: a record the consumer still failed after its
   * retries. Processing goes on with the next record once it returns; if it throws, the record
   * stays where it is and is tried again.
   */
  onFailure: (record: DynamoDBRecord, reason: string) => Promise<void> | void;
  log?: (line: string) => void;
  /** The consumer's function name and timeout, for its Lambda context. */
  functionName?: string;
  timeoutMillis?: number;
}

export interface StreamPoller {
  /** Waits for the invocation in flight (if any), then polls no more. */
  stop(): Promise<void>;
  /**
   * Resolves once every record written before the call has been read and processed (consumed, or
   * handed to `onFailure`). Rejects if the poller is stopped first. For tests.
   */
  settled(): Promise<void>;
}

const DEFAULT_INTERVAL_MILLIS = 150;
/** Longest wait before the retry of a failed record (the waits double from `intervalMillis`). */
const MAX_RETRY_DELAY_MILLIS = 2000;
/** How many records one read may add to those waiting (per shard). */
const READ_LIMIT = 1000;

const sequenceNumberOf = (record: DynamoDBRecord): string => record.dynamodb?.SequenceNumber ?? '';

/** Where the invocation of `batch` failed: the index of the first failed record, why, and whether the consumer threw. */
interface Failure {
  index: number;
  reason: string;
  thrown: boolean;
}

/** The record the poller is retrying: the head of the records waiting. */
interface Retry {
  sequenceNumber: string;
  /** Failed deliveries starting at this record; a retry is every delivery after the first. */
  failures: number;
  /** Most records the next delivery may hold: halved on each thrown error (bisection). */
  limit: number;
  /** Not before this time (epoch ms). */
  notBefore: number;
}

/**
 * The response of a consumer that reports batch item failures, read as Lambda reads it: the record
 * with the lowest position among those reported is where processing stops; an identifier that
 * names no record of the batch fails the whole batch.
 */
const failureOf = (batch: DynamoDBRecord[], response: DynamoDBBatchResponse | undefined): Failure | undefined => {
  const failures = response?.batchItemFailures ?? [];
  if (failures.length === 0) return undefined;
  const positions = failures.map(({ itemIdentifier }) =>
    typeof itemIdentifier === 'string' && itemIdentifier !== ''
      ? batch.findIndex((record) => sequenceNumberOf(record) === itemIdentifier)
      : -1,
  );
  if (positions.includes(-1)) {
    return { index: 0, reason: 'the consumer reported a batch item failure that names no record of the batch', thrown: false };
  }
  return { index: Math.min(...positions), reason: 'the consumer reported the record as failed', thrown: false };
};

/**
 * Runs a stream consumer over a table's stream locally, as the stack's event source mapping runs it
 * in AWS (lib/constructs/change-stream.ts): batches of at most `batchSize` records, in stream order,
 * one invocation at a time, with `ReportBatchItemFailures` and `BisectBatchOnFunctionError`:
 *
 * - A partial batch response checkpoints the records before the first failed one; the next
 *   invocation starts at that record, so the records after it are delivered again.
 * - A throw fails the whole batch: the next invocation starts at its first record with half as
 *   many records (bisection), down to one.
 * - After `retryAttempts` retries that still fail at the same record, that record goes to
 *   `onFailure` and processing goes on with the next one: a poison record blocks nothing.
 * - Retries wait, doubling from `intervalMillis` up to 2 s, so that a DynamoDB that is briefly
 *   away does not use them all up at once.
 *
 * Unlike Lambda it does not wait for a fuller batch (`maxBatchingWindow`): locally, latency matters
 * more than the number of invocations. A failing read of the stream is logged and tried again at
 * the next poll; nothing read is dropped.
 */
export const startStreamPoller = (options: StreamPollerOptions): StreamPoller => {
  const {
    reader,
    consume,
    batchSize,
    retryAttempts,
    intervalMillis = DEFAULT_INTERVAL_MILLIS,
    onFailure,
    log = () => undefined,
    functionName = 'StreamConsumer',
    timeoutMillis = 60_000,
  } = options;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`batchSize must be a positive integer, got ${batchSize}`);
  if (!Number.isInteger(retryAttempts) || retryAttempts < 0) throw new Error(`retryAttempts must be an integer ≥ 0, got ${retryAttempts}`);

  /** Read and not yet processed, in stream order. */
  const pending: DynamoDBRecord[] = [];
  let retry: Retry | undefined;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> | undefined;
  let readFailing = false;
  /** Reads started so far, and the number of the last one that came back. */
  let readsStarted = 0;
  let lastReadDone = 0;
  const waiters: { after: number; resolve: () => void; reject: (error: Error) => void }[] = [];

  const read = async () => {
    const number = ++readsStarted;
    try {
      const records = await reader.read(READ_LIMIT);
      pending.push(...records);
      lastReadDone = number;
      if (readFailing) log('stream poller: reading the table stream works again');
      readFailing = false;
    } catch (error) {
      // Logged once per run of failures, not at every poll.
      if (!readFailing) log(`stream poller: reading the table stream failed, trying again: ${oneLine(error)}`);
      readFailing = true;
    }
  };

  const invoke = async (batch: DynamoDBRecord[]): Promise<Failure | undefined> => {
    try {
      return failureOf(batch, await consume({ Records: batch }, lambdaContext(functionName, timeoutMillis)));
    } catch (error) {
      // A function error: the whole batch failed.
      return { index: 0, reason: oneLine(error), thrown: true };
    }
  };

  /** Delivers one batch from the head of `pending`, and moves the checkpoint by what it did. */
  const deliver = async () => {
    const head = pending[0] as DynamoDBRecord;
    const current = retry?.sequenceNumber === sequenceNumberOf(head) ? retry : undefined;
    const batch = pending.slice(0, Math.min(batchSize, current?.limit ?? batchSize));
    const failure = await invoke(batch);
    if (!failure) {
      pending.splice(0, batch.length);
      retry = undefined;
      return;
    }
    // The records before the failed one are done: the checkpoint moves past them.
    pending.splice(0, failure.index);
    const failed = pending[0] as DynamoDBRecord;
    const sequenceNumber = sequenceNumberOf(failed);
    const failures = failure.index === 0 && current !== undefined ? current.failures + 1 : 1;
    // Bisection: after a throw, the next delivery holds half the batch; a partial failure already says which record failed.
    const limit = failure.thrown ? Math.max(1, Math.ceil(batch.length / 2)) : batchSize;
    if (failures <= retryAttempts) {
      const delay = Math.min(intervalMillis * 2 ** (failures - 1), MAX_RETRY_DELAY_MILLIS);
      retry = { sequenceNumber, failures, limit, notBefore: Date.now() + delay };
      log(
        `stream poller: record ${sequenceNumber} failed (${failure.reason}); retry ${failures} of ${retryAttempts}` +
          `${failure.thrown && batch.length > 1 ? `, with the first ${limit} of these ${batch.length} records` : ''}`,
      );
      return;
    }
    try {
      await onFailure(failed, `${failure.reason} (still failing after ${retryAttempts} retries)`);
    } catch (error) {
      // Not handed over: the record stays at the head, and the next delivery that fails tries again.
      retry = { sequenceNumber, failures: failures - 1, limit, notBefore: Date.now() + MAX_RETRY_DELAY_MILLIS };
      log(`stream poller: could not hand failed record ${sequenceNumber} over, keeping it: ${oneLine(error)}`);
      return;
    }
    pending.shift();
    retry = undefined;
  };

  const settleWaiters = () => {
    if (pending.length > 0) return;
    for (let index = waiters.length - 1; index >= 0; index -= 1) {
      const waiter = waiters[index]!;
      if (lastReadDone > waiter.after) {
        waiters.splice(index, 1);
        waiter.resolve();
      }
    }
  };

  /** The wait before the head record may be delivered again; 0 when it is due. */
  const retryWait = (): number => {
    const head = pending[0];
    if (head === undefined || retry?.sequenceNumber !== sequenceNumberOf(head)) return 0;
    return Math.max(0, retry.notBefore - Date.now());
  };

  /** One step: read if few records wait, deliver one batch if one is due; then the next step's delay. */
  const step = async (): Promise<number> => {
    if (pending.length < batchSize) await read();
    if (pending.length > 0 && retryWait() === 0 && !stopped) await deliver();
    settleWaiters();
    return pending.length === 0 ? intervalMillis : Math.min(intervalMillis, retryWait());
  };

  const schedule = (delay: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      timer = undefined;
      inFlight = step().then(schedule, (error: unknown) => {
        log(`stream poller: unexpected failure, going on: ${oneLine(error)}`);
        schedule(intervalMillis);
      });
    }, delay);
  };
  schedule(0);

  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await inFlight;
      for (const waiter of waiters.splice(0)) waiter.reject(new Error('the stream poller stopped before everything was processed'));
    },
    settled() {
      if (stopped) return Promise.reject(new Error('the stream poller is stopped'));
      return new Promise<void>((resolve, reject) => waiters.push({ after: readsStarted, resolve, reject }));
    },
  };
};
