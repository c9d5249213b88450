import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { entryWriteOf, UnreadableEntryError } from '../../lambda/shared/dynamodb/stream-records';

/**
 * How the change consumer reads one stream record of an entry item: the entry before and after,
 * when and in which order DynamoDB saw the write, whether TTL made it, and the items it refuses
 * to guess about (without an id, tenant, number or creation time it cannot say whose entry it is).
 */

const entryItem = {
  pk: 'TENANT#tenant-acme#PHONE#+14155550100',
  sk: 'SCOPE#GLOBAL',
  id: 'entry-1',
  tenantId: 'tenant-acme',
  phoneNumber: '+14155550100',
  reason: 'asked on a call',
  createdAt: '2026-11-01T10:00:00.000Z',
  updatedAt: '2026-11-01T10:00:00.000Z',
  createdBy: 'service-account-7',
};

const entry = {
  id: 'entry-1',
  tenantId: 'tenant-acme',
  phoneNumber: '+14155550100',
  userId: null,
  reason: 'asked on a call',
  createdAt: '2026-11-01T10:00:00.000Z',
  updatedAt: '2026-11-01T10:00:00.000Z',
  createdBy: 'service-account-7',
  expiresAt: null,
};

type Images = { old?: Record<string, unknown>; new?: Record<string, unknown> };
const image = (item: Record<string, unknown>) => marshall(item) as NonNullable<DynamoDBRecord['dynamodb']>['NewImage'];

const recordOf = (images: Images, extra: Partial<DynamoDBRecord> = {}, dynamodb: Record<string, unknown> = {}): DynamoDBRecord => ({
  eventID: 'event-7',
  eventName: images.old ? (images.new ? 'MODIFY' : 'REMOVE') : 'INSERT',
  dynamodb: {
    ApproximateCreationDateTime: 1_795_000_000,
    SequenceNumber: '100000000000000000001',
    ...(images.old ? { OldImage: image(images.old) } : {}),
    ...(images.new ? { NewImage: image(images.new) } : {}),
    ...dynamodb,
  },
  ...extra,
});

describe('entryWriteOf', () => {
  it('reads an insert: the entry after, when DynamoDB saw it and its place in the stream', () => {
    expect(entryWriteOf(recordOf({ new: entryItem }))).toEqual({
      after: entry,
      seenAt: new Date(1_795_000_000 * 1000).toISOString(),
      sequenceNumber: '100000000000000000001',
      byTtl: false,
    });
  });

  it('reads a removal: the entry before, nothing after', () => {
    expect(entryWriteOf(recordOf({ old: entryItem }))).toEqual(expect.objectContaining({ before: entry }));
    expect(entryWriteOf(recordOf({ old: entryItem }))).not.toHaveProperty('after');
  });

  it('reads a record without a sequence number or a creation time as empty and the epoch', () => {
    const record = recordOf({ new: entryItem });
    delete record.dynamodb?.SequenceNumber;
    delete record.dynamodb?.ApproximateCreationDateTime;
    expect(entryWriteOf(record)).toMatchObject({ sequenceNumber: '', seenAt: '1970-01-01T00:00:00.000Z' });
  });

  it.each([
    ['made by DynamoDB’s TTL', true, { type: 'Service', principalId: 'dynamodb.amazonaws.com' }],
    ['made by another service', false, { type: 'Service', principalId: 'events.amazonaws.com' }],
    ['made by a user with DynamoDB’s principal name', false, { type: 'User', principalId: 'dynamodb.amazonaws.com' }],
    ['without a user identity', false, undefined],
  ])('tells a deletion %s: byTtl %s', (_case, byTtl, userIdentity) => {
    expect(entryWriteOf(recordOf({ old: entryItem }, userIdentity ? { userIdentity } : {})).byTtl).toBe(byTtl);
  });

  describe('refuses an entry item it cannot attribute', () => {
    const unreadable = (images: Images) => {
      try {
        entryWriteOf(recordOf(images));
      } catch (error) {
        return error;
      }
      throw new Error('entryWriteOf accepted the record');
    };

    it.each(['id', 'tenantId', 'phoneNumber', 'createdAt'])('without %s, naming it and the record', (attribute) => {
      const { [attribute as keyof typeof entryItem]: _left, ...item } = entryItem;
      const error = unreadable({ new: item });
      expect(error).toBeInstanceOf(UnreadableEntryError);
      expect(error).toMatchObject({ name: 'UnreadableEntryError', message: `stream record event-7: entry item without ${attribute}` });
    });

    it('with an empty or non-text attribute, listing every one in order', () => {
      expect(unreadable({ new: { ...entryItem, id: '', phoneNumber: 14155550100 } })).toMatchObject({
        message: 'stream record event-7: entry item without id, phoneNumber',
      });
    });

    it('in the image before the write as well', () => {
      expect(unreadable({ old: { pk: entryItem.pk, sk: entryItem.sk }, new: entryItem })).toMatchObject({
        message: 'stream record event-7: entry item without id, tenantId, phoneNumber, createdAt',
      });
    });
  });
});
