/**
 * The rows every one of which is confirmed. Batches run in parallel and hold one userId's rows,
 * so rows are confirmed out of order and a batch's rows are not contiguous; a checkpoint may only
 * promise `1..rows`. Each row is settled once with a payload (what became of it); `settle` answers,
 * in row order, the payloads of the rows the prefix has just passed, so that the checkpoint's
 * counts describe exactly rows `1..rows`.
 */
export class ConfirmedPrefix<T> {
  private prefix: number;
  private readonly settledAbove = new Map<number, T>();

  constructor(start = 0) {
    this.prefix = start;
  }

  /** Every row from 1 to this one is confirmed. */
  get rows(): number {
    return this.prefix;
  }

  /** Rows confirmed beyond the prefix, waiting for an earlier one. */
  get waiting(): number {
    return this.settledAbove.size;
  }

  /** Settles rows (each with its payload); answers the payloads of the rows now inside the prefix, in row order. */
  settle(rows: Iterable<readonly [row: number, payload: T]>): T[] {
    for (const [row, payload] of rows) {
      if (!Number.isInteger(row) || row <= this.prefix || this.settledAbove.has(row)) {
        throw new Error(`row ${row} is settled twice (or is not a row number)`);
      }
      this.settledAbove.set(row, payload);
    }
    const passed: T[] = [];
    while (this.settledAbove.has(this.prefix + 1)) {
      const row = this.prefix + 1;
      passed.push(this.settledAbove.get(row) as T);
      this.settledAbove.delete(row);
      this.prefix = row;
    }
    return passed;
  }
}
