import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { history } from '../shared/dynamodb/history.js';
import { createChangeEvents } from '../shared/events/change-events.js';
import { logger } from '../shared/logger.js';
import { requiredEnv } from '../shared/required-env.js';
import { inOrderPerKey } from './in-order-per-key.js';
import { createChangeRecorder } from './record-change.js';

// One number's changes in order; different numbers' at once.
const recordChange = inOrderPerKey(
  (record: DynamoDBRecord) => record.dynamodb?.Keys?.pk?.S ?? '',
  createChangeRecorder({ history, events: createChangeEvents(requiredEnv('EVENT_BUS_NAME')) }),
);
const processor = new BatchProcessor(EventType.DynamoDBStreams);

/** The table stream's consumer: failed records are reported one by one (partial batch response). */
export const handler = async (event: DynamoDBStreamEvent, context: Context) => {
  logger.addContext(context);
  return processPartialResponse(event, recordChange, processor, { context });
};
