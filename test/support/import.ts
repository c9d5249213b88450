import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import * as path from 'node:path';
import { normalizePhoneNumber } from '../../lambda/shared/domain/phone-number';
import { csvLine } from '../../cli/import/rejects';

const projectRoot = path.resolve(__dirname, '..', '..');

export interface ImportCsvOptions {
  rows: number;
  /** Three digits, first 2-9: keeps two files' numbers apart. */
  areaCode: string;
  /** The `--user-id` the import will get: rows with an empty userId cell land there. */
  defaultUserId?: string | null;
  /** One row in this many is bad (varied: letters, too short, bad userId, 501-character reason, no number); 0 for none. */
  badEvery?: number;
  /** Skip building `expected` (for a million rows). */
  collectExpected?: boolean;
}

export interface ImportCsv {
  file: string;
  rows: number;
  /** Row numbers (1 = first after the header) of the bad rows. */
  badRows: number[];
  /** `${userId ?? ''} ${E.164}` of every entry the import must leave on the list. */
  expected: Set<string>;
  /** Rows whose number appears in no other row of the same scope: their reason must be the one stored. */
  reasonOf: Map<string, string | null>;
}

export const entryKey = (userId: string | null, phoneNumber: string): string => `${userId ?? ''} ${phoneNumber}`;

const spellings = [
  (area: string, line: string) => `+1${area}${line}`,
  (area: string, line: string) => `+1 (${area}) ${line.slice(0, 3)}-${line.slice(3)}`,
  (area: string, line: string) => `+1.${area}.${line.slice(0, 3)}.${line.slice(3)}`,
  (area: string, line: string) => ` +1-${area}-${line.slice(0, 3)}-${line.slice(3)} `,
];

const reasons = ['', 'asked to stop', 'said "stop", twice', 'line one\nline two', 'customer request'];

/**
 * Writes a CSV the way a customer export would look (header, spellings, quoted commas and line
 * breaks), deterministically: row `i` has the number `+1 AREA i`, one row in `badEvery` is bad
 * (five kinds in turn), every hundredth row repeats a number 40 rows earlier in another spelling
 * (same scope: a duplicate), and every hundredth another row's number in another scope (a second entry).
 */
export const writeImportCsv = async (file: string, options: ImportCsvOptions): Promise<ImportCsv> => {
  const { rows, areaCode, defaultUserId = null, badEvery = 100, collectExpected = true } = options;
  const out = createWriteStream(file);
  const expected = new Set<string>();
  const reasonOf = new Map<string, string | null>();
  const seenTwice = new Set<string>();
  const badRows: number[] = [];
  const lineOf = (row: number) => String(row).padStart(7, '0');
  const userCellOf = (row: number) => (row % 4 === 0 ? `agent-${row % 3}` : '');
  const write = async (cells: string[]) => {
    if (!out.write(csvLine(cells))) await once(out, 'drain');
  };
  const remember = (userCell: string, number: string, reason: string) => {
    if (!collectExpected) return;
    const key = entryKey(userCell === '' ? defaultUserId : userCell, normalizePhoneNumber(number)!);
    if (expected.has(key)) seenTwice.add(key);
    expected.add(key);
    reasonOf.set(key, reason === '' ? null : reason);
  };

  await write(['phoneNumber', 'reason', 'userId', 'note']);
  for (let row = 1; row <= rows; row += 1) {
    const reason = reasons[row % reasons.length]!;
    const note = `n${row}`;
    if (badEvery > 0 && row % badEvery === badEvery / 2) {
      badRows.push(row);
      const good = `+1${areaCode}${lineOf(row)}`;
      const kind = Math.floor(row / badEvery) % 5;
      if (kind === 0) await write([`+1 ${areaCode} 55A-${lineOf(row).slice(3)}`, 'letters', '', note]);
      else if (kind === 1) await write([`+1${row % 10_000}`, 'too short', '', note]);
      else if (kind === 2) await write([good, 'bad userId', 'agent 7!', note]);
      else if (kind === 3) await write([good, 'x'.repeat(501), '', note]);
      else await write(['', 'no number', 'agent-1', note]);
      continue;
    }
    if (row % 100 === 77 && row > 100) {
      // The number of row - 40 (a good row), in another spelling, in the same scope.
      const earlier = row - 40;
      const number = spellings[((row / 100) % spellings.length) | 0]!(areaCode, lineOf(earlier));
      await write([number, 'repeated', userCellOf(earlier), note]);
      remember(userCellOf(earlier), number, 'repeated');
      continue;
    }
    if (row % 100 === 88) {
      // The number of row - 1, in the other scope: a second entry.
      const number = `+1${areaCode}${lineOf(row - 1)}`;
      const userCell = userCellOf(row - 1) === '' ? 'agent-9' : '';
      await write([number, reason, userCell, note]);
      remember(userCell, number, reason);
      continue;
    }
    const number = spellings[row % spellings.length]!(areaCode, lineOf(row));
    await write([number, reason, userCellOf(row), note]);
    remember(userCellOf(row), number, reason);
  }
  out.end();
  await once(out, 'close');
  for (const key of seenTwice) reasonOf.delete(key);
  return { file, rows, badRows, expected, reasonOf };
};

export interface ImportRun {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** `npm run import`'s command, without npm: one process, so that a signal reaches the import itself. */
export const spawnImport = (args: string[], env: Record<string, string> = {}): ImportRun => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'cli/import.ts', ...args], {
    cwd: projectRoot,
    env: { ...process.env, DNC_IMPORT_JSON_SUMMARY: '1', INIT_CWD: projectRoot, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(child, 'close').then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null }));
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
};

export interface ImportSummary {
  outcome: 'done' | 'interrupted' | 'failed';
  rows: number;
  created: number;
  existing: number;
  repeated: number;
  rejected: number;
  confirmedRows: number;
  resumedFrom: number;
  rowsThisRun: number;
  elapsedMs: number;
  rowsPerSecond: number;
  maxRssMb: number;
}

/** The machine-readable last line the import prints with DNC_IMPORT_JSON_SUMMARY=1. */
export const summaryOf = (stdout: string): ImportSummary => {
  const line = stdout.split('\n').find((candidate) => candidate.startsWith('{"importSummary"'));
  if (line === undefined) throw new Error(`no summary line in the import's output:\n${stdout}`);
  return JSON.parse(line).importSummary;
};

export interface ListedEntry {
  id: string;
  phoneNumber: string;
  userId: string | null;
  reason: string | null;
}

/** Every entry of a scope kind, 100 a page, following nextCursor. */
export const listEveryEntry = async (apiUrl: string, token: string, type: 'global' | 'user-specific'): Promise<ListedEntry[]> => {
  const entries: ListedEntry[] = [];
  let cursor: string | null = null;
  do {
    const query: string = `type=${type}&size=100${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`;
    const response = await fetch(`${apiUrl}/v1/dnc_numbers/list?${query}`, { headers: { authorization: `Bearer ${token}` } });
    if (response.status !== 200) throw new Error(`list answered ${response.status}: ${await response.text()}`);
    const page = (await response.json()) as { data: ListedEntry[]; nextCursor: string | null };
    entries.push(...page.data);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return entries;
};
