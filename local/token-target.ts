import * as path from 'node:path';
import type { RunningServer } from './running-server';

export interface TokenTarget {
  /** Part of the token's issuer: the server on another port refuses it. */
  port: number;
  /** Holds the issuer key the token is signed with. */
  dataDirectory: string;
  /** Lines for stderr: which server the token is for, and why it may be refused. */
  notes: string[];
}

export interface TokenRequest {
  /** Values chosen by flag or PORT; absent ones follow the running server, else the defaults. */
  given: { port?: number; dataDirectory?: string };
  defaults: { port: number; dataDirectory: string };
  running: RunningServer | undefined;
}

const show = (dataDirectory: string) => path.relative(process.cwd(), dataDirectory) || '.';

/**
 * Chooses the port and data directory `npm run token` signs for: a running `npm start`'s
 * unless told otherwise, and says so on stderr whenever the token may not fit a server.
 */
export const chooseTokenTarget = ({ given, defaults, running }: TokenRequest): TokenTarget => {
  const port = given.port ?? running?.port ?? defaults.port;
  const dataDirectory = path.resolve(given.dataDirectory ?? running?.dataDirectory ?? defaults.dataDirectory);
  const target = `port ${port} with the issuer key in ${show(dataDirectory)}`;
  if (running === undefined) {
    return { port, dataDirectory, notes: [`No npm start is running: this token is for a server on ${target}.`] };
  }
  const differences = [
    ...(port === running.port ? [] : [`port ${running.port}`]),
    ...(dataDirectory === path.resolve(running.dataDirectory) ? [] : [`data dir ${show(running.dataDirectory)}`]),
  ];
  if (differences.length === 0) return { port, dataDirectory, notes: [] };
  return {
    port,
    dataDirectory,
    notes: [
      `Warning: the running npm start (pid ${running.pid}) uses ${differences.join(' and ')}, and will refuse this token for ${target}.`,
    ],
  };
};
