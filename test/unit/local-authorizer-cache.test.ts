import { createAuthorizerCache } from '../../local/authorizer-cache';

const clock = () => {
  let time = 0;
  return { now: () => time, advance: (millis: number) => (time += millis) };
};

describe('createAuthorizerCache', () => {
  it('returns a value until its TTL has passed', () => {
    const { now, advance } = clock();
    const cache = createAuthorizerCache<string>({ ttlMillis: 100, maxEntries: 10, now });
    cache.set('token', 'allow');
    advance(99);
    expect(cache.get('token')).toBe('allow');
    advance(1);
    expect(cache.get('token')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('never holds more than maxEntries tokens, however many distinct tokens come', () => {
    const cache = createAuthorizerCache<number>({ ttlMillis: 300_000, maxEntries: 1000, now: clock().now });
    for (let token = 0; token < 60_000; token += 1) cache.set(`token-${token}`, token);
    expect(cache.size).toBe(1000);
    expect(cache.get('token-59999')).toBe(59_999);
    expect(cache.get('token-58999')).toBeUndefined();
  });

  it('when full, drops expired entries before evicting a live one', () => {
    const { now, advance } = clock();
    const cache = createAuthorizerCache<string>({ ttlMillis: 100, maxEntries: 3, now });
    cache.set('a', 'a');
    advance(50);
    cache.set('b', 'b');
    cache.set('c', 'c');
    advance(10);
    expect(cache.get('a')).toBe('a'); // now the most recently used, yet expired at 100
    advance(60);
    cache.set('d', 'd');
    expect([cache.get('b'), cache.get('c'), cache.get('d')]).toEqual(['b', 'c', 'd']);
    expect(cache.size).toBe(3);
  });

  it('when full of live entries, evicts the least recently used', () => {
    const cache = createAuthorizerCache<string>({ ttlMillis: 1000, maxEntries: 2, now: clock().now });
    cache.set('a', 'a');
    cache.set('b', 'b');
    expect(cache.get('a')).toBe('a');
    cache.set('c', 'c');
    expect(cache.get('b')).toBeUndefined();
    expect([cache.get('a'), cache.get('c')]).toEqual(['a', 'c']);
  });

  it('caches nothing with a TTL of 0, as API Gateway with authorizerCacheTtl 0', () => {
    const cache = createAuthorizerCache<string>({ ttlMillis: 0, maxEntries: 1000, now: clock().now });
    cache.set('token', 'allow');
    expect(cache.get('token')).toBeUndefined();
    expect(cache.size).toBe(0);
  });
});
