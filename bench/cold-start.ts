import { fork } from 'node:child_process';
import * as path from 'node:path';
import { routeById } from '../lib/routes';
import { bundleLikeTheStack } from './bundles';
import { nextPhoneNumber } from './setup';
import { percentile, ratio, round } from './stats';

const child = path.join(__dirname, 'cold-start-child.mjs');

/** One function whose cold start is compared with a minimal bundle doing its raw DynamoDB call. */
export interface ColdStartFunction {
  /** Route id in lib/routes.ts: names the function and its bundle. */
  routeId: string;
  /** The raw baseline's entry, relative to the repository root. */
  rawEntry: string;
  /** The one request each fresh process serves (the raw baseline gets the same event). */
  event: () => object;
  expectedStatus: number;
}

const createEvent = (phoneNumber: string) => ({
  version: '2.0',
  routeKey: 'POST /v1/dnc_numbers/create',
  rawPath: '/v1/dnc_numbers/create',
  rawQueryString: '',
  headers: { 'content-type': 'application/json' },
  requestContext: {
    requestId: 'cold-start',
    routeKey: 'POST /v1/dnc_numbers/create',
    http: { method: 'POST', path: '/v1/dnc_numbers/create' },
    authorizer: { lambda: { tenantId: 'bench-cold', subject: 'bench', scopes: 'dnc/write' } },
  },
  body: JSON.stringify({ phoneNumber }),
  isBase64Encoded: false,
});

/** The create function: a new number per process, so every request is a 201. */
export const createColdStart: ColdStartFunction = {
  routeId: 'CreateDncNumber',
  rawEntry: 'bench/raw-put-handler.ts',
  event: () => createEvent(nextPhoneNumber()),
  expectedStatus: 201,
};

interface Sample {
  /** Module load and init, then the first request: the cold start. */
  elapsedMs: number;
  loadMs: number;
  firstRequestMs: number;
}

/** Loads a bundle in a fresh Node process and serves one request; returns how long that took. */
const coldStart = (bundle: string, event: object, expectedStatus: number): Promise<Sample> =>
  new Promise((resolve, reject) => {
    const process_ = fork(child, [bundle, JSON.stringify(event)], {
      execArgv: ['--enable-source-maps'],
      env: { ...process.env, NODE_OPTIONS: '', POWERTOOLS_LOG_LEVEL: 'INFO' },
      silent: true,
    });
    process_.once('message', ({ statusCode, body, ...sample }: Sample & { statusCode: number; body?: string }) => {
      if (statusCode !== expectedStatus) {
        reject(new Error(`cold-start request to ${path.basename(path.dirname(bundle))} answered ${statusCode}: ${body}`));
      } else resolve(sample);
      process_.kill();
    });
    process_.once('error', reject);
    process_.once('exit', (code) => code && reject(new Error(`cold-start process exited with ${code}`)));
  });

const median = (samples: readonly Sample[], key: keyof Sample) => {
  const values = samples.map((sample) => sample[key]);
  return round(percentile(values, 50));
};

const camel = (kebabCase: string) => kebabCase.replace(/-(\w)/g, (_, letter: string) => letter.toUpperCase());
const kebab = (pascalCase: string) => pascalCase.replace(/(?<=.)([A-Z])/g, '-$1').toLowerCase();

/**
 * Each function's bundle against a minimal bundle doing its raw DynamoDB call, all built as the
 * stack builds them: `processes` rounds, each starting every function and its baseline once in a
 * fresh process (the functions' order rotated, which of a pair goes first alternated); medians.
 */
export const measureColdStart = async ({ processes }: { processes: number }, functions: readonly ColdStartFunction[]) => {
  const build = (entry: string, name: string, directory: string) =>
    bundleLikeTheStack(entry, directory).then(({ file, sizeKb }) => ({ name, file, sizeKb }));
  const rawNameOf = (entry: string) => path.basename(entry, '.ts').replace(/-handler$/, '');
  const rawEntries = [...new Set(functions.map((fn) => fn.rawEntry))];
  // esbuild builds in parallel; every bundle is built before any process starts.
  const [reals, raws, authorizer] = await Promise.all([
    Promise.all(functions.map((fn) => build(routeById(fn.routeId).entry, camel(kebab(fn.routeId)), kebab(fn.routeId)))),
    Promise.all(rawEntries.map((entry) => build(entry, `${camel(rawNameOf(entry))}Baseline`, rawNameOf(entry)))),
    build('lambda/authorizer/index.ts', 'authorizer', 'authorizer'),
  ]);
  // A baseline serving two functions keeps one set of samples per function.
  const pairs = functions.map((fn, index) => ({
    fn,
    real: { ...reals[index]!, samples: [] as Sample[] },
    raw: { ...raws[rawEntries.indexOf(fn.rawEntry)]!, samples: [] as Sample[] },
  }));

  for (let i = 0; i < processes; i += 1) {
    for (let j = 0; j < pairs.length; j += 1) {
      const { fn, real, raw } = pairs[(i + j) % pairs.length]!;
      for (const bundle of i % 2 === 0 ? [real, raw] : [raw, real]) {
        bundle.samples.push(await coldStart(bundle.file, fn.event(), fn.expectedStatus));
      }
    }
  }

  const functionsResult = Object.fromEntries(
    pairs.map(({ fn, real, raw }) => {
      const medianMs = median(real.samples, 'elapsedMs');
      const rawMedianMs = median(raw.samples, 'elapsedMs');
      return [
        real.name,
        {
          medianMs,
          rawMedianMs,
          toRawMedianRatio: ratio(medianMs, rawMedianMs),
          rawBaseline: fn.rawEntry,
          // Where the time goes: loading and initializing the bundle, then serving the first request.
          loadMedianMs: median(real.samples, 'loadMs'),
          rawLoadMedianMs: median(raw.samples, 'loadMs'),
          firstRequestMedianMs: median(real.samples, 'firstRequestMs'),
          rawFirstRequestMedianMs: median(raw.samples, 'firstRequestMs'),
          minMs: round(Math.min(...real.samples.map((sample) => sample.elapsedMs))),
          rawMinMs: round(Math.min(...raw.samples.map((sample) => sample.elapsedMs))),
        },
      ];
    }),
  );
  return {
    processesEach: processes,
    functions: functionsResult,
    bundleSizesKb: Object.fromEntries([...reals, ...raws, authorizer].map(({ name, sizeKb }) => [name, sizeKb])),
  };
};
