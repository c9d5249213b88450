import middy from '@middy/core';
import * as z from 'zod/mini';
import { routeById } from '../../../lib/routes.js';
import type { Caller } from '../domain/dnc-number.js';
import { logger } from '../logger.js';
import { type BusinessMetrics, routeMetrics } from '../metrics.js';
import { type AuthorizedEvent, callerOf } from './authorized-event.js';
import { limitBodySize } from './middleware/limit-body-size.js';
import { logRequest } from './middleware/log-request.js';
import { parseJsonBody } from './middleware/parse-json-body.js';
import { publishMetrics } from './middleware/publish-metrics.js';
import { renderErrors } from './middleware/render-errors.js';
import { requireRouteScope } from './middleware/require-route-scope.js';
import { type RequestSchemas, type ValidatedParts, validateRequest } from './middleware/validate-request.js';
import type { HttpResponse } from './response.js';

/** What an action receives: the validated request parts, the verified caller, the deadline's signal, and the route's metrics. */
export type HttpRequest<TSchemas extends RequestSchemas> = ValidatedParts<TSchemas> & {
  caller: Caller;
  signal: AbortSignal;
  metrics: BusinessMetrics;
};

export type HttpAction<TSchemas extends RequestSchemas> = (request: HttpRequest<TSchemas>) => Promise<HttpResponse>;

type HandlerEvent = AuthorizedEvent & { validated?: unknown };

// A route that takes no query parameters still names the ones it was sent (DESIGN §4).
const noQueryParameters = z.strictObject({});

/**
 * Answer with a 503 this long before Lambda would kill the invocation, so a slow DynamoDB
 * never turns into API Gateway's bare 500 and the DynamoDB call is aborted.
 */
export const EARLY_TIMEOUT_MILLIS = 500;

/**
 * The one chain every route runs: log context, one metrics flush, error rendering, the route's scope, then —
 * only for routes with a body — the route table's body limit and JSON parsing, then
 * validation of every part the route declares, then the action.
 */
export const httpHandler = <TSchemas extends RequestSchemas>(routeId: string, schemas: TSchemas, action: HttpAction<TSchemas>) => {
  const route = routeById(routeId);
  if ((route.maxBodyBytes !== undefined) !== (schemas.body !== undefined)) {
    throw new Error(`route ${routeId}: a body schema and maxBodyBytes go together`);
  }
  const metrics = routeMetrics(route.id);
  const chain = middy<HandlerEvent, HttpResponse>({ timeoutEarlyInMillis: EARLY_TIMEOUT_MILLIS })
    .use(logRequest(logger))
    .use(publishMetrics(metrics))
    .use(renderErrors(logger, metrics))
    .use(requireRouteScope(route));
  if (route.maxBodyBytes !== undefined) chain.use([limitBodySize(route.maxBodyBytes), parseJsonBody()]);
  return chain
    .use(validateRequest({ query: noQueryParameters, ...schemas }))
    .handler((event, _context, { signal }) =>
      action({ ...(event.validated as ValidatedParts<TSchemas>), caller: callerOf(event), signal, metrics }),
    );
};
