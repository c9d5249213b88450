/**
 * How the change consumer reads the table's stream (DESIGN §2). The stack's event source mapping
 * and the local stream poller (`npm start`) both follow these values. Free of CDK imports.
 */
export const changeStreamSettings = {
  /** The consumer needs the entry before a removal and after an insert. */
  viewType: 'NEW_AND_OLD_IMAGES',
  batchSize: 100,
  maxBatchingWindowSeconds: 1,
  /** After this many retries of a failing record, it goes to the on-failure queue. */
  retryAttempts: 10,
  /**
   * A record older than this goes to the on-failure queue instead of being retried. Well under the
   * stream's 24 h retention, so an operator has hours to replay it from the stream.
   */
  maxRecordAgeSeconds: 6 * 60 * 60,
  /** Only entry items reach the consumer: their sort key starts with this. */
  entrySortKeyPrefix: 'SCOPE#',
} as const;

/** The `source` of every change event on the bus. */
export const CHANGE_EVENT_SOURCE = 'dnc-api';
