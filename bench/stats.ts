/** Percentiles by nearest rank over a copy of the samples. */
export const percentile = (samples: readonly number[], p: number): number => {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
};

export const latencySummary = (samples: readonly number[]) => ({
  count: samples.length,
  p50Ms: round(percentile(samples, 50)),
  p95Ms: round(percentile(samples, 95)),
  p99Ms: round(percentile(samples, 99)),
});

export const round = (value: number, digits = 3): number => Number(value.toFixed(digits));

export const ratio = (numerator: number, denominator: number): number => round(numerator / denominator, 3);

/** Milliseconds that `run` took. */
export const timed = async (run: () => Promise<unknown>): Promise<number> => {
  const started = performance.now();
  await run();
  return performance.now() - started;
};
