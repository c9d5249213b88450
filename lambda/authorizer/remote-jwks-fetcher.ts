import { SimpleFetcher } from 'aws-jwt-verify/https';

/**
 * Each JWKS request gets 1.2 s to answer; aws-jwt-verify's fetcher retries a failed request
 * once at once (not a non-200 answer), so a fetch ends within about 2.4 s: inside the
 * authorizer's 5 s, with room for the tenant registry read. The library's defaults
 * (3 s, retried) could reach 6 s, and the function would time out instead of logging why.
 */
export const JWKS_ATTEMPT_TIMEOUT_MILLIS = 1200;

export const boundedJwksFetcher = new SimpleFetcher({ defaultRequestOptions: { responseTimeout: JWKS_ATTEMPT_TIMEOUT_MILLIS } });
