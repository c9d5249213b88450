import * as path from 'node:path';
import { parseArgs } from 'node:util';

export const projectRoot = path.resolve(__dirname, '..');
export const DEFAULT_PORT = 3000;
export const DEFAULT_DATA_DIRECTORY = path.join(projectRoot, '.local');

const durationUnits: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** Parses `90`, `90s`, `15m`, `1h`, `2d` into seconds. */
export const parseDuration = (text: string): number => {
  const match = /^(\d+)([smhd]?)$/.exec(text.trim());
  if (!match) throw new Error(`"${text}" is not a duration: use e.g. 90s, 15m, 1h or 2d`);
  return Number(match[1]) * durationUnits[match[2] || 's']!;
};

export const parsePort = (text: string | undefined, name = 'PORT'): number => {
  if (text === undefined || text === '') return DEFAULT_PORT;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new Error(`${name} must be a port number, got "${text}"`);
  return port;
};

/** Options shared by `npm start` and `npm run token`. */
export const parseLocalOptions = (args: string[], extra: Record<string, { type: 'string' | 'boolean' }>) => {
  const { values }: { values: Record<string, string | boolean | undefined> } = parseArgs({
    args,
    options: { 'data-dir': { type: 'string' }, port: { type: 'string' }, ...extra },
    strict: true,
    allowPositionals: false,
  });
  const text = (name: string) => values[name] as string | undefined;
  const portText = text('port') ?? process.env.PORT;
  const dataDirectoryText = text('data-dir');
  /** What the flags (or PORT) chose; absent where the default applies. */
  const chosen = {
    port: portText ? parsePort(portText) : undefined,
    dataDirectory: dataDirectoryText === undefined ? undefined : path.resolve(projectRoot, dataDirectoryText),
  };
  return {
    text,
    flag: (name: string) => values[name] === true,
    chosen,
    dataDirectory: chosen.dataDirectory ?? DEFAULT_DATA_DIRECTORY,
    port: chosen.port ?? DEFAULT_PORT,
  };
};
