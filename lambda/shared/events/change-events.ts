import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { CHANGE_EVENT_SOURCE } from '../../../lib/change-stream-settings.js';
import { endpointOverride } from '../aws/local-overrides.js';
import { sdkClientSettings } from '../aws/sdk-timeouts.js';
import type { Change, ChangeType } from '../domain/change.js';
import { toDncNumberDto } from '../domain/dnc-number.js';

export const changeEventTypes: Record<ChangeType, string> = {
  added: 'DncNumberAdded',
  removed: 'DncNumberRemoved',
  expired: 'DncNumberExpired',
  changed: 'DncNumberChanged',
};

/** The `detail` of a change event. `eventId` is stable across redeliveries: deduplicate on it. */
export const changeEventDetail = (change: Change) => ({
  eventId: change.eventId,
  tenantId: change.tenantId,
  dncNumber: toDncNumberDto(change.entry),
  at: change.at,
  by: change.by,
  ...(change.type === 'removed' ? { reason: change.reason } : {}),
});

/** EventBridge refused the event (its entry came back with an error code): retried with the record. */
export class ChangeEventNotPublishedError extends Error {
  override readonly name = 'ChangeEventNotPublishedError';
}

/**
 * Publishes change events to the stack's bus. `EVENTBRIDGE_ENDPOINT` points the same code at the
 * local event sink of `npm start` (local/event-sink.ts).
 */
export const createChangeEvents = (busName: string, env: NodeJS.ProcessEnv = process.env) => {
  const client = new EventBridgeClient({ ...endpointOverride('EVENTBRIDGE_ENDPOINT', env), ...sdkClientSettings(env) });
  return {
    publish: async (change: Change): Promise<void> => {
      const { FailedEntryCount = 0, Entries = [] } = await client.send(
        new PutEventsCommand({
          Entries: [
            {
              EventBusName: busName,
              Source: CHANGE_EVENT_SOURCE,
              DetailType: changeEventTypes[change.type],
              Detail: JSON.stringify(changeEventDetail(change)),
              Time: new Date(change.at),
            },
          ],
        }),
      );
      if (FailedEntryCount > 0) {
        const [failed] = Entries;
        throw new ChangeEventNotPublishedError(
          `EventBridge refused the event: ${failed?.ErrorCode ?? 'unknown'} ${failed?.ErrorMessage ?? ''}`,
        );
      }
    },
  };
};

export type ChangeEvents = ReturnType<typeof createChangeEvents>;
