import { statSync } from 'node:fs';
import { type Batch, Batcher, type BatcherLimits, defaultBatcherLimits } from './batches';
import { type BatchAnswer, BatchInterrupted, ImportStopped, type RetryNote, rowRange, type SendSignals } from './bulk-client';
import {
  type Checkpoint,
  checkpointPathFor,
  readCheckpoint,
  rejectsPathFor,
  removeCheckpoint,
  resumeProblem,
  writeCheckpoint,
} from './checkpoint';
import { ConfirmedPrefix } from './confirmed-prefix';
import { addCounts, type ImportCounts, noCounts } from './counts';
import { readCsvRows } from './csv-rows';
import { InFlight } from './in-flight';
import { estimateRows, type Progress } from './progress';
import { RejectsFile } from './rejects';
import { checkRow } from './rows';

export interface ImportPlan {
  file: string;
  apiUrl: string;
  /** `--user-id`: the userId of rows without one. */
  userId: string | null;
  concurrency: number;
  resume: boolean;
}

export interface ImportDependencies {
  send: (batch: Batch, signals: SendSignals, onRetry: (note: RetryNote) => void) => Promise<BatchAnswer>;
  progress: Progress;
  /** Warnings for stderr. */
  note: (line: string) => void;
  /** Aborted on Ctrl-C (SIGINT) or SIGTERM: no new batch is sent. */
  interrupt: AbortSignal;
  now?: () => number;
  /** How often, at most, the checkpoint is rewritten while the import runs. */
  checkpointEveryMs?: number;
  /** After an interrupt, how long requests in flight may take before they are aborted. */
  graceMs?: number;
  batcherLimits?: BatcherLimits;
  /** Reading waits while this many rows lie between the confirmed prefix and the row read (memory bound). */
  maxRowsAhead?: number;
}

export interface ImportResult {
  outcome: 'done' | 'interrupted' | 'failed';
  error?: Error;
  /** Rows 1..confirmedRows are on the list or rejected; at `done`, every row of the file. */
  confirmedRows: number;
  /** The counts of rows 1..confirmedRows. */
  counts: ImportCounts;
  /** Rows a resumed import skipped (confirmed by an earlier run). */
  resumedFrom: number;
  elapsedMs: number;
  /** Rows confirmed or rejected by this run. */
  rowsThisRun: number;
  checkpointFile: string;
  /** Whether the checkpoint was kept (to `--resume` from). */
  checkpointKept: boolean;
  rejectsFile: string;
  /** Whether the rejects file was kept (it is removed when no row was rejected). */
  rejectsKept: boolean;
}

/** The import refuses to start (a checkpoint in the way, or one that does not fit): nothing was sent. */
export class ImportRefused extends Error {
  override name = 'ImportRefused';
}

/** What became of one row, for the checkpoint's counts of rows 1..confirmedRows. */
type RowOutcome =
  | { kind: 'rejected'; rejectsBytes: number }
  | { kind: 'repeated' }
  /** The first row of its number in its batch: created or existing. The service counts per batch, not per row, so
   * the batch's created count goes to its first such rows the prefix passes (exact once the whole batch is passed). */
  | { kind: 'distinct'; batch: { createdLeft: number } };

/** Marks each row of an answered batch: the first of its number in the batch, or a repeat the service folded into it. */
const outcomesOf = (batch: Batch, created: number): [number, RowOutcome][] => {
  const tally = { createdLeft: created };
  const seen = new Set<string>();
  return batch.items.map((item): [number, RowOutcome] => {
    if (seen.has(item.phoneNumber)) return [item.row, { kind: 'repeated' }];
    seen.add(item.phoneNumber);
    return [item.row, { kind: 'distinct', batch: tally }];
  });
};

const DEFAULT_GRACE_MS = 30_000;

/**
 * Reads, checks, batches and sends one CSV file; keeps the checkpoint and the rejects file.
 * Back-pressure keeps memory flat: the reader waits for a free request slot before it reads on,
 * and never runs more than `maxRowsAhead` rows ahead of the confirmed prefix.
 */
export const runImport = async (plan: ImportPlan, dependencies: ImportDependencies): Promise<ImportResult> => {
  const now = dependencies.now ?? Date.now;
  const started = now();
  const { progress, note, interrupt } = dependencies;
  const checkpointFile = checkpointPathFor(plan.file);
  const rejectsPath = rejectsPathFor(plan.file);
  let size: number;
  let mtimeMs: number;
  try {
    ({ size, mtimeMs } = statSync(plan.file));
  } catch (error) {
    throw new ImportRefused(`cannot read ${plan.file}: ${(error as Error).message}`);
  }
  const identity = { input: { size, mtimeMs }, apiUrl: plan.apiUrl, userId: plan.userId };

  const earlier = readCheckpoint(checkpointFile);
  if (earlier !== undefined && !plan.resume) {
    throw new ImportRefused(
      `${checkpointFile} exists: an earlier import of this file stopped after row ${earlier.confirmedRows.toLocaleString('en-US')}. ` +
        'Pass --resume to go on from there, or delete that file to start over.',
    );
  }
  if (earlier !== undefined) {
    const problem = resumeProblem(earlier, identity);
    if (problem !== undefined) throw new ImportRefused(`cannot resume from ${checkpointFile}: ${problem}. Delete it to start over.`);
  } else if (plan.resume) {
    note(`no checkpoint ${checkpointFile}: starting at row 1`);
  }

  const resumedFrom = earlier?.confirmedRows ?? 0;
  let rejects: RejectsFile;
  if (earlier === undefined) {
    rejects = RejectsFile.create(rejectsPath);
  } else {
    const reopened = RejectsFile.resume(rejectsPath, earlier.rejectsBytes);
    if (reopened.note !== undefined) note(reopened.note);
    rejects = reopened.file;
  }
  const confirmedCounts: ImportCounts = { ...(earlier?.counts ?? noCounts()) };
  let confirmedRejectsBytes = rejects.bytes;
  let liveCounts = { ...confirmedCounts };
  let doneThisRun = 0;
  let retries = 0;
  const total = await estimateRows(plan.file);

  const prefix = new ConfirmedPrefix<RowOutcome>(resumedFrom);
  const batcher = new Batcher(dependencies.batcherLimits ?? defaultBatcherLimits);
  const pool = new InFlight(plan.concurrency);
  const maxRowsAhead = dependencies.maxRowsAhead ?? 100_000;
  const stopRetrying = new AbortController();
  const abortRequest = new AbortController();
  const signals: SendSignals = { stopRetrying: stopRetrying.signal, abortRequest: abortRequest.signal };
  let failure: Error | undefined;
  const fail = (error: Error) => {
    failure ??= error;
    stopRetrying.abort();
  };
  const stopped = () => interrupt.aborted || failure !== undefined;
  const onInterrupt = () => stopRetrying.abort();
  interrupt.addEventListener('abort', onInterrupt, { once: true });

  const checkpoint = (): Checkpoint => ({
    version: 1,
    input: { path: plan.file, size, mtimeMs },
    apiUrl: plan.apiUrl,
    userId: plan.userId,
    confirmedRows: prefix.rows,
    counts: { ...confirmedCounts },
    rejectsBytes: confirmedRejectsBytes,
    updatedAt: new Date(now()).toISOString(),
  });
  let lastCheckpointAt = now();
  let checkpointed = false;
  const saveCheckpoint = () => {
    rejects.flush(); // before the checkpoint that counts on those bytes
    writeCheckpoint(checkpointFile, checkpoint());
    lastCheckpointAt = now();
    checkpointed = true;
  };

  const showProgress = () =>
    progress.update({
      done: resumedFrom + doneThisRun,
      total: Math.max(total, resumedFrom),
      startDone: resumedFrom,
      counts: liveCounts,
      retries,
    });

  const count = (outcome: RowOutcome) => {
    if (outcome.kind === 'rejected') {
      confirmedCounts.rejected += 1;
      confirmedRejectsBytes = Math.max(confirmedRejectsBytes, outcome.rejectsBytes);
    } else if (outcome.kind === 'repeated') {
      confirmedCounts.repeated += 1;
    } else if (outcome.batch.createdLeft > 0) {
      outcome.batch.createdLeft -= 1;
      confirmedCounts.created += 1;
    } else {
      confirmedCounts.existing += 1;
    }
  };

  const settle = (rows: [number, RowOutcome][], counts: Partial<ImportCounts>) => {
    const passed = prefix.settle(rows);
    doneThisRun += rows.length;
    liveCounts = addCounts(liveCounts, counts);
    for (const outcome of passed) count(outcome);
    showProgress();
    if (passed.length > 0 && now() - lastCheckpointAt >= (dependencies.checkpointEveryMs ?? 1000)) {
      try {
        saveCheckpoint();
      } catch (error) {
        fail(new Error(`could not write the checkpoint ${checkpointFile}: ${(error as Error).message}`));
      }
    }
  };

  const sendBatch = async (batch: Batch) => {
    try {
      const { created, existing } = await dependencies.send(batch, signals, onRetry);
      settle(outcomesOf(batch, created), { created, existing, repeated: batch.items.length - created - existing });
    } catch (error) {
      if (error instanceof BatchInterrupted) return;
      fail(error instanceof Error ? error : new Error(String(error)));
    }
  };
  const dispatch = (batch: Batch) =>
    pool.start(
      () => sendBatch(batch),
      () => !stopped(),
    );
  const onRetry = ({ batch, failedAttempts, cause, delayMs }: RetryNote) => {
    retries += 1;
    progress.note(`import: ${rowRange(batch)}: ${cause}; attempt ${failedAttempts + 1} in ${(delayMs / 1000).toFixed(1)} s`);
    showProgress();
  };

  showProgress();
  let lastRow = resumedFrom;
  try {
    for await (const row of readCsvRows(plan.file, ({ ignored }) => {
      if (ignored.length > 0) note(`ignoring the column${ignored.length === 1 ? '' : 's'} ${ignored.join(', ')}`);
    })) {
      if (stopped()) break;
      if (row.row <= resumedFrom) continue;
      lastRow = row.row;
      const checked = checkRow(row, plan.userId);
      if (checked.rejected !== undefined) {
        settle([[row.row, { kind: 'rejected', rejectsBytes: rejects.add(checked.rejected) }]], { rejected: 1 });
      } else {
        for (const batch of batcher.add(checked.item)) await dispatch(batch);
      }
      while (!stopped() && row.row - prefix.rows > maxRowsAhead && pool.size > 0) await pool.next();
    }
    if (!stopped()) for (const batch of batcher.flush()) await dispatch(batch);
  } catch (error) {
    fail(new ImportStopped(`${plan.file}: ${(error as Error).message}`));
  }

  if (stopped()) {
    let graceTimer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => (graceTimer = setTimeout(resolve, dependencies.graceMs ?? DEFAULT_GRACE_MS)));
    await Promise.race([pool.drain(), grace]);
    clearTimeout(graceTimer);
    abortRequest.abort();
  }
  await pool.drain();
  interrupt.removeEventListener('abort', onInterrupt);
  progress.stop();

  const finished = !stopped();
  if (finished && prefix.rows !== lastRow) {
    fail(new Error(`internal error: rows up to ${lastRow} were read but only 1..${prefix.rows} confirmed`));
  }
  const outcome = failure !== undefined ? 'failed' : interrupt.aborted ? 'interrupted' : 'done';
  let checkpointKept = false;
  if (outcome === 'done') {
    removeCheckpoint(checkpointFile);
  } else if (prefix.rows > 0 || earlier !== undefined || checkpointed) {
    saveCheckpoint();
    checkpointKept = true;
  }
  const rejectsKept = confirmedCounts.rejected > 0 || (outcome !== 'done' && rejects.count > 0);
  rejects.close({ removeIfEmpty: !rejectsKept });
  return {
    outcome,
    ...(failure === undefined ? {} : { error: failure }),
    confirmedRows: prefix.rows,
    counts: confirmedCounts,
    resumedFrom,
    elapsedMs: now() - started,
    rowsThisRun: doneThisRun,
    checkpointFile,
    checkpointKept,
    rejectsFile: rejectsPath,
    rejectsKept,
  };
};
