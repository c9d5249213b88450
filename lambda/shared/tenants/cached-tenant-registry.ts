import type { TenantAccess } from './tenant-registry.js';
import type { TenantRegistryReader } from './tenant-registry-reader.js';

export interface TenantAccessCacheOptions {
  /** How long an allow is reused. */
  allowedTtlMillis: number;
  /** How long a refusal is reused: short, so a client registered a moment ago works soon. */
  refusedTtlMillis: number;
  /** Most clients remembered at once; the oldest entry goes first. */
  maxEntries: number;
  now?: () => number;
}

/**
 * The registry's decisions, remembered for a while per client. Failures are never
 * remembered: the next lookup reads the registry again.
 */
export const cacheTenantAccess = (
  registry: TenantRegistryReader,
  { allowedTtlMillis, refusedTtlMillis, maxEntries, now = Date.now }: TenantAccessCacheOptions,
): TenantRegistryReader => {
  const entries = new Map<string, { access: TenantAccess; expiresAt: number }>();
  return {
    async accessOf(clientId) {
      const cached = entries.get(clientId);
      if (cached !== undefined && cached.expiresAt > now()) return cached.access;
      entries.delete(clientId);
      const access = await registry.accessOf(clientId);
      const ttl = access.allowed ? allowedTtlMillis : refusedTtlMillis;
      if (ttl > 0 && maxEntries > 0) {
        if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
        entries.set(clientId, { access, expiresAt: now() + ttl });
      }
      return access;
    },
  };
};
