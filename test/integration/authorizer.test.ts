import { Logger } from '@aws-lambda-powertools/logger';
import { JwtVerifier } from 'aws-jwt-verify';
import { addTenant } from '../../cli/tenant/tenant-commands';
import { createAuthorizer } from '../../lambda/authorizer/authorize';
import { createAuthorizerFromEnvironment } from '../../lambda/authorizer/authorizer-from-environment';
import { authorizerEvent } from '../../local/api-gateway-events';
import { generateSigningKey, jwksOf, signJwt } from '../../local/jwt';
import { AUDIENCE, ISSUER, nowSeconds, validClaims } from '../support/authorizer-claims';
import { createRoute, CREATE_PATH } from '../support/create-dnc-number';
import { newRegistryTenantId, tenantCommandContext, tenantRegistryTableName } from '../support/tenant-registry';

const key = generateSigningKey('key-1');
const otherKey = generateSigningKey('key-1');
const logger = new Logger({ serviceName: 'dnc-api-test', logLevel: 'SILENT' });

const oidcVerifier = JwtVerifier.create({ issuer: ISSUER, audience: AUDIENCE, jwksUri: `${ISSUER}/.well-known/jwks.json` });
oidcVerifier.cacheJwks(jwksOf(key));
const authorize = createAuthorizer({ verifier: oidcVerifier, tenantClaim: 'org', logger });

const eventWith = (authorization: string | undefined) =>
  authorizerEvent(createRoute, { method: 'POST', rawPath: CREATE_PATH, headers: { Authorization: authorization } });

const deny = { isAuthorized: false, context: {} };

describe('authorizer (generic OIDC issuer, locally generated RS256 keys)', () => {
  it('allows a valid token and passes tenant, subject and scopes on', async () => {
    await expect(authorize(eventWith(`Bearer ${signJwt(key, validClaims())}`))).resolves.toEqual({
      isAuthorized: true,
      context: { tenantId: 'tenant-acme', subject: 'service-account-7', scopes: 'dnc/write dnc/read' },
    });
  });

  it('accepts the scheme in any case and scopes given as an scp array', async () => {
    const { scope: _scope, ...claims } = validClaims();
    const result = await authorize(eventWith(`bearer ${signJwt(key, { ...claims, scp: ['dnc/read'] })}`));
    expect(result).toMatchObject({ isAuthorized: true, context: { scopes: 'dnc/read' } });
  });

  it.each([
    ['expired', { exp: nowSeconds() - 60 }],
    ['not yet valid (nbf in the future)', { nbf: nowSeconds() + 600 }],
    ['from another issuer', { iss: 'https://evil.example' }],
    ['for another audience', { aud: 'another-api' }],
    ['without the tenant claim', { org: undefined }],
    ['with an empty tenant claim', { org: '' }],
    ['with a non-string tenant claim', { org: 42 }],
    ['with an oversized tenant claim', { org: 't'.repeat(257) }],
    ['without sub or client_id', { sub: undefined }],
    ['with a tenant claim that has a leading space', { org: ' tenant-acme' }],
    ['with a tenant claim that has a trailing newline', { org: 'tenant-acme\n' }],
    ['with a sub that has surrounding whitespace', { sub: ' service-account-7 ' }],
    ['without iat (its lifetime cannot be checked)', { iat: undefined }],
    ['living longer than 24 h (exp − iat)', { iat: nowSeconds() - 60, exp: nowSeconds() - 60 + 86_401 }],
  ])('denies a token %s', async (_case, overrides) => {
    await expect(authorize(eventWith(`Bearer ${signJwt(key, { ...validClaims(), ...overrides })}`))).resolves.toEqual(deny);
  });

  it('allows a token living exactly the maximum lifetime, and takes another maximum when configured', async () => {
    const claims = { ...validClaims(), iat: nowSeconds() - 60, exp: nowSeconds() - 60 + 86_400 };
    await expect(authorize(eventWith(`Bearer ${signJwt(key, claims)}`))).resolves.toMatchObject({ isAuthorized: true });
    const strict = createAuthorizer({ verifier: oidcVerifier, tenantClaim: 'org', logger, maxTokenLifetimeSeconds: 3600 });
    await expect(strict(eventWith(`Bearer ${signJwt(key, claims)}`))).resolves.toEqual(deny);
    await expect(strict(eventWith(`Bearer ${signJwt(key, { ...claims, exp: claims.iat + 3600 })}`))).resolves.toMatchObject({
      isAuthorized: true,
    });
  });

  it('logs a reason a human can act on for each denial, never the token', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const recording = {
      info: (message: string, attributes: Record<string, unknown>) => lines.push({ message, ...attributes }),
    } as unknown as Logger;
    const authorizeRecording = createAuthorizer({ verifier: oidcVerifier, tenantClaim: 'org', logger: recording });
    const expired = signJwt(key, { ...validClaims(), exp: nowSeconds() - 60 });
    await authorizeRecording(eventWith(`Bearer ${expired}`));
    await authorizeRecording(eventWith(`Bearer ${signJwt(key, { ...validClaims(), iss: 'https://evil.example' })}`));
    await authorizeRecording(eventWith(`Bearer ${signJwt(key, { ...validClaims(), org: ' tenant-acme' })}`));
    await authorizeRecording(eventWith(`Bearer ${signJwt(key, { ...validClaims(), iat: nowSeconds(), exp: nowSeconds() + 90_000 })}`));
    expect(lines).toEqual([
      { message: 'denied', reason: 'token failed verification', errorClass: 'JwtExpiredError', detail: expect.stringMatching(/expired/i) },
      {
        message: 'denied',
        reason: 'token failed verification',
        errorClass: 'JwtInvalidIssuerError',
        detail: expect.stringContaining('evil.example'),
      },
      { message: 'denied', reason: 'the org claim has surrounding whitespace' },
      { message: 'denied', reason: expect.stringMatching(/^token lifetime \(exp − iat\) of 90000 s is over the maximum of 86400 s/) },
    ]);
    expect(JSON.stringify(lines)).not.toContain(expired);
  });

  it('denies a token signed by another key that claims the same kid', async () => {
    await expect(authorize(eventWith(`Bearer ${signJwt(otherKey, validClaims())}`))).resolves.toEqual(deny);
  });

  it.each([
    ['no Authorization header', undefined],
    ['an empty header', ''],
    ['Bearer without a token', 'Bearer '],
    ['another scheme', `Basic ${Buffer.from('a:b').toString('base64')}`],
    ['a raw token without the Bearer scheme', 'eyJhbGciOiJSUzI1NiJ9.e30.sig'],
    ['a malformed token', 'Bearer not.a.jwt'],
    ['garbage', 'Bearer %%%'],
  ])('denies %s', async (_case, header) => {
    await expect(authorize(eventWith(header))).resolves.toEqual(deny);
  });
});

describe('authorizer (Cognito user pool, access tokens of machine clients, tenant from the registry)', () => {
  const userPoolId = 'us-east-1_TestPool1';
  const cognitoIssuer = `https://cognito-idp.us-east-1.amazonaws.com/${userPoolId}`;
  const { verifier, handler: authorizeCognito } = createAuthorizerFromEnvironment(
    {
      USER_POOL_ID: userPoolId,
      TENANT_SOURCE: 'registry',
      TENANT_REGISTRY_TABLE_NAME: tenantRegistryTableName(),
      DYNAMODB_ENDPOINT: process.env.DYNAMODB_ENDPOINT,
    },
    { logger },
  );
  verifier.cacheJwks(jwksOf(key));
  const context = tenantCommandContext();
  const tenantId = newRegistryTenantId();
  let clientId: string;
  let otherClientId: string;
  beforeAll(async () => {
    ({ clientId } = await addTenant(context, tenantId));
    // Any client of the pool may present tokens: the registry, not the verifier, refuses this one.
    ({ clientId: otherClientId } = await context.clients.create('not-registered'));
  });

  const accessToken = (overrides: Record<string, unknown> = {}) =>
    signJwt(key, {
      iss: cognitoIssuer,
      sub: clientId,
      client_id: clientId,
      token_use: 'access',
      scope: 'dnc/write',
      iat: nowSeconds(),
      exp: nowSeconds() + 600,
      ...overrides,
    });

  it('allows an access token of a registered client, with its tenant id (not its client id) as tenant', async () => {
    await expect(authorizeCognito(eventWith(`Bearer ${accessToken()}`))).resolves.toEqual({
      isAuthorized: true,
      context: { tenantId, subject: clientId, scopes: 'dnc/write' },
    });
  });

  it.each([
    ['an ID token', () => ({ token_use: 'id', aud: clientId })],
    ['a client of the pool the registry does not know', () => ({ client_id: otherClientId, sub: otherClientId })],
    ['another user pool', () => ({ iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other' })],
    ['a token without client_id', () => ({ client_id: undefined })],
  ])('denies %s', async (_case, overrides) => {
    await expect(authorizeCognito(eventWith(`Bearer ${accessToken(overrides())}`))).resolves.toEqual(deny);
  });
});
