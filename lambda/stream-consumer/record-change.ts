import type { DynamoDBRecord } from 'aws-lambda';
import { changesOf } from '../shared/domain/change.js';
import type { HistoryRepository } from '../shared/dynamodb/history-repository.js';
import { entryWriteOf } from '../shared/dynamodb/stream-records.js';
import type { ChangeEvents } from '../shared/events/change-events.js';
import { loggableError, logger } from '../shared/logger.js';

interface Dependencies {
  history: HistoryRepository;
  events: ChangeEvents;
}

const recordWrite = async (record: DynamoDBRecord, { history, events }: Dependencies): Promise<void> => {
  const write = entryWriteOf(record);
  if (write.before && !write.after && !write.byTtl) {
    const removal = await history.removalOf(write.before);
    if (removal) write.removal = removal;
  }
  for (const change of changesOf(write)) {
    if (!(await history.record(change))) continue;
    await events.publish(change);
    await history.markPublished(change);
    logger.info('dnc change recorded', {
      type: change.type,
      eventId: change.eventId,
      tenantId: change.tenantId,
      dncNumberId: change.entry.id,
    });
  }
};

/**
 * Records what one stream record of an entry item changed: one history item per change, then
 * its event. Safe to run again for the same record (Lambda redelivers): a change whose history
 * item is there and whose event went out is skipped; one whose event did not go out is published.
 */
export const createChangeRecorder =
  (dependencies: Dependencies) =>
  async (record: DynamoDBRecord): Promise<void> => {
    try {
      await recordWrite(record, dependencies);
    } catch (error) {
      logger.error('stream record not recorded; it will be retried', { eventID: record.eventID, error: loggableError(error) });
      throw error;
    }
  };
