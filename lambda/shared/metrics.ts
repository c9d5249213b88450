import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logger } from './logger.js';
import { DEFAULT_METRICS_NAMESPACE, metricNames } from './metric-names.js';

export { DEFAULT_METRICS_NAMESPACE, metricNames };

/** What a route records; everything recorded in one invocation is written as one EMF document. */
export interface BusinessMetrics {
  /** New entries stored (create, bulk). */
  recordEntriesAdded(count: number): void;
  /** Adds of a number already listed in that scope (create's 409, bulk's existing entries). */
  recordDuplicateAdds(count: number): void;
  /** Numbers checked, and how many of them were blocked. */
  recordChecks(checked: number, blocked: number): void;
  recordRemoval(): void;
  /** A 503 answered: DynamoDB throttled or unavailable, or the early time-out. */
  recordUnavailable(): void;
}

export interface RouteMetrics extends BusinessMetrics {
  /** Writes what was recorded, then starts over; writes nothing, not even a warning, when nothing was. */
  publish(): void;
}

/**
 * One Metrics per route, its `route` dimension fixed: routes served by one process (`npm start`)
 * never lend each other a dimension. Tenant, number and user are never dimensions or properties:
 * each distinct dimension value is a metric of its own, and they belong in logs.
 * `POWERTOOLS_METRICS_DISABLED=true` turns the output off (`npm start` and the tests do).
 */
export const routeMetrics = (routeId: string): RouteMetrics => {
  const metrics = new Metrics({
    namespace: process.env.POWERTOOLS_METRICS_NAMESPACE || DEFAULT_METRICS_NAMESPACE,
    serviceName: process.env.POWERTOOLS_SERVICE_NAME || 'dnc-api',
    defaultDimensions: { route: routeId },
    logger,
  });
  const count = (name: string, value: number) => metrics.addMetric(name, MetricUnit.Count, value);
  return {
    recordEntriesAdded: (added) => count(metricNames.entriesAdded, added),
    recordDuplicateAdds: (duplicates) => count(metricNames.duplicateAdds, duplicates),
    recordChecks: (checked, blocked) => {
      count(metricNames.numbersChecked, checked);
      count(metricNames.numbersBlocked, blocked);
    },
    recordRemoval: () => count(metricNames.entriesRemoved, 1),
    recordUnavailable: () => count(metricNames.unavailableResponses, 1),
    // Powertools warns on every publish without metrics; most reads record none.
    publish: () => {
      if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
    },
  };
};
