import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { scopes } from '../lib/routes';
import { exportSigningKey, generateSigningKey, importSigningKey, signJwt, type SigningKey } from './jwt';

/** The local issuer: an RS256 key kept under the data directory, its JWKS served by `npm start`. */
export const LOCAL_AUDIENCE = 'dnc-api-local';
export const LOCAL_TENANT_CLAIM = 'tenant_id';
export const DEFAULT_TOKEN = {
  tenant: 'local-dev',
  scope: `${scopes.write} ${scopes.read} ${scopes.delete}`,
  ttlSeconds: 3600,
  subject: 'local-dev-client',
};

export const localIssuer = (port: number): string => `http://127.0.0.1:${port}`;
export const localJwksUri = (port: number): string => `${localIssuer(port)}/.well-known/jwks.json`;

/** Loads the issuer key, creating it (readable by the owner only) on first use. */
export const loadOrCreateSigningKey = (dataDirectory: string): SigningKey => {
  const file = path.join(dataDirectory, 'issuer-key.json');
  if (existsSync(file)) return importSigningKey(JSON.parse(readFileSync(file, 'utf8')));
  mkdirSync(dataDirectory, { recursive: true });
  const key = generateSigningKey();
  writeFileSync(file, JSON.stringify(exportSigningKey(key)), { mode: 0o600 });
  return key;
};

export interface DevTokenOptions {
  port: number;
  tenant?: string;
  scope?: string;
  ttlSeconds?: number;
  subject?: string;
}

export const mintDevToken = (key: SigningKey, options: DevTokenOptions): string => {
  const now = Math.floor(Date.now() / 1000);
  return signJwt(key, {
    iss: localIssuer(options.port),
    aud: LOCAL_AUDIENCE,
    sub: options.subject ?? DEFAULT_TOKEN.subject,
    [LOCAL_TENANT_CLAIM]: options.tenant ?? DEFAULT_TOKEN.tenant,
    scope: options.scope ?? DEFAULT_TOKEN.scope,
    iat: now,
    exp: now + (options.ttlSeconds ?? DEFAULT_TOKEN.ttlSeconds),
  });
};

/** Environment under which the real authorizer module trusts the local issuer. */
/** The tenant is the local token's `tenant_id` claim; `TENANT_REGISTRY_TABLE_NAME` is left as the environment has it. */
export const localAuthorizerEnvironment = (port: number) => ({
  USER_POOL_ID: '',
  JWT_ISSUER: localIssuer(port),
  JWT_AUDIENCE: LOCAL_AUDIENCE,
  JWT_JWKS_URI: localJwksUri(port),
  TENANT_SOURCE: 'claim',
  TENANT_CLAIM: LOCAL_TENANT_CLAIM,
});
