import type { Fetcher } from 'aws-jwt-verify/https';

// aws-jwt-verify fetches JWKS over https only. The local issuer of `npm start` (and
// `sam local`, reaching the host through host.docker.internal) serves plain http, so
// http is allowed for these hosts only. The stack refuses non-https issuers at synth.
const localHosts = new Set(['127.0.0.1', 'localhost', '[::1]', 'host.docker.internal']);

const JWKS_TIMEOUT_MILLIS = 3000;

export const isLocalHttpUri = (uri: string): boolean => {
  try {
    const url = new URL(uri);
    return url.protocol === 'http:' && localHosts.has(url.hostname);
  } catch {
    return false;
  }
};

export const localJwksFetcher: Fetcher = {
  fetch: async (uri) => {
    if (!isLocalHttpUri(uri)) throw new Error(`refusing to fetch JWKS over http from a non-local host: ${uri}`);
    const response = await fetch(uri, { signal: AbortSignal.timeout(JWKS_TIMEOUT_MILLIS) });
    if (response.status !== 200) throw new Error(`JWKS fetch from ${uri} answered ${response.status}`);
    return response.arrayBuffer();
  },
};
