import { readIssuerConfig, readMaxTokenLifetime } from '../../lambda/authorizer/issuer-config';

const registry = { TENANT_SOURCE: 'registry', TENANT_REGISTRY_TABLE_NAME: 'dnc-tenants' };

describe('readIssuerConfig', () => {
  describe('Cognito (USER_POOL_ID)', () => {
    it('takes the tenant from the registry table', () => {
      expect(readIssuerConfig({ USER_POOL_ID: 'eu-west-1_AbCdEf123', ...registry })).toEqual({
        kind: 'cognito',
        userPoolId: 'eu-west-1_AbCdEf123',
        tenantSource: { kind: 'registry', tableName: 'dnc-tenants' },
      });
    });

    it('accepts and ignores USER_POOL_CLIENT_IDS and an empty TENANT_CLAIM (the registry decides which clients are accepted)', () => {
      expect(readIssuerConfig({ USER_POOL_ID: 'pool', USER_POOL_CLIENT_IDS: 'client-a', TENANT_CLAIM: '', ...registry })).toEqual({
        kind: 'cognito',
        userPoolId: 'pool',
        tenantSource: { kind: 'registry', tableName: 'dnc-tenants' },
      });
    });

    it('refuses TENANT_SOURCE=claim: a client id must never be the tenant id again', () => {
      expect(() => readIssuerConfig({ USER_POOL_ID: 'pool', TENANT_SOURCE: 'claim', TENANT_CLAIM: 'client_id' })).toThrow(
        'with USER_POOL_ID the tenant comes from the tenant registry: set TENANT_SOURCE=registry and TENANT_REGISTRY_TABLE_NAME',
      );
    });

    it.each([
      ['missing', undefined],
      ['empty', ''],
    ])('requires TENANT_REGISTRY_TABLE_NAME with the registry (%s)', (_case, tableName) => {
      expect(() => readIssuerConfig({ USER_POOL_ID: 'pool', TENANT_SOURCE: 'registry', TENANT_REGISTRY_TABLE_NAME: tableName })).toThrow(
        'TENANT_REGISTRY_TABLE_NAME is required with TENANT_SOURCE=registry',
      );
    });
  });

  describe('OIDC (JWT_ISSUER)', () => {
    const oidc = { JWT_ISSUER: 'https://idp.example.com', JWT_AUDIENCE: 'api-a, api-b', TENANT_SOURCE: 'claim', TENANT_CLAIM: 'org_id' };

    it('splits the audience list, defaults the JWKS URI and takes the tenant from TENANT_CLAIM', () => {
      expect(readIssuerConfig(oidc)).toEqual({
        kind: 'oidc',
        issuer: 'https://idp.example.com',
        audience: ['api-a', 'api-b'],
        jwksUri: 'https://idp.example.com/.well-known/jwks.json',
        tenantSource: { kind: 'claim', claim: 'org_id' },
      });
    });

    it.each([
      ['missing', undefined],
      ['empty', ''],
    ])('refuses to start in claim mode without TENANT_CLAIM (%s): there is no sub default any more', (_case, claim) => {
      expect(() => readIssuerConfig({ ...oidc, TENANT_CLAIM: claim })).toThrow(
        'TENANT_CLAIM is required with TENANT_SOURCE=claim: name the token claim that carries the tenant id (context tenantClaim, e.g. org_id); there is no default',
      );
    });

    it('may use the registry too (keyed by the client_id claim)', () => {
      expect(readIssuerConfig({ ...oidc, ...registry, TENANT_CLAIM: '' })).toMatchObject({
        kind: 'oidc',
        tenantSource: { kind: 'registry', tableName: 'dnc-tenants' },
      });
    });

    it.each([
      ['missing', undefined, 'TENANT_SOURCE is required: registry (tenant registry table, by client_id) or claim (TENANT_CLAIM)'],
      ['empty', '', 'TENANT_SOURCE is required'],
      ['unknown', 'sub', 'TENANT_SOURCE must be registry or claim, got "sub"'],
    ])('requires TENANT_SOURCE (%s)', (_case, source, message) => {
      expect(() => readIssuerConfig({ ...oidc, TENANT_SOURCE: source })).toThrow(message);
    });

    it.each([
      ['one trailing slash', 'https://idp.example.com/'],
      ['several trailing slashes', 'https://idp.example.com///'],
    ])('drops %s from the default JWKS URI but keeps the issuer exact', (_case, issuer) => {
      const config = readIssuerConfig({ ...oidc, JWT_ISSUER: issuer });
      expect(config).toMatchObject({ issuer, jwksUri: 'https://idp.example.com/.well-known/jwks.json' });
    });

    it('keeps a path in the issuer when deriving the JWKS URI', () => {
      expect(readIssuerConfig({ ...oidc, JWT_ISSUER: 'https://idp.example.com/realms/dnc/' })).toMatchObject({
        jwksUri: 'https://idp.example.com/realms/dnc/.well-known/jwks.json',
      });
    });

    it('uses JWT_JWKS_URI when set', () => {
      expect(readIssuerConfig({ ...oidc, JWT_JWKS_URI: 'https://keys.example.com/jwks' })).toMatchObject({
        jwksUri: 'https://keys.example.com/jwks',
      });
    });

    it.each([
      ['missing', undefined],
      ['empty', ''],
      ['only commas', ',,'],
    ])('requires JWT_AUDIENCE (%s)', (_case, audience) => {
      expect(() => readIssuerConfig({ ...oidc, JWT_AUDIENCE: audience })).toThrow('JWT_AUDIENCE is required with JWT_ISSUER');
    });
  });

  it.each([
    ['nothing is set', {}],
    ['USER_POOL_ID and JWT_ISSUER are empty', { USER_POOL_ID: '', JWT_ISSUER: '', JWT_AUDIENCE: 'api' }],
  ])('explains what to set when %s', (_case, env) => {
    expect(() => readIssuerConfig(env)).toThrow('set USER_POOL_ID (with TENANT_SOURCE=registry), or JWT_ISSUER and JWT_AUDIENCE');
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
