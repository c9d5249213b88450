import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayProxyStructuredResultV2, APIGatewayRequestAuthorizerEventV2, Context } from 'aws-lambda';
import type { AuthorizerResult } from '../lambda/authorizer/authorize';
import type { AuthorizerContext } from '../lambda/shared/auth/authorizer-context';
import type { Route } from '../lib/routes';
import { authorizerEvent, type GatewayRequest, lambdaContext, proxyEvent } from './api-gateway-events';
import { createAuthorizerCache } from './authorizer-cache';
import { createRouteMatcher } from './route-matcher';

export type LocalRouteHandler = (event: never, context: Context) => Promise<APIGatewayProxyStructuredResultV2 | string | undefined>;
export type LocalAuthorizer = (event: APIGatewayRequestAuthorizerEventV2) => Promise<AuthorizerResult>;

export interface LocalApiOptions {
  routes: readonly { route: Route; handler: LocalRouteHandler }[];
  authorizer: LocalAuthorizer;
  authorizerCacheTtlSeconds: number;
  /** Most tokens whose answer is cached at once; 1,000 unless given. */
  authorizerCacheMaxEntries?: number;
  functionTimeoutMillis: number;
  /** Extra GET documents served as they are (JWKS, openapi.yml). */
  documents: Record<string, { contentType: string; body: () => string }>;
  onError?: (error: unknown) => void;
}

// API Gateway HTTP APIs reject payloads over 10 MB before any integration runs.
const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;
const DEFAULT_AUTHORIZER_CACHE_MAX_ENTRIES = 1000;

const gatewayError = (response: ServerResponse, statusCode: number, message: string) => {
  response.writeHead(statusCode, { 'content-type': 'application/json' });
  response.end(JSON.stringify({ message }));
};

const readBody = async (request: IncomingMessage): Promise<Buffer | 'too large'> => {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_PAYLOAD_BYTES) return 'too large';
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
};

// API Gateway passes text through and base64-encodes what is not valid UTF-8.
const encodeBody = (body: Buffer): Pick<GatewayRequest, 'body' | 'isBase64Encoded'> => {
  if (body.length === 0) return { isBase64Encoded: false };
  const text = body.toString('utf8');
  return Buffer.from(text, 'utf8').equals(body)
    ? { body: text, isBase64Encoded: false }
    : { body: body.toString('base64'), isBase64Encoded: true };
};

const writeResult = (response: ServerResponse, result: APIGatewayProxyStructuredResultV2 | string | undefined, requestId: string) => {
  // A string or missing result is what API Gateway's payload 2.0 treats as a 200 JSON body.
  const structured =
    typeof result === 'object' && result !== null && 'statusCode' in result
      ? result
      : { statusCode: 200, body: JSON.stringify(result ?? '') };
  const body = structured.body === undefined ? '' : Buffer.from(structured.body, structured.isBase64Encoded ? 'base64' : 'utf8');
  const headers: Record<string, string | string[]> = { ...(structured.headers as Record<string, string>), 'apigw-requestid': requestId };
  if (structured.cookies?.length) headers['set-cookie'] = structured.cookies;
  response.writeHead(structured.statusCode ?? 200, headers);
  response.end(body);
};

/**
 * An HTTP server that behaves like the deployed API Gateway HTTP API for the routes of the
 * route table: it builds the v2 authorizer and proxy events, calls the real modules, caches
 * the authorizer's answer per token, and answers 401/403/404/413 the way API Gateway does, and
 * 500 (nothing cached) when the authorizer fails.
 */
export const createLocalApi = (options: LocalApiOptions): Server => {
  const matchRoute = createRouteMatcher(options.routes.map(({ route }) => route));
  const handlerOf = new Map(options.routes.map(({ route, handler }) => [route, handler]));
  const authorizerCache = createAuthorizerCache<AuthorizerResult>({
    ttlMillis: options.authorizerCacheTtlSeconds * 1000,
    maxEntries: options.authorizerCacheMaxEntries ?? DEFAULT_AUTHORIZER_CACHE_MAX_ENTRIES,
  });

  // Denials are not cached: a flood of bad tokens must not fill the cache. An authorizer that
  // throws (JWKS or tenant registry unavailable) is 'failed': API Gateway answers 500 and
  // caches nothing, so the next request with that token calls the authorizer again.
  const authorize = async (route: Route, request: GatewayRequest, token: string): Promise<AuthorizerResult | 'failed'> => {
    const cached = authorizerCache.get(token);
    if (cached) return cached;
    let result: AuthorizerResult;
    try {
      result = await options.authorizer(authorizerEvent(route, request));
    } catch (error) {
      options.onError?.(error);
      return 'failed';
    }
    if (result.isAuthorized) authorizerCache.set(token, result);
    return result;
  };

  const handle = async (incoming: IncomingMessage, response: ServerResponse) => {
    const url = new URL(incoming.url ?? '/', 'http://127.0.0.1');
    const method = incoming.method ?? 'GET';
    const document = options.documents[url.pathname];
    if (method === 'GET' && document) {
      response.writeHead(200, { 'content-type': document.contentType });
      response.end(document.body());
      return;
    }
    const match = matchRoute(method, url.pathname);
    if (!match) return gatewayError(response, 404, 'Not Found');

    const requestId = randomUUID();
    const request: GatewayRequest = {
      method,
      rawPath: url.pathname,
      rawQueryString: url.search.slice(1),
      headers: incoming.headers as Record<string, string>,
      pathParameters: match.pathParameters,
      requestId,
      sourceIp: incoming.socket.remoteAddress ?? '127.0.0.1',
    };

    // The body is read only for an authorized request: nobody without a valid token makes
    // the server buffer up to 10 MB.
    const authorization = incoming.headers.authorization;
    if (!authorization) return gatewayError(response, 401, 'Unauthorized');
    const decision = await authorize(match.route, request, authorization);
    if (decision === 'failed') return gatewayError(response, 500, 'Internal Server Error');
    if (!decision.isAuthorized) return gatewayError(response, 403, 'Forbidden');

    const body = await readBody(incoming);
    if (body === 'too large') return gatewayError(response, 413, 'Request Entity Too Large');
    const event = proxyEvent(match.route, { ...request, ...encodeBody(body) }, decision.context as AuthorizerContext);
    const result = await handlerOf.get(match.route)!(
      event as never,
      lambdaContext(match.route.id, match.route.timeoutSeconds ? match.route.timeoutSeconds * 1000 : options.functionTimeoutMillis),
    );
    writeResult(response, result, requestId);
  };

  return createServer((incoming, response) => {
    handle(incoming, response).catch((error: unknown) => {
      options.onError?.(error);
      // What API Gateway answers when an authorizer or integration fails.
      if (!response.headersSent) gatewayError(response, 500, 'Internal Server Error');
      else response.destroy();
    });
  });
};

export const fileDocument = (contentType: string, file: string) => ({ contentType, body: () => readFileSync(file, 'utf8') });
