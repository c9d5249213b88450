import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { readSettings, type StageConfig } from '../../lib/settings';
import { loadStageConfig } from '../../lib/stage-config';

/** A stand-in for a construct node: only `tryGetContext` is read. */
const contextOf = (ctx: Record<string, unknown>) => ({ tryGetContext: (key: string): unknown => ctx[key] });

const settingsFor = (ctx: Record<string, unknown>) => readSettings(contextOf(ctx));

const issuer = 'https://idp.example.com/';

describe('readSettings', () => {
  it('defaults to the stack’s Cognito pool and the documented limits', () => {
    expect(settingsFor({})).toEqual({
      stage: 'dev',
      production: false,
      stackName: 'DncApi-dev',
      identity: { kind: 'cognito' },
      authorizerCacheTtlSeconds: 300,
      throttlingRateLimit: 100,
      throttlingBurstLimit: 200,
      logRetentionDays: 365,
      indexRollout: 5,
      maxTokenLifetimeSeconds: 86_400,
      deletionProtection: true,
      backup: { monthlyRetentionYears: 6, vaultLock: false },
      reservedConcurrency: {},
    });
  });

  it('takes maxTokenLifetime in seconds', () => {
    expect(settingsFor({ maxTokenLifetime: '3600' }).maxTokenLifetimeSeconds).toBe(3600);
  });

  it('treats null and empty-string context values as unset', () => {
    expect(settingsFor({ jwtIssuer: '', jwtAudience: null, authorizerCacheTtl: '', logRetentionDays: null })).toEqual(settingsFor({}));
  });

  describe('Cognito mode', () => {
    it('uses cognitoDomainPrefix when given', () => {
      expect(settingsFor({ cognitoDomainPrefix: 'dnc-dev' }).identity).toEqual({ kind: 'cognito', domainPrefix: 'dnc-dev' });
    });

    it.each([
      ['jwtAudience', { jwtAudience: 'api' }],
      ['jwtJwksUri', { jwtJwksUri: 'https://idp.example.com/jwks.json' }],
      ['tenantClaim', { tenantClaim: 'custom:tenant' }],
    ])('rejects %s without jwtIssuer', (key, ctx) => {
      expect(() => settingsFor(ctx)).toThrow(`setting ${key} only applies together with jwtIssuer`);
    });
  });

  describe('external issuer mode', () => {
    it('splits a comma-separated audience, trimming blanks', () => {
      expect(settingsFor({ jwtIssuer: issuer, jwtAudience: ' api-a, api-b ,,', tenantClaim: 'org' }).identity).toEqual({
        kind: 'oidc',
        issuer,
        audience: ['api-a', 'api-b'],
        tenantClaim: 'org',
      });
    });

    it('requires tenantClaim: no default to sub, a credential id', () => {
      expect(() => settingsFor({ jwtIssuer: issuer, jwtAudience: 'api' })).toThrow(/setting tenantClaim is required with jwtIssuer/);
    });

    it('keeps jwtJwksUri and tenantClaim when given', () => {
      expect(
        settingsFor({ jwtIssuer: issuer, jwtAudience: 'api', jwtJwksUri: 'https://keys.example.com/jwks', tenantClaim: 'org_id' }).identity,
      ).toEqual({ kind: 'oidc', issuer, audience: ['api'], jwksUri: 'https://keys.example.com/jwks', tenantClaim: 'org_id' });
    });

    it.each([
      [
        'jwtIssuer over http',
        { jwtIssuer: 'http://idp.example.com', jwtAudience: 'api', tenantClaim: 'org' },
        /jwtIssuer must be an https:\/\/ URL, got "http:\/\/idp\.example\.com"/,
      ],
      [
        'jwtIssuer without a scheme',
        { jwtIssuer: 'idp.example.com', jwtAudience: 'api', tenantClaim: 'org' },
        /jwtIssuer must be an https:\/\/ URL/,
      ],
      ['jwtAudience missing', { jwtIssuer: issuer }, /jwtAudience is required with jwtIssuer/],
      ['jwtAudience only commas and spaces', { jwtIssuer: issuer, jwtAudience: ' , ,' }, /jwtAudience is required with jwtIssuer/],
      [
        'jwtJwksUri over http',
        { jwtIssuer: issuer, jwtAudience: 'api', jwtJwksUri: 'http://keys.example.com', tenantClaim: 'org' },
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
      ['authorizerCacheTtl', '-1', /setting authorizerCacheTtl must be an integer from 0 to 3600, got "-1"/],
      ['authorizerCacheTtl', 'abc', /setting authorizerCacheTtl must be an integer from 0 to 3600, got "abc"/],
      ['authorizerCacheTtl', 3601, /setting authorizerCacheTtl must be an integer from 0 to 3600, got "3601"/],
      ['authorizerCacheTtl', '1.5', /setting authorizerCacheTtl must be an integer/],
      ['throttleRateLimit', '0', /setting throttleRateLimit must be an integer from 1 to 100000/],
      ['throttleBurstLimit', 5001, /setting throttleBurstLimit must be an integer from 1 to 5000/],
      ['logRetentionDays', 'forever', /setting logRetentionDays must be an integer from 1 to 3653/],
      ['indexRollout', '6', /setting indexRollout must be an integer from 0 to 5, got "6"/],
      ['indexRollout', '-1', /setting indexRollout must be an integer from 0 to 5/],
      ['maxTokenLifetime', '299', /setting maxTokenLifetime must be an integer from 300 to 604800, got "299"/],
      ['maxTokenLifetime', '604801', /setting maxTokenLifetime must be an integer from 300 to 604800/],
    ])('rejects %s = %j', (key, value, message) => {
      expect(() => settingsFor({ [key]: value })).toThrow(message);
    });

    it.each([2, '2', 364])('rejects logRetentionDays %j, which CloudWatch Logs does not offer', (value) => {
      expect(() => settingsFor({ logRetentionDays: value })).toThrow(/setting logRetentionDays must be one of 1, 3, 5, .*, 3653, got \d+/);
    });

    it.each([1, 7, 400, 731, 1827])('accepts logRetentionDays %i, a CloudWatch Logs value', (value) => {
      expect(settingsFor({ logRetentionDays: value }).logRetentionDays).toBe(value);
    });
  });
});

describe('stage settings (config/{stage}.json)', () => {
  const stage = (values: Record<string, unknown>): StageConfig => ({ name: 'prod', source: 'config/prod.json', values });

  it('reads the stage file, and lets -c override it', () => {
    const fromFile = stage({ identityMode: 'cognito', throttleRateLimit: 500, production: true, logRetentionDays: 731 });
    expect(readSettings(contextOf({}), fromFile)).toMatchObject({
      stage: 'prod',
      stackName: 'DncApi-prod',
      throttlingRateLimit: 500,
      production: true,
    });
    expect(readSettings(contextOf({ throttleRateLimit: '50', production: 'false' }), fromFile)).toMatchObject({
      throttlingRateLimit: 50,
      production: false,
      logRetentionDays: 731,
    });
  });

  it('names the stack after the stage unless stackName says otherwise (an existing DncApi stack keeps its name)', () => {
    expect(readSettings(contextOf({}), stage({ identityMode: 'cognito', stackName: 'DncApi' })).stackName).toBe('DncApi');
  });

  it('refuses a switch of identity mode unless confirmed, in either direction', () => {
    const oidc = { jwtIssuer: issuer, jwtAudience: 'api', tenantClaim: 'org' };
    expect(() => readSettings(contextOf(oidc), stage({ identityMode: 'cognito' }))).toThrow(
      /stage prod deploys identityMode "cognito" \(config\/prod\.json\), but these settings give "oidc"\. .*-c confirmIdentityModeChange=true/,
    );
    expect(() => readSettings(contextOf({}), stage({ identityMode: 'oidc' }))).toThrow(/deploys identityMode "oidc".*give "cognito"/);
    expect(readSettings(contextOf({ ...oidc, confirmIdentityModeChange: 'true' }), stage({ identityMode: 'cognito' })).identity.kind).toBe(
      'oidc',
    );
    expect(readSettings(contextOf(oidc), stage({ identityMode: 'oidc', ...oidc })).identity.kind).toBe('oidc');
    expect(() => readSettings(contextOf({}), stage({ identityMode: 'saml' }))).toThrow(
      /identityMode in config\/prod\.json must be "cognito" or "oidc"/,
    );
  });

  it.each([
    ['production', 'yes', /setting production must be true or false, got "yes"/],
    ['backupVaultLock', 1, /setting backupVaultLock must be true or false/],
    ['backupMonthlyRetentionYears', 4, /setting backupMonthlyRetentionYears must be an integer from 5 to 10, got "4"/],
    ['alarmEmail', 'oncall', /setting alarmEmail is not an email address: "oncall"/],
    [
      'reservedConcurrency',
      { CreateDncNumbers: 5 },
      /reservedConcurrency names an unknown function "CreateDncNumbers" \(one of Authorizer, /,
    ],
    ['reservedConcurrency', { Authorizer: 0 }, /reservedConcurrency\.Authorizer must be an integer from 1 to 10000, got 0/],
    ['reservedConcurrency', '[1]', /reservedConcurrency must be an object of function id → concurrency/],
  ])('rejects %s = %j', (key, value, message) => {
    expect(() => settingsFor({ [key]: value })).toThrow(message);
  });

  it('takes reservedConcurrency as JSON from -c and as an object from the stage file', () => {
    expect(settingsFor({ reservedConcurrency: '{"CreateDncNumber": 20}' }).reservedConcurrency).toEqual({ CreateDncNumber: 20 });
    expect(readSettings(contextOf({}), stage({ reservedConcurrency: { Authorizer: 30 } })).reservedConcurrency).toEqual({ Authorizer: 30 });
  });

  describe('an existing table', () => {
    const streamArn = 'arn:aws:dynamodb:eu-west-1:123456789012:table/dnc-restored/stream/2026-11-27T00:00:00.000';

    it('takes its name and stream together', () => {
      expect(settingsFor({ existingTableName: 'dnc-restored', existingTableStreamArn: streamArn }).existingTable).toEqual({
        name: 'dnc-restored',
        streamArn,
      });
      expect(() => settingsFor({ existingTableName: 'dnc-restored' })).toThrow(/existingTableName and existingTableStreamArn go together/);
    });

    it.each([
      [{ existingTableName: 'dnc restored', existingTableStreamArn: streamArn }, /existingTableName is not a DynamoDB table name/],
      [
        { existingTableName: 'dnc-restored', existingTableStreamArn: 'dnc-restored/stream' },
        /existingTableStreamArn is not a DynamoDB stream ARN/,
      ],
      [
        { existingTableName: 'other', existingTableStreamArn: streamArn },
        /existingTableStreamArn belongs to another table than existingTableName "other"/,
      ],
    ])('rejects %j', (ctx, message) => {
      expect(() => settingsFor(ctx)).toThrow(message);
    });
  });
});

describe('loadStageConfig', () => {
  const directory = mkdtempSync(path.join(tmpdir(), 'dnc-stages-'));
  writeFileSync(path.join(directory, 'qa.json'), JSON.stringify({ identityMode: 'cognito', throttleRateLimit: 10 }));
  writeFileSync(path.join(directory, 'typo.json'), JSON.stringify({ identityMode: 'cognito', throttleRateLimt: 10 }));
  writeFileSync(path.join(directory, 'nomode.json'), JSON.stringify({ throttleRateLimit: 10 }));
  writeFileSync(path.join(directory, 'broken.json'), '{');

  it('loads a committed stage', () => {
    expect(loadStageConfig('qa', directory)).toEqual({
      name: 'qa',
      source: `${path.basename(directory)}/qa.json`,
      values: { identityMode: 'cognito', throttleRateLimit: 10 },
    });
  });

  it.each([
    ['staging', /stage staging has no settings file .*staging\.json; committed stages: broken, nomode, qa, typo/],
    ['typo', /typo\.json has unknown settings: throttleRateLimt \(known: /],
    ['nomode', /nomode\.json must record identityMode \("cognito" or "oidc"\)/],
    ['broken', /broken\.json is not valid JSON/],
    ['Prod', /stage must be lowercase letters, digits and dashes/],
    ['../qa', /stage must be lowercase letters/],
  ])('refuses stage %s', (name, message) => {
    expect(() => loadStageConfig(name, directory)).toThrow(message);
  });

  it('knows every committed stage file of the repository', () => {
    for (const name of ['dev', 'prod']) expect(loadStageConfig(name).values.identityMode).toBe('cognito');
  });
});
