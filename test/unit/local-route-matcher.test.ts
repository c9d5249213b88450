import { queryParameters } from '../../local/api-gateway-events';
import { createRouteMatcher } from '../../local/route-matcher';

// The shapes the route table is getting; today it has only static routes.
const fixtureRoutes = [
  { method: 'GET', path: '/v1/dnc_numbers/{id}' },
  { method: 'GET', path: '/v1/dnc_numbers/check' },
  { method: 'POST', path: '/v1/dnc_numbers/check' },
  { method: 'GET', path: '/v1/dnc_numbers/list' },
  { method: 'POST', path: '/v1/dnc_numbers/create' },
  { method: 'DELETE', path: '/v1/dnc_numbers/{id}' },
  { method: 'GET', path: '/v1/tenants/{tenantId}/numbers/{id}' },
] as const;

const matchRoute = createRouteMatcher(fixtureRoutes);
const routeOf = (method: string, path: string) => {
  const match = matchRoute(method, path);
  return match && { route: `${match.route.method} ${match.route.path}`, pathParameters: match.pathParameters };
};

describe('createRouteMatcher: API Gateway HTTP API route selection', () => {
  it.each([
    ['GET', '/v1/dnc_numbers/check', 'GET /v1/dnc_numbers/check'],
    ['POST', '/v1/dnc_numbers/check', 'POST /v1/dnc_numbers/check'],
    ['GET', '/v1/dnc_numbers/list', 'GET /v1/dnc_numbers/list'],
    ['POST', '/v1/dnc_numbers/create', 'POST /v1/dnc_numbers/create'],
  ])('%s %s: the static route wins, with no path parameters', (method, path, route) => {
    expect(routeOf(method, path)).toEqual({ route, pathParameters: {} });
  });

  it('matches a {name} segment and names its value', () => {
    expect(routeOf('GET', '/v1/dnc_numbers/3f0c9a3e')).toEqual({ route: 'GET /v1/dnc_numbers/{id}', pathParameters: { id: '3f0c9a3e' } });
    expect(routeOf('DELETE', '/v1/dnc_numbers/check')).toEqual({ route: 'DELETE /v1/dnc_numbers/{id}', pathParameters: { id: 'check' } });
  });

  it('URL-decodes the value, including an encoded slash, and keeps undecodable text as sent', () => {
    expect(routeOf('GET', '/v1/dnc_numbers/%2B1%20415%2F555')?.pathParameters).toEqual({ id: '+1 415/555' });
    expect(routeOf('GET', '/v1/dnc_numbers/100%')?.pathParameters).toEqual({ id: '100%' });
  });

  it('matches several variables in one path', () => {
    expect(routeOf('GET', '/v1/tenants/acme/numbers/42')).toEqual({
      route: 'GET /v1/tenants/{tenantId}/numbers/{id}',
      pathParameters: { tenantId: 'acme', id: '42' },
    });
  });

  it('prefers the route with a literal segment earlier, whatever the table order', () => {
    const matcher = createRouteMatcher([
      { method: 'GET', path: '/a/{x}/c' },
      { method: 'GET', path: '/a/b/{y}' },
      { method: 'GET', path: '/a/{x}/{y}' },
    ]);
    expect(matcher('GET', '/a/b/c')?.route.path).toBe('/a/b/{y}');
    expect(matcher('GET', '/a/z/c')?.route.path).toBe('/a/{x}/c');
    expect(matcher('GET', '/a/z/q')?.route.path).toBe('/a/{x}/{y}');
  });

  it.each([
    ['another method on a known path', 'PUT', '/v1/dnc_numbers/check'],
    ['another method on a templated path', 'POST', '/v1/dnc_numbers/123'],
    ['an empty variable segment', 'GET', '/v1/dnc_numbers/'],
    ['an extra segment', 'GET', '/v1/dnc_numbers/123/more'],
    ['a missing segment', 'GET', '/v1/dnc_numbers'],
    ['a different prefix', 'GET', '/v2/dnc_numbers/123'],
    ['a lower-case method', 'get', '/v1/dnc_numbers/check'],
  ])('matches nothing (API Gateway answers 404) for %s', (_case, method, path) => {
    expect(matchRoute(method, path)).toBeUndefined();
  });

  it('refuses a greedy {proxy+} template it does not emulate', () => {
    expect(() => createRouteMatcher([{ method: 'GET', path: '/v1/{proxy+}' }])).toThrow('greedy path variables');
  });
});

describe('queryParameters (API Gateway v2 queryStringParameters)', () => {
  it('decodes values and joins repeated names with commas', () => {
    expect(queryParameters('size=10&userId=a&userId=b&phoneNumber=%2B1415&q=a+b')).toEqual({
      size: '10',
      userId: 'a,b',
      phoneNumber: '+1415',
      q: 'a b',
    });
  });
});
