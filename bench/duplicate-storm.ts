import type { Bench } from './setup';
import { nextPhoneNumber } from './setup';
import { latencySummary, timed } from './stats';

/** Many concurrent creates of one number through the handler: exactly one may win. */
export const measureDuplicateStorm = async (bench: Bench, { requests }: { requests: number }) => {
  const phoneNumber = nextPhoneNumber();
  const statuses: number[] = [];
  const latencies = await Promise.all(
    Array.from({ length: requests }, () =>
      timed(async () => statuses.push((await bench.invokeHandler(phoneNumber, 'bench-storm')).statusCode)),
    ),
  );
  return {
    requests,
    ...latencySummary(latencies),
    created: statuses.filter((status) => status === 201).length,
    conflicts: statuses.filter((status) => status === 409).length,
    other: statuses.filter((status) => status !== 201 && status !== 409).length,
  };
};
