import type { MiddlewareObj } from '@middy/core';
import { type Route, routeKey } from '../../../../lib/routes.js';
import { type AuthorizedEvent, callerOf } from '../authorized-event.js';
import { HttpError } from '../http-error.js';

/**
 * 403 unless the event is for this function's route and the token carries the scope the route
 * table requires. Checked here, not in the authorizer, because API Gateway caches one authorizer
 * result per token across all routes.
 */
export const requireRouteScope = <TEvent extends Pick<AuthorizedEvent, 'routeKey' | 'requestContext'>>(
  route: Route,
): MiddlewareObj<TEvent> => {
  const key = routeKey(route);
  return {
    before: ({ event }) => {
      const { scopes } = callerOf(event);
      if (event.routeKey !== key) throw new HttpError(403, 'Forbidden');
      if (!scopes.includes(route.scope)) throw new HttpError(403, `the token does not carry the scope ${route.scope}`);
    },
  };
};
