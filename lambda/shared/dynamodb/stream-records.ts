import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import type { EntryWrite } from '../domain/change.js';
import type { DncNumber } from '../domain/dnc-number.js';
import { fromEntryItem } from './items.js';

/** An entry item the consumer cannot read: it cannot say whose entry it is. Retried, then sent to the on-failure queue. */
export class UnreadableEntryError extends Error {
  override readonly name = 'UnreadableEntryError';
}

const required = ['id', 'tenantId', 'phoneNumber', 'createdAt'] as const;

const entryOf = (image: unknown, record: DynamoDBRecord): DncNumber | undefined => {
  if (image === undefined) return undefined;
  const item = unmarshall(image as Record<string, AttributeValue>);
  const missing = required.filter((name) => typeof item[name] !== 'string' || item[name] === '');
  if (missing.length > 0) {
    throw new UnreadableEntryError(`stream record ${record.eventID}: entry item without ${missing.join(', ')}`);
  }
  return fromEntryItem(item);
};

// How DynamoDB's TTL identifies itself in the records of the deletions it makes.
const isTtlDeletion = ({ userIdentity }: DynamoDBRecord): boolean =>
  userIdentity?.type === 'Service' && userIdentity.principalId === 'dynamodb.amazonaws.com';

/** The write one stream record of an entry item describes (its removal receipt, if any, is read apart). */
export const entryWriteOf = (record: DynamoDBRecord): EntryWrite => {
  const { dynamodb = {} } = record;
  const before = entryOf(dynamodb.OldImage, record);
  const after = entryOf(dynamodb.NewImage, record);
  return {
    ...(before ? { before } : {}),
    ...(after ? { after } : {}),
    seenAt: new Date((dynamodb.ApproximateCreationDateTime ?? 0) * 1000).toISOString(),
    sequenceNumber: dynamodb.SequenceNumber ?? '',
    byTtl: isTtlDeletion(record),
  };
};
