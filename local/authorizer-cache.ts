export interface AuthorizerCacheOptions {
  ttlMillis: number;
  maxEntries: number;
  now?: () => number;
}

export interface AuthorizerCache<V> {
  /** The cached value, unless absent or expired; a hit makes the entry the most recently used. */
  get(token: string): V | undefined;
  set(token: string, value: V): void;
  readonly size: number;
}

/**
 * API Gateway's per-token cache of authorizer answers, bounded so that many distinct tokens
 * cannot grow it without limit: when full, expired entries go first, then the least recently
 * used one. A TTL of 0 caches nothing, as `authorizerCacheTtl: 0` does in API Gateway.
 */
export const createAuthorizerCache = <V>({ ttlMillis, maxEntries, now = Date.now }: AuthorizerCacheOptions): AuthorizerCache<V> => {
  // A Map iterates in insertion order: re-inserting on every hit keeps the least recently used first.
  const entries = new Map<string, { value: V; expiresAt: number }>();

  const evictExpired = (time: number) => {
    for (const [token, entry] of entries) if (entry.expiresAt <= time) entries.delete(token);
  };

  return {
    get(token) {
      const entry = entries.get(token);
      if (entry === undefined) return undefined;
      entries.delete(token);
      if (entry.expiresAt <= now()) return undefined;
      entries.set(token, entry);
      return entry.value;
    },
    set(token, value) {
      if (ttlMillis <= 0 || maxEntries <= 0) return;
      const time = now();
      entries.delete(token);
      if (entries.size >= maxEntries) evictExpired(time);
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
      entries.set(token, { value, expiresAt: time + ttlMillis });
    },
    get size() {
      return entries.size;
    },
  };
};
