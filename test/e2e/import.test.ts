import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parse } from 'csv-parse/sync';
import { checkpointPathFor, readCheckpoint, rejectsPathFor } from '../../cli/import/checkpoint';
import { loadOrCreateSigningKey, mintDevToken } from '../../local/dev-issuer';
import { freeLoopbackPort } from '../../local/dynamodb-local';
import { type ImportCsv, entryKey, listEveryEntry, spawnImport, summaryOf, writeImportCsv } from '../support/import';
import { type RunningLocalServer, startLocalServer } from '../support/local-server';

const ROWS = 20_000;

/** `npm run import` against `npm start`'s server over real HTTP: a customer's list in, the same list out. */
describe('npm run import: a 20,000-row CSV into npm start’s server', () => {
  const dataDirectory = mkdtempSync(path.join(tmpdir(), 'dnc-api-e2e-import-'));
  const work = mkdtempSync(path.join(tmpdir(), 'dnc-api-e2e-import-files-'));
  let server: RunningLocalServer;
  let port: number;

  beforeAll(async () => {
    port = await freeLoopbackPort();
    // The import is under test, not the change consumer: without it, the server answers a
    // 1,000-row batch well inside the bulk route's time-out even on a loaded machine.
    server = await startLocalServer({ port, dataDirectory, args: ['--in-memory', '--without-change-stream'] });
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  const tokenFor = (tenant: string) => mintDevToken(loadOrCreateSigningKey(dataDirectory), { port, tenant });

  /** The tenant's entries, global and per user, each as `userId phoneNumber`: each must be there exactly once. */
  const expectListed = async (token: string, csv: ImportCsv) => {
    const entries = [...(await listEveryEntry(server.url, token, 'global')), ...(await listEveryEntry(server.url, token, 'user-specific'))];
    const keys = entries.map((entry) => entryKey(entry.userId, entry.phoneNumber));
    const listed = new Set(keys);
    expect(keys.length - listed.size).toBe(0);
    expect([...csv.expected].filter((key) => !listed.has(key))).toEqual([]);
    expect(keys.filter((key) => !csv.expected.has(key))).toEqual([]);
    const wrongReasons = entries.filter((entry) => {
      const key = entryKey(entry.userId, entry.phoneNumber);
      return csv.reasonOf.has(key) && csv.reasonOf.get(key) !== entry.reason;
    });
    expect(wrongReasons).toEqual([]);
  };

  const expectRejects = (csv: ImportCsv) => {
    const rejects = parse(readFileSync(rejectsPathFor(csv.file)), { columns: true }) as Record<string, string>[];
    expect(rejects.map((record) => Number(record.row))).toEqual(csv.badRows);
    for (const record of rejects) expect(record.message).not.toBe('');
    expect(rejects.find((record) => record.reason?.length === 501)?.message).toBe('reason must be at most 500 characters');
    expect(rejects.find((record) => record.userId === 'agent 7!')?.message).toMatch(/^userId must be/);
    expect(rejects.find((record) => record.phoneNumber === '')?.message).toBe('phoneNumber is required');
  };

  it('lists every good row exactly once, names exactly the bad rows in the rejects file, and the summary adds up', async () => {
    const csv = await writeImportCsv(path.join(work, 'numbers.csv'), { rows: ROWS, areaCode: '202' });
    const token = tokenFor('e2e-import-whole');
    const run = spawnImport([csv.file, '--api-url', server.url, '--token', token, '--concurrency', '4']);
    const { code } = await run.exited;
    expect({ code, stderr: code === 0 ? '' : run.stderr() }).toEqual({ code: 0, stderr: '' });

    const summary = summaryOf(run.stdout());
    expect(summary).toMatchObject({
      outcome: 'done',
      rows: ROWS,
      created: csv.expected.size,
      rejected: csv.badRows.length,
      resumedFrom: 0,
    });
    expect(summary.created + summary.existing + summary.repeated + summary.rejected).toBe(ROWS);
    expect(run.stdout()).toMatch(/rejected: +200 \(see .*numbers\.rejects\.csv\)/);
    expect(csv.badRows).toHaveLength(ROWS / 100);
    expect(existsSync(checkpointPathFor(csv.file))).toBe(false);

    expectRejects(csv);
    await expectListed(token, csv);
  }, 300_000);

  it('interrupted (Ctrl-C, then a kill), --resume completes the list: nothing missing, nothing twice', async () => {
    const csv = await writeImportCsv(path.join(work, 'resumed.csv'), { rows: ROWS, areaCode: '303', defaultUserId: 'importer' });
    const token = tokenFor('e2e-import-resumed');
    const tokenFile = path.join(work, 'token.txt');
    writeFileSync(tokenFile, `${token}\n`);
    const checkpointFile = checkpointPathFor(csv.file);
    const args = [
      csv.file,
      '--api-url',
      server.url,
      '--token-command',
      `cat '${tokenFile}'`,
      '--user-id',
      'importer',
      '--concurrency',
      '4',
    ];
    const confirmedRows = () => {
      try {
        return readCheckpoint(checkpointFile)?.confirmedRows ?? 0;
      } catch {
        return 0;
      }
    };
    const untilConfirmed = async (rows: number, run: ReturnType<typeof spawnImport>) => {
      while (confirmedRows() < rows) {
        if (run.child.exitCode !== null) throw new Error(`the import ended before row ${rows}:\n${run.stdout()}\n${run.stderr()}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };

    // Ctrl-C: the batches in flight finish, the checkpoint is written, the way on is printed, exit 130.
    const first = spawnImport(args);
    await untilConfirmed(2000, first);
    first.child.kill('SIGINT');
    expect((await first.exited).code).toBe(130);
    expect(first.stderr()).toMatch(/To go on: npm run import -- .*resumed\.csv .*--resume/);
    const afterInterrupt = confirmedRows();
    expect(afterInterrupt).toBeGreaterThanOrEqual(2000);
    expect(afterInterrupt).toBeLessThan(ROWS);

    // Without --resume, a checkpoint in the way is refused.
    const refused = spawnImport(args);
    expect((await refused.exited).code).toBe(2);
    expect(refused.stderr()).toMatch(/Pass --resume to go on from there, or delete that file to start over/);

    // A crash: SIGKILL leaves the last checkpoint written, whole.
    const second = spawnImport([...args, '--resume']);
    await untilConfirmed(afterInterrupt + 2000, second);
    second.child.kill('SIGKILL');
    expect((await second.exited).signal).toBe('SIGKILL');
    const afterKill = confirmedRows();
    expect(afterKill).toBeLessThan(ROWS);

    const third = spawnImport([...args, '--resume']);
    const { code } = await third.exited;
    expect({ code, stderr: code === 0 ? '' : third.stderr() }).toEqual({ code: 0, stderr: '' });
    const summary = summaryOf(third.stdout());
    expect(summary).toMatchObject({ outcome: 'done', rows: ROWS, rejected: csv.badRows.length, resumedFrom: afterKill });
    expect(summary.created + summary.existing + summary.repeated + summary.rejected).toBe(ROWS);
    expect(summary.created).toBeLessThanOrEqual(csv.expected.size);
    expect(existsSync(checkpointFile)).toBe(false);

    expectRejects(csv);
    await expectListed(token, csv);
  }, 300_000);
});
