import { timed } from './stats';

/** Prepares request `i` off the clock and returns the call the clock times. */
export type PreparedPath = (i: number) => () => Promise<unknown>;

/**
 * Runs every path once per round, `warmUp + requests` rounds, rotating the order so no path
 * always runs right after the same neighbour; keeps the timings after the warm-up.
 */
export const sideBySide = async <TName extends string>(
  paths: Record<TName, PreparedPath>,
  { warmUp, requests }: { warmUp: number; requests: number },
): Promise<Record<TName, number[]>> => {
  const names = Object.keys(paths) as TName[];
  const samples = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<TName, number[]>;
  for (let i = 0; i < warmUp + requests; i += 1) {
    for (let j = 0; j < names.length; j += 1) {
      const name = names[(i + j) % names.length]!;
      const elapsed = await timed(paths[name](i));
      if (i >= warmUp) samples[name].push(elapsed);
    }
  }
  return samples;
};
