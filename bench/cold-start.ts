import { fork } from 'node:child_process';
import * as path from 'node:path';
import { routes } from '../lib/routes';
import { bundleLikeTheStack } from './bundles';
import { nextPhoneNumber } from './setup';
import { percentile, ratio, round } from './stats';

const child = path.join(__dirname, 'cold-start-child.mjs');

const event = (phoneNumber: string) => ({
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

/** Loads a bundle in a fresh Node process and serves one request; returns init + first request in ms. */
const coldStart = (bundle: string): Promise<number> =>
  new Promise((resolve, reject) => {
    const process_ = fork(child, [bundle, JSON.stringify(event(nextPhoneNumber()))], {
      execArgv: ['--enable-source-maps'],
      env: { ...process.env, NODE_OPTIONS: '', POWERTOOLS_LOG_LEVEL: 'INFO' },
      silent: true,
    });
    process_.once('message', (message: { elapsedMs: number; statusCode: number }) => {
      if (message.statusCode !== 201) reject(new Error(`cold-start request answered ${message.statusCode}`));
      else resolve(message.elapsedMs);
      process_.kill();
    });
    process_.once('error', reject);
    process_.once('exit', (code) => code && reject(new Error(`cold-start process exited with ${code}`)));
  });

/** The create handler's bundle against a minimal raw-PutItem bundle, both built as the stack builds them. */
export const measureColdStart = async ({ processes }: { processes: number }) => {
  const create = await bundleLikeTheStack(routes.find((route) => route.id === 'CreateDncNumber')!.entry, 'create-dnc-number');
  const raw = await bundleLikeTheStack('bench/raw-put-handler.ts', 'raw-put');
  const authorizer = await bundleLikeTheStack('lambda/authorizer/index.ts', 'authorizer');
  const samples = { create: [] as number[], raw: [] as number[] };
  for (let i = 0; i < processes; i += 1) {
    const order = i % 2 === 0 ? (['create', 'raw'] as const) : (['raw', 'create'] as const);
    for (const name of order) samples[name].push(await coldStart(name === 'create' ? create.file : raw.file));
  }
  const createMedianMs = round(percentile(samples.create, 50));
  const rawMedianMs = round(percentile(samples.raw, 50));
  return {
    processesEach: processes,
    createMedianMs,
    rawMedianMs,
    createToRawMedianRatio: ratio(createMedianMs, rawMedianMs),
    bundleSizesKb: { createDncNumber: create.sizeKb, authorizer: authorizer.sizeKb, rawPutBaseline: raw.sizeKb },
  };
};
