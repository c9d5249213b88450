import { localOverride } from './local-overrides.js';

/**
 * How long one AWS SDK call (DynamoDB, EventBridge) may take at worst, kept below every
 * function's timeout so a hung connection fails the call, and the SDK retries on a fresh
 * connection, while the function still has time to answer. Free of SDK and CDK imports: the
 * infrastructure tests compare these numbers with the functions' timeouts.
 */

/** The first attempt and two retries. */
export const SDK_MAX_ATTEMPTS = 3;

// Both time-outs run from when the SDK hands a request to its HTTP handler, so a wait for one of
// the handler's 50 sockets counts too: the bulk route's 32 puts at a time never wait.

/** DNS lookup and TCP connect; in-region this takes milliseconds. */
export const SDK_CONNECTION_TIMEOUT_MILLIS = 500;

/**
 * From sending the request to the response's headers (the connection's set-up included). A
 * DynamoDB or EventBridge call takes tens of milliseconds; a 100-key BatchGetItem a little more.
 */
export const SDK_REQUEST_TIMEOUT_MILLIS = 1_500;

/**
 * The longest the SDK waits between attempts: with throttling it backs off at most 1 s, then
 * 2 s (full jitter on a 1 s base, doubling); other errors back off far less. An upgrade of the
 * SDK that lengthens this fails test/reliability/sdk-timeouts.test.ts.
 */
export const SDK_MAX_BACKOFF_MILLIS = 3_000;

/** One SDK call, every attempt timing out, with the longest backoffs: 3 × (0.5 s + 1.5 s) + 3 s = 9 s. */
export const SDK_WORST_CASE_CALL_MILLIS =
  SDK_MAX_ATTEMPTS * (SDK_CONNECTION_TIMEOUT_MILLIS + SDK_REQUEST_TIMEOUT_MILLIS) + SDK_MAX_BACKOFF_MILLIS;

const LOCAL_TIMEOUT_VARIABLE = 'LOCAL_SDK_TIMEOUT_MILLIS';

/**
 * The retry and timeout settings every SDK client of the functions is created with.
 * `LOCAL_SDK_TIMEOUT_MILLIS` replaces both timeouts outside production: the tests run many
 * invocations at once in one process, on one client, whose requests then wait for each other.
 */
export const sdkClientSettings = (env: NodeJS.ProcessEnv = process.env) => {
  const timeoutMillis = timeoutFor(env);
  return {
    maxAttempts: SDK_MAX_ATTEMPTS,
    // The options of the SDK's own Node HTTP handler, which it builds from them.
    requestHandler: {
      connectionTimeout: timeoutMillis(SDK_CONNECTION_TIMEOUT_MILLIS),
      requestTimeout: timeoutMillis(SDK_REQUEST_TIMEOUT_MILLIS),
      // Without it the SDK only logs a warning when requestTimeout passes, and keeps waiting.
      throwOnRequestTimeout: true,
    },
  };
};

/** A production timeout, or `LOCAL_SDK_TIMEOUT_MILLIS` in its place outside production. */
export const timeoutFor = (env: NodeJS.ProcessEnv) => {
  const localTimeout = localOverride(LOCAL_TIMEOUT_VARIABLE, env);
  return (production: number) => (localTimeout === undefined ? production : positiveMillis(localTimeout));
};

const positiveMillis = (value: string): number => {
  const millis = Number(value);
  if (!Number.isSafeInteger(millis) || millis <= 0) {
    throw new Error(
      `environment variable ${LOCAL_TIMEOUT_VARIABLE} must be a positive whole number of milliseconds, got ${JSON.stringify(value)}`,
    );
  }
  return millis;
};
