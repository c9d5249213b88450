// Past this, a clean-up that hangs (Java ignoring SIGTERM and SIGKILL) no longer keeps the process.
const FORCED_EXIT_MILLIS = 15_000;

const writeLine = (line: string) => process.stderr.write(`${line}\n`);

/** An error as one line: its name and message, and where it was thrown. */
export const oneLine = (error: unknown): string => {
  if (!(error instanceof Error)) return String(error).replace(/\s*\n\s*/g, ' ');
  const where = error.stack?.split('\n').find((line) => line.trim().startsWith('at '));
  return `${error.name}: ${error.message}${where ? ` (${where.trim()})` : ''}`.replace(/\s*\n\s*/g, ' ');
};

export interface Shutdown {
  /** Adds a clean-up; they run newest first. */
  onStop(cleanup: () => Promise<void> | void): void;
  /** Says why on stderr (one line), runs the clean-ups, exits. Only the first call counts. */
  stop(exitCode: number, reason: string): Promise<void>;
}

/** The one way out of `npm start`, so that no exit leaves DynamoDB Local running or goes unexplained. */
export const createShutdown = (): Shutdown => {
  const cleanups: (() => Promise<void> | void)[] = [];
  let stopping = false;
  return {
    onStop: (cleanup) => {
      cleanups.unshift(cleanup);
    },
    async stop(exitCode, reason) {
      if (stopping) return;
      stopping = true;
      process.exitCode = exitCode;
      writeLine(reason);
      setTimeout(() => {
        writeLine(`npm start: clean-up still running after ${FORCED_EXIT_MILLIS / 1000} s, exiting anyway`);
        process.exit(exitCode || 1);
      }, FORCED_EXIT_MILLIS).unref();
      for (const cleanup of cleanups) {
        try {
          await cleanup();
        } catch (error) {
          writeLine(`npm start: clean-up failed: ${oneLine(error)}`);
        }
      }
      process.exit(exitCode);
    },
  };
};
