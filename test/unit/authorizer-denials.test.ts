import { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';
import { JwtVerifier } from 'aws-jwt-verify';
import { createAuthorizer } from '../../lambda/authorizer/authorize';
import { authorizerEvent } from '../../local/api-gateway-events';
import { generateSigningKey, jwksOf, signJwt } from '../../local/jwt';
import { AUDIENCE, ISSUER, nowSeconds, validClaims } from '../support/authorizer-claims';
import { captureOutput, logLinesOf } from '../support/captured-output';
import { CREATE_PATH, createRoute } from '../support/create-dnc-number';

/**
 * The authorizer over real RS256 tokens signed with a key generated for the run (its JWKS
 * cached in the verifier, so nothing is fetched), logging through a real Powertools logger whose
 * JSON lines are captured: where the token is read from, how scopes are passed on, and the
 * reason logged for every kind of denial.
 */

const key = generateSigningKey('key-1');
const strangerKey = generateSigningKey('key-1');

const verifier = JwtVerifier.create({ issuer: ISSUER, audience: AUDIENCE, jwksUri: `${ISSUER}/.well-known/jwks.json` });
verifier.cacheJwks(jwksOf(key));
const logger = new Logger({ serviceName: 'authorizer-denials-test', logLevel: 'INFO' });
const authorize = createAuthorizer({ verifier, tenantClaim: 'org', logger });

type Claims = Record<string, unknown>;
/** The valid claims with some replaced; an `undefined` value removes the claim. */
const claims = (overrides: Claims = {}): Claims =>
  Object.fromEntries(Object.entries({ ...validClaims(), ...overrides }).filter(([, value]) => value !== undefined));
const bearer = (payload: Claims = claims()) => `Bearer ${signJwt(key, payload)}`;

const eventWith = (authorization: string | undefined): APIGatewayRequestAuthorizerEventV2 =>
  authorizerEvent(createRoute, { method: 'POST', rawPath: CREATE_PATH, headers: { authorization } });

const deny = { isAuthorized: false, context: {} };

/** Runs the authorizer on the event and answers its result with the lines it logged. */
const authorizeLogged = async (event: APIGatewayRequestAuthorizerEventV2) => {
  let result: unknown;
  const output = await captureOutput(async () => {
    result = await authorize(event);
  });
  const lines = logLinesOf(output);
  return { result, lines };
};

describe('where the authorizer reads the token', () => {
  it('falls back to identitySource[0] when the event has no authorization header', async () => {
    const event = eventWith(bearer());
    delete event.headers!.authorization;
    expect(event.identitySource).toEqual([expect.stringMatching(/^Bearer /)]);
    await expect(authorize(event)).resolves.toEqual({
      isAuthorized: true,
      context: { tenantId: 'tenant-acme', subject: 'service-account-7', scopes: 'dnc/write dnc/read' },
    });
  });

  it('falls back to identitySource[0] when the event has no headers at all', async () => {
    const event = eventWith(bearer());
    delete (event as { headers?: unknown }).headers;
    await expect(authorize(event)).resolves.toMatchObject({ isAuthorized: true });
  });

  it('prefers the authorization header over identitySource', async () => {
    const event = { ...eventWith(bearer()), identitySource: ['Bearer not.a.jwt'] };
    await expect(authorize(event)).resolves.toMatchObject({ isAuthorized: true });
    const denied = { ...eventWith('Bearer not.a.jwt'), identitySource: [bearer()] };
    await expect(authorize(denied)).resolves.toEqual(deny);
  });

  it('denies when neither carries a token', async () => {
    const event = eventWith(undefined);
    expect(event.identitySource).toEqual([]);
    await expect(authorize(event)).resolves.toEqual(deny);
  });

  it('denies an event without identitySource and without an authorization header', async () => {
    const event = eventWith(undefined);
    delete (event as { identitySource?: unknown }).identitySource;
    await expect(authorize(event)).resolves.toEqual(deny);
  });
});

describe('scopes passed on to the route', () => {
  it.each([
    ['scope, a space-separated string', { scope: 'dnc/write dnc/read' }, 'dnc/write dnc/read'],
    ['scp as a string', { scope: undefined, scp: 'dnc/read dnc/delete' }, 'dnc/read dnc/delete'],
    ['scp as an array', { scope: undefined, scp: ['dnc/read', 'dnc/delete'] }, 'dnc/read dnc/delete'],
    [
      'scp as an array with non-strings, which are dropped',
      { scope: undefined, scp: ['dnc/read', 42, null, 'dnc/write'] },
      'dnc/read dnc/write',
    ],
    ['scope over scp when both are given', { scope: 'dnc/read', scp: ['dnc/write'] }, 'dnc/read'],
    ['neither: no scopes', { scope: undefined }, ''],
    ['scp of another type: no scopes', { scope: undefined, scp: 7 }, ''],
  ])('%s', async (_case, overrides, scopes) => {
    await expect(authorize(eventWith(bearer(claims(overrides))))).resolves.toEqual({
      isAuthorized: true,
      context: { tenantId: 'tenant-acme', subject: 'service-account-7', scopes },
    });
  });
});

describe('each denial logs its reason, at info level', () => {
  it.each<[string, () => string | undefined, Record<string, unknown>]>([
    ['no token at all', () => undefined, { reason: 'no bearer token' }],
    ['another scheme', () => `Basic ${Buffer.from('a:b').toString('base64')}`, { reason: 'no bearer token' }],
    [
      'a token signed by another key',
      () => `Bearer ${signJwt(strangerKey, claims())}`,
      { reason: 'token failed verification', errorClass: 'JwtInvalidSignatureError', detail: expect.any(String) },
    ],
    [
      'an expired token',
      () => bearer(claims({ iat: nowSeconds() - 900, exp: nowSeconds() - 600 })),
      { reason: 'token failed verification', errorClass: 'JwtExpiredError', detail: expect.stringMatching(/expired/i) },
    ],
    ['a token without exp', () => bearer(claims({ exp: undefined })), { reason: 'token has no exp claim' }],
    ['a token without iat', () => bearer(claims({ iat: undefined })), { reason: 'token has no iat claim: its lifetime cannot be checked' }],
    [
      'a token living longer than 24 h',
      () => bearer(claims({ iat: nowSeconds(), exp: nowSeconds() + 86_401 })),
      { reason: 'token lifetime (exp − iat) of 86401 s is over the maximum of 86400 s (maxTokenLifetime)' },
    ],
    ['a token without sub or client_id', () => bearer(claims({ sub: undefined })), { reason: 'the client_id claim is missing or empty' }],
    [
      'a sub with surrounding whitespace',
      () => bearer(claims({ sub: ' service-account-7' })),
      { reason: 'the sub claim has surrounding whitespace' },
    ],
    ['a token without the tenant claim', () => bearer(claims({ org: undefined })), { reason: 'the org claim is missing or empty' }],
    [
      'a tenant claim over 256 characters',
      () => bearer(claims({ org: 't'.repeat(257) })),
      { reason: 'the org claim is longer than 256 characters' },
    ],
  ])('%s', async (_case, authorization, logged) => {
    const token = authorization();
    const { result, lines } = await authorizeLogged(eventWith(token));
    expect(result).toEqual(deny);
    expect(lines).toEqual([expect.objectContaining({ level: 'INFO', message: 'denied', ...logged })]);
    if (token !== undefined) expect(JSON.stringify(lines)).not.toContain(token.replace(/^\w+ /, ''));
  });

  it('logs nothing at info or above for an allowed token', async () => {
    const { result, lines } = await authorizeLogged(eventWith(bearer()));
    expect(result).toMatchObject({ isAuthorized: true });
    expect(lines).toEqual([]);
  });
});
