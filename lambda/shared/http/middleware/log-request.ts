import type { MiddlewareObj } from '@middy/core';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { AuthorizedEvent } from '../authorized-event.js';

/**
 * Adds the Lambda context and API Gateway's request id to every log line of the
 * request. Deliberately logs nothing of the event: its headers carry the token.
 */
export const logRequest = <TEvent extends Pick<AuthorizedEvent, 'routeKey' | 'requestContext'>>(logger: Logger): MiddlewareObj<TEvent> => {
  const reset = () => logger.resetKeys();
  return {
    before: ({ event, context }) => {
      logger.addContext(context);
      logger.appendKeys({
        apiRequestId: event.requestContext?.requestId,
        routeKey: event.routeKey,
        tenantId: event.requestContext?.authorizer?.lambda?.tenantId,
      });
    },
    after: reset,
    onError: reset,
  };
};
