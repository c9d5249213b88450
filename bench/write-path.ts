import type { Bench } from './setup';
import { nextPhoneNumber } from './setup';
import { sideBySide } from './side-by-side';
import { latencySummary, ratio } from './stats';

/** Raw PutItem vs the handler in-process vs the local HTTP path, interleaved request by request. */
export const measureWritePath = async (bench: Bench, { warmUp, requests }: { warmUp: number; requests: number }) => {
  const samples = await sideBySide(
    {
      raw: () => () => bench.rawPut(nextPhoneNumber()),
      handler: () => () => bench.invokeHandler(nextPhoneNumber()),
      http: () => () => bench.postHttp(nextPhoneNumber()),
    },
    { warmUp, requests },
  );
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
