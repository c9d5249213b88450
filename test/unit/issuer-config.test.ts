import { readIssuerConfig, readMaxTokenLifetime } from '../../lambda/authorizer/issuer-config';

describe('readIssuerConfig', () => {
  describe('Cognito (USER_POOL_ID)', () => {
    it('splits the client id list and defaults TENANT_CLAIM to client_id', () => {
      expect(readIssuerConfig({ USER_POOL_ID: 'eu-west-1_AbCdEf123', USER_POOL_CLIENT_IDS: ' client-a, client-b,,' })).toEqual({
        kind: 'cognito',
        userPoolId: 'eu-west-1_AbCdEf123',
        clientIds: ['client-a', 'client-b'],
        tenantClaim: 'client_id',
      });
    });

    it('uses TENANT_CLAIM when set', () => {
      expect(readIssuerConfig({ USER_POOL_ID: 'pool', USER_POOL_CLIENT_IDS: 'client-a', TENANT_CLAIM: 'custom:tenant' })).toMatchObject({
        tenantClaim: 'custom:tenant',
      });
    });

    it.each([
      ['missing', undefined],
      ['empty', ''],
      ['only commas and spaces', ' , '],
    ])('requires USER_POOL_CLIENT_IDS (%s)', (_case, clientIds) => {
      expect(() => readIssuerConfig({ USER_POOL_ID: 'pool', USER_POOL_CLIENT_IDS: clientIds })).toThrow(
        'USER_POOL_CLIENT_IDS is required with USER_POOL_ID',
      );
    });
  });

  describe('OIDC (JWT_ISSUER)', () => {
    it('splits the audience list and defaults JWKS URI and TENANT_CLAIM', () => {
      expect(readIssuerConfig({ JWT_ISSUER: 'https://idp.example.com', JWT_AUDIENCE: 'api-a, api-b' })).toEqual({
        kind: 'oidc',
        issuer: 'https://idp.example.com',
        audience: ['api-a', 'api-b'],
        jwksUri: 'https://idp.example.com/.well-known/jwks.json',
        tenantClaim: 'sub',
      });
    });

    it.each([
      ['one trailing slash', 'https://idp.example.com/'],
      ['several trailing slashes', 'https://idp.example.com///'],
    ])('drops %s from the default JWKS URI but keeps the issuer exact', (_case, issuer) => {
      const config = readIssuerConfig({ JWT_ISSUER: issuer, JWT_AUDIENCE: 'api' });
      expect(config).toMatchObject({ issuer, jwksUri: 'https://idp.example.com/.well-known/jwks.json' });
    });

    it('keeps a path in the issuer when deriving the JWKS URI', () => {
      expect(readIssuerConfig({ JWT_ISSUER: 'https://idp.example.com/realms/dnc/', JWT_AUDIENCE: 'api' })).toMatchObject({
        jwksUri: 'https://idp.example.com/realms/dnc/.well-known/jwks.json',
      });
    });

    it('uses JWT_JWKS_URI and TENANT_CLAIM when set', () => {
      expect(
        readIssuerConfig({
          JWT_ISSUER: 'https://idp.example.com',
          JWT_AUDIENCE: 'api',
          JWT_JWKS_URI: 'https://keys.example.com/jwks',
          TENANT_CLAIM: 'org_id',
        }),
      ).toMatchObject({ jwksUri: 'https://keys.example.com/jwks', tenantClaim: 'org_id' });
    });

    it.each([
      ['missing', undefined],
      ['empty', ''],
      ['only commas', ',,'],
    ])('requires JWT_AUDIENCE (%s)', (_case, audience) => {
      expect(() => readIssuerConfig({ JWT_ISSUER: 'https://idp.example.com', JWT_AUDIENCE: audience })).toThrow(
        'JWT_AUDIENCE is required with JWT_ISSUER',
      );
    });
  });

  it.each([
    ['nothing is set', {}],
    ['USER_POOL_ID and JWT_ISSUER are empty', { USER_POOL_ID: '', JWT_ISSUER: '', JWT_AUDIENCE: 'api' }],
  ])('explains what to set when %s', (_case, env) => {
    expect(() => readIssuerConfig(env)).toThrow('set USER_POOL_ID and USER_POOL_CLIENT_IDS, or JWT_ISSUER and JWT_AUDIENCE');
  });
});

describe('readMaxTokenLifetime', () => {
  it('is undefined (the authorizer’s 24 h default) when unset or empty', () => {
    expect(readMaxTokenLifetime({})).toBeUndefined();
    expect(readMaxTokenLifetime({ MAX_TOKEN_LIFETIME_SECONDS: '' })).toBeUndefined();
  });

  it('reads whole seconds', () => {
    expect(readMaxTokenLifetime({ MAX_TOKEN_LIFETIME_SECONDS: '3600' })).toBe(3600);
  });

  it.each(['0', '-5', '1.5', 'a day'])('refuses %j at init, naming the variable', (value) => {
    expect(() => readMaxTokenLifetime({ MAX_TOKEN_LIFETIME_SECONDS: value })).toThrow(
      /MAX_TOKEN_LIFETIME_SECONDS must be a positive whole number/,
    );
  });
});
