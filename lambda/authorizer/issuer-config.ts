import { CognitoJwtVerifier, JwtVerifier } from 'aws-jwt-verify';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import type { JwtPayload } from 'aws-jwt-verify/jwt-model';
import { isLocalHttpUri, localJwksFetcher } from './local-jwks-fetcher.js';

/** Where tokens come from: the stack's Cognito user pool, or any OIDC issuer. */
export type IssuerConfig =
  | { kind: 'cognito'; userPoolId: string; clientIds: string[]; tenantClaim: string }
  | { kind: 'oidc'; issuer: string; audience: string[]; jwksUri: string; tenantClaim: string };

export interface TokenVerifier {
  verify(token: string): Promise<JwtPayload>;
}

const list = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

/** Reads the authorizer's environment (set by the stack, or by the local server). */
export const readIssuerConfig = (env: NodeJS.ProcessEnv): IssuerConfig => {
  if (env.USER_POOL_ID) {
    const clientIds = list(env.USER_POOL_CLIENT_IDS);
    if (clientIds.length === 0) throw new Error('USER_POOL_CLIENT_IDS is required with USER_POOL_ID');
    return { kind: 'cognito', userPoolId: env.USER_POOL_ID, clientIds, tenantClaim: env.TENANT_CLAIM || 'client_id' };
  }
  if (env.JWT_ISSUER) {
    const audience = list(env.JWT_AUDIENCE);
    if (audience.length === 0) throw new Error('JWT_AUDIENCE is required with JWT_ISSUER');
    const issuer = env.JWT_ISSUER;
    return {
      kind: 'oidc',
      issuer,
      audience,
      jwksUri: env.JWT_JWKS_URI || `${issuer.replace(/\/+$/, '')}/.well-known/jwks.json`,
      tenantClaim: env.TENANT_CLAIM || 'sub',
    };
  }
  throw new Error('set USER_POOL_ID and USER_POOL_CLIENT_IDS, or JWT_ISSUER and JWT_AUDIENCE');
};

/** `MAX_TOKEN_LIFETIME_SECONDS` (context `maxTokenLifetime`), or undefined for the authorizer's default. */
export const readMaxTokenLifetime = (env: NodeJS.ProcessEnv): number | undefined => {
  const raw = env.MAX_TOKEN_LIFETIME_SECONDS;
  if (raw === undefined || raw === '') return undefined;
  const seconds = Number(raw);
  if (!Number.isInteger(seconds) || seconds <= 0)
    throw new Error(`MAX_TOKEN_LIFETIME_SECONDS must be a positive whole number, got "${raw}"`);
  return seconds;
};

/** Checks signature, issuer, audience (or Cognito client id and token use), `exp` and `nbf`. */
export const createVerifier = (config: IssuerConfig) => {
  if (config.kind === 'cognito') {
    return CognitoJwtVerifier.create({ userPoolId: config.userPoolId, tokenUse: 'access', clientId: config.clientIds });
  }
  const properties = { issuer: config.issuer, audience: config.audience, jwksUri: config.jwksUri };
  return isLocalHttpUri(config.jwksUri)
    ? JwtVerifier.create(properties, { jwksCache: new SimpleJwksCache({ fetcher: localJwksFetcher }) })
    : JwtVerifier.create(properties);
};
