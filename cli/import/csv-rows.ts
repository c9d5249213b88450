import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';

/** The columns the import reads; others are ignored (named once on stderr). */
export const COLUMNS = ['phoneNumber', 'reason', 'userId'] as const;
export type Column = (typeof COLUMNS)[number];

export type RowFields = Record<Column, string | undefined>;

export interface CsvRow {
  /** 1 is the first record after the header; records whose cells are all empty are not rows. */
  row: number;
  /** The file line the record starts on (a quoted value may span lines). */
  line: number;
  /** The cells of the known columns; `undefined` when the column is absent or the record is short. */
  fields: RowFields;
  /** How many more cells the record has than the header (an unquoted comma in a value, usually). */
  extraCells: number;
}

export interface CsvHeader {
  indexes: Record<Column, number | undefined>;
  width: number;
  /** Header cells that are none of COLUMNS. */
  ignored: string[];
}

// A record larger than this is a broken file (an unclosed quote swallowing the rest), not a row.
const MAX_RECORD_BYTES = 64 * 1024;

/** Maps the header's cells to COLUMNS: names are matched ignoring case and surrounding spaces. */
export const readHeader = (cells: readonly string[]): CsvHeader => {
  const indexes: Record<Column, number | undefined> = { phoneNumber: undefined, reason: undefined, userId: undefined };
  const ignored: string[] = [];
  cells.forEach((cell, index) => {
    const column = COLUMNS.find((name) => name.toLowerCase() === cell.trim().toLowerCase());
    if (column === undefined) ignored.push(cell);
    else if (indexes[column] !== undefined) throw new Error(`the header names the column ${column} twice`);
    else indexes[column] = index;
  });
  if (indexes.phoneNumber === undefined) {
    throw new Error(
      `the header has no phoneNumber column (it has: ${cells.join(', ') || 'nothing'}); the first line must name the columns`,
    );
  }
  return { indexes, width: cells.length, ignored };
};

const newlinesIn = (cells: readonly string[]): number => {
  let count = 0;
  for (const cell of cells) {
    for (let at = cell.indexOf('\n'); at !== -1; at = cell.indexOf('\n', at + 1)) count += 1;
  }
  return count;
};

/**
 * Streams the data rows of a CSV file with a header, one at a time: the file is never held in
 * memory, and a consumer that stops pulling stops the reading (back-pressure).
 */
export async function* readCsvRows(file: string, onHeader: (header: CsvHeader) => void = () => {}): AsyncGenerator<CsvRow> {
  const parser = parse({
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_empty_values: true,
    max_record_size: MAX_RECORD_BYTES,
    info: true,
  });
  const input = createReadStream(file);
  // `pipe` does not pass a read error on: without this, a missing file would end nothing.
  input.on('error', (error) => parser.destroy(error));
  input.pipe(parser);
  let header: CsvHeader | undefined;
  let row = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (header === undefined) {
        header = readHeader(record);
        onHeader(header);
        continue;
      }
      row += 1;
      const cell = (column: Column) => {
        const index = header!.indexes[column];
        return index === undefined ? undefined : record[index];
      };
      yield {
        row,
        line: info.lines - newlinesIn(record),
        fields: { phoneNumber: cell('phoneNumber'), reason: cell('reason'), userId: cell('userId') },
        extraCells: Math.max(0, record.length - header.width),
      };
    }
  } finally {
    input.destroy();
    parser.destroy();
  }
  if (header === undefined)
    throw new Error('the file is empty: the first line must name the columns (phoneNumber, and optionally reason, userId)');
}
