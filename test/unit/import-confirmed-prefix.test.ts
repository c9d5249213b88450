import { ConfirmedPrefix } from '../../cli/import/confirmed-prefix';

const rows = (from: number[], payload: string) => from.map((row) => [row, `${payload}${row}`] as const);

describe('ConfirmedPrefix: the rows a checkpoint may promise', () => {
  it('advances only over rows every one of which is confirmed, whatever order batches settle in', () => {
    const prefix = new ConfirmedPrefix<string>();
    expect(prefix.settle(rows([4, 5, 6], 'b'))).toEqual([]);
    expect(prefix.rows).toBe(0);
    expect(prefix.waiting).toBe(3);
    expect(prefix.settle(rows([2], 'rejected'))).toEqual([]);
    expect(prefix.rows).toBe(0);
    expect(prefix.settle(rows([1, 3], 'a'))).toEqual(['a1', 'rejected2', 'a3', 'b4', 'b5', 'b6']);
    expect(prefix.rows).toBe(6);
    expect(prefix.waiting).toBe(0);
  });

  it('passes the rows of a batch whose rows are not contiguous (one userId among others) one by one', () => {
    const prefix = new ConfirmedPrefix<string>();
    expect(prefix.settle(rows([1, 3, 5], 'user a '))).toEqual(['user a 1']);
    expect(prefix.rows).toBe(1);
    expect(prefix.settle(rows([2], 'user b '))).toEqual(['user b 2', 'user a 3']);
    expect(prefix.rows).toBe(3);
    expect(prefix.settle(rows([4, 6], 'user c '))).toEqual(['user c 4', 'user a 5', 'user c 6']);
    expect(prefix.rows).toBe(6);
  });

  it('starts after the rows of a checkpoint', () => {
    const prefix = new ConfirmedPrefix<string>(1000);
    expect(prefix.rows).toBe(1000);
    expect(prefix.settle(rows([1002], ''))).toEqual([]);
    expect(prefix.settle(rows([1001], ''))).toEqual(['1001', '1002']);
    expect(prefix.rows).toBe(1002);
  });

  it('refuses a row settled twice and one inside the prefix', () => {
    const prefix = new ConfirmedPrefix<null>(5);
    expect(() => prefix.settle([[5, null]])).toThrow(/settled twice/);
    prefix.settle([[7, null]]);
    expect(() => prefix.settle([[7, null]])).toThrow(/settled twice/);
    expect(() => prefix.settle([[6.5, null]])).toThrow(/not a row number/);
  });

  it('with a batch in flight, later confirmed rows wait above the prefix, and the prefix stays before the batch', () => {
    const prefix = new ConfirmedPrefix<string>();
    prefix.settle(rows([1, 2], 'a'));
    // rows 3..5 are in flight; 6..8 are confirmed meanwhile
    prefix.settle(rows([6, 7, 8], 'c'));
    expect(prefix.rows).toBe(2);
    expect(prefix.waiting).toBe(3);
    expect(prefix.settle(rows([3, 4, 5], 'b'))).toEqual(['b3', 'b4', 'b5', 'c6', 'c7', 'c8']);
    expect(prefix.rows).toBe(8);
  });

  it('keeps a payload that is undefined or null', () => {
    const prefix = new ConfirmedPrefix<undefined>();
    expect(prefix.settle([[1, undefined]])).toEqual([undefined]);
    expect(prefix.rows).toBe(1);
  });
});
