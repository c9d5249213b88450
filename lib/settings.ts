import type { Node } from 'constructs';
import { indexNames } from './table-definition';

export type IdentitySettings =
  | { kind: 'cognito'; domainPrefix?: string; tenantClaim: string }
  | { kind: 'oidc'; issuer: string; audience: string[]; jwksUri?: string; tenantClaim: string };

export interface DncApiSettings {
  identity: IdentitySettings;
  authorizerCacheTtlSeconds: number;
  throttlingRateLimit: number;
  throttlingBurstLimit: number;
  logRetentionDays: number;
  /** How many of the table's GSIs (in declaration order) this deploy creates: one more per update. */
  indexRollout: number;
  /** The authorizer denies a token whose `exp − iat` is longer. */
  maxTokenLifetimeSeconds: number;
}

/** Every context key the app reads, with its default; the README's settings table mirrors this. */
export const contextDefaults = {
  authorizerCacheTtl: 300,
  throttleRateLimit: 100,
  throttleBurstLimit: 200,
  logRetentionDays: 365,
  indexRollout: indexNames.length,
  maxTokenLifetime: 24 * 60 * 60,
} as const;

// The values CloudWatch Logs accepts for a retention period.
const retentionDays = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

type Context = Pick<Node, 'tryGetContext'>;

const text = (node: Context, key: string): string | undefined => {
  const value: unknown = node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return undefined;
  return String(value);
};

const integer = (node: Context, key: keyof typeof contextDefaults, min: number, max: number): number => {
  const raw = text(node, key);
  if (raw === undefined) return contextDefaults[key];
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`context ${key} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return value;
};

const identity = (node: Context): IdentitySettings => {
  const issuer = text(node, 'jwtIssuer');
  const tenantClaim = text(node, 'tenantClaim');
  if (issuer === undefined) {
    for (const key of ['jwtAudience', 'jwtJwksUri']) {
      if (text(node, key) !== undefined) throw new Error(`context ${key} only applies together with jwtIssuer`);
    }
    const domainPrefix = text(node, 'cognitoDomainPrefix');
    return { kind: 'cognito', tenantClaim: tenantClaim ?? 'client_id', ...(domainPrefix ? { domainPrefix } : {}) };
  }
  if (!issuer.startsWith('https://')) throw new Error(`context jwtIssuer must be an https:// URL, got "${issuer}"`);
  const audience = (text(node, 'jwtAudience') ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  if (audience.length === 0) throw new Error('context jwtAudience is required with jwtIssuer (comma-separated for several)');
  const jwksUri = text(node, 'jwtJwksUri');
  if (jwksUri !== undefined && !jwksUri.startsWith('https://')) {
    throw new Error(`context jwtJwksUri must be an https:// URL, got "${jwksUri}"`);
  }
  return { kind: 'oidc', issuer, audience, tenantClaim: tenantClaim ?? 'sub', ...(jwksUri ? { jwksUri } : {}) };
};

/** Reads and validates the app's context (cdk.json or `-c key=value`), failing synth with a clear message. */
export const readSettings = (node: Context): DncApiSettings => {
  const logRetention = integer(node, 'logRetentionDays', 1, 3653);
  if (!retentionDays.includes(logRetention)) {
    throw new Error(`context logRetentionDays must be one of ${retentionDays.join(', ')}, got ${logRetention}`);
  }
  return {
    identity: identity(node),
    authorizerCacheTtlSeconds: integer(node, 'authorizerCacheTtl', 0, 3600),
    throttlingRateLimit: integer(node, 'throttleRateLimit', 1, 100_000),
    throttlingBurstLimit: integer(node, 'throttleBurstLimit', 1, 5_000),
    logRetentionDays: logRetention,
    indexRollout: integer(node, 'indexRollout', 0, indexNames.length),
    maxTokenLifetimeSeconds: integer(node, 'maxTokenLifetime', 300, 7 * 24 * 60 * 60),
  };
};
