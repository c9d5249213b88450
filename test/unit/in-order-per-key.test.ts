import { EarlierRecordFailedError, inOrderPerKey } from '../../lambda/stream-consumer/in-order-per-key';

interface Deferred {
  promise: Promise<void>;
  resolve: () => void;
  reject: (error: Error) => void;
}

const deferred = (): Deferred => {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((onResolve, onReject) => {
    resolve = onResolve;
    reject = onReject;
  });
  return { promise, resolve, reject };
};

/** Lets every pending promise callback run (the chain hops a few microtasks per link). */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

interface TestRecord {
  key: string;
  name: string;
}

/** A runner whose tasks record when they start and finish and complete only when the test says so. */
const harness = () => {
  const log: string[] = [];
  const gates = new Map<string, Deferred>();
  const gate = (name: string) => {
    let found = gates.get(name);
    if (!found) {
      found = deferred();
      gates.set(name, found);
    }
    return found;
  };
  const run = inOrderPerKey<TestRecord>(
    (record) => record.key,
    async (record) => {
      log.push(`start ${record.name}`);
      try {
        await gate(record.name).promise;
        log.push(`finish ${record.name}`);
      } catch (error) {
        log.push(`fail ${record.name}`);
        throw error;
      }
    },
  );
  /** Hands the record in and keeps track of how its promise ends. */
  const call = (key: string, name: string) => {
    const promise = run({ key, name });
    const outcome: { state: 'pending' | 'fulfilled' | 'rejected'; error?: unknown } = { state: 'pending' };
    promise.then(
      () => {
        outcome.state = 'fulfilled';
      },
      (error: unknown) => {
        outcome.state = 'rejected';
        outcome.error = error;
      },
    );
    return { promise, outcome };
  };
  return { log, call, gate };
};

// A broken chain shows as a task waiting on a gate nobody opens: fail in seconds, not the global minute.
jest.setTimeout(5_000);

describe('inOrderPerKey', () => {
  it('runs the tasks of one key one after the other, in call order', async () => {
    const { log, call, gate } = harness();
    const first = call('k', 'a');
    const second = call('k', 'b');
    const third = call('k', 'c');
    await settle();
    expect(log).toEqual(['start a']);

    // Finishing a later one first changes nothing: it has not started.
    gate('c').resolve();
    gate('b').resolve();
    await settle();
    expect(log).toEqual(['start a']);
    expect(second.outcome.state).toBe('pending');
    expect(third.outcome.state).toBe('pending');

    gate('a').resolve();
    await Promise.all([first.promise, second.promise, third.promise]);
    expect(log).toEqual(['start a', 'finish a', 'start b', 'finish b', 'start c', 'finish c']);
  });

  it('starts the next task of a key only when the one before it finishes', async () => {
    const { log, call, gate } = harness();
    call('k', 'a');
    const second = call('k', 'b');
    call('k', 'c');
    gate('a').resolve();
    await settle();
    expect(log).toEqual(['start a', 'finish a', 'start b']);
    expect(second.outcome.state).toBe('pending');
    gate('b').resolve();
    await settle();
    expect(log).toEqual(['start a', 'finish a', 'start b', 'finish b', 'start c']);
  });

  it('runs tasks of different keys concurrently', async () => {
    const { log, call, gate } = harness();
    const one = call('k1', 'a');
    const other = call('k2', 'b');
    const third = call('k3', 'c');
    await settle();
    expect(log).toEqual(['start a', 'start b', 'start c']);

    gate('b').resolve();
    await settle();
    expect(other.outcome.state).toBe('fulfilled');
    expect(one.outcome.state).toBe('pending');
    expect(third.outcome.state).toBe('pending');

    gate('c').resolve();
    gate('a').resolve();
    await Promise.all([one.promise, third.promise]);
    expect(log).toEqual(['start a', 'start b', 'start c', 'finish b', 'finish c', 'finish a']);
  });

  it('keeps each key in order while interleaving keys', async () => {
    const { log, call, gate } = harness();
    const calls = [call('k1', 'a1'), call('k2', 'b1'), call('k1', 'a2'), call('k2', 'b2')];
    await settle();
    expect(log).toEqual(['start a1', 'start b1']);
    gate('b1').resolve();
    await settle();
    expect(log).toEqual(['start a1', 'start b1', 'finish b1', 'start b2']);
    for (const name of ['a1', 'a2', 'b2']) gate(name).resolve();
    await Promise.all(calls.map((c) => c.promise));
    expect(log.filter((line) => line.endsWith('a1') || line.endsWith('a2'))).toEqual(['start a1', 'finish a1', 'start a2', 'finish a2']);
  });

  it('resolves each call when its own task finishes', async () => {
    const { call, gate } = harness();
    const first = call('k', 'a');
    const second = call('k', 'b');
    gate('a').resolve();
    await first.promise;
    await settle();
    expect(first.outcome.state).toBe('fulfilled');
    expect(second.outcome.state).toBe('pending');
    gate('b').resolve();
    await expect(second.promise).resolves.toBeUndefined();
  });

  describe('when a task fails', () => {
    it('rejects with its error, and the later calls of its key with EarlierRecordFailedError without running them', async () => {
      const { log, call, gate } = harness();
      const first = call('k', 'a');
      const second = call('k', 'b');
      const third = call('k', 'c');
      const failure = new Error('boom');
      gate('a').reject(failure);
      await expect(first.promise).rejects.toBe(failure);
      await expect(second.promise).rejects.toBeInstanceOf(EarlierRecordFailedError);
      await expect(third.promise).rejects.toBeInstanceOf(EarlierRecordFailedError);
      expect(log).toEqual(['start a', 'fail a']);
    });

    it('names the key in the EarlierRecordFailedError', async () => {
      const { call, gate } = harness();
      const first = call('TENANT#t#PHONE#+14155550123', 'a');
      const second = call('TENANT#t#PHONE#+14155550123', 'b');
      gate('a').reject(new Error('boom'));
      await expect(first.promise).rejects.toThrow('boom');
      const error = await second.promise.catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(EarlierRecordFailedError);
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).name).toBe('EarlierRecordFailedError');
      expect((error as Error).message).toContain('TENANT#t#PHONE#+14155550123');
    });

    it('fails calls of its key made while the failing task is still running, and leaves other keys alone', async () => {
      const { log, call, gate } = harness();
      const failing = call('k1', 'a1');
      const other = call('k2', 'b1');
      await settle();
      const later = call('k1', 'a2');
      const otherLater = call('k2', 'b2');
      gate('a1').reject(new Error('boom'));
      await expect(failing.promise).rejects.toThrow('boom');
      await expect(later.promise).rejects.toBeInstanceOf(EarlierRecordFailedError);
      expect(other.outcome.state).toBe('pending');

      gate('b1').resolve();
      gate('b2').resolve();
      await expect(other.promise).resolves.toBeUndefined();
      await expect(otherLater.promise).resolves.toBeUndefined();
      expect(log).toEqual(['start a1', 'start b1', 'fail a1', 'finish b1', 'start b2', 'finish b2']);
    });

    it('does not fail the calls of its key that finished before it', async () => {
      const { call, gate } = harness();
      const first = call('k', 'a');
      const second = call('k', 'b');
      const third = call('k', 'c');
      gate('a').resolve();
      gate('b').reject(new Error('boom'));
      await expect(first.promise).resolves.toBeUndefined();
      await expect(second.promise).rejects.toThrow('boom');
      await expect(third.promise).rejects.toBeInstanceOf(EarlierRecordFailedError);
    });

    it('a task that throws synchronously counts as a failure', async () => {
      const ran: string[] = [];
      const run = inOrderPerKey<string>(
        () => 'k',
        (name) => {
          ran.push(name);
          if (name === 'a') throw new Error('sync boom');
          return Promise.resolve();
        },
      );
      const first = run('a');
      const second = run('b');
      await expect(first).rejects.toThrow('sync boom');
      await expect(second).rejects.toBeInstanceOf(EarlierRecordFailedError);
      expect(ran).toEqual(['a']);
    });
  });

  describe('after a key’s chain settles (the key is forgotten)', () => {
    it('a new call of the key runs at once after a success', async () => {
      const { log, call, gate } = harness();
      const first = call('k', 'a');
      gate('a').resolve();
      await first.promise;
      await settle();
      call('k', 'b');
      await settle();
      expect(log).toEqual(['start a', 'finish a', 'start b']);
    });

    it('a new call of the key runs normally after a failure', async () => {
      const { log, call, gate } = harness();
      const first = call('k', 'a');
      const second = call('k', 'b');
      gate('a').reject(new Error('boom'));
      await expect(first.promise).rejects.toThrow('boom');
      await expect(second.promise).rejects.toBeInstanceOf(EarlierRecordFailedError);
      await settle();

      const retried = call('k', 'a-again');
      gate('a-again').resolve();
      await expect(retried.promise).resolves.toBeUndefined();
      expect(log).toEqual(['start a', 'fail a', 'start a-again', 'finish a-again']);
    });

    it('a call right after the failure settles (no extra tick) runs normally', async () => {
      const { log, call, gate } = harness();
      const first = call('k', 'a');
      gate('a').reject(new Error('boom'));
      await first.promise.catch(() => undefined);
      const next = call('k', 'b');
      gate('b').resolve();
      await expect(next.promise).resolves.toBeUndefined();
      expect(log).toEqual(['start a', 'fail a', 'start b', 'finish b']);
    });

    it('but a key is not forgotten while a later call of it is still queued', async () => {
      const { log, call, gate } = harness();
      const first = call('k', 'a');
      call('k', 'b');
      gate('a').resolve();
      await first.promise;
      await settle();
      // `b` is running; `c` must wait for it even though `a`’s link has settled.
      call('k', 'c');
      await settle();
      expect(log).toEqual(['start a', 'finish a', 'start b']);
      gate('b').resolve();
      await settle();
      expect(log).toEqual(['start a', 'finish a', 'start b', 'finish b', 'start c']);
    });

    it('separate runners do not share keys', async () => {
      const one = harness();
      const other = harness();
      one.call('k', 'a');
      other.call('k', 'b');
      await settle();
      expect(one.log).toEqual(['start a']);
      expect(other.log).toEqual(['start b']);
    });
  });
});
