import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parse } from 'csv-parse/sync';
import { type CsvRow, readCsvRows, readHeader } from '../../cli/import/csv-rows';
import { estimateRows } from '../../cli/import/progress';
import { csvLine, REJECTS_HEADER, RejectsFile } from '../../cli/import/rejects';
import { checkRow } from '../../cli/import/rows';

const directory = mkdtempSync(path.join(tmpdir(), 'dnc-import-rows-'));
const fileWith = (name: string, text: string) => {
  const file = path.join(directory, name);
  writeFileSync(file, text);
  return file;
};
const readAll = async (file: string) => {
  const rows: CsvRow[] = [];
  for await (const row of readCsvRows(file)) rows.push(row);
  return rows;
};
const row = (fields: Partial<CsvRow['fields']>, extraCells = 0): CsvRow => ({
  row: 7,
  line: 8,
  fields: { phoneNumber: undefined, reason: undefined, userId: undefined, ...fields },
  extraCells,
});

describe('checkRow: a CSV row checked with the service’s own schemas', () => {
  it('normalizes the number as the service does and keeps the reason', () => {
    expect(checkRow(row({ phoneNumber: '+44 (0)20 7946 0958', reason: 'asked, twice' }), null)).toEqual({
      item: { row: 7, phoneNumber: '+442079460958', reason: 'asked, twice', userId: null },
    });
  });

  it('an empty reason is none; an empty userId falls back to --user-id; a row’s own userId overrides it', () => {
    expect(checkRow(row({ phoneNumber: '+14155550100', reason: '', userId: '' }), 'importer').item).toEqual({
      row: 7,
      phoneNumber: '+14155550100',
      reason: null,
      userId: 'importer',
    });
    expect(checkRow(row({ phoneNumber: '+14155550100', userId: ' agent-7 ' }), 'importer').item?.userId).toBe('agent-7');
    expect(checkRow(row({ phoneNumber: '+14155550100' }), null).item?.userId).toBeNull();
  });

  it.each([
    ['letters', { phoneNumber: '+1415555ABCD' }, /^phoneNumber must be an E\.164 number/],
    ['too short', { phoneNumber: '+12345' }, /^phoneNumber must be an E\.164 number/],
    ['no number', { phoneNumber: '  ', reason: 'x' }, /^phoneNumber is required$/],
    ['a bad userId', { phoneNumber: '+14155550100', userId: 'agent 7!' }, /^userId must be 1 to 128 characters/],
    ['a 501-character reason', { phoneNumber: '+14155550100', reason: 'x'.repeat(501) }, /^reason must be at most 500 characters$/],
    [
      'a control character in the reason',
      { phoneNumber: '+14155550100', reason: 'a\u0007b' },
      /^reason must not contain control characters/,
    ],
  ])('rejects %s with the service’s message', (_case, fields, message) => {
    const checked = checkRow(row(fields), null);
    expect(checked.item).toBeUndefined();
    expect(checked.rejected).toEqual({ row: 7, line: 8, fields: expect.objectContaining(fields), message: expect.stringMatching(message) });
  });

  it('names every problem of a row, and a row with more cells than the header', () => {
    const checked = checkRow(row({ phoneNumber: 'nope', userId: 'bad user' }, 2), null);
    expect(checked.rejected?.message.split('; ')).toEqual([
      'the row has 2 cells more than the header (quote values that hold a comma)',
      expect.stringMatching(/^phoneNumber must be/),
      expect.stringMatching(/^userId must be/),
    ]);
  });
});

describe('readCsvRows: streaming the file', () => {
  it('maps the header by name (any case, any order, other columns ignored) and numbers rows and lines', async () => {
    const file = fileWith(
      'mixed.csv',
      '\uFEFFNote, USERID ,phonenumber,Reason\r\nn1,agent-1,+14155550100,"said ""stop"", twice"\r\n\r\nn2,,+14155550101,"line one\nline two"\r\n,,,\r\nn3,,+14155550102\r\n',
    );
    const ignored: string[][] = [];
    const rows: CsvRow[] = [];
    for await (const parsed of readCsvRows(file, (header) => ignored.push(header.ignored))) rows.push(parsed);
    expect(ignored).toEqual([['Note']]);
    expect(rows).toEqual([
      { row: 1, line: 2, fields: { phoneNumber: '+14155550100', reason: 'said "stop", twice', userId: 'agent-1' }, extraCells: 0 },
      { row: 2, line: 4, fields: { phoneNumber: '+14155550101', reason: 'line one\nline two', userId: '' }, extraCells: 0 },
      { row: 3, line: 7, fields: { phoneNumber: '+14155550102', reason: undefined, userId: '' }, extraCells: 0 },
    ]);
  });

  it('counts cells beyond the header (an unquoted comma)', async () => {
    const rows = await readAll(fileWith('extra.csv', 'phoneNumber,reason\n+14155550100,asked, twice\n'));
    expect(rows[0]).toMatchObject({ fields: { phoneNumber: '+14155550100', reason: 'asked' }, extraCells: 1 });
  });

  it('refuses a file without a phoneNumber column, an empty file, and a broken quote with its line', async () => {
    await expect(readAll(fileWith('no-phone.csv', 'number,reason\n+14155550100,x\n'))).rejects.toThrow(/no phoneNumber column/);
    await expect(readAll(fileWith('empty.csv', ''))).rejects.toThrow(/the file is empty/);
    await expect(readAll(fileWith('quote.csv', 'phoneNumber,reason\n+14155550100,"x"y\n'))).rejects.toThrow(/line 2/);
    await expect(readAll(path.join(directory, 'missing.csv'))).rejects.toThrow(/ENOENT/);
    expect(() => readHeader(['phoneNumber', 'PhoneNumber'])).toThrow(/twice/);
  });

  it('estimateRows counts records, not line breaks: quoted line breaks and blank lines are not rows', async () => {
    const file = fileWith('estimate.csv', 'phoneNumber,reason\r\n+1,"a\r\nb"\r\n\r\n+2,"say ""hi""\r\n"\r\n+3,c');
    expect(await estimateRows(file)).toBe(3);
    expect(await readAll(file)).toHaveLength(3);
    expect(await estimateRows(fileWith('header-only.csv', 'phoneNumber\n'))).toBe(0);
  });
});

describe('the rejects file', () => {
  it('csvLine quotes what needs quoting, and csv-parse reads back exactly what was written', () => {
    const values = ['plain', 'a,b', 'say "hi"', 'line\nbreak', ' edge ', '', '+14155550100'];
    expect(csvLine(['a', 1, null, undefined])).toBe('a,1,,\n');
    expect(parse(csvLine(values))).toEqual([values]);
  });

  it('holds the header and one line per rejected row: row, line, the input fields, the message', () => {
    const file = path.join(directory, 'numbers.rejects.csv');
    const rejects = RejectsFile.create(file);
    const bytes = rejects.add({
      row: 3,
      line: 4,
      fields: { phoneNumber: '+1415555ABCD', reason: 'a, "b"', userId: undefined },
      message: 'phoneNumber must be …',
    });
    expect(rejects.bytes).toBe(bytes);
    rejects.close({ removeIfEmpty: false });
    expect(statSync(file).size).toBe(bytes);
    expect(parse(readFileSync(file), { columns: true })).toEqual([
      { row: '3', line: '4', phoneNumber: '+1415555ABCD', reason: 'a, "b"', userId: '', message: 'phoneNumber must be …' },
    ]);
    expect(readFileSync(file, 'utf8').split('\n')[0]).toBe(REJECTS_HEADER.join(','));
  });

  it('on resume, is cut back to the checkpoint’s length and goes on from there', () => {
    const file = path.join(directory, 'resumed.rejects.csv');
    const first = RejectsFile.create(file);
    const kept = first.add({ row: 1, line: 2, fields: { phoneNumber: 'x', reason: undefined, userId: undefined }, message: 'm1' });
    first.add({ row: 9, line: 10, fields: { phoneNumber: 'y', reason: undefined, userId: undefined }, message: 'not confirmed' });
    first.close({ removeIfEmpty: false });

    const { file: resumed, note } = RejectsFile.resume(file, kept);
    expect(note).toBeUndefined();
    resumed.add({ row: 9, line: 10, fields: { phoneNumber: 'y', reason: undefined, userId: undefined }, message: 'again' });
    resumed.close({ removeIfEmpty: false });
    expect(
      (parse(readFileSync(file), { columns: true }) as { row: string; message: string }[]).map((record) => [record.row, record.message]),
    ).toEqual([
      ['1', 'm1'],
      ['9', 'again'],
    ]);
  });
});
