import { Batcher, defaultBatcherLimits } from '../../cli/import/batches';
import type { ImportItem } from '../../cli/import/rows';

const item = (row: number, userId: string | null = null): ImportItem => ({
  row,
  phoneNumber: `+1202555${String(row).padStart(4, '0')}`,
  reason: null,
  userId,
});
const rowsOf = (batches: { items: ImportItem[] }[]) => batches.map((batch) => batch.items.map((entry) => entry.row));

describe('Batcher: rows into bulk requests', () => {
  it('cuts one userId’s rows into batches of at most maxBatchRows, in row order', () => {
    const batcher = new Batcher({ maxBatchRows: 3, maxBatchBytes: 1_000_000, maxBufferedRows: 100, maxLagRows: 100 });
    const sent = [1, 2, 3, 4, 5, 6, 7].flatMap((row) => batcher.add(item(row)));
    expect(rowsOf(sent)).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(rowsOf(batcher.flush())).toEqual([[7]]);
    expect(batcher.bufferedRows).toBe(0);
  });

  it('never mixes userIds in one batch (the body has one userId), null being the account-wide scope', () => {
    const batcher = new Batcher({ maxBatchRows: 2, maxBatchBytes: 1_000_000, maxBufferedRows: 100, maxLagRows: 100 });
    const users = [null, 'a', null, 'b', 'a', null, 'b'];
    const sent = users.flatMap((userId, index) => batcher.add(item(index + 1, userId)));
    const all = [...sent, ...batcher.flush()];
    for (const batch of all) expect(new Set(batch.items.map((entry) => entry.userId))).toEqual(new Set([batch.userId]));
    expect(all.map((batch) => [batch.userId, batch.items.map((entry) => entry.row)])).toEqual([
      [null, [1, 3]],
      ['a', [2, 5]],
      ['b', [4, 7]],
      [null, [6]],
    ]);
  });

  it('holds at most maxBufferedRows: past it, the group with the oldest row goes out short', () => {
    const batcher = new Batcher({ maxBatchRows: 1000, maxBatchBytes: 1_000_000, maxBufferedRows: 4, maxLagRows: 1000 });
    const users = ['a', 'b', 'c', 'a', 'b'];
    const sent = users.flatMap((userId, index) => batcher.add(item(index + 1, userId)));
    expect(sent.map((batch) => [batch.userId, batch.items.map((entry) => entry.row)])).toEqual([['a', [1, 4]]]);
    expect(batcher.bufferedRows).toBe(3);
  });

  it('sends a group out short once its oldest row is maxLagRows behind (a rare userId does not hold the checkpoint back)', () => {
    const batcher = new Batcher({ maxBatchRows: 1000, maxBatchBytes: 1_000_000, maxBufferedRows: 1000, maxLagRows: 10 });
    expect(batcher.add(item(1, 'rare'))).toEqual([]);
    const sent = [];
    for (let row = 2; row <= 11; row += 1) sent.push(...batcher.add(item(row)));
    expect(rowsOf(sent)).toEqual([[1]]);
    expect(sent[0]!.userId).toBe('rare');
  });

  it('flush answers every group, the one holding the oldest row first', () => {
    const batcher = new Batcher({ maxBatchRows: 2, maxBatchBytes: 1_000_000, maxBufferedRows: 100, maxLagRows: 100 });
    for (const [row, userId] of [
      [1, 'a'],
      [2, 'a'],
      [3, 'b'],
      [4, 'a'],
    ] as const)
      batcher.add(item(row, userId));
    expect(rowsOf(batcher.flush())).toEqual([[3], [4]]);
  });

  it('defaults to the route’s limit of 1,000 rows a request', () => {
    const batcher = new Batcher();
    const sent = Array.from({ length: 2500 }, (_, index) => batcher.add(item(index + 1))).flat();
    expect(sent.map((batch) => batch.items.length)).toEqual([1000, 1000]);
    expect(batcher.flush()[0]!.items).toHaveLength(500);
  });
});

describe('Batcher byte limit', () => {
  it('closes a batch before its items pass the byte limit, so long non-ASCII reasons never make a 413', () => {
    const batcher = new Batcher(defaultBatcherLimits);
    const reason = '☎️'.repeat(250); // 500 characters, about 1.5 KB in UTF-8
    const batches = Array.from({ length: 1000 }, (_, index) =>
      batcher.add({ row: index + 1, phoneNumber: `+1415${String(5_000_000 + index)}`, reason, userId: null }),
    ).flat();
    batches.push(...batcher.flush());
    expect(batches.length).toBeGreaterThan(1);
    expect(batches.flatMap((batch) => batch.items).map((item) => item.row)).toEqual(Array.from({ length: 1000 }, (_, index) => index + 1));
    for (const batch of batches) {
      const body = JSON.stringify({ phoneNumbers: batch.items.map(({ phoneNumber, reason: text }) => ({ phoneNumber, reason: text })) });
      expect(Buffer.byteLength(body)).toBeLessThanOrEqual(1024 * 1024);
    }
  });
});
