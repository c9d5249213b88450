import { MAX_BULK_NUMBERS } from '../../lambda/shared/domain/bulk-add';
import type { ImportItem } from './rows';

/** One `POST /v1/dnc_numbers/bulk` request: the body has one userId, so a batch holds one userId's rows. */
export interface Batch {
  userId: string | null;
  items: ImportItem[];
}

export interface BatcherLimits {
  /** Rows per request: the route's limit. */
  maxBatchRows: number;
  /** JSON bytes of a request's items: below the route's 1 MiB body limit, which long non-ASCII reasons can reach. */
  maxBatchBytes: number;
  /** Rows held across all userIds before the oldest group goes out short (bounds memory when many userIds interleave). */
  maxBufferedRows: number;
  /** A group goes out short once its first row is this many rows behind the newest (bounds how far the checkpoint lags). */
  maxLagRows: number;
}

/**
 * A rare userId (one row in a hundred) would otherwise sit in the buffer for 100,000 rows, and the
 * checkpoint with it: 5,000 rows keeps what a crash re-sends small, at the price of short batches
 * for userIds that have fewer than one row in five (with four or more of them interleaved).
 */
export const defaultBatcherLimits: BatcherLimits = {
  maxBatchRows: MAX_BULK_NUMBERS,
  // 1 MiB less room for the body's own JSON (`{"userId":…,"phoneNumbers":[…]}`).
  maxBatchBytes: 1024 * 1024 - 4096,
  maxBufferedRows: 10_000,
  maxLagRows: 5_000,
};

/** What an item adds to the request body, separator included, as the bulk client serializes it. */
export const itemBytes = (item: ImportItem): number =>
  Buffer.byteLength(JSON.stringify({ phoneNumber: item.phoneNumber, reason: item.reason })) + 1;

/**
 * Groups rows by userId into batches of at most `maxBatchRows`. Groups are kept in the order of
 * their oldest row (a Map keeps insertion order and a sent group is deleted), so the group that
 * goes out short is always the one holding the oldest row: the one the checkpoint waits for.
 */
export class Batcher {
  private readonly groups = new Map<string | null, ImportItem[]>();
  private readonly groupBytes = new Map<string | null, number>();
  private buffered = 0;

  constructor(private readonly limits: BatcherLimits = defaultBatcherLimits) {}

  /** Takes a row; answers the batches it completes (often none). Rows must come in row order. */
  add(item: ImportItem): Batch[] {
    const ready: Batch[] = [];
    const bytes = itemBytes(item);
    // A row that would take its group over the byte limit closes the group first.
    if (this.groups.has(item.userId) && (this.groupBytes.get(item.userId) ?? 0) + bytes > this.limits.maxBatchBytes) {
      ready.push(this.take(item.userId));
    }
    let group = this.groups.get(item.userId);
    if (group === undefined) {
      group = [];
      this.groups.set(item.userId, group);
    }
    group.push(item);
    this.groupBytes.set(item.userId, (this.groupBytes.get(item.userId) ?? 0) + bytes);
    this.buffered += 1;
    if (group.length >= this.limits.maxBatchRows) ready.push(this.take(item.userId));
    for (let oldest = this.oldest(); oldest !== undefined; oldest = this.oldest()) {
      const [userId, items] = oldest;
      const tooMany = this.buffered > this.limits.maxBufferedRows;
      const tooOld = item.row - items[0]!.row >= this.limits.maxLagRows;
      if (!tooMany && !tooOld) break;
      ready.push(this.take(userId));
    }
    return ready;
  }

  /** The rest, oldest group first: at the end of the input. */
  flush(): Batch[] {
    return [...this.groups.keys()].map((userId) => this.take(userId));
  }

  get bufferedRows(): number {
    return this.buffered;
  }

  private oldest(): [string | null, ImportItem[]] | undefined {
    return this.groups.entries().next().value;
  }

  private take(userId: string | null): Batch {
    const items = this.groups.get(userId) ?? [];
    this.groups.delete(userId);
    this.groupBytes.delete(userId);
    this.buffered -= items.length;
    return { userId, items };
  }
}
