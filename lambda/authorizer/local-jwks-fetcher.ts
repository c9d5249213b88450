import { FetchError } from 'aws-jwt-verify/error';
import type { Fetcher } from 'aws-jwt-verify/https';

// aws-jwt-verify fetches JWKS over https only. The local issuer of `npm start` (and
// `sam local`, reaching the host through host.docker.internal) serves plain http, so
// http is allowed for these hosts only. The stack refuses non-https issuers at synth.
const localHosts = new Set(['127.0.0.1', 'localhost', '[::1]', 'host.docker.internal']);

/** One attempt, bounded like the deployed fetcher's two (remote-jwks-fetcher.ts). */
export const LOCAL_JWKS_TIMEOUT_MILLIS = 2500;

export const isLocalHttpUri = (uri: string): boolean => {
  try {
    const url = new URL(uri);
    return url.protocol === 'http:' && localHosts.has(url.hostname);
  } catch {
    return false;
  }
};

// Failures are FetchErrors, as aws-jwt-verify's own fetcher raises them, so the authorizer
// tells "JWKS unavailable" (it throws: 500, nothing cached) from a bad token (deny).
export const localJwksFetcher: Fetcher = {
  fetch: async (uri) => {
    if (!isLocalHttpUri(uri)) throw new Error(`refusing to fetch JWKS over http from a non-local host: ${uri}`);
    let response: Response;
    try {
      response = await fetch(uri, { signal: AbortSignal.timeout(LOCAL_JWKS_TIMEOUT_MILLIS) });
    } catch (error) {
      throw new FetchError(uri, (error as Error).message);
    }
    if (response.status !== 200) throw new FetchError(uri, `Status code is ${response.status}, expected 200`);
    try {
      return await response.arrayBuffer();
    } catch (error) {
      throw new FetchError(uri, (error as Error).message);
    }
  },
};
