// Free of imports: the CDK stack's dashboard reads the same names.

/** Used when `POWERTOOLS_METRICS_NAMESPACE` is not set (the stack sets it). */
export const DEFAULT_METRICS_NAMESPACE = 'DncApi';

/** Every business metric's CloudWatch name. All are counts, with the dimensions `service` and `route`. */
export const metricNames = {
  entriesAdded: 'EntriesAdded',
  duplicateAdds: 'DuplicateAdds',
  numbersChecked: 'NumbersChecked',
  numbersBlocked: 'NumbersBlocked',
  entriesRemoved: 'EntriesRemoved',
  unavailableResponses: 'UnavailableResponses',
} as const;
