import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2WithLambdaAuthorizer, Context } from 'aws-lambda';
import type { AuthorizerContext } from '../../lambda/shared/auth/authorizer-context';
import type { HttpResponse } from '../../lambda/shared/http/response';
import { routeById, scopes } from '../../lib/routes';
import { lambdaContext, proxyEvent } from '../../local/api-gateway-events';
import { loadHandler } from '../../local/handler-modules';
import { expectDocumentedResponse } from './openapi';

export interface RouteRequest {
  /** An object is sent as JSON; a string is sent as it is. */
  body?: unknown;
  /**
   * A record is percent-encoded as a client would send it; a string is the raw query string
   * exactly as it arrives (e.g. `phoneNumber=+14155550100`, whose `+` API Gateway decodes to a space).
   */
  query?: Record<string, string> | string;
  /** Values of the route's `{name}` segments; also substituted into the request path. */
  pathParameters?: Record<string, string>;
  /** Merged over the defaults (`content-type: application/json` for routes with a body); `undefined` removes one. */
  headers?: Record<string, string | undefined>;
  /** Merged over the default caller: a fresh tenant, subject `client-1`, scopes `dnc/write dnc/read`. */
  authorizer?: Partial<AuthorizerContext>;
  isBase64Encoded?: boolean;
  timeoutMillis?: number;
  /** Assert the response is one openapi.yml documents for the route (default true). */
  validate?: boolean;
}

export interface RouteResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  json: any;
}

type RouteHandler = (event: APIGatewayProxyEventV2WithLambdaAuthorizer<AuthorizerContext>, context: Context) => Promise<unknown>;

/** A tenant id no other test uses: tests isolate themselves by tenant in the one shared table. */
export const newTenant = (): string => `tenant-${randomUUID()}`;

export const defaultAuthorizer = (): AuthorizerContext => ({
  tenantId: newTenant(),
  subject: 'client-1',
  scopes: `${scopes.write} ${scopes.read}`,
});

const rawQueryStringOf = (query: RouteRequest['query']): string | undefined => {
  if (query === undefined) return undefined;
  return typeof query === 'string' ? query : new URLSearchParams(query).toString();
};

const pathOf = (template: string, parameters: Record<string, string> = {}): string =>
  template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = parameters[name];
    if (value === undefined) throw new Error(`invokeRoute: path ${template} needs pathParameters.${name}`);
    return encodeURIComponent(value);
  });

const stringHeaders = (headers: HttpResponse['headers']): Record<string, string> =>
  Object.fromEntries(Object.entries(headers ?? {}).map(([name, value]) => [name, String(value)]));

/**
 * Invokes a route's real handler module (the route table's `entry`) with the payload-2.0 event
 * API Gateway would send after an authorizer allow, and by default checks the answer against
 * openapi.yml.
 */
export const invokeRoute = async (routeId: string, request: RouteRequest = {}): Promise<RouteResponse> => {
  const route = routeById(routeId);
  const handler = await loadHandler<RouteHandler>(route.entry);
  const body = request.body === undefined || typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
  const rawQueryString = rawQueryStringOf(request.query);
  const event = proxyEvent(
    route,
    {
      method: route.method,
      rawPath: pathOf(route.path, request.pathParameters),
      headers: { ...(route.maxBodyBytes === undefined ? {} : { 'content-type': 'application/json' }), ...request.headers },
      ...(rawQueryString === undefined ? {} : { rawQueryString }),
      ...(request.pathParameters === undefined ? {} : { pathParameters: request.pathParameters }),
      ...(body === undefined ? {} : { body }),
      isBase64Encoded: request.isBase64Encoded ?? false,
    },
    { ...defaultAuthorizer(), ...request.authorizer },
  );
  const response = (await handler(event, lambdaContext(route.id, request.timeoutMillis ?? 10_000))) as HttpResponse;
  if (request.validate ?? true) expectDocumentedResponse(route.method, route.path, response);
  let json: unknown;
  try {
    json = JSON.parse(response.body);
  } catch {
    throw new Error(`${route.id} answered ${response.statusCode} with a body that is not JSON: ${response.body}`);
  }
  return { statusCode: response.statusCode, headers: stringHeaders(response.headers), body: response.body, json };
};
