import type { Bench } from './setup';
import { nextPhoneNumber } from './setup';
import { latencySummary, ratio, timed } from './stats';

/** Raw PutItem vs the handler in-process vs the local HTTP path, interleaved request by request. */
export const measureWritePath = async (bench: Bench, { warmUp, requests }: { warmUp: number; requests: number }) => {
  const paths = {
    raw: () => bench.rawPut(nextPhoneNumber()),
    handler: () => bench.invokeHandler(nextPhoneNumber()),
    http: () => bench.postHttp(nextPhoneNumber()),
  };
  const names = Object.keys(paths) as (keyof typeof paths)[];
  const samples: Record<keyof typeof paths, number[]> = { raw: [], handler: [], http: [] };
  for (let i = 0; i < warmUp + requests; i += 1) {
    // Rotate the order so no path always runs right after the same neighbour.
    for (let j = 0; j < names.length; j += 1) {
      const name = names[(i + j) % names.length]!;
      const elapsed = await timed(paths[name]);
      if (i >= warmUp) samples[name].push(elapsed);
    }
  }
  const raw = latencySummary(samples.raw);
  const handler = latencySummary(samples.handler);
  const http = latencySummary(samples.http);
  return {
    raw,
    handler,
    http,
    handlerToRawP50Ratio: ratio(handler.p50Ms, raw.p50Ms),
    httpToRawP50Ratio: ratio(http.p50Ms, raw.p50Ms),
    handlerToRawP99Ratio: ratio(handler.p99Ms, raw.p99Ms),
  };
};
