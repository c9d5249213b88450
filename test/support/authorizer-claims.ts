/** The issuer and audience the authorizer tests verify against, and a token's claims that pass. */
export const ISSUER = 'https://issuer.test.example';
export const AUDIENCE = 'dnc-api';

export const nowSeconds = () => Math.floor(Date.now() / 1000);

export const validClaims = (): Record<string, unknown> => ({
  iss: ISSUER,
  aud: AUDIENCE,
  sub: 'service-account-7',
  org: 'tenant-acme',
  scope: 'dnc/write dnc/read',
  iat: nowSeconds(),
  exp: nowSeconds() + 600,
});
