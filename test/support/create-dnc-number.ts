import { randomUUID } from 'node:crypto';
import type { AuthorizerContext } from '../../lambda/shared/auth/authorizer-context';
import { lambdaContext, proxyEvent } from '../../local/api-gateway-events';
import { findRoute, scopes } from '../../lib/routes';
import type { HttpResponse } from '../../lambda/shared/http/response';

export const CREATE_PATH = '/v1/dnc_numbers/create';
export const createRoute = findRoute(`POST ${CREATE_PATH}`)!;

export interface CreateRequest {
  /** An object is sent as JSON; a string is sent as it is. */
  body?: unknown;
  headers?: Record<string, string | undefined>;
  authorizer?: Partial<AuthorizerContext>;
  isBase64Encoded?: boolean;
  timeoutMillis?: number;
}

export const newTenant = (): string => `tenant-${randomUUID()}`;

/** Invokes the real create handler module with the event API Gateway would send. */
export const invokeCreate = async (request: CreateRequest = {}) => {
  const { handler } = await import('../../lambda/create-dnc-number/index');
  const body = request.body === undefined || typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
  const event = proxyEvent(
    createRoute,
    {
      method: 'POST',
      rawPath: CREATE_PATH,
      headers: { 'content-type': 'application/json', ...request.headers },
      ...(body === undefined ? {} : { body: body as string }),
      isBase64Encoded: request.isBase64Encoded ?? false,
    },
    { tenantId: newTenant(), subject: 'client-1', scopes: `${scopes.write} ${scopes.read}`, ...request.authorizer } as AuthorizerContext,
  );
  const response = (await handler(event as never, lambdaContext('CreateDncNumber', request.timeoutMillis ?? 10_000))) as HttpResponse;
  return { ...response, json: JSON.parse(response.body) as Record<string, any> };
};
