/**
 * When a bulk request is sent again. Sending a batch again is harmless by design (a number
 * already listed is answered as existing), so every transient failure is retried.
 */

/** 429 and 503 are the service's own "later"; 502 and 504 are API Gateway's when the function did not answer in time. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);
export const AUTH_STATUSES: ReadonlySet<number> = new Set([401, 403]);

export const MAX_ATTEMPTS = 10;
const BASE_DELAY_MS = 500;
const MAX_BACKOFF_MS = 30_000;
/** A Retry-After beyond this is taken as this: an import should not sleep for hours on one header. */
export const MAX_RETRY_AFTER_MS = 5 * 60_000;
const RETRY_AFTER_JITTER_MS = 500;

export type StatusClass = 'success' | 'retry' | 'auth' | 'fatal';

export const classifyStatus = (status: number): StatusClass => {
  if (status >= 200 && status < 300) return 'success';
  if (RETRYABLE_STATUSES.has(status)) return 'retry';
  if (AUTH_STATUSES.has(status)) return 'auth';
  return 'fatal';
};

/** `Retry-After` as milliseconds from `now`: delay-seconds or an HTTP date; undefined when absent or unreadable. */
export const parseRetryAfter = (value: string | null | undefined, now: number): number | undefined => {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Math.min(Number(text) * 1000, MAX_RETRY_AFTER_MS);
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.min(Math.max(0, date - now), MAX_RETRY_AFTER_MS);
};

/**
 * The wait before attempt `failedAttempts + 1`: exponential (0.5 s, 1 s, 2 s, … at most 30 s) with
 * "equal jitter" (half fixed, half random) so that parallel requests do not come back together;
 * never less than the service's `Retry-After`, plus up to half a second so that they spread out.
 */
export const retryDelayMs = ({
  failedAttempts,
  retryAfterMs,
  random = Math.random,
}: {
  failedAttempts: number;
  retryAfterMs?: number | undefined;
  random?: () => number;
}): number => {
  const ceiling = Math.min(MAX_BACKOFF_MS, BASE_DELAY_MS * 2 ** Math.max(0, failedAttempts - 1));
  const backoff = ceiling / 2 + random() * (ceiling / 2);
  const delay = retryAfterMs === undefined ? backoff : Math.max(backoff, retryAfterMs + random() * RETRY_AFTER_JITTER_MS);
  return Math.round(delay);
};

/** Whether another attempt is allowed after `failedAttempts` failures. */
export const mayRetry = (failedAttempts: number): boolean => failedAttempts < MAX_ATTEMPTS;
