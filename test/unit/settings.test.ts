import { readSettings } from '../../lib/settings';

/** A stand-in for a construct node: only `tryGetContext` is read. */
const contextOf = (ctx: Record<string, unknown>) => ({ tryGetContext: (key: string): unknown => ctx[key] });

const settingsFor = (ctx: Record<string, unknown>) => readSettings(contextOf(ctx));

const issuer = 'https://idp.example.com/';

describe('readSettings', () => {
  it('defaults to the stack’s Cognito pool and the documented limits', () => {
    expect(settingsFor({})).toEqual({
      identity: { kind: 'cognito', tenantClaim: 'client_id' },
      authorizerCacheTtlSeconds: 300,
      throttlingRateLimit: 100,
      throttlingBurstLimit: 200,
      logRetentionDays: 365,
      indexRollout: 5,
      maxTokenLifetimeSeconds: 86_400,
    });
  });

  it('takes maxTokenLifetime in seconds', () => {
    expect(settingsFor({ maxTokenLifetime: '3600' }).maxTokenLifetimeSeconds).toBe(3600);
  });

  it('treats null and empty-string context values as unset', () => {
    expect(settingsFor({ jwtIssuer: '', jwtAudience: null, authorizerCacheTtl: '', logRetentionDays: null })).toEqual(settingsFor({}));
  });

  describe('Cognito mode', () => {
    it('uses tenantClaim and cognitoDomainPrefix when given', () => {
      expect(settingsFor({ tenantClaim: 'custom:tenant', cognitoDomainPrefix: 'dnc-dev' }).identity).toEqual({
        kind: 'cognito',
        tenantClaim: 'custom:tenant',
        domainPrefix: 'dnc-dev',
      });
    });

    it.each([
      ['jwtAudience', { jwtAudience: 'api' }],
      ['jwtJwksUri', { jwtJwksUri: 'https://idp.example.com/jwks.json' }],
    ])('rejects %s without jwtIssuer', (key, ctx) => {
      expect(() => settingsFor(ctx)).toThrow(`context ${key} only applies together with jwtIssuer`);
    });
  });

  describe('external issuer mode', () => {
    it('splits a comma-separated audience, trimming blanks, and defaults tenantClaim to sub', () => {
      expect(settingsFor({ jwtIssuer: issuer, jwtAudience: ' api-a, api-b ,,' }).identity).toEqual({
        kind: 'oidc',
        issuer,
        audience: ['api-a', 'api-b'],
        tenantClaim: 'sub',
      });
    });

    it('keeps jwtJwksUri and tenantClaim when given', () => {
      expect(
        settingsFor({ jwtIssuer: issuer, jwtAudience: 'api', jwtJwksUri: 'https://keys.example.com/jwks', tenantClaim: 'org_id' }).identity,
      ).toEqual({ kind: 'oidc', issuer, audience: ['api'], jwksUri: 'https://keys.example.com/jwks', tenantClaim: 'org_id' });
    });

    it.each([
      [
        'jwtIssuer over http',
        { jwtIssuer: 'http://idp.example.com', jwtAudience: 'api' },
        /jwtIssuer must be an https:\/\/ URL, got "http:\/\/idp\.example\.com"/,
      ],
      ['jwtIssuer without a scheme', { jwtIssuer: 'idp.example.com', jwtAudience: 'api' }, /jwtIssuer must be an https:\/\/ URL/],
      ['jwtAudience missing', { jwtIssuer: issuer }, /jwtAudience is required with jwtIssuer/],
      ['jwtAudience only commas and spaces', { jwtIssuer: issuer, jwtAudience: ' , ,' }, /jwtAudience is required with jwtIssuer/],
      [
        'jwtJwksUri over http',
        { jwtIssuer: issuer, jwtAudience: 'api', jwtJwksUri: 'http://keys.example.com' },
        /jwtJwksUri must be an https:\/\/ URL, got "http:\/\/keys\.example\.com"/,
      ],
    ])('rejects %s', (_case, ctx, message) => {
      expect(() => settingsFor(ctx)).toThrow(message);
    });
  });

  describe('numbers', () => {
    it('parses strings, as `-c key=value` passes them', () => {
      expect(
        settingsFor({ authorizerCacheTtl: '0', throttleRateLimit: '50', throttleBurstLimit: '75', logRetentionDays: '30' }),
      ).toMatchObject({ authorizerCacheTtlSeconds: 0, throttlingRateLimit: 50, throttlingBurstLimit: 75, logRetentionDays: 30 });
    });

    it('accepts numbers, as cdk.json passes them', () => {
      expect(
        settingsFor({ authorizerCacheTtl: 3600, throttleRateLimit: 100_000, throttleBurstLimit: 5_000, logRetentionDays: 3653 }),
      ).toMatchObject({
        authorizerCacheTtlSeconds: 3600,
        throttlingRateLimit: 100_000,
        throttlingBurstLimit: 5_000,
        logRetentionDays: 3653,
      });
    });

    it.each([
      ['authorizerCacheTtl', '-1', /context authorizerCacheTtl must be an integer from 0 to 3600, got "-1"/],
      ['authorizerCacheTtl', 'abc', /context authorizerCacheTtl must be an integer from 0 to 3600, got "abc"/],
      ['authorizerCacheTtl', 3601, /context authorizerCacheTtl must be an integer from 0 to 3600, got "3601"/],
      ['authorizerCacheTtl', '1.5', /context authorizerCacheTtl must be an integer/],
      ['throttleRateLimit', '0', /context throttleRateLimit must be an integer from 1 to 100000/],
      ['throttleBurstLimit', 5001, /context throttleBurstLimit must be an integer from 1 to 5000/],
      ['logRetentionDays', 'forever', /context logRetentionDays must be an integer from 1 to 3653/],
      ['indexRollout', '6', /context indexRollout must be an integer from 0 to 5, got "6"/],
      ['indexRollout', '-1', /context indexRollout must be an integer from 0 to 5/],
      ['maxTokenLifetime', '299', /context maxTokenLifetime must be an integer from 300 to 604800, got "299"/],
      ['maxTokenLifetime', '604801', /context maxTokenLifetime must be an integer from 300 to 604800/],
    ])('rejects %s = %j', (key, value, message) => {
      expect(() => settingsFor({ [key]: value })).toThrow(message);
    });

    it.each([2, '2', 364])('rejects logRetentionDays %j, which CloudWatch Logs does not offer', (value) => {
      expect(() => settingsFor({ logRetentionDays: value })).toThrow(/context logRetentionDays must be one of 1, 3, 5, .*, 3653, got \d+/);
    });

    it.each([1, 7, 400, 731, 1827])('accepts logRetentionDays %i, a CloudWatch Logs value', (value) => {
      expect(settingsFor({ logRetentionDays: value }).logRetentionDays).toBe(value);
    });
  });
});
