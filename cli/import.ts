import * as path from 'node:path';
import { createBulkClient, ImportStopped } from './import/bulk-client';
import { parseImportOptions, resumeCommandFor, UsageError, usage } from './import/options';
import { createProgress } from './import/progress';
import { ImportRefused, runImport } from './import/run-import';
import { summaryJson, summaryLines } from './import/summary';
import { resolveTarget } from './import/target';

/** `npm run import -- FILE.csv [...]`: adds a CSV list of numbers through POST /v1/dnc_numbers/bulk. */
const GRACE_MS = 30_000;

// npm runs scripts in the package root; INIT_CWD is where `npm run import` was typed.
const invokedFrom = process.env.INIT_CWD || process.cwd();
const display = (file: string): string => {
  const relative = path.relative(invokedFrom, file);
  return relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
};
const EXIT_INTERRUPTED = 130;
const REPEAT_SIGNAL_MS = 500;

const main = async (): Promise<number> => {
  const options = parseImportOptions(process.argv.slice(2));
  let target: ReturnType<typeof resolveTarget>;
  try {
    target = resolveTarget(options);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const file = path.resolve(invokedFrom, options.file);
  process.stderr.write(`import: ${display(file)} → ${target.apiUrl}; ${target.tokenFrom}; ${options.concurrency} requests in parallel\n`);

  const progress = createProgress();
  const interrupt = new AbortController();
  let firstSignalAt: number | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (firstSignalAt !== undefined) {
      // Ctrl-C under `npm run` reaches the import twice at once (from the terminal and forwarded by npm): only a
      // signal that comes a moment later is the user's second Ctrl-C.
      if (Date.now() - firstSignalAt < REPEAT_SIGNAL_MS) return;
      progress.warn(`import: ${signal} again: quitting now; the last checkpoint stands`);
      process.exit(EXIT_INTERRUPTED);
    }
    firstSignalAt = Date.now();
    progress.warn(
      `import: ${signal}: sending no new batch, waiting for those in flight (at most ${GRACE_MS / 1000} s); ${signal} again quits at once`,
    );
    interrupt.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const client = createBulkClient({ apiUrl: target.apiUrl, tokens: target.tokens });
  const result = await runImport(
    { file, apiUrl: target.apiUrl, userId: options.userId, concurrency: options.concurrency, resume: options.resume },
    {
      send: client.send,
      progress,
      note: (line) => progress.warn(`import: ${line}`),
      interrupt: interrupt.signal,
      graceMs: GRACE_MS,
    },
  );

  // A file refused before its first row (no phoneNumber column, say) has nothing to sum up.
  if (result.outcome === 'done' || result.rowsThisRun > 0 || result.resumedFrom > 0) {
    const shown = { file: display(file), rejectsFile: display(result.rejectsFile), apiUrl: target.apiUrl };
    process.stdout.write(`${summaryLines(result, shown).join('\n')}\n`);
  }
  if (process.env.DNC_IMPORT_JSON_SUMMARY === '1') {
    process.stdout.write(`${summaryJson(result, process.resourceUsage().maxRSS * 1024)}\n`);
  }
  const resumeCommand = resumeCommandFor(process.argv.slice(2));
  if (result.outcome === 'interrupted') {
    process.stderr.write(
      `import: interrupted; rows 1–${result.confirmedRows.toLocaleString('en-US')} are confirmed. To go on: ${resumeCommand}\n`,
    );
    return EXIT_INTERRUPTED;
  }
  if (result.outcome === 'failed') {
    process.stderr.write(`import stopped: ${result.error?.message}\n`);
    if (result.checkpointKept)
      process.stderr.write(
        `import: rows 1–${result.confirmedRows.toLocaleString('en-US')} are confirmed; once fixed, go on with: ${resumeCommand}\n`,
      );
    return 1;
  }
  return 0;
};

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`import: ${error.message}\n${usage}\n`);
      process.exit(2);
    }
    const known = error instanceof ImportRefused || error instanceof ImportStopped;
    process.stderr.write(`import: ${known ? (error as Error).message : String((error as Error)?.stack ?? error)}\n`);
    process.exit(known ? 2 : 1);
  },
);
