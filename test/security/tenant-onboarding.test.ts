/**
 * Issue 11 §2: tenants are data. Tenants are onboarded with the code of `npm run tenant`
 * (Cognito replaced by an in-memory `MachineClients`), against the real registry table in
 * DynamoDB Local; their clients' access tokens are signed with local RS256 keys and go through
 * the local API Gateway emulation, the real authorizer in registry mode and the real handlers.
 */
import { loadHandler } from '../../local/handler-modules';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';
import { addTenant, rotateSecret, setTenantStatus } from '../../cli/tenant/tenant-commands';
import { AuthorizerUnavailableError } from '../../lambda/authorizer/authorizer-failure';
import type { AuthorizerResult } from '../../lambda/authorizer/authorize';
import { createAuthorizerFromEnvironment, REGISTRY_CACHE } from '../../lambda/authorizer/authorizer-from-environment';
import { routes, scopes } from '../../lib/routes';
import { generateSigningKey, jwksOf, signJwt } from '../../local/jwt';
import { createLocalApi, type LocalRouteHandler } from '../../local/local-api';
import { newRegistryTenantId, tenantCommandContext, tenantRegistryTableName } from '../support/tenant-registry';
import { unusedLoopbackPort } from './support/loopback-jwks';

const USER_POOL_ID = 'eu-west-1_TenantsTest';
const COGNITO_ISSUER = `https://cognito-idp.eu-west-1.amazonaws.com/${USER_POOL_ID}`;
const key = generateSigningKey();
const logger = new Logger({ serviceName: 'tenant-onboarding-test', logLevel: 'SILENT' });
const now = () => Math.floor(Date.now() / 1000);

const registryEnvironment = (overrides: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
  USER_POOL_ID,
  USER_POOL_CLIENT_IDS: '',
  TENANT_SOURCE: 'registry',
  TENANT_REGISTRY_TABLE_NAME: tenantRegistryTableName(),
  TENANT_CLAIM: '',
  DYNAMODB_ENDPOINT: process.env.DYNAMODB_ENDPOINT,
  ...overrides,
});

/** A Cognito client-credentials access token of `clientId`; each one distinct (jti), so no gateway cache hit is shared. */
const accessToken = (clientId: string) =>
  signJwt(key, {
    iss: COGNITO_ISSUER,
    sub: clientId,
    client_id: clientId,
    token_use: 'access',
    scope: `${scopes.write} ${scopes.read}`,
    jti: randomUUID(),
    iat: now(),
    exp: now() + 3600,
  });

type Authorize = (event: APIGatewayRequestAuthorizerEventV2) => Promise<AuthorizerResult>;

/** The local API Gateway over every route's real handler, with `authorize` counted. */
const startGateway = async (authorize: Authorize) => {
  const handlers = await Promise.all(routes.map(async (route) => ({ route, handler: await loadHandler<LocalRouteHandler>(route.entry) })));
  let authorizerCalls = 0;
  const failures: unknown[] = [];
  const server: Server = createLocalApi({
    routes: handlers,
    authorizer: (event) => {
      authorizerCalls += 1;
      return authorize(event);
    },
    authorizerCacheTtlSeconds: 300,
    functionTimeoutMillis: 10_000,
    documents: {},
    onError: (error) => failures.push(error),
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const call = async (token: string, method: string, path: string, body?: unknown) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, json: (await response.json()) as any };
  };
  return {
    call,
    failures,
    authorizerCalls: () => authorizerCalls,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};

const PHONE = '+14155550177';
const create = (token: string, phoneNumber = PHONE) =>
  gateway.call(token, 'POST', '/v1/dnc_numbers/create', {
    phoneNumber,
    reason: 'asked not to be called',
  });
const check = (token: string, phoneNumber = PHONE) =>
  gateway.call(token, 'GET', `/v1/dnc_numbers/check?phoneNumber=${encodeURIComponent(phoneNumber)}`);
const list = (token: string) => gateway.call(token, 'GET', '/v1/dnc_numbers/list?size=100');

// The registry cache's clock: moved by hand to show when a change takes effect.
let clock = Date.now();
const registryCache = { ...REGISTRY_CACHE, now: () => clock };
const passTheRegistryCache = () => {
  clock += REGISTRY_CACHE.allowedTtlMillis + 1;
};

const { verifier, handler: authorize } = createAuthorizerFromEnvironment(registryEnvironment(), { logger, registryCache });
verifier.cacheJwks(jwksOf(key));
const context = tenantCommandContext();
let gateway: Awaited<ReturnType<typeof startGateway>>;
beforeAll(async () => {
  gateway = await startGateway(authorize);
});
afterAll(async () => {
  await gateway.close();
  context.documents.destroy();
});

describe('two tenants onboarded with npm run tenant', () => {
  const acme = newRegistryTenantId();
  const globex = newRegistryTenantId();
  let acmeClient: string;
  let globexClient: string;
  beforeAll(async () => {
    ({ clientId: acmeClient } = await addTenant(context, acme));
    ({ clientId: globexClient } = await addTenant(context, globex));
  });

  it('each client acts for its own tenant, and neither sees the other’s entries', async () => {
    const phoneNumber = `+1415${String(Date.now()).slice(-7)}`;
    expect((await create(accessToken(acmeClient), phoneNumber)).status).toBe(201);

    expect((await check(accessToken(acmeClient), phoneNumber)).json).toMatchObject({ blocked: true });
    expect((await check(accessToken(globexClient), phoneNumber)).json).toEqual({ phoneNumber, blocked: false, entries: [] });
    const globexList = await list(accessToken(globexClient));
    expect(globexList.status).toBe(200);
    expect(JSON.stringify(globexList.json)).not.toContain(phoneNumber);
    expect(JSON.stringify((await list(accessToken(acmeClient))).json)).toContain(phoneNumber);

    // The same number in the other tenant is a new entry there, not a duplicate.
    expect((await create(accessToken(globexClient), phoneNumber)).status).toBe(201);
  });

  it('the tenant id is the operator’s, not the client id: entries are stored under it', async () => {
    const result = await authorize(eventFor(accessToken(acmeClient)));
    expect(result).toEqual({
      isAuthorized: true,
      context: { tenantId: acme, subject: acmeClient, scopes: `${scopes.write} ${scopes.read}` },
    });
  });
});

describe('rotating a tenant’s secret', () => {
  const tenantId = newRegistryTenantId();

  it('gives a new client that sees the tenant’s entries; the retired client is refused once the registry cache has passed', async () => {
    const { clientId: first } = await addTenant(context, tenantId);
    expect((await create(accessToken(first))).status).toBe(201);

    const rotated = await rotateSecret(context, tenantId);
    expect(rotated.retired).toEqual([{ clientId: first, deletedFromIdentityProvider: true }]);
    expect(context.clients.ids).not.toContain(first);
    expect((await check(accessToken(rotated.clientId))).json).toMatchObject({ blocked: true });
    expect((await create(accessToken(rotated.clientId))).status).toBe(409);

    // This execution environment read "active" for it a moment ago, and reuses that for 60 s.
    expect((await check(accessToken(first))).status).toBe(200);
    passTheRegistryCache();
    expect(await check(accessToken(first))).toEqual({ status: 403, json: { message: 'Forbidden' } });
  });

  it('keeps the previous client working with --keep-previous', async () => {
    const kept = newRegistryTenantId();
    const { clientId: first } = await addTenant(context, kept);
    const rotated = await rotateSecret(context, kept, { keepPrevious: true });
    expect(rotated.retired).toEqual([]);
    passTheRegistryCache();
    expect((await check(accessToken(first))).status).toBe(200);
    expect((await check(accessToken(rotated.clientId))).status).toBe(200);
  });
});

describe('refused clients (403 at the gateway)', () => {
  it('refuses a client of the pool that is not registered', async () => {
    const { clientId } = await context.clients.create('never-registered');
    expect(await check(accessToken(clientId))).toEqual({ status: 403, json: { message: 'Forbidden' } });
  });

  it('refuses every client of a disabled tenant, and accepts them again once enabled; the data stays', async () => {
    const tenantId = newRegistryTenantId();
    const { clientId } = await addTenant(context, tenantId);
    const phoneNumber = '+14155550199';
    expect((await create(accessToken(clientId), phoneNumber)).status).toBe(201);

    await setTenantStatus(context, tenantId, 'disabled');
    passTheRegistryCache();
    expect((await check(accessToken(clientId), phoneNumber)).status).toBe(403);

    await setTenantStatus(context, tenantId, 'active');
    clock += REGISTRY_CACHE.refusedTtlMillis + 1;
    expect((await check(accessToken(clientId), phoneNumber)).json).toMatchObject({ blocked: true });
  });

  it('accepts a client registered a moment after it was refused, once the short refusal cache has passed', async () => {
    const tenantId = newRegistryTenantId();
    const { clientId } = await context.clients.create('registered-late');
    expect((await check(accessToken(clientId))).status).toBe(403);
    await addTenant(context, tenantId, { existingClientId: clientId });
    expect((await check(accessToken(clientId))).status).toBe(403);
    clock += REGISTRY_CACHE.refusedTtlMillis + 1;
    expect((await check(accessToken(clientId))).status).toBe(200);
  });
});

const eventFor = (token: string): APIGatewayRequestAuthorizerEventV2 =>
  ({
    type: 'REQUEST',
    routeArn: 'arn:aws:execute-api:eu-west-1:123456789012:api/$default/GET/v1/dnc_numbers/check',
    headers: { authorization: `Bearer ${token}` },
    identitySource: [`Bearer ${token}`],
  }) as unknown as APIGatewayRequestAuthorizerEventV2;

describe('infrastructure failures are not denials: the authorizer throws, the gateway answers 500 and caches nothing', () => {
  const expectUncached500 = async (failing: Authorize, token: string) => {
    const failingGateway = await startGateway(failing);
    try {
      for (let attempt = 1; attempt <= 2; attempt += 1) {
        const response = await failingGateway.call(token, 'GET', `/v1/dnc_numbers/check?phoneNumber=${encodeURIComponent(PHONE)}`);
        expect(response).toEqual({ status: 500, json: { message: 'Internal Server Error' } });
        expect(failingGateway.authorizerCalls()).toBe(attempt);
      }
      expect(failingGateway.failures).toEqual([expect.any(AuthorizerUnavailableError), expect.any(AuthorizerUnavailableError)]);
    } finally {
      await failingGateway.close();
    }
  };

  it('when the registry table cannot be reached', async () => {
    const { verifier: v, handler } = createAuthorizerFromEnvironment(
      registryEnvironment({ DYNAMODB_ENDPOINT: `http://127.0.0.1:${await unusedLoopbackPort()}` }),
      { logger },
    );
    v.cacheJwks(jwksOf(key));
    const { clientId } = await addTenant(context, newRegistryTenantId());
    await expect(handler(eventFor(accessToken(clientId)))).rejects.toThrow(/^tenant registry unavailable: /);
    await expectUncached500(handler, accessToken(clientId));
  });

  it('when the registry table does not exist', async () => {
    const { verifier: v, handler } = createAuthorizerFromEnvironment(registryEnvironment({ TENANT_REGISTRY_TABLE_NAME: 'no-such-table' }), {
      logger,
    });
    v.cacheJwks(jwksOf(key));
    await expect(handler(eventFor(accessToken('client-x')))).rejects.toThrow(/tenant registry unavailable: ResourceNotFoundException/);
  });

  it('when the JWKS cannot be fetched', async () => {
    const issuer = `http://127.0.0.1:${await unusedLoopbackPort()}`;
    const { handler } = createAuthorizerFromEnvironment(
      { JWT_ISSUER: issuer, JWT_AUDIENCE: 'dnc-api', TENANT_SOURCE: 'claim', TENANT_CLAIM: 'org' },
      { logger },
    );
    const token = signJwt(key, { iss: issuer, aud: 'dnc-api', sub: 's', org: 'acme', iat: now(), exp: now() + 600 });
    await expect(handler(eventFor(token))).rejects.toThrow(/^JWKS unavailable: FetchError/);
    await expectUncached500(handler, token);
  });

  it('logs the registry failure as an error with its class and message', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const recording = {
      error: (message: string, attributes: Record<string, unknown>) => lines.push({ level: 'error', message, ...attributes }),
      info: (message: string, attributes: Record<string, unknown>) => lines.push({ level: 'info', message, ...attributes }),
    } as unknown as Logger;
    const { verifier: v, handler } = createAuthorizerFromEnvironment(registryEnvironment({ TENANT_REGISTRY_TABLE_NAME: 'no-such-table' }), {
      logger: recording,
    });
    v.cacheJwks(jwksOf(key));
    await expect(handler(eventFor(accessToken('client-x')))).rejects.toBeInstanceOf(AuthorizerUnavailableError);
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'error',
        source: 'tenant registry',
        errorClass: 'ResourceNotFoundException',
        detail: expect.any(String),
      }),
    ]);
  });
});
