import type { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayRequestAuthorizerEventV2, APIGatewaySimpleAuthorizerWithContextResult } from 'aws-lambda';
import type { JwtPayload } from 'aws-jwt-verify/jwt-model';
import type { AuthorizerContext } from '../shared/auth/authorizer-context.js';
import { redactTokens } from '../shared/logger.js';
import type { TokenVerifier } from './issuer-config.js';

export type AuthorizerResult = APIGatewaySimpleAuthorizerWithContextResult<AuthorizerContext | Record<string, never>>;

const MAX_TENANT_ID_LENGTH = 256;
/** Longest `exp − iat` accepted unless configured (`maxTokenLifetime`): a leaked token stays useful at most this long. */
export const DEFAULT_MAX_TOKEN_LIFETIME_SECONDS = 24 * 60 * 60;
const deny: AuthorizerResult = { isAuthorized: false, context: {} };

const bearerToken = (header: string | undefined): string | undefined => {
  const match = /^Bearer +(\S+)\s*$/i.exec(header?.trim() ?? '');
  return match?.[1];
};

/**
 * A claim usable as an identity: a non-empty string without surrounding whitespace. ` acme` is
 * refused rather than trimmed: trimming would let one issuer's odd claim land in another tenant,
 * and keeping it would make a second tenant that differs by a space.
 */
const identityClaim = (payload: JwtPayload, claim: string): { ok: true; value: string } | { ok: false; problem: string } => {
  const value = payload[claim];
  if (typeof value !== 'string' || value === '') return { ok: false, problem: `the ${claim} claim is missing or empty` };
  if (value !== value.trim()) return { ok: false, problem: `the ${claim} claim has surrounding whitespace` };
  if (value.length > MAX_TENANT_ID_LENGTH) {
    return { ok: false, problem: `the ${claim} claim is longer than ${MAX_TENANT_ID_LENGTH} characters` };
  }
  return { ok: true, value };
};

// The error's class says what failed (JwtExpiredError, JwtInvalidIssuerError, …); its message
// says how. Neither holds the token, and tokens are redacted anyway.
const verificationFailure = (error: unknown) => ({
  errorClass: (error as object | null)?.constructor?.name ?? typeof error,
  detail: redactTokens(error instanceof Error ? error.message : String(error)),
});

// OAuth puts scopes in `scope` (space separated); some issuers use `scp` (array or string).
const scopesOf = (payload: JwtPayload): string => {
  const scopes = payload.scope ?? payload.scp;
  if (typeof scopes === 'string') return scopes;
  return Array.isArray(scopes) ? scopes.filter((scope) => typeof scope === 'string').join(' ') : '';
};

/**
 * API Gateway REQUEST authorizer (simple responses). Denies on any failure and never
 * throws: a thrown error would become a 500, not a 403. Scopes are passed on, not
 * checked, because the result is cached per token across routes.
 */
export const createAuthorizer =
  ({
    verifier,
    tenantClaim,
    logger,
    maxTokenLifetimeSeconds = DEFAULT_MAX_TOKEN_LIFETIME_SECONDS,
  }: {
    verifier: TokenVerifier;
    tenantClaim: string;
    logger: Logger;
    maxTokenLifetimeSeconds?: number;
  }) =>
  async (event: APIGatewayRequestAuthorizerEventV2): Promise<AuthorizerResult> => {
    const token = bearerToken(event.headers?.authorization ?? event.identitySource?.[0]);
    if (token === undefined) {
      logger.info('denied', { reason: 'no bearer token' });
      return deny;
    }
    let payload: JwtPayload;
    try {
      payload = await verifier.verify(token);
    } catch (error) {
      logger.info('denied', { reason: 'token failed verification', ...verificationFailure(error) });
      return deny;
    }
    // aws-jwt-verify checks `exp` only when present; a token that never expires is refused.
    if (typeof payload.exp !== 'number') {
      logger.info('denied', { reason: 'token has no exp claim' });
      return deny;
    }
    if (typeof payload.iat !== 'number') {
      logger.info('denied', { reason: 'token has no iat claim: its lifetime cannot be checked' });
      return deny;
    }
    if (payload.exp - payload.iat > maxTokenLifetimeSeconds) {
      logger.info('denied', {
        reason: `token lifetime (exp − iat) of ${payload.exp - payload.iat} s is over the maximum of ${maxTokenLifetimeSeconds} s (maxTokenLifetime)`,
      });
      return deny;
    }
    const tenant = identityClaim(payload, tenantClaim);
    const subject = payload.sub === undefined ? identityClaim(payload, 'client_id') : identityClaim(payload, 'sub');
    if (!tenant.ok) {
      logger.info('denied', { reason: tenant.problem });
      return deny;
    }
    if (!subject.ok) {
      logger.info('denied', { reason: subject.problem });
      return deny;
    }
    return { isAuthorized: true, context: { tenantId: tenant.value, subject: subject.value, scopes: scopesOf(payload) } };
  };
