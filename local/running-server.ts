import { mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_DATA_DIRECTORY } from './cli-options';

/** What `npm start` records while it serves, so that `npm run token` signs for it. */
export interface RunningServer {
  pid: number;
  port: number;
  dataDirectory: string;
}

/** One fixed place whatever `--data-dir` is; `LOCAL_RUNNING_SERVER_FILE` moves it (tests do). */
export const runningServerFile = (): string =>
  process.env.LOCAL_RUNNING_SERVER_FILE || path.join(DEFAULT_DATA_DIRECTORY, 'running-server.json');

export const isProcessAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

const readRecord = (file: string): RunningServer | undefined => {
  try {
    const record = JSON.parse(readFileSync(file, 'utf8'));
    const valid = Number.isInteger(record?.pid) && Number.isInteger(record?.port) && typeof record?.dataDirectory === 'string';
    return valid ? { pid: record.pid, port: record.port, dataDirectory: record.dataDirectory } : undefined;
  } catch {
    return undefined;
  }
};

/** Written whole (rename) so that a reader never sees half a file. */
export const recordRunningServer = (server: RunningServer, file = runningServerFile()): void => {
  mkdirSync(path.dirname(file), { recursive: true });
  const partial = `${file}.${server.pid}.tmp`;
  writeFileSync(partial, JSON.stringify(server));
  renameSync(partial, file);
};

/** Removes the record if it is still this process's: a server started later may have replaced it. */
export const forgetRunningServer = (pid: number, file = runningServerFile()): void => {
  if (readRecord(file)?.pid !== pid) return;
  try {
    unlinkSync(file);
  } catch {
    // Already gone: nothing to forget.
  }
};

/** The recorded server, if its process is still alive (a server killed with SIGKILL leaves its record). */
export const findRunningServer = (file = runningServerFile()): RunningServer | undefined => {
  const record = readRecord(file);
  return record && isProcessAlive(record.pid) ? record : undefined;
};
