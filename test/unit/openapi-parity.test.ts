import { routes } from '../../lib/routes';
import { openApiDocument } from '../support/openapi';

type Described = { method: string; path: string; operationId: string; scopes: string[] };

const fromRouteTable: Described[] = routes.map((route) => ({
  method: route.method,
  path: route.path,
  operationId: route.operationId,
  scopes: [route.scope],
}));

const fromOpenApi: Described[] = Object.entries(openApiDocument.paths).flatMap(([path, operations]) =>
  Object.entries(operations).map(([method, operation]) => ({
    method: method.toUpperCase(),
    path,
    operationId: operation.operationId,
    scopes: operation.security?.flatMap((requirement) => requirement.oauth2 ?? []) ?? [],
  })),
);

const byKey = (described: Described[]) => [...described].sort((a, b) => `${a.method} ${a.path}`.localeCompare(`${b.method} ${b.path}`));

describe('lib/routes.ts ↔ openapi.yml', () => {
  it('documents every route of the route table, and nothing else, with the same operationId and scope', () => {
    expect(byKey(fromOpenApi)).toEqual(byKey(fromRouteTable));
  });

  it('gives every operation a unique operationId', () => {
    const ids = fromOpenApi.map(({ operationId }) => operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('documents the error answers every route can give (400, 401, 403, 429 from the stage throttle, 500, 503)', () => {
    for (const { method, path } of fromRouteTable) {
      const responses = Object.keys(openApiDocument.paths[path]![method.toLowerCase()]!.responses);
      expect({ route: `${method} ${path}`, responses }).toEqual({
        route: `${method} ${path}`,
        responses: expect.arrayContaining(['400', '401', '403', '429', '500', '503']),
      });
    }
  });

  it('documents 413 and 415 exactly for the routes that take a body', () => {
    for (const route of routes) {
      const responses = Object.keys(openApiDocument.paths[route.path]![route.method.toLowerCase()]!.responses);
      const takesBody = route.maxBodyBytes !== undefined;
      expect({ route: route.id, has413: responses.includes('413'), has415: responses.includes('415') }).toEqual({
        route: route.id,
        has413: takesBody,
        has415: takesBody,
      });
    }
  });
});
