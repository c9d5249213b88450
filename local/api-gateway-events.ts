import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2WithLambdaAuthorizer, APIGatewayRequestAuthorizerEventV2, Context } from 'aws-lambda';
import type { AuthorizerContext } from '../lambda/shared/auth/authorizer-context';
import { routeKey, type Route } from '../lib/routes';

/** An HTTP request as API Gateway sees it, before it builds the Lambda events. */
export interface GatewayRequest {
  method: string;
  rawPath: string;
  rawQueryString?: string;
  /** Header names in any case; API Gateway lower-cases them. */
  headers?: Record<string, string | undefined>;
  /** Values of the matched route's `{name}` segments. */
  pathParameters?: Record<string, string>;
  body?: string;
  isBase64Encoded?: boolean;
  requestId?: string;
  sourceIp?: string;
}

const ACCOUNT_ID = '000000000000';

/** Decoded query parameters; a name given more than once gets its values joined by commas, as API Gateway does. */
export const queryParameters = (rawQueryString: string): Record<string, string> => {
  const parameters: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(rawQueryString)) {
    parameters[name] = name in parameters ? `${parameters[name]},${value}` : value;
  }
  return parameters;
};
const API_ID = 'local';

const lowerCaseHeaders = (headers: GatewayRequest['headers'] = {}): Record<string, string> =>
  Object.fromEntries(
    Object.entries(headers)
      .filter((entry): entry is [string, string] => entry[1] !== undefined)
      .map(([name, value]) => [name.toLowerCase(), value]),
  );

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const twoDigits = (value: number) => String(value).padStart(2, '0');

/** API Gateway's `requestContext.time`: `23/Nov/2026:10:00:00 +0000`. */
const gatewayTime = (date: Date): string =>
  `${twoDigits(date.getUTCDate())}/${months[date.getUTCMonth()]}/${date.getUTCFullYear()}:` +
  `${twoDigits(date.getUTCHours())}:${twoDigits(date.getUTCMinutes())}:${twoDigits(date.getUTCSeconds())} +0000`;

const requestContext = (route: Route, request: GatewayRequest, requestId: string) => {
  const now = new Date();
  const headers = lowerCaseHeaders(request.headers);
  return {
    accountId: ACCOUNT_ID,
    apiId: API_ID,
    domainName: headers.host ?? '127.0.0.1',
    domainPrefix: (headers.host ?? '127').split('.')[0] ?? '127',
    http: {
      method: request.method,
      path: request.rawPath,
      protocol: 'HTTP/1.1',
      sourceIp: request.sourceIp ?? '127.0.0.1',
      userAgent: headers['user-agent'] ?? '',
    },
    requestId,
    routeKey: routeKey(route),
    stage: '$default',
    time: gatewayTime(now),
    timeEpoch: now.getTime(),
  };
};

const hasEntries = (record: Record<string, string> | undefined): record is Record<string, string> =>
  record !== undefined && Object.keys(record).length > 0;

const cookiesOf = (headers: Record<string, string>): string[] | undefined => headers.cookie?.split(';').map((cookie) => cookie.trim());

/** The payload-2.0 event API Gateway sends a REQUEST authorizer for this route. */
export const authorizerEvent = (route: Route, request: GatewayRequest): APIGatewayRequestAuthorizerEventV2 => {
  const headers = lowerCaseHeaders(request.headers);
  const context = requestContext(route, request, request.requestId ?? randomUUID());
  return {
    version: '2.0',
    type: 'REQUEST',
    routeArn: `arn:aws:execute-api:us-east-1:${ACCOUNT_ID}:${API_ID}/$default/${route.method}${route.path}`,
    identitySource: headers.authorization === undefined ? [] : [headers.authorization],
    routeKey: context.routeKey,
    rawPath: request.rawPath,
    rawQueryString: request.rawQueryString ?? '',
    cookies: cookiesOf(headers) ?? [],
    headers,
    queryStringParameters: queryParameters(request.rawQueryString ?? ''),
    requestContext: context,
    pathParameters: request.pathParameters ?? {},
    stageVariables: {},
  } as APIGatewayRequestAuthorizerEventV2;
};

/** The payload-2.0 proxy event API Gateway sends the route's function after an allow. */
export const proxyEvent = (
  route: Route,
  request: GatewayRequest,
  authorizer: AuthorizerContext,
): APIGatewayProxyEventV2WithLambdaAuthorizer<AuthorizerContext> => {
  const headers = lowerCaseHeaders(request.headers);
  const query = request.rawQueryString ?? '';
  return {
    version: '2.0',
    routeKey: routeKey(route),
    rawPath: request.rawPath,
    rawQueryString: query,
    ...(cookiesOf(headers) ? { cookies: cookiesOf(headers) } : {}),
    headers,
    ...(query ? { queryStringParameters: queryParameters(query) } : {}),
    // API Gateway leaves `pathParameters` out of the proxy event of a route without any.
    ...(hasEntries(request.pathParameters) ? { pathParameters: request.pathParameters } : {}),
    requestContext: {
      ...requestContext(route, request, request.requestId ?? randomUUID()),
      authorizer: { lambda: authorizer },
    },
    ...(request.body === undefined ? {} : { body: request.body }),
    isBase64Encoded: request.isBase64Encoded ?? false,
  };
};

/** A Lambda context whose remaining time counts down from `timeoutMillis`, as Lambda's does. */
export const lambdaContext = (functionName: string, timeoutMillis: number): Context => {
  const deadline = Date.now() + timeoutMillis;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:${ACCOUNT_ID}:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
};
