import type { Bench } from './setup';
import { nextPhoneNumber } from './setup';
import { ratio, round, timed } from './stats';

const runAtConcurrency = async (requests: number, concurrency: number, write: () => Promise<unknown>) => {
  let remaining = requests;
  const worker = async () => {
    while (remaining > 0) {
      remaining -= 1;
      await write();
    }
  };
  const elapsedMs = await timed(() => Promise.all(Array.from({ length: concurrency }, worker)));
  return (requests / elapsedMs) * 1000;
};

/** Distinct creates through the handler against raw PutItem, A-B-B-A at each concurrency. */
export const measureThroughput = async (bench: Bench, { requests, concurrencies }: { requests: number; concurrencies: number[] }) => {
  const result: Record<string, { rawPerSecond: number; handlerPerSecond: number; handlerToRawThroughputRatio: number }> = {};
  for (const concurrency of concurrencies) {
    const half = Math.ceil(requests / 2);
    const raw = () => bench.rawPut(nextPhoneNumber());
    const handler = () => bench.invokeHandler(nextPhoneNumber());
    const rawFirst = await runAtConcurrency(half, concurrency, raw);
    const handlerFirst = await runAtConcurrency(half, concurrency, handler);
    const handlerSecond = await runAtConcurrency(half, concurrency, handler);
    const rawSecond = await runAtConcurrency(half, concurrency, raw);
    const rawPerSecond = (rawFirst + rawSecond) / 2;
    const handlerPerSecond = (handlerFirst + handlerSecond) / 2;
    result[`concurrency${concurrency}`] = {
      rawPerSecond: round(rawPerSecond, 1),
      handlerPerSecond: round(handlerPerSecond, 1),
      handlerToRawThroughputRatio: ratio(handlerPerSecond, rawPerSecond),
    };
  }
  return result;
};
