import { CognitoJwtVerifier, JwtVerifier } from 'aws-jwt-verify';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import type { JwtPayload } from 'aws-jwt-verify/jwt-model';
import { isLocalHttpUri, localJwksFetcher } from './local-jwks-fetcher.js';
import { boundedJwksFetcher } from './remote-jwks-fetcher.js';

/**
 * Where a token's tenant comes from. `registry`: the tenant registry table maps the token's
 * `client_id` to an operator-assigned tenant id. `claim`: one claim of the token is the tenant id.
 */
export type TenantSource = { kind: 'registry'; tableName: string } | { kind: 'claim'; claim: string };

/** Where tokens come from: the stack's Cognito user pool, or any OIDC issuer. */
export type IssuerConfig =
  | { kind: 'cognito'; userPoolId: string; tenantSource: Extract<TenantSource, { kind: 'registry' }> }
  | { kind: 'oidc'; issuer: string; audience: string[]; jwksUri: string; tenantSource: TenantSource };

export interface TokenVerifier {
  verify(token: string): Promise<JwtPayload>;
}

const list = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

/** `TENANT_SOURCE` and what it needs: `TENANT_REGISTRY_TABLE_NAME` (registry) or `TENANT_CLAIM` (claim). */
export const readTenantSource = (env: NodeJS.ProcessEnv): TenantSource => {
  switch (env.TENANT_SOURCE) {
    case 'registry': {
      const tableName = env.TENANT_REGISTRY_TABLE_NAME;
      if (!tableName) throw new Error('TENANT_REGISTRY_TABLE_NAME is required with TENANT_SOURCE=registry');
      return { kind: 'registry', tableName };
    }
    case 'claim': {
      const claim = env.TENANT_CLAIM;
      if (!claim) {
        throw new Error(
          'TENANT_CLAIM is required with TENANT_SOURCE=claim: name the token claim that carries the tenant id ' +
            '(context tenantClaim, e.g. org_id); there is no default',
        );
      }
      return { kind: 'claim', claim };
    }
    case undefined:
    case '':
      throw new Error('TENANT_SOURCE is required: registry (tenant registry table, by client_id) or claim (TENANT_CLAIM)');
    default:
      throw new Error(`TENANT_SOURCE must be registry or claim, got "${env.TENANT_SOURCE}"`);
  }
};

/**
 * Reads the authorizer's environment (set by the stack, or by the local server).
 * `USER_POOL_CLIENT_IDS` is accepted and ignored: with the registry, any client of the pool may
 * present tokens and the registry decides which are accepted.
 */
export const readIssuerConfig = (env: NodeJS.ProcessEnv): IssuerConfig => {
  if (env.USER_POOL_ID) {
    const tenantSource = readTenantSource(env);
    if (tenantSource.kind !== 'registry') {
      throw new Error(
        'with USER_POOL_ID the tenant comes from the tenant registry: set TENANT_SOURCE=registry and TENANT_REGISTRY_TABLE_NAME',
      );
    }
    return { kind: 'cognito', userPoolId: env.USER_POOL_ID, tenantSource };
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
      tenantSource: readTenantSource(env),
    };
  }
  throw new Error('set USER_POOL_ID (with TENANT_SOURCE=registry), or JWT_ISSUER and JWT_AUDIENCE');
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

/** True when the JWKS is the local issuer's (plain http on loopback): `npm start`, `sam local`, tests. */
export const hasLocalJwks = (config: IssuerConfig): boolean => config.kind === 'oidc' && isLocalHttpUri(config.jwksUri);

/**
 * Checks signature, issuer, audience (or, for Cognito, token use `access`: any client of the
 * pool, the tenant registry decides which are accepted), `exp` and `nbf`. JWKS fetches are
 * bounded well below the authorizer's 5 s timeout.
 */
export const createVerifier = (config: IssuerConfig) => {
  const jwksCache = new SimpleJwksCache({ fetcher: hasLocalJwks(config) ? localJwksFetcher : boundedJwksFetcher });
  if (config.kind === 'cognito') {
    return CognitoJwtVerifier.create({ userPoolId: config.userPoolId, tokenUse: 'access', clientId: null }, { jwksCache });
  }
  return JwtVerifier.create({ issuer: config.issuer, audience: config.audience, jwksUri: config.jwksUri }, { jwksCache });
};
