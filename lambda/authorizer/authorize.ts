import type { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayRequestAuthorizerEventV2, APIGatewaySimpleAuthorizerWithContextResult } from 'aws-lambda';
import type { JwtPayload } from 'aws-jwt-verify/jwt-model';
import type { AuthorizerContext } from '../shared/auth/authorizer-context.js';
import { AuthorizerUnavailableError, describeFailure, isJwksUnavailable } from './authorizer-failure.js';
import { identityClaim } from './identity-claim.js';
import type { TokenVerifier } from './issuer-config.js';
import { type TenantResolution, type TenantResolver, tenantFromClaim } from './tenant-resolver.js';

export type AuthorizerResult = APIGatewaySimpleAuthorizerWithContextResult<AuthorizerContext | Record<string, never>>;

/** Longest `exp − iat` accepted unless configured (`maxTokenLifetime`): a leaked token stays useful at most this long. */
export const DEFAULT_MAX_TOKEN_LIFETIME_SECONDS = 24 * 60 * 60;
const deny: AuthorizerResult = { isAuthorized: false, context: {} };

const bearerToken = (header: string | undefined): string | undefined => {
  const match = /^Bearer +(\S+)\s*$/i.exec(header?.trim() ?? '');
  return match?.[1];
};

// OAuth puts scopes in `scope` (space separated); some issuers use `scp` (array or string).
const scopesOf = (payload: JwtPayload): string => {
  const scopes = payload.scope ?? payload.scp;
  if (typeof scopes === 'string') return scopes;
  return Array.isArray(scopes) ? scopes.filter((scope) => typeof scope === 'string').join(' ') : '';
};

/** Where the tenant comes from: one claim (the shorthand `tenantClaim`), or any resolver (the registry). */
export type TenantOption = { tenantClaim: string } | { tenants: TenantResolver };

/**
 * API Gateway REQUEST authorizer (simple responses). Scopes are passed on, not checked,
 * because the result is cached per token across routes.
 *
 * A token defect is a deny (403, cached by API Gateway per token). When it cannot decide —
 * the JWKS or the tenant registry cannot be read — it logs an error and throws: API Gateway
 * then answers 500 and caches nothing, so the client's retry is decided afresh.
 */
export const createAuthorizer = (
  options: {
    verifier: TokenVerifier;
    logger: Logger;
    maxTokenLifetimeSeconds?: number;
  } & TenantOption,
) => {
  const { verifier, logger, maxTokenLifetimeSeconds = DEFAULT_MAX_TOKEN_LIFETIME_SECONDS } = options;
  const tenants = 'tenants' in options ? options.tenants : tenantFromClaim(options.tenantClaim);

  const unavailable = (source: string, error: unknown): AuthorizerUnavailableError => {
    const failure = describeFailure(error);
    logger.error('authorizer failed: not denying, API Gateway answers 500 and caches nothing', { source, ...failure });
    return new AuthorizerUnavailableError(`${source} unavailable: ${failure.errorClass}: ${failure.detail}`);
  };

  return async (event: APIGatewayRequestAuthorizerEventV2): Promise<AuthorizerResult> => {
    const token = bearerToken(event.headers?.authorization ?? event.identitySource?.[0]);
    if (token === undefined) {
      logger.info('denied', { reason: 'no bearer token' });
      return deny;
    }
    let payload: JwtPayload;
    try {
      payload = await verifier.verify(token);
    } catch (error) {
      if (isJwksUnavailable(error)) throw unavailable('JWKS', error);
      logger.info('denied', { reason: 'token failed verification', ...describeFailure(error) });
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
    const subject = payload.sub === undefined ? identityClaim(payload, 'client_id') : identityClaim(payload, 'sub');
    if (!subject.ok) {
      logger.info('denied', { reason: subject.problem });
      return deny;
    }
    let tenant: TenantResolution;
    try {
      tenant = await tenants.resolve(payload);
    } catch (error) {
      throw unavailable('tenant registry', error);
    }
    if (!tenant.ok) {
      logger.info('denied', { reason: tenant.problem });
      return deny;
    }
    return { isAuthorized: true, context: { tenantId: tenant.tenantId, subject: subject.value, scopes: scopesOf(payload) } };
  };
};
