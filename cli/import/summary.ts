import { rowsOf } from './counts';
import type { ImportResult } from './run-import';

const number = (value: number) => value.toLocaleString('en-US');

/** Rows per second of this run: rows confirmed or rejected by it over its elapsed time. */
export const rowsPerSecond = (result: Pick<ImportResult, 'rowsThisRun' | 'elapsedMs'>): number =>
  result.elapsedMs <= 0 ? 0 : Math.round((result.rowsThisRun * 1000) / result.elapsedMs);

/** The final summary (stdout); the counts cover the whole file, also across resumed runs. */
export const summaryLines = (
  result: ImportResult,
  { file, rejectsFile, apiUrl }: { file: string; rejectsFile: string; apiUrl: string },
): string[] => {
  const { created, existing, repeated, rejected } = result.counts;
  const title = result.outcome === 'done' ? `imported ${file} into ${apiUrl}` : `import of ${file} into ${apiUrl} ${result.outcome}`;
  const rows: [string, string][] = [
    ['rows', `${number(rowsOf(result.counts))}${result.outcome === 'done' ? '' : ' confirmed so far'}`],
    ['created', number(created)],
    ['already listed', number(existing)],
    ['repeated in a batch', `${number(repeated)} (the same number earlier in the same request, in any spelling)`],
    ['rejected', `${number(rejected)}${result.rejectsKept ? ` (see ${rejectsFile})` : ''}`],
    [
      'elapsed',
      `${(result.elapsedMs / 1000).toFixed(1)} s${result.resumedFrom > 0 ? ` (resumed after row ${number(result.resumedFrom)})` : ''}`,
    ],
    ['rate', `${number(rowsPerSecond(result))} rows/s`],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  return [title, ...rows.map(([label, value]) => `  ${`${label}:`.padEnd(width + 2)}${value}`)];
};

/** One JSON line for scripts and the benchmark (with DNC_IMPORT_JSON_SUMMARY=1). */
export const summaryJson = (result: ImportResult, maxRssBytes: number): string =>
  JSON.stringify({
    importSummary: {
      outcome: result.outcome,
      rows: rowsOf(result.counts),
      ...result.counts,
      confirmedRows: result.confirmedRows,
      resumedFrom: result.resumedFrom,
      rowsThisRun: result.rowsThisRun,
      elapsedMs: result.elapsedMs,
      rowsPerSecond: rowsPerSecond(result),
      maxRssMb: Math.round((maxRssBytes / (1024 * 1024)) * 10) / 10,
    },
  });
