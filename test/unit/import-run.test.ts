import { existsSync, mkdtempSync, readFileSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Batch } from '../../cli/import/batches';
import { ImportStopped } from '../../cli/import/bulk-client';
import { checkpointPathFor, readCheckpoint, rejectsPathFor } from '../../cli/import/checkpoint';
import { rowsOf } from '../../cli/import/counts';
import { type ImportDependencies, ImportRefused, runImport } from '../../cli/import/run-import';
import { writeImportCsv } from '../support/import';

const directory = mkdtempSync(path.join(tmpdir(), 'dnc-import-run-'));
const quiet = { update: () => {}, note: () => {}, warn: () => {}, stop: () => {} };
const limits = { maxBatchRows: 10, maxBatchBytes: 1_000_000, maxBufferedRows: 40, maxLagRows: 60 };
const plan = (file: string, resume = false) => ({ file, apiUrl: 'http://127.0.0.1:3000', userId: null, concurrency: 4, resume });

/** A fake service: answers after a random few milliseconds, remembers every row it was sent. */
const fakeService = (options: { onBatch?: (batch: Batch, index: number) => void } = {}) => {
  const sent: number[] = [];
  const listed = new Set<string>();
  let batches = 0;
  const send: ImportDependencies['send'] = async (batch) => {
    const index = batches++;
    options.onBatch?.(batch, index);
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 5));
    sent.push(...batch.items.map((item) => item.row));
    let created = 0;
    const distinct = new Set(batch.items.map((item) => `${batch.userId} ${item.phoneNumber}`));
    for (const key of distinct) {
      if (!listed.has(key)) created += 1;
      listed.add(key);
    }
    return { created, existing: distinct.size - created };
  };
  return { send, sent, listed };
};

const run = (file: string, send: ImportDependencies['send'], options: { resume?: boolean; interrupt?: AbortController } = {}) =>
  runImport(plan(file, options.resume), {
    send,
    progress: quiet,
    note: () => {},
    interrupt: (options.interrupt ?? new AbortController()).signal,
    checkpointEveryMs: 0,
    graceMs: 1000,
    batcherLimits: limits,
  });

describe('runImport: read, check, batch, send, checkpoint', () => {
  it('imports every good row, rejects the bad ones to the rejects file, and removes the checkpoint', async () => {
    const csv = await writeImportCsv(path.join(directory, 'whole.csv'), { rows: 500, areaCode: '202' });
    const service = fakeService();
    const result = await run(csv.file, service.send);
    expect(result).toMatchObject({ outcome: 'done', confirmedRows: 500, resumedFrom: 0, checkpointKept: false, rejectsKept: true });
    expect(rowsOf(result.counts)).toBe(500);
    expect(result.counts).toMatchObject({ created: csv.expected.size, rejected: csv.badRows.length });
    expect(service.listed).toEqual(new Set([...csv.expected].map((key) => (key.startsWith(' ') ? `null${key}` : key))));
    expect(existsSync(checkpointPathFor(csv.file))).toBe(false);
    const rejects = parse(readFileSync(rejectsPathFor(csv.file)), { columns: true }) as { row: string }[];
    expect(rejects.map((record) => Number(record.row))).toEqual(csv.badRows);
  });

  it('removes the rejects file when no row was rejected', async () => {
    const csv = await writeImportCsv(path.join(directory, 'clean.csv'), { rows: 120, areaCode: '202', badEvery: 0 });
    const result = await run(csv.file, fakeService().send);
    expect(result).toMatchObject({ outcome: 'done', rejectsKept: false });
    expect(existsSync(rejectsPathFor(csv.file))).toBe(false);
  });

  it('interrupted, keeps a checkpoint of the confirmed prefix; refuses to start over it; --resume sends only the rest', async () => {
    const csv = await writeImportCsv(path.join(directory, 'interrupted.csv'), { rows: 1000, areaCode: '303' });
    const interrupt = new AbortController();
    const first = fakeService({ onBatch: (_batch, index) => index === 30 && interrupt.abort() });
    const stopped = await run(csv.file, first.send, { interrupt });
    expect(stopped.outcome).toBe('interrupted');
    expect(stopped.checkpointKept).toBe(true);
    const checkpoint = readCheckpoint(checkpointPathFor(csv.file))!;
    expect(checkpoint.confirmedRows).toBe(stopped.confirmedRows);
    expect(checkpoint.confirmedRows).toBeGreaterThan(100);
    expect(checkpoint.confirmedRows).toBeLessThan(1000);
    expect(rowsOf(checkpoint.counts)).toBe(checkpoint.confirmedRows);

    await expect(run(csv.file, fakeService().send)).rejects.toThrow(ImportRefused);
    await expect(run(csv.file, fakeService().send)).rejects.toThrow(/Pass --resume to go on from there, or delete that file/);

    const second = fakeService();
    for (const key of first.listed) second.listed.add(key);
    const resumed = await run(csv.file, second.send, { resume: true });
    expect(resumed).toMatchObject({ outcome: 'done', confirmedRows: 1000, resumedFrom: checkpoint.confirmedRows });
    expect(Math.min(...second.sent)).toBeGreaterThan(checkpoint.confirmedRows);
    expect(rowsOf(resumed.counts)).toBe(1000);
    expect(resumed.counts.rejected).toBe(csv.badRows.length);
    expect(resumed.counts.created).toBeLessThanOrEqual(csv.expected.size);
    expect(second.listed.size).toBe(csv.expected.size);
    const rejects = parse(readFileSync(rejectsPathFor(csv.file)), { columns: true }) as { row: string }[];
    expect(rejects.map((record) => Number(record.row))).toEqual(csv.badRows);
    expect(existsSync(checkpointPathFor(csv.file))).toBe(false);
  });

  it('refuses --resume when the file changed since the checkpoint', async () => {
    const csv = await writeImportCsv(path.join(directory, 'changed.csv'), { rows: 300, areaCode: '404' });
    const interrupt = new AbortController();
    await run(csv.file, fakeService({ onBatch: (_batch, index) => index === 10 && interrupt.abort() }).send, { interrupt });
    utimesSync(csv.file, new Date(), new Date(Date.now() + 5000));
    await expect(run(csv.file, fakeService().send, { resume: true })).rejects.toThrow(/file changed since the checkpoint/);
  });

  it('stops on a refused batch, keeping the checkpoint of what was confirmed before it', async () => {
    const csv = await writeImportCsv(path.join(directory, 'refused.csv'), { rows: 600, areaCode: '505' });
    const service = fakeService({
      onBatch: (_batch, index) => {
        if (index === 20) throw new ImportStopped('the service answered 403 for rows 1–2: Forbidden');
      },
    });
    const result = await run(csv.file, service.send);
    expect(result.outcome).toBe('failed');
    expect(result.error?.message).toMatch(/403/);
    expect(result.checkpointKept).toBe(true);
    expect(readCheckpoint(checkpointPathFor(csv.file))?.confirmedRows).toBe(result.confirmedRows);
  });

  it('refuses a CSV without a phoneNumber column before sending anything', async () => {
    const csv = await writeImportCsv(path.join(directory, 'ok.csv'), { rows: 5, areaCode: '606' });
    const broken = path.join(directory, 'broken.csv');
    require('node:fs').writeFileSync(broken, readFileSync(csv.file, 'utf8').replace('phoneNumber', 'phone'));
    const service = fakeService();
    const result = await run(broken, service.send);
    expect(result).toMatchObject({ outcome: 'failed', checkpointKept: false });
    expect(result.error?.message).toMatch(/no phoneNumber column/);
    expect(service.sent).toEqual([]);
  });
});
