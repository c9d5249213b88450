/** An earlier record of the same key failed: this one waits for the retry, to keep their order. */
export class EarlierRecordFailedError extends Error {
  override readonly name = 'EarlierRecordFailedError';
}

/**
 * Runs `task` for records of different keys concurrently and for records of one key one after
 * the other, in the order they were handed in. If one fails, the later ones of its key fail too
 * without running: Lambda redelivers from the first failure, and the changes of one number are
 * recorded and announced in the order they happened.
 */
export const inOrderPerKey = <T>(keyOf: (record: T) => string, task: (record: T) => Promise<void>) => {
  const tails = new Map<string, Promise<void>>();
  return (record: T): Promise<void> => {
    const key = keyOf(record);
    const previous = tails.get(key);
    const run = (previous ?? Promise.resolve()).then(
      () => task(record),
      () => {
        throw new EarlierRecordFailedError(`an earlier record of ${key} failed`);
      },
    );
    tails.set(key, run);
    const forget = () => {
      if (tails.get(key) === run) tails.delete(key);
    };
    run.then(forget, forget);
    return run;
  };
};
