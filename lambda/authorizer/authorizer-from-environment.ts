import type { Logger } from '@aws-lambda-powertools/logger';
import { cacheTenantAccess, type TenantAccessCacheOptions } from '../shared/tenants/cached-tenant-registry.js';
import { createTenantRegistryReader } from '../shared/tenants/tenant-registry-reader.js';
import { createAuthorizer } from './authorize.js';
import { createVerifier, type IssuerConfig, readIssuerConfig, readMaxTokenLifetime } from './issuer-config.js';
import { createRegistryGetItem } from './registry-get-item.js';
import { type TenantResolver, tenantFromClaim, tenantFromRegistry } from './tenant-resolver.js';

/**
 * How long one execution environment reuses the registry's answer for a client. An allow:
 * 60 s, so a retired client or disabled tenant is refused at most 60 s after the change (plus
 * API Gateway's cache of the answer per token). A refusal: 5 s, so a client registered a
 * moment ago works within seconds, while a flood of unregistered tokens costs at most one
 * read per client per 5 s.
 */
export const REGISTRY_CACHE: TenantAccessCacheOptions = { allowedTtlMillis: 60_000, refusedTtlMillis: 5_000, maxEntries: 10_000 };

const tenantResolverFor = (config: IssuerConfig, env: NodeJS.ProcessEnv, cache: TenantAccessCacheOptions): TenantResolver => {
  const source = config.tenantSource;
  if (source.kind === 'claim') return tenantFromClaim(source.claim);
  const registry = createTenantRegistryReader(createRegistryGetItem(env), source.tableName);
  return tenantFromRegistry(cacheTenantAccess(registry, cache));
};

/** The authorizer as the Lambda runs it, configured from its environment; fails fast on a bad one. */
export const createAuthorizerFromEnvironment = (
  env: NodeJS.ProcessEnv,
  { logger, registryCache = REGISTRY_CACHE }: { logger: Logger; registryCache?: TenantAccessCacheOptions },
) => {
  const config = readIssuerConfig(env);
  const maxTokenLifetimeSeconds = readMaxTokenLifetime(env);
  const verifier = createVerifier(config);
  const handler = createAuthorizer({
    verifier,
    tenants: tenantResolverFor(config, env, registryCache),
    logger,
    ...(maxTokenLifetimeSeconds === undefined ? {} : { maxTokenLifetimeSeconds }),
  });
  return { config, verifier, handler };
};
