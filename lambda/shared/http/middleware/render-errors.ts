import type { MiddlewareObj } from '@middy/core';
import type { Logger } from '@aws-lambda-powertools/logger';
import { loggableError } from '../../logger.js';
import type { BusinessMetrics } from '../../metrics.js';
import { type AuthorizedEvent, scopesOf } from '../authorized-event.js';
import { errorResponse } from '../response.js';
import { toHttpError } from '../to-http-error.js';

/**
 * Turns every error into `{ message, error, statusCode }`. Server-side failures are
 * logged with their cause; the client only ever sees the generic message. Every 503
 * passes here (middy's early time-out included), so this is where they are counted.
 */
export const renderErrors = (
  logger: Logger,
  metrics: Pick<BusinessMetrics, 'recordUnavailable'>,
): MiddlewareObj<Partial<AuthorizedEvent>> => ({
  onError: (request) => {
    const httpError = toHttpError(request.error, { scopes: scopesOf(request.event ?? {}) });
    if (httpError.statusCode === 503) metrics.recordUnavailable();
    if (httpError.statusCode >= 500) {
      logger.error('request failed', { statusCode: httpError.statusCode, error: loggableError(request.error) });
    } else {
      logger.info('request rejected', { statusCode: httpError.statusCode, reason: httpError.message });
    }
    request.response = errorResponse(httpError);
  },
});
