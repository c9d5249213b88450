import type { ReadBench } from './read-setup';
import { sideBySide } from './side-by-side';
import { latencySummary, ratio } from './stats';

export type ReadPathName = keyof ReadBench['pairs'];
export type ReadSizes = Record<ReadPathName, { warmUp: number; requests: number }>;

/** Each read route in-process against the raw SDK calls doing its DynamoDB work, interleaved request by request. */
export const measureReadPaths = async (reads: ReadBench, sizes: ReadSizes, progress: (line: string) => void) => {
  const measure = async (name: ReadPathName) => {
    progress(`  ${name}: ${sizes[name].requests} requests per path after ${sizes[name].warmUp} warm-up`);
    const samples = await sideBySide(reads.pairs[name], sizes[name]);
    const raw = latencySummary(samples.raw);
    const handler = latencySummary(samples.handler);
    return {
      raw,
      handler,
      handlerToRawP50Ratio: ratio(handler.p50Ms, raw.p50Ms),
      handlerToRawP95Ratio: ratio(handler.p95Ms, raw.p95Ms),
      handlerToRawP99Ratio: ratio(handler.p99Ms, raw.p99Ms),
    };
  };
  return {
    ...reads.facts,
    check: await measure('check'),
    checkMany: await measure('checkMany'),
    listFirstPage: await measure('listFirstPage'),
    listDeepPage: await measure('listDeepPage'),
    get: await measure('get'),
  };
};
