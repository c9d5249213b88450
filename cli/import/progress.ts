import { createReadStream } from 'node:fs';
import { Presets, SingleBar } from 'cli-progress';
import type { ImportCounts } from './counts';

export interface ProgressState {
  /** Rows done (confirmed or rejected), including those a resumed import skipped. */
  done: number;
  /** Rows in the file, as estimated before the import (raised if the estimate was short). */
  total: number;
  /** Rows already done when this run started (a resumed import): not part of the rate. */
  startDone: number;
  counts: ImportCounts;
  retries: number;
}

export interface Progress {
  update(state: ProgressState): void;
  /** A retry: a line of its own when stderr is not a terminal; on a terminal it is counted in the bar instead. */
  note(line: string): void;
  /** A line that must be seen (a warning, an interrupt): on a terminal, printed above the bar. */
  warn(line: string): void;
  stop(): void;
}

/**
 * The total for the bar, from one fast pass over the bytes (no parsing): line breaks outside
 * quotes that end a non-blank line, less the header. Exact for well-formed CSV (a quoted value may
 * span lines; `""` toggles twice) except rows of only commas; about 0.1 s for a million rows,
 * where parsing twice would cost seconds. The bar's total is raised if the estimate falls short.
 */
export const estimateRows = async (file: string): Promise<number> => {
  let records = 0;
  let quoted = false;
  let content = false;
  for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>) {
    for (let index = 0; index < chunk.length; index += 1) {
      const byte = chunk[index]!;
      if (byte === 0x22) {
        quoted = !quoted;
        content = true;
      } else if (byte === 0x0a) {
        if (!quoted && content) {
          records += 1;
          content = false;
        }
      } else if (byte !== 0x0d) {
        content = true;
      }
    }
  }
  if (content) records += 1;
  return Math.max(0, records - 1);
};

const number = (value: number) => Math.round(value).toLocaleString('en-US');

export const formatDuration = (seconds: number): string => {
  if (!Number.isFinite(seconds)) return '?';
  const whole = Math.round(seconds);
  if (whole < 60) return `${whole} s`;
  if (whole < 3600) return `${Math.floor(whole / 60)} min ${whole % 60} s`;
  return `${Math.floor(whole / 3600)} h ${Math.floor((whole % 3600) / 60)} min`;
};

/** Rows per second of this run (skipped rows of a resumed import are not counted). */
export const rateOf = (state: Pick<ProgressState, 'done' | 'startDone'>, elapsedMs: number): number =>
  elapsedMs <= 0 ? 0 : ((state.done - state.startDone) * 1000) / elapsedMs;

/** The line printed every 2 s when stderr is not a terminal. */
export const progressLine = (state: ProgressState, elapsedMs: number): string => {
  const rate = rateOf(state, elapsedMs);
  const total = Math.max(state.total, state.done);
  const percent = total === 0 ? 100 : Math.floor((state.done * 100) / total);
  const left = rate > 0 ? formatDuration((total - state.done) / rate) : '?';
  const { created, existing, rejected } = state.counts;
  return (
    `import: ${number(state.done)} of ~${number(total)} rows (${percent}%), ${number(rate)} rows/s, ~${left} left; ` +
    `created ${number(created)}, already listed ${number(existing)}, rejected ${number(rejected)}` +
    (state.retries > 0 ? `, ${number(state.retries)} retries` : '')
  );
};

export const createProgress = ({
  stream = process.stderr,
  tty = Boolean(process.stderr.isTTY),
  intervalMs = 2000,
  now = Date.now,
}: {
  stream?: NodeJS.WriteStream;
  tty?: boolean;
  intervalMs?: number;
  now?: () => number;
} = {}): Progress => {
  const started = now();
  let latest: ProgressState | undefined;
  if (tty) {
    const bar = new SingleBar(
      {
        stream,
        format:
          'import {bar} {percentage}% | {value}/{total} rows | {rate} rows/s | ETA {eta_formatted} | created {created}, listed {existing}, rejected {rejected}{retries}',
        hideCursor: true,
        etaBuffer: 50,
        fps: 5,
      },
      Presets.shades_classic,
    );
    let shown = false;
    return {
      update(state) {
        latest = state;
        const payload = {
          rate: number(rateOf(state, now() - started)),
          created: number(state.counts.created),
          existing: number(state.counts.existing),
          rejected: number(state.counts.rejected),
          retries: state.retries > 0 ? `, ${number(state.retries)} retries` : '',
        };
        const total = Math.max(state.total, state.done);
        if (!shown) {
          shown = true;
          bar.start(total, state.done, payload);
        } else {
          bar.setTotal(total);
          bar.update(state.done, payload);
        }
      },
      note() {},
      warn(line) {
        // Clears the bar's line; the bar is drawn again below at its next update.
        stream.write(shown ? `\r\x1b[K${line}\n` : `${line}\n`);
      },
      stop() {
        if (shown) bar.stop();
      },
    };
  }
  let lastPrinted = '';
  const print = () => {
    if (latest === undefined) return;
    const line = progressLine(latest, now() - started);
    if (line !== lastPrinted) stream.write(`${line}\n`);
    lastPrinted = line;
  };
  const timer = setInterval(print, intervalMs);
  timer.unref();
  return {
    update(state) {
      latest = state;
    },
    note(line) {
      stream.write(`${line}\n`);
    },
    warn(line) {
      stream.write(`${line}\n`);
    },
    stop() {
      clearInterval(timer);
    },
  };
};
