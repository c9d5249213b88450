import { once } from 'node:events';
import { type IncomingMessage, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';
import type { AuthorizerResult } from '../../lambda/authorizer/authorize';
import { type Route, routes } from '../../lib/routes';
import { createLocalApi, type LocalApiOptions } from '../../local/local-api';

// The real route table has no path template yet; these routes have the shapes it will.
const fixtureRoute = (id: string, method: Route['method'], path: string): Route => ({ ...routes[0]!, id, method, path });
const checkRoute = fixtureRoute('CheckThing', 'GET', '/v1/things/check');
const getRoute = fixtureRoute('GetThing', 'GET', '/v1/things/{id}');
const createRoute = fixtureRoute('CreateThing', 'POST', '/v1/things/create');

const VALID = 'Bearer valid';
const allow = (token: string): AuthorizerResult => ({ isAuthorized: true, context: { tenantId: token, subject: 'client', scopes: '' } });
const deny: AuthorizerResult = { isAuthorized: false, context: {} };

const startApi = async (options: Partial<LocalApiOptions> = {}) => {
  const authorizerEvents: APIGatewayRequestAuthorizerEventV2[] = [];
  const handlerEvents: Record<string, any>[] = [];
  const echo = (route: Route) => async (event: never) => {
    handlerEvents.push(event);
    return { statusCode: 200, body: JSON.stringify({ routeId: route.id }) };
  };
  const server = createLocalApi({
    routes: [checkRoute, getRoute, createRoute].map((route) => ({ route, handler: echo(route) })),
    authorizer: async (event) => {
      authorizerEvents.push(event);
      const authorization = event.headers?.authorization ?? '';
      return authorization.startsWith('Bearer valid') ? allow(authorization) : deny;
    },
    authorizerCacheTtlSeconds: 300,
    functionTimeoutMillis: 10_000,
    documents: {},
    ...options,
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const call = async (method: string, path: string, authorization?: string) => {
    const response = await fetch(`${url}${path}`, { method, headers: authorization ? { authorization } : {} });
    return { status: response.status, json: await response.json() };
  };
  return { server, url, call, authorizerEvents, handlerEvents };
};

type LocalApi = Awaited<ReturnType<typeof startApi>>;

/** Sends a request whose body starts but never ends, and resolves with the response. */
const requestWithEndlessBody = async (api: LocalApi, headers: Record<string, string>): Promise<IncomingMessage> => {
  const request = httpRequest(`${api.url}/v1/things/create`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
  });
  request.write(Buffer.alloc(64 * 1024, 'a'));
  const [response] = (await once(request, 'response')) as [IncomingMessage];
  response.resume();
  request.destroy();
  return response;
};

describe('local API: routes with path templates', () => {
  let api: LocalApi;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.server.close());

  it('sends a literal path to its static route, not to the template, and leaves pathParameters out', async () => {
    expect(await api.call('GET', '/v1/things/check', VALID)).toEqual({ status: 200, json: { routeId: 'CheckThing' } });
    const event = api.handlerEvents.at(-1)!;
    expect(event.routeKey).toBe('GET /v1/things/check');
    expect(event).not.toHaveProperty('pathParameters');
  });

  it('passes the URL-decoded segment as pathParameters to the authorizer and the handler', async () => {
    expect(await api.call('GET', '/v1/things/a%20b%2Fc', 'Bearer valid-other')).toEqual({ status: 200, json: { routeId: 'GetThing' } });
    expect(api.authorizerEvents.at(-1)!.pathParameters).toEqual({ id: 'a b/c' });
    const event = api.handlerEvents.at(-1)!;
    expect(event.pathParameters).toEqual({ id: 'a b/c' });
    expect(event.routeKey).toBe('GET /v1/things/{id}');
    expect(event.rawPath).toBe('/v1/things/a%20b%2Fc');
  });

  it.each([
    ['another method on a known path', 'DELETE', '/v1/things/123'],
    ['an empty segment', 'GET', '/v1/things/'],
    ['more segments than the template', 'GET', '/v1/things/123/more'],
    ['an unknown path', 'GET', '/v1/nope'],
  ])('answers 404 like API Gateway for %s', async (_case, method, path) => {
    expect(await api.call(method, path, VALID)).toEqual({ status: 404, json: { message: 'Not Found' } });
  });
});

describe('local API: authorization comes before the body', () => {
  let api: LocalApi;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.server.close());

  it('answers 401 without Authorization while the body is still being sent', async () => {
    const response = await requestWithEndlessBody(api, {});
    expect(response.statusCode).toBe(401);
    expect(api.authorizerEvents).toHaveLength(0);
  });

  it('answers 403 for a denied token while the body is still being sent', async () => {
    const response = await requestWithEndlessBody(api, { authorization: 'Bearer forged' });
    expect(response.statusCode).toBe(403);
    expect(api.handlerEvents).toHaveLength(0);
  });

  it('answers 401, not 413, to a body over 10 MiB without Authorization', async () => {
    const response = await fetch(`${api.url}/v1/things/create`, { method: 'POST', body: Buffer.alloc(11 * 1024 * 1024, 'a') });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ message: 'Unauthorized' });
  });

  it('still answers 413 to an authorized body over 10 MiB, without calling the handler', async () => {
    const response = await fetch(`${api.url}/v1/things/create`, {
      method: 'POST',
      headers: { authorization: VALID },
      body: Buffer.alloc(11 * 1024 * 1024, 'a'),
    });
    expect(response.status).toBe(413);
    expect(api.handlerEvents).toHaveLength(0);
  });

  it('passes an authorized body on to the handler', async () => {
    const response = await fetch(`${api.url}/v1/things/create`, { method: 'POST', headers: { authorization: VALID }, body: '{"a":1}' });
    expect(response.status).toBe(200);
    expect(api.handlerEvents.at(-1)!.body).toBe('{"a":1}');
  });
});

describe('local API: the authorizer cache', () => {
  it('caches an allow per token, so the authorizer runs once for repeated calls', async () => {
    const api = await startApi();
    try {
      for (let call = 0; call < 3; call += 1) expect((await api.call('GET', '/v1/things/check', VALID)).status).toBe(200);
      expect(api.authorizerEvents).toHaveLength(1);
    } finally {
      api.server.close();
    }
  });

  it('does not cache a denial: each request with a refused token asks the authorizer again', async () => {
    const api = await startApi();
    try {
      for (let call = 0; call < 3; call += 1) expect((await api.call('GET', '/v1/things/check', 'Bearer forged')).status).toBe(403);
      expect(api.authorizerEvents).toHaveLength(3);
    } finally {
      api.server.close();
    }
  });

  it('keeps at most authorizerCacheMaxEntries tokens, dropping the least recently used', async () => {
    const api = await startApi({ authorizerCacheMaxEntries: 2 });
    try {
      for (const token of ['Bearer valid-1', 'Bearer valid-2', 'Bearer valid-1', 'Bearer valid-3']) {
        expect((await api.call('GET', '/v1/things/check', token)).status).toBe(200);
      }
      expect(api.authorizerEvents).toHaveLength(3);
      await api.call('GET', '/v1/things/check', 'Bearer valid-1');
      await api.call('GET', '/v1/things/check', 'Bearer valid-3');
      expect(api.authorizerEvents).toHaveLength(3);
      await api.call('GET', '/v1/things/check', 'Bearer valid-2');
      expect(api.authorizerEvents.map((event) => event.headers?.authorization)).toEqual([
        'Bearer valid-1',
        'Bearer valid-2',
        'Bearer valid-3',
        'Bearer valid-2',
      ]);
    } finally {
      api.server.close();
    }
  });
});
