/** At most `limit` tasks running at once; `start` waits for a free slot, not for the task. */
export class InFlight {
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly limit: number) {}

  get size(): number {
    return this.running.size;
  }

  /** Waits for a free slot, then starts `task` unless `shouldStart()` has turned false meanwhile. Tasks must not reject. */
  async start(task: () => Promise<void>, shouldStart: () => boolean = () => true): Promise<boolean> {
    while (this.running.size >= this.limit) await Promise.race(this.running);
    if (!shouldStart()) return false;
    const running: Promise<void> = task().finally(() => this.running.delete(running));
    this.running.add(running);
    return true;
  }

  /** Resolves when any running task ends (at once when none runs). */
  async next(): Promise<void> {
    if (this.running.size > 0) await Promise.race(this.running);
  }

  /** Resolves when every running task has ended. */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.running]);
  }
}
