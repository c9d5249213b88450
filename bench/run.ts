import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { measureAuthorizerVerify } from './authorizer-verify';
import { workDirectory } from './bundles';
import { measureColdStart } from './cold-start';
import { measureDuplicateStorm } from './duplicate-storm';
import { measureThroughput } from './throughput';
import { measureWritePath } from './write-path';
import { setUpBench } from './setup';

const sizes = {
  full: { warmUp: 200, requests: 2000, processes: 15, iterations: 5000, throughputRequests: 1000, storm: 200 },
  smoke: { warmUp: 5, requests: 20, processes: 2, iterations: 200, throughputRequests: 40, storm: 20 },
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
  try {
    const results = await withSilencedStdout(async () => {
      progress(`write path: ${size.requests} requests per path after ${size.warmUp} warm-up, interleaved`);
      const writePath = await measureWritePath(bench, size);
      progress(`cold start: ${size.processes} fresh processes per bundle, interleaved`);
      const coldStart = await measureColdStart(size);
      progress(`authorizer: ${size.iterations} verifications each`);
      const authorizer = await measureAuthorizerVerify(size);
      progress(`throughput: ${size.throughputRequests} creates per path at concurrency 1, 10, 50`);
      const throughput = await measureThroughput(bench, { requests: size.throughputRequests, concurrencies: [1, 10, 50] });
      progress(`duplicate storm: ${size.storm} concurrent creates of one number`);
      const duplicateStorm = await measureDuplicateStorm(bench, { requests: size.storm });
      return { writePath, coldStart, authorizer, throughput, duplicateStorm };
    });
    const report = {
      mode: values.smoke ? 'smoke' : 'full',
      date: new Date().toISOString(),
      machine: { node: process.version, cpus: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30) },
      ...results,
    };
    mkdirSync(path.dirname(outFile), { recursive: true });
    writeFileSync(outFile, `${JSON.stringify(report, null, 2)}\n`);
    process.stdout.write(renderTable(report));
    progress(`wrote ${path.relative(process.cwd(), outFile)}`);
  } finally {
    await bench.stop();
  }
};

const renderTable = (report: { writePath: any; coldStart: any; authorizer: any; throughput: any; duplicateStorm: any }) => {
  const { writePath: w, coldStart: c, authorizer: a, throughput: t, duplicateStorm: d } = report;
  const target = (met: boolean) => (met ? 'met' : 'MISSED');
  const rows = [
    ['measure', 'figure', 'ratio', 'target'],
    ['write p50/p95/p99 raw PutItem (ms)', `${w.raw.p50Ms} / ${w.raw.p95Ms} / ${w.raw.p99Ms}`, '', ''],
    [
      'write p50/p95/p99 handler in-process (ms)',
      `${w.handler.p50Ms} / ${w.handler.p95Ms} / ${w.handler.p99Ms}`,
      `b/a ${w.handlerToRawP50Ratio}`,
      `≤ 1.15 ${target(w.handlerToRawP50Ratio <= 1.15)}`,
    ],
    ['write p50/p95/p99 local HTTP path (ms)', `${w.http.p50Ms} / ${w.http.p95Ms} / ${w.http.p99Ms}`, `c/a ${w.httpToRawP50Ratio}`, ''],
    [
      'cold start median, create vs raw (ms)',
      `${c.createMedianMs} vs ${c.rawMedianMs}`,
      `${c.createToRawMedianRatio}`,
      `≤ 1.25 ${target(c.createToRawMedianRatio <= 1.25)}`,
    ],
    [
      'bundle size create / authorizer / raw (KB)',
      `${c.bundleSizesKb.createDncNumber} / ${c.bundleSizesKb.authorizer} / ${c.bundleSizesKb.rawPutBaseline}`,
      '',
      '',
    ],
    [
      'verify p50 aws-jwt-verify vs node:crypto (µs)',
      `${a.verifyP50Us} vs ${a.nodeCryptoP50Us}`,
      `${a.verifyToNodeCryptoP50Ratio}`,
      `≤ 1.5 ${target(a.verifyToNodeCryptoP50Ratio <= 1.5)}`,
    ],
    ...Object.entries(t).map(([key, value]: [string, any]) => [
      `throughput ${key.replace('concurrency', 'c=')} handler vs raw (/s)`,
      `${value.handlerPerSecond} vs ${value.rawPerSecond}`,
      `${value.handlerToRawThroughputRatio}`,
      `≥ 0.85 ${target(value.handlerToRawThroughputRatio >= 0.85)}`,
    ]),
    [
      `duplicate storm x${d.requests}: p99 (ms), 201 / 409 / other`,
      `${d.p99Ms}; ${d.created} / ${d.conflicts} / ${d.other}`,
      '',
      `1 / ${d.requests - 1} / 0 ${target(d.created === 1 && d.other === 0)}`,
    ],
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const line = (row: string[]) => `| ${row.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`;
  return [line(rows[0]!), `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`, ...rows.slice(1).map(line), ''].join('\n');
};

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
