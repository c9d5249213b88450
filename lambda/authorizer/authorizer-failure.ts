import { FetchError, JwksValidationError } from 'aws-jwt-verify/error';
import { redactTokens } from '../shared/logger.js';

/**
 * The authorizer could not decide: its issuer's JWKS or the tenant registry could not be read.
 * Thrown, never turned into a deny: API Gateway answers a failed authorizer with 500 and caches
 * nothing, while a deny would be cached for the whole authorizer cache TTL.
 */
export class AuthorizerUnavailableError extends Error {
  override readonly name = 'AuthorizerUnavailableError';
}

/**
 * The JWKS could not be fetched (unreachable, slow, not 200) or was not a JWKS: the issuer's
 * fault, not the token's. An unknown kid after a good fetch stays a token defect.
 */
export const isJwksUnavailable = (error: unknown): boolean => error instanceof FetchError || error instanceof JwksValidationError;

// The error's class says what failed (JwtExpiredError, FetchError, ResourceNotFoundException, …);
// its message says how. Neither holds the token, and tokens are redacted anyway. An explicit
// `name` (AWS SDK errors, TimeoutError) survives minification; aws-jwt-verify's errors are named
// only by their class, which the bundle keeps only with esbuild's keepNames.
export const describeFailure = (error: unknown) => {
  const { name, code } = (error ?? {}) as { name?: unknown; code?: unknown };
  const className = (error as object | null)?.constructor?.name ?? typeof error;
  return {
    errorClass: typeof name === 'string' && name !== '' && name !== 'Error' ? name : className,
    ...(typeof code === 'string' ? { errorCode: code } : {}),
    detail: redactTokens(error instanceof Error ? error.message : printable(error)),
  };
};

// String() throws on an object without a prototype (no toString): describing must never throw.
const printable = (value: unknown): string => {
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
};
