/**
 * Security tests for the authorizer's token handling (issue #4, "Tokens").
 *
 * Everything here is real: RS256 keys generated for the run, real signatures (and real HMACs
 * for the algorithm-confusion cases), verifiers built through the project's own
 * `createAuthorizerFromEnvironment(env)` (as the Lambda's index.ts), JWKS endpoints that are
 * real HTTP servers on 127.0.0.1, and the tenant registry in DynamoDB Local. Every hostile
 * token must resolve to the deny result (403, cached by API Gateway); only an infrastructure
 * failure (the JWKS cannot be fetched) may reject, which API Gateway answers 500 without caching.
 */
import { createHmac, createPublicKey, createSign } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import type { Jwks } from 'aws-jwt-verify/jwk';
import { createTenantRegistryStore } from '../../cli/tenant/tenant-registry-store';
import { AuthorizerUnavailableError } from '../../lambda/authorizer/authorizer-failure';
import type { createAuthorizer } from '../../lambda/authorizer/authorize';
import { createAuthorizerFromEnvironment } from '../../lambda/authorizer/authorizer-from-environment';
import { LOCAL_JWKS_TIMEOUT_MILLIS } from '../../lambda/authorizer/local-jwks-fetcher';
import { createDocumentClient } from '../../lambda/shared/dynamodb/document-client';
import { authorizerEvent } from '../../local/api-gateway-events';
import { generateSigningKey, jwksOf, publicJwk, signJwt, type SigningKey } from '../../local/jwt';
import { createRoute, CREATE_PATH } from '../support/create-dnc-number';
import { newRegistryTenantId, tenantRegistryTableName } from '../support/tenant-registry';
import {
  startJwksServer,
  unusedLoopbackPort,
  watchUnhandledRejections,
  type JwksBehaviour,
  type JwksServer,
} from './support/loopback-jwks';

type Claims = Record<string, unknown>;
type Authorize = ReturnType<typeof createAuthorizer>;

const AUDIENCE = 'dnc-api';
const logger = new Logger({ serviceName: 'dnc-api-security-test', logLevel: 'SILENT' });
const key = generateSigningKey('key-1');
const attackerKey = generateSigningKey('attacker-key');
const now = () => Math.floor(Date.now() / 1000);
const deny = { isAuthorized: false, context: {} };

// ---------------------------------------------------------------------------------------------
// Token crafting
// ---------------------------------------------------------------------------------------------

const base64url = (text: string | Buffer) => Buffer.from(text).toString('base64url');
const json = (value: unknown) => JSON.stringify(value);
const rsHeader = (header: Claims = {}) => json({ alg: 'RS256', typ: 'JWT', kid: key.kid, ...header });

/** A JWT from raw header and payload text, with a real RS256 signature over exactly that text. */
const signRaw = (signer: SigningKey, headerText: string, payloadText: string): string => {
  const signingInput = `${base64url(headerText)}.${base64url(payloadText)}`;
  const signature = createSign('RSA-SHA256').update(signingInput).sign(signer.privateKey).toString('base64url');
  return `${signingInput}.${signature}`;
};

/** A JWT whose "signature" is an HMAC-SHA256 keyed with `secret` (the classic RS256 -> HS256 confusion). */
const signHs256 = (secret: string | Buffer, payload: Claims, header: Claims = { alg: 'HS256', typ: 'JWT', kid: key.kid }) => {
  const signingInput = `${base64url(json(header))}.${base64url(json(payload))}`;
  return `${signingInput}.${createHmac('sha256', secret).update(signingInput).digest('base64url')}`;
};

const partsOf = (token: string) => token.split('.') as [string, string, string];

// ---------------------------------------------------------------------------------------------
// Authorizer plumbing: the configuration path the Lambda itself uses (lambda/authorizer/index.ts)
// ---------------------------------------------------------------------------------------------

const authorizerFor = (env: NodeJS.ProcessEnv, preloadedJwks?: Jwks): Authorize => {
  const { verifier, handler } = createAuthorizerFromEnvironment(env, { logger });
  if (preloadedJwks) verifier.cacheJwks(preloadedJwks);
  return handler;
};

const oidcEnv = (endpoint: { issuer: string; jwksUri: string }, tenantClaim = 'sub') => ({
  JWT_ISSUER: endpoint.issuer,
  JWT_AUDIENCE: AUDIENCE,
  JWT_JWKS_URI: endpoint.jwksUri,
  TENANT_SOURCE: 'claim',
  TENANT_CLAIM: tenantClaim,
});

const eventWith = (authorization: string | undefined) =>
  authorizerEvent(createRoute, { method: 'POST', rawPath: CREATE_PATH, headers: { Authorization: authorization } });
const bearer = (token: string) => eventWith(`Bearer ${token}`);

/** Loopback JWKS servers started by a test; all closed (sockets destroyed) after each test. */
const startedServers: JwksServer[] = [];
const serveJwks = async (behaviour: JwksBehaviour): Promise<JwksServer> => {
  const server = await startJwksServer(behaviour);
  startedServers.push(server);
  return server;
};
afterEach(async () => {
  await Promise.all(startedServers.splice(0).map((server) => server.close()));
});

// The issuer most tests use: JWT_ISSUER mode, tenant = the sub claim, JWKS served from 127.0.0.1.
let idp: JwksServer;
let authorize: Authorize;
beforeAll(async () => {
  idp = await startJwksServer({ answer: jwksOf(key) });
  authorize = authorizerFor(oidcEnv(idp));
});
afterAll(() => idp.close());

const validClaims = (issuer = idp.issuer): Claims => ({
  iss: issuer,
  aud: AUDIENCE,
  sub: 'tenant-acme',
  scope: 'dnc/write dnc/read',
  iat: now(),
  exp: now() + 600,
});
const validToken = () => signJwt(key, validClaims());
const allowed = {
  isAuthorized: true,
  context: { tenantId: 'tenant-acme', subject: 'tenant-acme', scopes: 'dnc/write dnc/read' },
};

// ---------------------------------------------------------------------------------------------

describe('signature algorithm', () => {
  const publicKey = createPublicKey(key.privateKey);
  const spkiPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const pkcs1Pem = publicKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const modulus = publicJwk(key).n;

  it('allows the untampered RS256 token (control for this section)', async () => {
    await expect(authorize(bearer(validToken()))).resolves.toEqual(allowed);
  });

  it.each(['none', 'None', 'NONE', 'nOnE'])('denies an unsigned token with alg "%s" and an empty signature', async (alg) => {
    const token = `${base64url(json({ alg, typ: 'JWT', kid: key.kid }))}.${base64url(json(validClaims()))}.`;
    await expect(authorize(bearer(token))).resolves.toEqual(deny);
  });

  it('denies alg "none" without a kid', async () => {
    const token = `${base64url(json({ alg: 'none', typ: 'JWT' }))}.${base64url(json(validClaims()))}.`;
    await expect(authorize(bearer(token))).resolves.toEqual(deny);
  });

  it('denies a header switched to alg "none" that keeps the original valid RS256 signature', async () => {
    const [, payload, signature] = partsOf(validToken());
    const token = `${base64url(json({ alg: 'none', typ: 'JWT', kid: key.kid }))}.${payload}.${signature}`;
    await expect(authorize(bearer(token))).resolves.toEqual(deny);
  });

  it('denies a correctly RS256-signed token whose header has no alg at all', async () => {
    await expect(authorize(bearer(signJwt(key, validClaims(), { alg: undefined })))).resolves.toEqual(deny);
  });

  it('denies a correctly RS256-signed token whose header claims RS512', async () => {
    await expect(authorize(bearer(signJwt(key, validClaims(), { alg: 'RS512' })))).resolves.toEqual(deny);
  });

  it.each([
    ['the public key as SPKI PEM text', spkiPem],
    ['the public key as PKCS#1 PEM text', pkcs1Pem],
    ["the JWK's n as base64url text", modulus],
    ["the JWK's n as raw bytes", Buffer.from(modulus, 'base64url')],
    ['the public JWK as JSON text', json(publicJwk(key))],
  ])('denies an HS256 token whose HMAC secret is %s', async (_secret, secret) => {
    await expect(authorize(bearer(signHs256(secret, validClaims())))).resolves.toEqual(deny);
  });

  it('denies an HS256 token without a kid', async () => {
    const token = signHs256(spkiPem, validClaims(), { alg: 'HS256', typ: 'JWT' });
    await expect(authorize(bearer(token))).resolves.toEqual(deny);
  });

  describe('when the JWKS does not pin alg on its keys (as some issuers publish them)', () => {
    const { alg: _alg, ...unpinned } = publicJwk(key);
    let authorizeUnpinned: Authorize;
    beforeAll(() => {
      authorizeUnpinned = authorizerFor(oidcEnv(idp), { keys: [unpinned] });
    });

    it('still allows a valid RS256 token (control)', async () => {
      await expect(authorizeUnpinned(bearer(validToken()))).resolves.toEqual(allowed);
    });

    it('denies HS256 keyed with the public key PEM', async () => {
      await expect(authorizeUnpinned(bearer(signHs256(spkiPem, validClaims())))).resolves.toEqual(deny);
    });

    it('denies alg "none"', async () => {
      const [, payload, signature] = partsOf(validToken());
      const token = `${base64url(json({ alg: 'none', kid: key.kid }))}.${payload}.${signature}`;
      await expect(authorizeUnpinned(bearer(token))).resolves.toEqual(deny);
    });
  });
});

describe('kid not in the JWKS (JWKS served by a counting loopback server)', () => {
  const JWKS_PATH = '/.well-known/jwks.json';
  const unknownKidToken = (issuer: string, kid: string) => signJwt(attackerKey, validClaims(issuer), { kid });

  /** A fresh verifier with an empty cache, backed by its own counting JWKS server. */
  const freshIssuer = async () => {
    const server = await serveJwks({ answer: jwksOf(key) });
    return { server, authorize: authorizerFor(oidcEnv(server)) };
  };

  it('allows a valid token, fetching the JWKS from the loopback server once (proves the server is used)', async () => {
    const { server, authorize: authorizeFresh } = await freshIssuer();
    await expect(authorizeFresh(bearer(signJwt(key, validClaims(server.issuer))))).resolves.toEqual(allowed);
    await expect(authorizeFresh(bearer(signJwt(key, validClaims(server.issuer))))).resolves.toEqual(allowed);
    expect(server.requests).toEqual([JWKS_PATH]);
  });

  it.each(['unknown-kid', '__proto__', 'constructor', 'toString', '../../../etc/passwd', ''])(
    'denies a token whose kid %j is not in the JWKS',
    async (kid) => {
      const { server, authorize: authorizeFresh } = await freshIssuer();
      await expect(authorizeFresh(bearer(unknownKidToken(server.issuer, kid)))).resolves.toEqual(deny);
    },
  );

  // aws-jwt-verify refetches the JWKS when a kid is not in its cache (to follow key rotation),
  // then its SimplePenaltyBox refuses further fetches of that JWKS URI for 10 s after a miss.
  // The box is keyed by URI, not by kid, so the same unknown kid and 50 different ones are
  // held the same way: at most one fetch per 10 s per Lambda instance, whatever the flood.
  // The 10 s expiry itself is not waited for here.
  it.each([
    ['the same unknown kid', (_i: number) => 'unknown-kid'],
    ['50 different unknown kids', (i: number) => `unknown-kid-${i}`],
  ])('50 tokens in a row with %s cause at most one JWKS fetch after the initial load', async (_case, kidOf) => {
    const { server, authorize: authorizeFresh } = await freshIssuer();
    await expect(authorizeFresh(bearer(signJwt(key, validClaims(server.issuer))))).resolves.toEqual(allowed);
    expect(server.requests).toHaveLength(1); // the initial load

    for (let i = 0; i < 50; i += 1) {
      await expect(authorizeFresh(bearer(unknownKidToken(server.issuer, kidOf(i))))).resolves.toEqual(deny);
    }
    expect(server.requests.length - 1).toBeLessThanOrEqual(1);

    // The flood must not lock out legitimate callers: the known key is still served from cache.
    const fetchesAfterFlood = server.requests.length;
    await expect(authorizeFresh(bearer(signJwt(key, validClaims(server.issuer))))).resolves.toEqual(allowed);
    expect(server.requests).toHaveLength(fetchesAfterFlood);
  });

  it('50 unknown-kid tokens arriving at once on a cold verifier cause at most one JWKS fetch', async () => {
    const { server, authorize: authorizeFresh } = await freshIssuer();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => authorizeFresh(bearer(unknownKidToken(server.issuer, `unknown-kid-${i}`)))),
    );
    expect(results).toEqual(Array.from({ length: 50 }, () => deny));
    expect(server.requests.length).toBeLessThanOrEqual(1);

    await expect(authorizeFresh(bearer(signJwt(key, validClaims(server.issuer))))).resolves.toEqual(allowed);
    expect(server.requests.length).toBeLessThanOrEqual(1);
  });

  it('ignores jku, x5u and embedded jwk headers that point at an attacker-controlled key', async () => {
    const { server, authorize: authorizeFresh } = await freshIssuer();
    const attackerEndpoint = await serveJwks({ answer: jwksOf(attackerKey) });
    const hostileHeader = { jku: attackerEndpoint.jwksUri, x5u: attackerEndpoint.jwksUri, jwk: publicJwk(attackerKey) };

    const withAttackerKid = signJwt(attackerKey, validClaims(server.issuer), hostileHeader);
    const withGenuineKid = signJwt(attackerKey, validClaims(server.issuer), { ...hostileHeader, kid: key.kid });
    await expect(authorizeFresh(bearer(withAttackerKid))).resolves.toEqual(deny);
    await expect(authorizeFresh(bearer(withGenuineKid))).resolves.toEqual(deny);
    expect(attackerEndpoint.requests).toEqual([]);
  });
});

describe('token lifetime', () => {
  it.each<[string, Claims]>([
    ['that expired a minute ago', { exp: now() - 60 }],
    ['that is not valid before ten minutes from now (nbf)', { nbf: now() + 600 }],
    ['without exp', { exp: undefined }],
    ['with exp as a string', { exp: String(now() + 600) }],
    ['with exp null', { exp: null }],
    ['with nbf as a string', { nbf: String(now() - 60) }],
  ])('denies a correctly signed token %s', async (_case, overrides) => {
    await expect(authorize(bearer(signJwt(key, { ...validClaims(), ...overrides })))).resolves.toEqual(deny);
  });
});

describe('issuer and audience', () => {
  describe('JWT_ISSUER mode', () => {
    it.each<[string, (claims: Claims) => Claims]>([
      ['without iss', (c) => ({ ...c, iss: undefined })],
      ['whose iss has a trailing slash', (c) => ({ ...c, iss: `${c.iss}/` })],
      ['whose iss extends the issuer with a path', (c) => ({ ...c, iss: `${c.iss}/tenants/evil` })],
      ['whose iss names localhost instead of 127.0.0.1', (c) => ({ ...c, iss: String(c.iss).replace('127.0.0.1', 'localhost') })],
      ['whose iss is https instead of http', (c) => ({ ...c, iss: String(c.iss).replace('http:', 'https:') })],
      ['for another audience', (c) => ({ ...c, aud: 'another-api' })],
      ['without aud', (c) => ({ ...c, aud: undefined })],
      ['whose aud differs only in case', (c) => ({ ...c, aud: AUDIENCE.toUpperCase() })],
      ['whose aud lists only other audiences', (c) => ({ ...c, aud: ['another-api', `${AUDIENCE}-admin`] })],
    ])('denies a correctly signed token %s', async (_case, tamper) => {
      await expect(authorize(bearer(signJwt(key, tamper(validClaims()))))).resolves.toEqual(deny);
    });
  });

  describe('USER_POOL_ID mode (Cognito access tokens of a client registered to a tenant)', () => {
    const USER_POOL_ID = 'us-east-1_Abc123';
    const COGNITO_ISSUER = `https://cognito-idp.us-east-1.amazonaws.com/${USER_POOL_ID}`;
    const tenantId = newRegistryTenantId();
    const clientId = `client-${tenantId}`;
    // Pre-loaded JWKS: every token below carries the known kid, so nothing is fetched from AWS.
    const authorizeCognito = authorizerFor(
      {
        USER_POOL_ID,
        TENANT_SOURCE: 'registry',
        TENANT_REGISTRY_TABLE_NAME: tenantRegistryTableName(),
        DYNAMODB_ENDPOINT: process.env.DYNAMODB_ENDPOINT,
      },
      jwksOf(key),
    );
    beforeAll(async () => {
      const at = new Date().toISOString();
      await createTenantRegistryStore(createDocumentClient(), tenantRegistryTableName()).addTenant(
        { tenantId, status: 'active', createdAt: at, updatedAt: at },
        { clientId, tenantId, status: 'active', origin: 'created', createdAt: at },
      );
    });
    const accessClaims = (): Claims => ({
      iss: COGNITO_ISSUER,
      sub: clientId,
      client_id: clientId,
      token_use: 'access',
      scope: 'dnc/write',
      iat: now(),
      exp: now() + 600,
    });

    it('allows an access token of the registered client, with its tenant as tenant (control)', async () => {
      await expect(authorizeCognito(bearer(signJwt(key, accessClaims())))).resolves.toEqual({
        isAuthorized: true,
        context: { tenantId, subject: clientId, scopes: 'dnc/write' },
      });
    });

    it.each<[string, Claims]>([
      ['of an app client the registry does not know', { client_id: 'client-2', sub: 'client-2' }],
      ['without client_id', { client_id: undefined }],
      ['that is an ID token (token_use id, aud = client id)', { token_use: 'id', aud: 'client-1', client_id: undefined }],
      ['that is an ID token that also carries client_id', { token_use: 'id', aud: 'client-1' }],
      ['without token_use', { token_use: undefined }],
      ['with token_use "refresh"', { token_use: 'refresh' }],
      ['from another user pool', { iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other' }],
      ['whose issuer uses http', { iss: COGNITO_ISSUER.replace('https:', 'http:') }],
    ])('denies a correctly signed token %s', async (_case, overrides) => {
      await expect(authorizeCognito(bearer(signJwt(key, { ...accessClaims(), ...overrides })))).resolves.toEqual(deny);
    });
  });
});

describe('malformed tokens', () => {
  const payloadText = () => json(validClaims());

  it.each<[string, () => string]>([
    ['with two parts', () => partsOf(validToken()).slice(0, 2).join('.')],
    ['with five parts (JWE shape)', () => `${validToken()}.AAAA.BBBB`],
    ['with a trailing dot', () => `${validToken()}.`],
    ['with a leading dot', () => `.${validToken()}`],
    ['with standard-base64 + and / characters', () => `${validToken()}+/`],
    ['with characters outside base64url', () => validToken().replace('.', '*.')],
    ['with a percent-encoded dot', () => validToken().replace('.', '%2E')],
    ['with a zero-width space inside', () => validToken().replace('.', '.\u200b')],
    ['with non-ASCII letters', () => `${validToken()}é`],
    ['with fullwidth dots as separators', () => validToken().replaceAll('.', '\uff0e')],
    ['whose header is not JSON', () => signRaw(key, 'alg=RS256;kid=key-1', payloadText())],
    ['whose header is a JSON array', () => signRaw(key, '[]', payloadText())],
    ['whose header is a JSON string', () => signRaw(key, '"x"', payloadText())],
    ['whose header is JSON null', () => signRaw(key, 'null', payloadText())],
    ['whose header is a JSON number', () => signRaw(key, '42', payloadText())],
    ['whose header has a numeric kid', () => signRaw(key, json({ alg: 'RS256', kid: 1 }), payloadText())],
    ['whose header alg is an array', () => signRaw(key, json({ alg: ['RS256'], kid: key.kid }), payloadText())],
    ['whose payload is not JSON', () => signRaw(key, rsHeader(), '{"sub":')],
    ['whose payload is a JSON array', () => signRaw(key, rsHeader(), '[]')],
    ['whose payload is JSON null', () => signRaw(key, rsHeader(), 'null')],
    ['whose payload is a JSON string', () => signRaw(key, rsHeader(), '"tenant-acme"')],
    ['of 100 KB of garbage in the payload part', () => validToken().replace(/\.[^.]+\./, `.${'A'.repeat(100_000)}.`)],
    [
      'of 100 KB with well-formed claims and a forged signature',
      () => signJwt(attackerKey, { ...validClaims(), padding: 'x'.repeat(100_000) }, { kid: key.kid }),
    ],
  ])('denies a token %s', async (_case, token) => {
    await expect(authorize(bearer(token()))).resolves.toEqual(deny);
  });

  describe('prototype pollution through signed JSON', () => {
    afterEach(() => {
      delete (Object.prototype as Record<string, unknown>).polluted;
    });

    // Valid apart from the hostile keys, so the authorizer may allow them; what matters is
    // that Object.prototype stays clean and the context holds only the genuine claims.
    it.each<[string, string]>([
      ['__proto__', '"__proto__":{"polluted":"yes","sub":"tenant-victim"},"nested":{"__proto__":{"polluted":"yes"}}'],
      ['constructor.prototype', '"constructor":{"prototype":{"polluted":"yes"}},"nested":{"constructor":{"prototype":{"polluted":"yes"}}}'],
    ])('a validly signed payload with %s keys is allowed as-is and does not pollute Object.prototype', async (_case, hostile) => {
      const token = signRaw(key, rsHeader(), `{${hostile},${payloadText().slice(1)}`);
      await expect(authorize(bearer(token))).resolves.toEqual(allowed);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it('denies a token whose tenant claim exists only inside __proto__', async () => {
      const { sub: _sub, ...withoutSub } = validClaims();
      const token = signRaw(key, rsHeader(), `{"__proto__":{"sub":"tenant-victim"},${json(withoutSub).slice(1)}`);
      await expect(authorize(bearer(token))).resolves.toEqual(deny);
      expect(({} as Record<string, unknown>).sub).toBeUndefined();
    });
  });
});

describe('tenant claim of a correctly signed token', () => {
  describe.each([
    ['sub', 'the subject doubles as tenant'],
    ['org', 'a custom claim the JWT library does not type-check'],
  ])('TENANT_CLAIM=%s (%s)', (tenantClaim) => {
    let authorizeTenant: Authorize;
    beforeAll(() => {
      authorizeTenant = authorizerFor(oidcEnv(idp, tenantClaim));
    });
    const claimsWithTenant = (tenant: unknown): Claims => ({
      ...validClaims(),
      sub: 'service-account-7',
      org: 'tenant-acme',
      [tenantClaim]: tenant,
    });

    it('allows a tenant of exactly 256 characters (control for the length limit)', async () => {
      const tenant = 't'.repeat(256);
      const result = await authorizeTenant(bearer(signJwt(key, claimsWithTenant(tenant))));
      expect(result).toMatchObject({ isAuthorized: true, context: { tenantId: tenant } });
    });

    it.each<[string, unknown]>([
      ['missing', undefined],
      ['empty', ''],
      ['whitespace only', ' \t '],
      ['a number', 42],
      ['an array', ['tenant-acme']],
      ['an object', { id: 'tenant-acme' }],
      ['longer than 256 characters', 't'.repeat(257)],
    ])('denies a tenant claim that is %s', async (_case, tenant) => {
      await expect(authorizeTenant(bearer(signJwt(key, claimsWithTenant(tenant))))).resolves.toEqual(deny);
    });
  });
});

describe('Authorization header shapes', () => {
  // Documented behaviour: the scheme is case-insensitive (RFC 7235) and surrounding or
  // repeated spaces are tolerated; anything that is not exactly one token is refused.
  it.each<[string, (token: string) => string]>([
    ['several spaces after Bearer', (t) => `Bearer     ${t}`],
    ['spaces around the whole value', (t) => `   Bearer ${t}   `],
    ['a lower-case scheme (bearer)', (t) => `bearer ${t}`],
    ['an upper-case scheme (BEARER)', (t) => `BEARER ${t}`],
  ])('allows a valid token sent with %s', async (_case, header) => {
    await expect(authorize(eventWith(header(validToken())))).resolves.toEqual(allowed);
  });

  it.each<[string, (token: string) => string]>([
    ['two tokens: "Bearer a Bearer b"', () => 'Bearer a Bearer b'],
    ['two valid tokens, each with Bearer', (t) => `Bearer ${t} Bearer ${t}`],
    ['two valid tokens joined by a comma (repeated headers)', (t) => `Bearer ${t}, Bearer ${t}`],
    ['two valid tokens after one Bearer', (t) => `Bearer ${t} ${t}`],
    ['a tab instead of a space after Bearer', (t) => `Bearer\t${t}`],
    ['no space after Bearer', (t) => `Bearer${t}`],
    ['an empty token', () => 'Bearer '],
    ['a whitespace-only token', () => 'Bearer  \t \u00a0 '],
  ])('denies a header with %s', async (_case, header) => {
    await expect(authorize(eventWith(header(validToken())))).resolves.toEqual(deny);
  });
});

describe('JWKS endpoint failures (token with the genuine kid, verifier with a cold cache): not a deny, a 500', () => {
  let unhandled: ReturnType<typeof watchUnhandledRejections>;
  beforeEach(() => {
    unhandled = watchUnhandledRejections();
  });
  afterEach(() => unhandled.stop());

  /** Lets any late rejection (e.g. from an aborted fetch) surface before it is checked for. */
  const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

  /** How long the authorizer took to give up; it must reject (500, nothing cached), never deny. */
  const timeToFail = async (endpoint: { issuer: string; jwksUri: string }) => {
    const authorizeCold = authorizerFor(oidcEnv(endpoint));
    const started = performance.now();
    await expect(authorizeCold(bearer(signJwt(key, validClaims(endpoint.issuer))))).rejects.toBeInstanceOf(AuthorizerUnavailableError);
    return performance.now() - started;
  };

  it('fails at once when nothing listens on the JWKS port, with no unhandled rejection', async () => {
    const issuer = `http://127.0.0.1:${await unusedLoopbackPort()}`;
    expect(await timeToFail({ issuer, jwksUri: `${issuer}/.well-known/jwks.json` })).toBeLessThan(1000);
    await settle();
    expect(unhandled.reasons).toEqual([]);
  });

  it.each<[string, JwksBehaviour]>([
    ['answers 500', { answer: { message: 'Internal Server Error' }, status: 500 }],
    ['answers 503', { answer: { message: 'Service Unavailable' }, status: 503 }],
    ['answers 404', { answer: { message: 'Not Found' }, status: 404 }],
    ['answers 200 with HTML', { answer: '<html><body>maintenance</body></html>' }],
    ['answers JSON that is not a JWKS', { answer: { keys: 'key-1' } }],
  ])('fails (not a deny) when the JWKS endpoint %s, with no unhandled rejection', async (_case, behaviour) => {
    const server = await serveJwks(behaviour);
    await timeToFail(server);
    expect(server.requests).toHaveLength(1);
    await settle();
    expect(unhandled.reasons).toEqual([]);
  });

  it('denies (a token defect) when the JWKS was fetched but lacks the kid', async () => {
    const server = await serveJwks({ answer: { keys: [] } });
    const authorizeCold = authorizerFor(oidcEnv(server));
    await expect(authorizeCold(bearer(signJwt(key, validClaims(server.issuer))))).resolves.toEqual(deny);
    expect(server.requests).toHaveLength(1);
  });

  it.each<[string, JwksBehaviour]>([
    ['waits 5 s before answering', { answer: jwksOf(key), delayMillis: 5000 }],
    ['sends headers at once but stalls the body for 5 s', { answer: jwksOf(key), stallBodyMillis: 5000 }],
  ])(
    "fails within the fetch time-out, below the function's 5 s, when the JWKS endpoint %s",
    async (_case, behaviour) => {
      const server = await serveJwks(behaviour);
      const elapsed = await timeToFail(server);
      expect(server.requests).toHaveLength(1);
      // Ended by the fetcher's time-out, not by an earlier unrelated failure.
      expect(elapsed).toBeGreaterThanOrEqual(LOCAL_JWKS_TIMEOUT_MILLIS - 200);
      expect(elapsed).toBeLessThan(4000);
      await server.close();
      await settle();
      expect(unhandled.reasons).toEqual([]);
    },
    8000,
  );

  it('logs the failure as an error with its class and message, never the token', async () => {
    const issuer = `http://127.0.0.1:${await unusedLoopbackPort()}`;
    const lines: Array<Record<string, unknown>> = [];
    const recording = {
      error: (message: string, attributes: Record<string, unknown>) => lines.push({ level: 'error', message, ...attributes }),
      info: (message: string, attributes: Record<string, unknown>) => lines.push({ level: 'info', message, ...attributes }),
    } as unknown as Logger;
    const { handler } = createAuthorizerFromEnvironment(oidcEnv({ issuer, jwksUri: `${issuer}/.well-known/jwks.json` }), {
      logger: recording,
    });
    const token = signJwt(key, validClaims(issuer));
    await expect(handler(bearer(token))).rejects.toThrow(/JWKS unavailable: FetchError/);
    expect(lines).toEqual([
      expect.objectContaining({ level: 'error', source: 'JWKS', errorClass: 'FetchError', detail: expect.stringContaining(issuer) }),
    ]);
    expect(JSON.stringify(lines)).not.toContain(token);
  });
});
