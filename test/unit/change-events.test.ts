import type { Change, ChangeType } from '../../lambda/shared/domain/change';
import type { DncNumber } from '../../lambda/shared/domain/dnc-number';
import {
  ChangeEventNotPublishedError,
  changeEventDetail,
  changeEventTypes,
  createChangeEvents,
} from '../../lambda/shared/events/change-events';
import { eventBridgeEntryRefused, interceptDynamoDbHttp } from '../support/dynamodb-faults';

const entry: DncNumber = {
  id: '00000000-0000-4000-8000-000000000001',
  tenantId: 'tenant-a',
  phoneNumber: '+14155550123',
  userId: 'user-1',
  reason: 'asked to stop',
  createdAt: '2026-01-01T10:00:00.000Z',
  updatedAt: '2026-01-02T10:00:00.000Z',
  createdBy: 'client-1',
  expiresAt: '2027-01-01T00:00:00.000Z',
};

const dto = {
  id: '00000000-0000-4000-8000-000000000001',
  phoneNumber: '+14155550123',
  userId: 'user-1',
  reason: 'asked to stop',
  createdAt: '2026-01-01T10:00:00.000Z',
  updatedAt: '2026-01-02T10:00:00.000Z',
  expiresAt: '2027-01-01T00:00:00.000Z',
};

const change = (type: ChangeType, overrides: Partial<Change> = {}): Change => ({
  eventId: '5e0c9a57-0b1c-93d4-2f7e-6a8b1c0d9e21',
  type,
  tenantId: 'tenant-a',
  at: '2026-02-01T12:00:00.007Z',
  by: 'compliance-bot',
  reason: 'consent given again',
  entry,
  ...overrides,
});

const common = {
  eventId: '5e0c9a57-0b1c-93d4-2f7e-6a8b1c0d9e21',
  tenantId: 'tenant-a',
  dncNumber: dto,
  at: '2026-02-01T12:00:00.007Z',
  by: 'compliance-bot',
};

describe('changeEventDetail', () => {
  it('of a removal: eventId, tenantId, the entry as its DTO, at, by and the removal’s reason', () => {
    const detail = changeEventDetail(change('removed'));
    expect(detail).toStrictEqual({ ...common, reason: 'consent given again' });
    expect(Object.keys(detail).sort()).toEqual(['at', 'by', 'dncNumber', 'eventId', 'reason', 'tenantId']);
  });

  it('of a removal without a reason: reason is present and null', () => {
    const detail = changeEventDetail(change('removed', { reason: null }));
    expect(detail).toHaveProperty('reason', null);
    expect(JSON.parse(JSON.stringify(detail))).toHaveProperty('reason', null);
  });

  it.each(['added', 'expired', 'changed'] as const)('of %s: no reason beside the DTO (even when the change has one)', (type) => {
    const detail = changeEventDetail(change(type));
    expect(detail).toStrictEqual(common);
    expect('reason' in detail).toBe(false);
    expect(Object.keys(JSON.parse(JSON.stringify(detail))).sort()).toEqual(['at', 'by', 'dncNumber', 'eventId', 'tenantId']);
  });

  it.each(['added', 'removed', 'expired', 'changed'] as const)('of %s: dncNumber is exactly the DTO: no tenantId or createdBy', (type) => {
    const { dncNumber } = changeEventDetail(change(type));
    expect(dncNumber).toStrictEqual(dto);
    expect(Object.keys(dncNumber).sort()).toEqual(['createdAt', 'expiresAt', 'id', 'phoneNumber', 'reason', 'updatedAt', 'userId']);
    expect(dncNumber).not.toHaveProperty('tenantId');
    expect(dncNumber).not.toHaveProperty('createdBy');
    const serialized = JSON.stringify(changeEventDetail(change(type)));
    expect(serialized).not.toContain('client-1');
    expect(serialized).not.toContain('createdBy');
  });

  it('drops item attributes that are not public from dncNumber, and fills absent userId and reason with null', () => {
    const { userId: _userId, reason: _reason, ...rest } = entry;
    const item = { ...rest, pk: 'TENANT#tenant-a#PHONE#+14155550123', sk: 'SCOPE#GLOBAL', gsi1pk: 'x' } as unknown as DncNumber;
    const { dncNumber } = changeEventDetail(change('added', { entry: item }));
    expect(dncNumber).toStrictEqual({ ...dto, userId: null, reason: null });
  });

  it('takes tenantId, at and by from the change, not from the entry', () => {
    const detail = changeEventDetail(change('expired', { tenantId: 'tenant-b', at: '2027-01-01T00:00:00.000Z', by: 'expiry' }));
    expect(detail).toMatchObject({ tenantId: 'tenant-b', at: '2027-01-01T00:00:00.000Z', by: 'expiry' });
  });
});

describe('changeEventTypes', () => {
  it('names the detail-type of each change type', () => {
    expect(changeEventTypes).toStrictEqual({
      added: 'DncNumberAdded',
      removed: 'DncNumberRemoved',
      expired: 'DncNumberExpired',
      changed: 'DncNumberChanged',
    });
  });
});

describe('publishing an event EventBridge refuses', () => {
  const change: Change = {
    type: 'added',
    eventId: 'event-1',
    tenantId: entry.tenantId,
    entry,
    at: entry.createdAt,
    by: 'client-1',
    reason: null,
  };
  const events = createChangeEvents('dnc-changes', { ...process.env, EVENTBRIDGE_ENDPOINT: 'http://127.0.0.1:9' });

  it.each([
    ['with its error code and message', { ErrorCode: 'InternalFailure', ErrorMessage: 'try again' }, 'InternalFailure try again'],
    ['without either', {}, 'unknown '],
  ])('throws a ChangeEventNotPublishedError %s', async (_case, refused, said) => {
    const interception = interceptDynamoDbHttp(() => eventBridgeEntryRefused(refused));
    try {
      const published = events.publish(change);
      await expect(published).rejects.toBeInstanceOf(ChangeEventNotPublishedError);
      await expect(published).rejects.toMatchObject({
        name: 'ChangeEventNotPublishedError',
        message: `EventBridge refused the event: ${said}`,
      });
    } finally {
      interception.restore();
    }
  });
});
