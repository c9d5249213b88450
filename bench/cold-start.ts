import { fork } from 'node:child_process';
import * as path from 'node:path';
import { routeById } from '../lib/routes';
import { bundleLikeTheStack } from './bundles';
import { nextPhoneNumber } from './setup';
import { percentile, ratio, round } from './stats';

const child = path.join(__dirname, 'cold-start-child.mjs');

/** What a first invocation must answer: the status of a route's response, or an authorizer's verdict. */
export interface ExpectedAnswer {
  statusCode?: number;
  isAuthorized?: boolean;
}

/** One function whose cold start is compared with a minimal bundle doing its raw work. */
export interface ColdStartFunction {
  /** Names the function and its bundle: a route id in lib/routes.ts, or the name of a function outside the route table. */
  id: string;
  /** The function's entry, relative to the repository root; by default the route's. */
  entry?: string;
  /** The raw baseline's entry, relative to the repository root. */
  rawEntry: string;
  /** Set in both processes of the pair, over the benchmark's own environment. */
  environment?: Record<string, string>;
  /** The one request each fresh process serves (the raw baseline gets the same event). */
  event: () => object;
  expected: ExpectedAnswer;
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
  id: 'CreateDncNumber',
  rawEntry: 'bench/raw-put-handler.ts',
  event: () => createEvent(nextPhoneNumber()),
  expected: { statusCode: 201 },
};

interface Sample {
  /** Module load and init, then the first request: the cold start. */
  elapsedMs: number;
  loadMs: number;
  firstRequestMs: number;
}

type Answer = { [K in keyof ExpectedAnswer]-?: ExpectedAnswer[K] | undefined } & { body?: string };

/** Loads a bundle in a fresh Node process and serves one request; returns how long that took. */
const coldStart = (bundle: string, fn: ColdStartFunction): Promise<Sample> =>
  new Promise((resolve, reject) => {
    const process_ = fork(child, [bundle, JSON.stringify(fn.event())], {
      execArgv: ['--enable-source-maps'],
      env: { ...process.env, NODE_OPTIONS: '', POWERTOOLS_LOG_LEVEL: 'INFO', ...fn.environment },
      silent: true,
    });
    process_.once('message', ({ elapsedMs, loadMs, firstRequestMs, ...answer }: Sample & Answer) => {
      const expected = Object.entries(fn.expected) as [keyof ExpectedAnswer, unknown][];
      if (expected.some(([key, value]) => answer[key] !== value)) {
        reject(new Error(`cold-start request to ${path.basename(path.dirname(bundle))} answered ${JSON.stringify(answer)}`));
      } else resolve({ elapsedMs, loadMs, firstRequestMs });
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
 * Each function's bundle against a minimal bundle doing its raw work, all built as the
 * stack builds them: `processes` rounds, each starting every function and its baseline once in a
 * fresh process (the functions' order rotated, which of a pair goes first alternated); medians.
 */
export const measureColdStart = async ({ processes }: { processes: number }, functions: readonly ColdStartFunction[]) => {
  const build = (entry: string, name: string, directory: string) =>
    bundleLikeTheStack(entry, directory).then(({ file, sizeKb }) => ({ name, file, sizeKb }));
  const rawNameOf = (entry: string) => path.basename(entry, '.ts').replace(/-handler$/, '');
  const rawEntries = [...new Set(functions.map((fn) => fn.rawEntry))];
  // esbuild builds in parallel; every bundle is built before any process starts.
  const [reals, raws] = await Promise.all([
    Promise.all(functions.map((fn) => build(fn.entry ?? routeById(fn.id).entry, camel(kebab(fn.id)), kebab(fn.id)))),
    Promise.all(rawEntries.map((entry) => build(entry, `${camel(rawNameOf(entry))}Baseline`, rawNameOf(entry)))),
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
        bundle.samples.push(await coldStart(bundle.file, fn));
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
    bundleSizesKb: Object.fromEntries([...reals, ...raws].map(({ name, sizeKb }) => [name, sizeKb])),
  };
};
