import { backOff, backoffMillis } from '../../lambda/shared/dynamodb/backoff';

/** The jittered wait between the repository's own attempts (BatchGetItem's unprocessed keys, a cancelled removal). */

describe('backoffMillis', () => {
  it.each([
    [1, 25, 1, 50],
    [3, 25, 1, 200],
    [4, 10, 0.5, 80],
    [6, 25, 0, 0],
  ])('after attempt %d with a base of %d ms and a draw of %d: %d ms', (attempt, base, draw, millis) => {
    expect(backoffMillis(attempt, base, () => draw)).toBe(millis);
  });

  it('draws from Math.random by default, within [0, base · 2^attempt)', () => {
    const random = jest.spyOn(Math, 'random').mockReturnValue(0.25);
    try {
      expect(backoffMillis(2, 25)).toBe(25);
    } finally {
      random.mockRestore();
    }
  });
});

describe('backOff', () => {
  it('waits, then resolves', async () => {
    await expect(backOff(1, 0)).resolves.toBeUndefined();
  });

  it('ends at once with an AbortError when the signal is already aborted', async () => {
    await expect(backOff(10, 1000, AbortSignal.abort())).rejects.toMatchObject({ name: 'AbortError' });
  });
});
