import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Full jitter: a wait drawn from [0, base · 2^attempt), so callers that failed together (throttled,
 * or conflicting on one item) do not try again together.
 */
export const backoffMillis = (attempt: number, baseMillis: number, random: () => number = Math.random): number =>
  random() * baseMillis * 2 ** attempt;

/** Waits before attempt `attempt + 1`; the signal (the function's deadline) ends the wait early. */
export const backOff = (attempt: number, baseMillis: number, signal?: AbortSignal): Promise<void> =>
  sleep(backoffMillis(attempt, baseMillis), undefined, signal ? { signal } : {});
