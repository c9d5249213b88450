import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { measureAuthorizerWarm, startLocalIssuer } from './authorizer';
import { workDirectory } from './bundles';
import { measureBulkPath } from './bulk-path';
import { measureImportThroughput } from './import-throughput';
import { createColdStart, measureColdStart } from './cold-start';
import { measureConsumerThroughput } from './consumer-throughput';
import { measureDeletePath } from './delete-path';
import { measureDuplicateStorm } from './duplicate-storm';
import { measureReadPaths } from './read-paths';
import { setUpReads } from './read-setup';
import { renderTable } from './render-table';
import { setUpBench } from './setup';
import { targetsOf } from './targets';
import { measureThroughput } from './throughput';
import { measureWritePath } from './write-path';

const sizes = {
  full: {
    warmUp: 200,
    requests: 2000,
    processes: 15,
    iterations: 5000,
    throughputRequests: 1000,
    storm: 200,
    listEntries: 2000,
    deepPage: 15,
    reads: {
      check: { warmUp: 200, requests: 2000 },
      checkMany: { warmUp: 10, requests: 100 },
      listFirstPage: { warmUp: 30, requests: 300 },
      listDeepPage: { warmUp: 30, requests: 300 },
      get: { warmUp: 200, requests: 2000 },
    },
    // Rounds of one 1,000-number bulk request and its 1,000 raw puts, fresh numbers every round.
    bulk: { warmUp: 2, requests: 20 },
    // One fresh entry per request and per side: handler, raw Query + TransactWriteItems, raw DeleteItem.
    delete: { warmUp: 50, requests: 1000 },
    // Rounds of one batch of 100 stream records through the consumer and 100 raw PutItems, fresh records every round.
    consumer: { warmUp: 2, requests: 20 },
    // `npm run import` of this many generated rows into its own `npm start -- --in-memory`.
    importRows: 100_000,
  },
  smoke: {
    warmUp: 5,
    requests: 20,
    processes: 1,
    iterations: 200,
    throughputRequests: 40,
    storm: 20,
    listEntries: 800,
    deepPage: 3,
    reads: {
      check: { warmUp: 5, requests: 20 },
      checkMany: { warmUp: 1, requests: 3 },
      listFirstPage: { warmUp: 2, requests: 5 },
      listDeepPage: { warmUp: 2, requests: 5 },
      get: { warmUp: 5, requests: 20 },
    },
    // The off-the-clock check of both sides' work warms them up.
    bulk: { warmUp: 0, requests: 3 },
    delete: { warmUp: 2, requests: 10 },
    // The off-the-clock check of both sides' work warms them up.
    consumer: { warmUp: 0, requests: 2 },
    importRows: 1_000,
  },
};

const { values } = parseArgs({ options: { smoke: { type: 'boolean' }, out: { type: 'string' } } });
const size = values.smoke ? sizes.smoke : sizes.full;
const outFile = path.resolve(
  values.out ?? (values.smoke ? path.join(workDirectory, 'results-smoke.json') : path.join(__dirname, 'results.json')),
);

const progress = (line: string) => process.stderr.write(`bench: ${line}\n`);

// The handler logs a JSON line per request, as in Lambda; here those lines go nowhere, so the
// logger's formatting cost is measured but the terminal's is not.
const withSilencedStdout = async <T>(run: () => Promise<T>): Promise<T> => {
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = (() => true) as typeof process.stdout.write;
  try {
    return await run();
  } finally {
    process.stdout.write = write;
  }
};

const main = async () => {
  progress(`${values.smoke ? 'smoke' : 'full'} run; starting DynamoDB Local`);
  const bench = await setUpBench();
  const issuer = await startLocalIssuer();
  try {
    const measures = await withSilencedStdout(async () => {
      progress(`write path: ${size.requests} requests per path after ${size.warmUp} warm-up, interleaved`);
      const writePath = await measureWritePath(bench, size);
      progress(`read paths: seeding ${size.listEntries} list entries and the checked numbers`);
      const reads = await setUpReads(bench, size);
      progress('read paths: handler vs raw, interleaved');
      const readPaths = await measureReadPaths(reads, size.reads, progress);
      progress(`cold start: ${size.processes} fresh processes per bundle, interleaved`);
      const coldStart = await measureColdStart(size, [createColdStart, ...reads.coldStarts, issuer.coldStart]);
      progress(`authorizer warm: ${size.iterations} invocations each, authorizer vs raw node:crypto verify, interleaved`);
      const authorizer = await measureAuthorizerWarm(issuer, size);
      progress(`throughput: ${size.throughputRequests} creates per path at concurrency 1, 10, 50`);
      const throughput = await measureThroughput(bench, { requests: size.throughputRequests, concurrencies: [1, 10, 50] });
      progress(`duplicate storm: ${size.storm} concurrent creates of one number`);
      const duplicateStorm = await measureDuplicateStorm(bench, { requests: size.storm });
      progress(
        `bulk path: ${size.bulk.requests} rounds after ${size.bulk.warmUp} warm-up of 1,000 new numbers, handler vs raw puts, interleaved`,
      );
      const bulkPath = await measureBulkPath(bench, size.bulk);
      progress(
        `delete path: ${size.delete.requests} requests per path after ${size.delete.warmUp} warm-up, handler vs raw Query + TransactWriteItems vs raw DeleteItem, interleaved`,
      );
      const deletePath = await measureDeletePath(bench, size.delete);
      progress(
        `change consumer: ${size.consumer.requests} rounds after ${size.consumer.warmUp} warm-up of 100 new stream records, consumer vs raw PutItems, interleaved`,
      );
      const consumerThroughput = await measureConsumerThroughput(bench, size.consumer);
      progress(`import: ${size.importRows} generated rows through npm run import into its own npm start`);
      const importThroughput = await measureImportThroughput({ rows: size.importRows });
      return {
        writePath,
        readPaths,
        coldStart,
        authorizer,
        throughput,
        duplicateStorm,
        bulkPath,
        deletePath,
        consumerThroughput,
        importThroughput,
      };
    });
    const targets = targetsOf(measures);
    const report = {
      mode: values.smoke ? 'smoke' : 'full',
      date: new Date().toISOString(),
      machine: { node: process.version, cpus: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30) },
      targets: Object.values(targets),
      ...measures,
    };
    mkdirSync(path.dirname(outFile), { recursive: true });
    writeFileSync(outFile, `${JSON.stringify(report, null, 2)}\n`);
    process.stdout.write(renderTable(measures, targets));
    const missed = report.targets.filter((target) => !target.met);
    progress(
      `${report.targets.length - missed.length} of ${report.targets.length} targets met${missed.length ? `; missed: ${missed.map((target) => target.name).join('; ')}` : ''}`,
    );
    progress(`wrote ${path.relative(process.cwd(), outFile)}`);
  } finally {
    issuer.stop();
    await bench.stop();
  }
};

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
