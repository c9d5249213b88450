import type { Context } from 'aws-lambda';
import { checkBodySchema } from '../../lambda/shared/domain/check-dnc-numbers';
import { entryPathSchema } from '../../lambda/shared/domain/entry-id';
import { httpHandler } from '../../lambda/shared/http/http-handler';
import { idempotencyHeaders } from '../../lambda/shared/http/idempotency-key';
import type { HttpResponse } from '../../lambda/shared/http/response';
import { routeById, scopes } from '../../lib/routes';
import { lambdaContext, proxyEvent } from '../../local/api-gateway-events';

const ID = '550e8400-e29b-41d4-a716-446655440000';
const ALL_SCOPES = `${scopes.write} ${scopes.read} ${scopes.delete}`;

/** The event API Gateway sends `routeId`'s function for `/v1/dnc_numbers/{id}` routes, from a token with every scope. */
const entryEvent = (routeId: string) =>
  proxyEvent(
    routeById(routeId),
    { method: routeById(routeId).method, rawPath: `/v1/dnc_numbers/${ID}`, pathParameters: { id: ID } },
    { tenantId: 'tenant-a', subject: 'client-1', scopes: ALL_SCOPES },
  );

/** GetDncNumber's chain around an action that must never run. */
const getHandler = (action: jest.Mock) =>
  httpHandler('GetDncNumber', { path: entryPathSchema }, action) as unknown as (event: unknown, context: Context) => Promise<HttpResponse>;

describe('httpHandler', () => {
  it.each([
    ['CreateDncNumber', 'a route with maxBodyBytes but no body schema', { headers: idempotencyHeaders }],
    ['GetDncNumber', 'a body schema for a route without maxBodyBytes', { path: entryPathSchema, body: checkBodySchema }],
  ])('refuses to build %s with %s', (routeId, _case, schemas) => {
    expect(() => httpHandler(routeId, schemas, jest.fn())).toThrow(`route ${routeId}: a body schema and maxBodyBytes go together`);
  });

  it('answers 403 Forbidden, never reaching the action, to an event for another route', async () => {
    const action = jest.fn();
    const response = await getHandler(action)(entryEvent('DeleteDncNumber'), lambdaContext('GetDncNumber', 10_000));
    expect(response.statusCode).toBe(403);
    expect(JSON.parse(response.body)).toEqual({ message: 'Forbidden', error: 'Forbidden', statusCode: 403 });
    expect(action).not.toHaveBeenCalled();
  });

  it('answers 403 Forbidden, never reaching the action, to an event without the authorizer’s context', async () => {
    const action = jest.fn();
    const { authorizer: _authorizer, ...requestContext } = entryEvent('GetDncNumber').requestContext;
    const event = { ...entryEvent('GetDncNumber'), requestContext };
    const response = await getHandler(action)(event, lambdaContext('GetDncNumber', 10_000));
    expect(response.statusCode).toBe(403);
    expect(JSON.parse(response.body)).toEqual({ message: 'Forbidden', error: 'Forbidden', statusCode: 403 });
    expect(action).not.toHaveBeenCalled();
  });
});
