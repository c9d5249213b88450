import type { MiddlewareObj } from '@middy/core';
import type { RouteMetrics } from '../../metrics.js';

/**
 * Writes the invocation's metrics once, after the answer is settled: placed before
 * `renderErrors` in the chain, its `onError` runs after it, so a 503 is counted.
 */
export const publishMetrics = (metrics: Pick<RouteMetrics, 'publish'>): MiddlewareObj => {
  const publish = () => metrics.publish();
  return { after: publish, onError: publish };
};
