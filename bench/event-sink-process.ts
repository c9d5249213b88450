import { fork } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { type DeliveredEvent, readDeliveredEvents } from '../local/event-sink';

/** Starts local/event-sink.ts in a child process writing to `file` (emptied first); `EVENTBRIDGE_ENDPOINT` goes to `endpoint`. */
export const startEventSinkProcess = async (file: string) => {
  rmSync(file, { force: true });
  const child = fork(path.join(__dirname, 'event-sink-child.ts'), [file], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const exited = once(child, 'exit');
  const [message] = (await Promise.race([
    once(child, 'message'),
    exited.then(([code]) => {
      throw new Error(`the event sink exited (code ${code}) before it listened`);
    }),
  ])) as [{ endpoint: string }];
  return {
    endpoint: message.endpoint,
    /** The events delivered so far, oldest first. */
    events: (): DeliveredEvent[] => readDeliveredEvents(readFileSync(file, 'utf8')),
    close: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.disconnect();
      await exited;
    },
  };
};
