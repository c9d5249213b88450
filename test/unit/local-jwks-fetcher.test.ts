import { isLocalHttpUri, localJwksFetcher } from '../../lambda/authorizer/local-jwks-fetcher';

/** Plain-http JWKS is for the local issuer only: which URIs count as local, and what happens to the others. */

describe('isLocalHttpUri', () => {
  it.each([
    'http://127.0.0.1:4000/.well-known/jwks.json',
    'http://localhost:4000/.well-known/jwks.json',
    'http://[::1]:4000/.well-known/jwks.json',
    'http://host.docker.internal:4000/.well-known/jwks.json',
  ])('accepts %s', (uri) => {
    expect(isLocalHttpUri(uri)).toBe(true);
  });

  it.each([
    ['https on a local host', 'https://127.0.0.1:4000/.well-known/jwks.json'],
    ['http on another host', 'http://issuer.example.com/.well-known/jwks.json'],
    ['a local name inside another host', 'http://localhost.example.com/.well-known/jwks.json'],
    ['something that is not a URL', 'not a url'],
    ['an empty string', ''],
  ])('refuses %s', (_case, uri) => {
    expect(isLocalHttpUri(uri)).toBe(false);
  });
});

describe('localJwksFetcher', () => {
  it('refuses a non-local URI before any request, naming it', async () => {
    const uri = 'http://issuer.example.com/.well-known/jwks.json';
    await expect(localJwksFetcher.fetch(uri)).rejects.toThrow(`refusing to fetch JWKS over http from a non-local host: ${uri}`);
  });
});
