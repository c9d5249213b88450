import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { loadOrCreateSigningKey, mintDevToken } from '../local/dev-issuer';
import { freeLoopbackPort } from '../local/dynamodb-local';
import { spawnImport, summaryOf, writeImportCsv } from '../test/support/import';
import { startLocalServer } from '../test/support/local-server';

export interface ImportThroughput {
  rows: number;
  /** The import's own time: reading, checking, sending, confirming (without Node's start-up). */
  elapsedMs: number;
  rowsPerSecond: number;
  /** The import process's peak resident set (getrusage ru_maxrss, reported by the import itself). */
  peakRssMb: number;
}

export interface ImportThroughputOptions {
  rows: number;
  concurrency?: number;
  /** Against a stub that answers every batch at once instead of `npm start -- --in-memory`: the import's own ceiling. */
  stub?: boolean;
}

/** A stand-in for the bulk route: reads the body, answers 201 with every number created. */
const startStub = async () => {
  const server = createServer((request, response) => {
    let created = 0;
    request.on('data', (chunk: Buffer) => {
      for (let at = chunk.indexOf('"phoneNumber"'); at !== -1; at = chunk.indexOf('"phoneNumber"', at + 1)) created += 1;
    });
    request.on('end', () => {
      response.writeHead(201, { 'content-type': 'application/json', 'dnc-created-count': String(created), 'dnc-existing-count': '0' });
      response.end('[]');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};

/**
 * `npm run import` of a generated file of `rows` rows (1% bad, repeats, several userIds) against its
 * own `npm start -- --in-memory`, or a stub; the figures are the ones the import prints.
 */
export const measureImportThroughput = async ({
  rows,
  concurrency = 4,
  stub = false,
}: ImportThroughputOptions): Promise<ImportThroughput> => {
  const work = mkdtempSync(path.join(tmpdir(), 'dnc-bench-import-'));
  const dataDirectory = path.join(work, 'data');
  let stop: () => Promise<unknown> = async () => {};
  try {
    const csv = await writeImportCsv(path.join(work, 'numbers.csv'), { rows, areaCode: '212', collectExpected: false });
    let url: string;
    let token: string;
    if (stub) {
      const service = await startStub();
      ({ url, stop } = service);
      token = 'stub';
    } else {
      const port = await freeLoopbackPort();
      const server = await startLocalServer({ port, dataDirectory, args: ['--in-memory'] });
      ({ url, stop } = server);
      token = mintDevToken(loadOrCreateSigningKey(dataDirectory), { port, tenant: 'bench-import', ttlSeconds: 6 * 3600 });
    }
    const run = spawnImport([csv.file, '--api-url', url, '--token', token, '--concurrency', String(concurrency)]);
    const { code } = await run.exited;
    if (code !== 0) throw new Error(`the import exited with ${code}:\n${run.stderr()}`);
    const summary = summaryOf(run.stdout());
    return {
      rows: summary.rows,
      elapsedMs: summary.elapsedMs,
      rowsPerSecond: summary.rowsPerSecond,
      peakRssMb: summary.maxRssMb,
    };
  } finally {
    await stop();
    rmSync(work, { recursive: true, force: true });
  }
};

if (require.main === module) {
  const { values } = parseArgs({ options: { rows: { type: 'string' }, concurrency: { type: 'string' }, stub: { type: 'boolean' } } });
  measureImportThroughput({
    rows: Number(values.rows ?? 100_000),
    ...(values.concurrency ? { concurrency: Number(values.concurrency) } : {}),
    stub: values.stub ?? false,
  }).then(
    (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
    (error: unknown) => {
      process.stderr.write(`${(error as Error).stack}\n`);
      process.exit(1);
    },
  );
}
