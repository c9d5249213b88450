import type { MiddlewareObj } from '@middy/core';
import { findRoute } from '../../../../lib/routes.js';
import { parseScopes } from '../../auth/authorizer-context.js';
import { type AuthorizedEvent, callerOf } from '../authorized-event.js';
import { HttpError } from '../http-error.js';

/**
 * 403 unless the token carries the scope the route table requires for this route.
 * Checked here, not in the authorizer, because API Gateway caches one authorizer
 * result per token across all routes.
 */
export const requireRouteScope = <TEvent extends Pick<AuthorizedEvent, 'routeKey' | 'requestContext'>>(): MiddlewareObj<TEvent> => ({
  before: ({ event }) => {
    callerOf(event);
    const route = findRoute(event.routeKey);
    if (route === undefined) throw new HttpError(403, 'Forbidden');
    const scopes = parseScopes(event.requestContext.authorizer?.lambda?.scopes ?? '');
    if (!scopes.includes(route.scope)) {
      throw new HttpError(403, `the token does not carry the scope ${route.scope}`);
    }
  },
});
