import { classifyStatus, MAX_ATTEMPTS, MAX_RETRY_AFTER_MS, mayRetry, parseRetryAfter, retryDelayMs } from '../../cli/import/retry-policy';

describe('the import’s retry policy', () => {
  it.each([
    [201, 'success'],
    [429, 'retry'],
    [503, 'retry'],
    [502, 'retry'],
    [504, 'retry'],
    [401, 'auth'],
    [403, 'auth'],
    [400, 'fatal'],
    [404, 'fatal'],
    [413, 'fatal'],
    [415, 'fatal'],
    [422, 'fatal'],
    [500, 'fatal'],
  ])('status %i: %s', (status, expected) => {
    expect(classifyStatus(status)).toBe(expected);
  });

  it('reads Retry-After as seconds or as an HTTP date, capped, and ignores what it cannot read', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:59:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('86400', now)).toBe(MAX_RETRY_AFTER_MS);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
  });

  it('backs off exponentially with jitter: between half and all of 0.5 s × 2^(n-1), at most 30 s', () => {
    const low = (failedAttempts: number) => retryDelayMs({ failedAttempts, random: () => 0 });
    const high = (failedAttempts: number) => retryDelayMs({ failedAttempts, random: () => 1 });
    expect([1, 2, 3, 4].map(low)).toEqual([250, 500, 1000, 2000]);
    expect([1, 2, 3, 4].map(high)).toEqual([500, 1000, 2000, 4000]);
    expect(high(20)).toBe(30_000);
    expect(low(20)).toBe(15_000);
    const spread = new Set(Array.from({ length: 50 }, () => retryDelayMs({ failedAttempts: 3 })));
    expect(spread.size).toBeGreaterThan(10);
  });

  it('never waits less than Retry-After, and spreads parallel requests over half a second after it', () => {
    expect(retryDelayMs({ failedAttempts: 1, retryAfterMs: 5000, random: () => 0 })).toBe(5000);
    expect(retryDelayMs({ failedAttempts: 1, retryAfterMs: 5000, random: () => 1 })).toBe(5500);
    // a backoff longer than Retry-After wins
    expect(retryDelayMs({ failedAttempts: 8, retryAfterMs: 1000, random: () => 1 })).toBe(30_000);
  });

  it(`gives up after ${MAX_ATTEMPTS} attempts`, () => {
    expect(mayRetry(MAX_ATTEMPTS - 1)).toBe(true);
    expect(mayRetry(MAX_ATTEMPTS)).toBe(false);
  });
});
