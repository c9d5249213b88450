import { exec } from 'node:child_process';
import { promisify } from 'node:util';
import { DEFAULT_DATA_DIRECTORY, DEFAULT_PORT } from '../../local/cli-options';
import { loadOrCreateSigningKey, mintDevToken } from '../../local/dev-issuer';
import { findRunningServer, type RunningServer } from '../../local/running-server';
import { chooseTokenTarget } from '../../local/token-target';
import type { TokenSource } from './bulk-client';

const run = promisify(exec);

export interface TargetChoice {
  apiUrl?: string | undefined;
  token?: string | undefined;
  tokenCommand?: string | undefined;
}

export interface Target {
  apiUrl: string;
  tokens: TokenSource;
  /** How the token is obtained, for the first line of output. */
  tokenFrom: string;
}

/** `https://x.execute-api…/` and `…/` without the trailing slash; anything but an http(s) URL is refused. */
export const normalizeApiUrl = (text: string): string => {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`--api-url ${text} is not a URL (e.g. https://abc123.execute-api.eu-west-1.amazonaws.com)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`--api-url must be http(s), got ${text}`);
  if (url.search !== '' || url.hash !== '') throw new Error(`--api-url must not have a query or fragment, got ${text}`);
  return url.toString().replace(/\/+$/, '');
};

export const localServerUrl = (server: Pick<RunningServer, 'port'>): string => `http://127.0.0.1:${server.port}`;

const isSameLocalServer = (apiUrl: string, server: RunningServer): boolean => {
  const url = new URL(apiUrl);
  return ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname) && Number(url.port) === server.port && url.pathname === '/';
};

/** Runs the command in a shell; its trimmed stdout is the token. */
export const tokenFromCommand = (command: string): TokenSource => {
  const fetchToken = async () => {
    let stdout: string;
    try {
      ({ stdout } = await run(command, { encoding: 'utf8', timeout: 60_000, maxBuffer: 1024 * 1024 }));
    } catch (error) {
      const { code, stderr } = error as { code?: number; stderr?: string };
      throw new Error(`--token-command failed (exit ${code ?? '?'}): ${stderr?.trim() || (error as Error).message}`);
    }
    const token = stdout.trim();
    if (token === '') throw new Error('--token-command printed nothing: it must print the token on stdout');
    return token;
  };
  let current: Promise<string> | undefined;
  let renewal: { of: string; token: Promise<string> } | undefined;
  return {
    token: () => {
      current ??= fetchToken();
      return current;
    },
    // Parallel batches refused with the same token share one run of the command.
    renew: (refused) => {
      if (renewal?.of !== refused) {
        renewal = { of: refused, token: fetchToken() };
        current = renewal.token;
      }
      return renewal.token;
    },
  };
};

/** A token of the local issuer, as `npm run token` mints it for the running `npm start`; renewed by minting again. */
const devTokenFor = (server: RunningServer): TokenSource => {
  const target = chooseTokenTarget({ given: {}, defaults: { port: DEFAULT_PORT, dataDirectory: DEFAULT_DATA_DIRECTORY }, running: server });
  const key = loadOrCreateSigningKey(target.dataDirectory);
  let token = mintDevToken(key, { port: target.port });
  return {
    token: async () => token,
    renew: async () => {
      token = mintDevToken(key, { port: target.port });
      return token;
    },
  };
};

/**
 * The API and the token: as given, else the running `npm start` (found as `npm run token` finds
 * it) with a dev token of its local issuer, so that `npm start` + `npm run import -- FILE` needs no flags.
 */
export const resolveTarget = (choice: TargetChoice, running: RunningServer | undefined = findRunningServer()): Target => {
  const given = choice.apiUrl === undefined ? undefined : normalizeApiUrl(choice.apiUrl);
  const apiUrl = given ?? (running === undefined ? undefined : localServerUrl(running));
  if (apiUrl === undefined) {
    throw new Error('no npm start is running here: start it (npm start), or pass --api-url URL with --token or --token-command');
  }
  if (choice.tokenCommand !== undefined) {
    return { apiUrl, tokens: tokenFromCommand(choice.tokenCommand), tokenFrom: 'token from --token-command' };
  }
  if (choice.token !== undefined) {
    return { apiUrl, tokens: { token: async () => choice.token! }, tokenFrom: 'token given' };
  }
  if (running === undefined || !isSameLocalServer(apiUrl, running)) {
    throw new Error(`${apiUrl} is not the npm start running here: pass --token or --token-command`);
  }
  return { apiUrl, tokens: devTokenFor(running), tokenFrom: `dev token of the running npm start (pid ${running.pid})` };
};
