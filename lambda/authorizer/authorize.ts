import type { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayRequestAuthorizerEventV2, APIGatewaySimpleAuthorizerWithContextResult } from 'aws-lambda';
import type { JwtPayload } from 'aws-jwt-verify/jwt-model';
import type { AuthorizerContext } from '../shared/auth/authorizer-context.js';
import type { TokenVerifier } from './issuer-config.js';

export type AuthorizerResult = APIGatewaySimpleAuthorizerWithContextResult<AuthorizerContext | Record<string, never>>;

const MAX_TENANT_ID_LENGTH = 256;
const deny: AuthorizerResult = { isAuthorized: false, context: {} };

const bearerToken = (header: string | undefined): string | undefined => {
  const match = /^Bearer +(\S+)\s*$/i.exec(header?.trim() ?? '');
  return match?.[1];
};

const claimString = (payload: JwtPayload, claim: string): string | undefined => {
  const value = payload[claim];
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
};

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
  ({ verifier, tenantClaim, logger }: { verifier: TokenVerifier; tenantClaim: string; logger: Logger }) =>
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
      logger.info('denied', { reason: 'token failed verification', errorName: (error as Error)?.name });
      return deny;
    }
    // aws-jwt-verify checks `exp` only when present; a token that never expires is refused.
    if (typeof payload.exp !== 'number') {
      logger.info('denied', { reason: 'token has no exp claim' });
      return deny;
    }
    const tenantId = claimString(payload, tenantClaim);
    const subject = claimString(payload, 'sub') ?? claimString(payload, 'client_id');
    if (tenantId === undefined || tenantId.length > MAX_TENANT_ID_LENGTH || subject === undefined) {
      logger.info('denied', { reason: `the ${tenantClaim} or sub claim is missing, empty or too long` });
      return deny;
    }
    return { isAuthorized: true, context: { tenantId, subject, scopes: scopesOf(payload) } };
  };
