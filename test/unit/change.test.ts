import { type Change, changesOf, type EntryWrite, EXPIRY_ACTOR, UNKNOWN_ACTOR } from '../../lambda/shared/domain/change';
import type { DncNumber } from '../../lambda/shared/domain/dnc-number';

// A version-8 (name-based, RFC 9562) UUID: version nibble 8, variant bits 10.
const UUID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const entry = (overrides: Partial<DncNumber> = {}): DncNumber => ({
  id: '00000000-0000-4000-8000-000000000001',
  tenantId: 'tenant-a',
  phoneNumber: '+14155550123',
  userId: null,
  reason: 'asked to stop',
  createdAt: '2026-01-01T10:00:00.000Z',
  updatedAt: '2026-01-01T10:00:00.000Z',
  createdBy: 'client-1',
  expiresAt: null,
  ...overrides,
});

const write = (overrides: Partial<EntryWrite> = {}): EntryWrite => ({
  seenAt: '2026-02-01T12:00:00.000Z',
  sequenceNumber: '100000000000000000001',
  byTtl: false,
  ...overrides,
});

/** The one change a write makes; fails the test if it makes another number of them. */
const onlyChange = (entryWrite: EntryWrite): Change => {
  const changes = changesOf(entryWrite);
  expect(changes).toHaveLength(1);
  return changes[0]!;
};

const withoutEventId = ({ eventId: _eventId, ...rest }: Change) => rest;

describe('changesOf', () => {
  describe('an insert', () => {
    it('is one `added` change at createdAt, by createdBy, with the entry’s reason', () => {
      const after = entry();
      const change = onlyChange(write({ after }));
      expect(withoutEventId(change)).toEqual({
        type: 'added',
        tenantId: 'tenant-a',
        at: after.createdAt,
        by: 'client-1',
        reason: 'asked to stop',
        entry: after,
      });
      expect(change.eventId).toMatch(UUID_SHAPE);
    });

    it('keeps a null reason as null', () => {
      expect(onlyChange(write({ after: entry({ reason: null }) })).reason).toBeNull();
    });

    it('is by `unknown` when the item has no createdBy', () => {
      const { createdBy: _createdBy, ...rest } = entry();
      const after = rest as DncNumber;
      expect(UNKNOWN_ACTOR).toBe('unknown');
      expect(onlyChange(write({ after })).by).toBe('unknown');
    });
  });

  describe('a remove', () => {
    it('with a removal receipt: `removed` with the receipt’s by, reason and at', () => {
      const before = entry({ expiresAt: '2030-01-01T00:00:00.000Z' });
      const removal = { by: 'client-2', reason: 'customer consented again', at: '2026-02-01T11:59:59.123Z' };
      const change = onlyChange(write({ before, removal }));
      expect(withoutEventId(change)).toEqual({
        type: 'removed',
        tenantId: 'tenant-a',
        at: '2026-02-01T11:59:59.123Z',
        by: 'client-2',
        reason: 'customer consented again',
        entry: before,
      });
      expect(change.eventId).toMatch(UUID_SHAPE);
    });

    it('with a removal receipt whose reason is null: `removed` with a null reason', () => {
      const removal = { by: 'client-2', reason: null, at: '2026-02-01T11:59:59.123Z' };
      expect(onlyChange(write({ before: entry(), removal }))).toMatchObject({ type: 'removed', by: 'client-2', reason: null });
    });

    it('by TTL: `expired` at the entry’s expiresAt, by `expiry`, with no reason', () => {
      const before = entry({ expiresAt: '2026-01-15T00:00:00.000Z' });
      const change = onlyChange(write({ before, byTtl: true, seenAt: '2026-01-17T03:00:00.000Z' }));
      expect(EXPIRY_ACTOR).toBe('expiry');
      expect(withoutEventId(change)).toEqual({
        type: 'expired',
        tenantId: 'tenant-a',
        at: '2026-01-15T00:00:00.000Z',
        by: 'expiry',
        reason: null,
        entry: before,
      });
    });

    it('by TTL of an entry without expiresAt: `expired` at seenAt', () => {
      const change = onlyChange(write({ before: entry({ expiresAt: null }), byTtl: true, seenAt: '2026-01-17T03:00:00.000Z' }));
      expect(change).toMatchObject({ type: 'expired', at: '2026-01-17T03:00:00.000Z', by: 'expiry', reason: null });
    });

    it.each([
      ['before seenAt', '2026-02-01T11:00:00.000Z'],
      ['exactly at seenAt', '2026-02-01T12:00:00.000Z'],
    ])('without receipt of an entry that expired %s: `expired` at its expiresAt', (_case, expiresAt) => {
      const change = onlyChange(write({ before: entry({ expiresAt }) }));
      expect(change).toMatchObject({ type: 'expired', at: expiresAt, by: 'expiry', reason: null });
    });

    it.each([
      ['no expiresAt', null],
      ['an expiresAt after seenAt', '2026-02-01T12:00:00.001Z'],
    ])('without receipt of a live entry (%s): `removed` by `unknown` at seenAt, no reason', (_case, expiresAt) => {
      const before = entry({ expiresAt });
      const change = onlyChange(write({ before }));
      expect(withoutEventId(change)).toEqual({
        type: 'removed',
        tenantId: 'tenant-a',
        at: '2026-02-01T12:00:00.000Z',
        by: 'unknown',
        reason: null,
        entry: before,
      });
    });

    it('with a receipt, of an entry that had expired: the receipt wins', () => {
      const removal = { by: 'client-2', reason: 'done', at: '2026-02-01T11:59:59.000Z' };
      expect(onlyChange(write({ before: entry({ expiresAt: '2026-01-01T11:00:00.000Z' }), removal }))).toMatchObject({
        type: 'removed',
        by: 'client-2',
      });
    });
  });

  describe('a modify', () => {
    it('to another id after the old entry expired (a re-add): `expired` of the old, then `added` of the new', () => {
      const before = entry({ expiresAt: '2026-01-20T00:00:00.000Z' });
      const after = entry({
        id: '00000000-0000-4000-8000-000000000002',
        reason: 'asked again',
        createdAt: '2026-01-25T09:00:00.000Z',
        updatedAt: '2026-01-25T09:00:00.000Z',
        createdBy: 'client-3',
      });
      const changes = changesOf(write({ before, after }));
      expect(changes.map(withoutEventId)).toEqual([
        { type: 'expired', tenantId: 'tenant-a', at: '2026-01-20T00:00:00.000Z', by: 'expiry', reason: null, entry: before },
        { type: 'added', tenantId: 'tenant-a', at: '2026-01-25T09:00:00.000Z', by: 'client-3', reason: 'asked again', entry: after },
      ]);
      expect(changes[0]!.eventId).not.toBe(changes[1]!.eventId);
    });

    it('to another id, the old one expiring exactly at the new createdAt: still `expired`', () => {
      const before = entry({ expiresAt: '2026-01-25T09:00:00.000Z' });
      const after = entry({ id: '00000000-0000-4000-8000-000000000002', createdAt: '2026-01-25T09:00:00.000Z' });
      expect(changesOf(write({ before, after })).map((change) => change.type)).toEqual(['expired', 'added']);
    });

    it.each([
      ['never expires', null],
      ['expires after the new createdAt', '2026-01-25T09:00:00.001Z'],
    ])('to another id where the old entry had not expired (%s): `removed` by unknown, then `added`', (_case, expiresAt) => {
      // Judged by the new createdAt, not by seenAt: the stream may see the write long after.
      const before = entry({ expiresAt });
      const after = entry({ id: '00000000-0000-4000-8000-000000000002', createdAt: '2026-01-25T09:00:00.000Z' });
      const changes = changesOf(write({ before, after, seenAt: '2027-01-01T00:00:00.000Z' }));
      expect(changes.map(withoutEventId)).toEqual([
        { type: 'removed', tenantId: 'tenant-a', at: '2027-01-01T00:00:00.000Z', by: 'unknown', reason: null, entry: before },
        { type: 'added', tenantId: 'tenant-a', at: '2026-01-25T09:00:00.000Z', by: 'client-1', reason: 'asked to stop', entry: after },
      ]);
    });

    it('of the same id changing only what is not public (tenant-internal fields): nothing', () => {
      const before = entry();
      const after = { ...entry({ createdBy: 'someone-else' }), gsi1pk: 'backfilled' } as DncNumber;
      expect(changesOf(write({ before, after }))).toEqual([]);
    });

    it('of the same id with nothing changed: nothing', () => {
      expect(changesOf(write({ before: entry(), after: entry() }))).toEqual([]);
    });

    it('of the same id with a changed reason: one `changed`, by unknown, at seenAt, with the new entry', () => {
      const before = entry();
      const after = entry({ reason: 'edited in the console' });
      const change = onlyChange(write({ before, after }));
      expect(withoutEventId(change)).toEqual({
        type: 'changed',
        tenantId: 'tenant-a',
        at: '2026-02-01T12:00:00.000Z',
        by: 'unknown',
        reason: 'edited in the console',
        entry: after,
      });
      expect(change.eventId).toMatch(UUID_SHAPE);
    });

    it.each<[string, Partial<DncNumber>]>([
      ['expiresAt', { expiresAt: '2030-01-01T00:00:00.000Z' }],
      ['userId', { userId: 'user-1' }],
      ['updatedAt', { updatedAt: '2026-01-02T00:00:00.000Z' }],
    ])('of the same id with a changed %s: one `changed`', (_field, overrides) => {
      expect(onlyChange(write({ before: entry(), after: entry(overrides) })).type).toBe('changed');
    });

    it('of the same id: two edits (two sequence numbers) have different eventIds', () => {
      const before = entry();
      const after = entry({ reason: 'edited' });
      const first = onlyChange(write({ before, after, sequenceNumber: '100000000000000000001' }));
      const second = onlyChange(write({ before, after, sequenceNumber: '100000000000000000002' }));
      expect(first.eventId).not.toBe(second.eventId);
      expect(second.eventId).toMatch(UUID_SHAPE);
    });
  });

  it('neither image: nothing', () => {
    expect(changesOf(write())).toEqual([]);
    expect(changesOf(write({ byTtl: true, removal: { by: 'x', reason: null, at: '2026-01-01T00:00:00.000Z' } }))).toEqual([]);
  });

  describe('eventId', () => {
    const cases: [string, EntryWrite][] = [
      ['added', write({ after: entry() })],
      ['removed with receipt', write({ before: entry(), removal: { by: 'c', reason: null, at: '2026-02-01T00:00:00.000Z' } })],
      ['removed by unknown', write({ before: entry() })],
      ['expired', write({ before: entry({ expiresAt: '2026-01-15T00:00:00.000Z' }), byTtl: true })],
      ['changed', write({ before: entry(), after: entry({ reason: 'edited' }) })],
    ];

    it.each(cases)('is the same for every delivery of the same write (%s)', (_case, entryWrite) => {
      const first = changesOf(entryWrite);
      const redelivered = changesOf(structuredClone(entryWrite));
      expect(redelivered.map((change) => change.eventId)).toEqual(first.map((change) => change.eventId));
      for (const change of first) expect(change.eventId).toMatch(UUID_SHAPE);
    });

    // Consumers deduplicate by eventId: a record redelivered after a deploy must keep the id it had.
    it.each([
      ['added', write({ after: entry() }), 'c78a7ded-e629-8a96-bef0-a7b055c5dfd1'],
      ['removed', write({ before: entry() }), '8c042cfe-843f-8884-b1e6-79e9d86d8364'],
      ['expired', write({ before: entry(), byTtl: true }), '93652cce-570b-89f5-8626-3de488598f97'],
      ['changed', write({ before: entry(), after: entry({ reason: 'edited' }) }), '651df656-3894-86c1-b05a-63640a515771'],
    ])('is stable across deploys (%s)', (_case, entryWrite, eventId) => {
      expect(onlyChange(entryWrite).eventId).toBe(eventId);
    });

    it('is the same for an entry’s end whatever the stream record (sequence number, seenAt) it arrives in', () => {
      const before = entry({ expiresAt: '2026-01-15T00:00:00.000Z' });
      const one = onlyChange(write({ before, byTtl: true, sequenceNumber: '1', seenAt: '2026-01-16T00:00:00.000Z' }));
      const other = onlyChange(write({ before, byTtl: true, sequenceNumber: '2', seenAt: '2026-01-17T00:00:00.000Z' }));
      expect(other.eventId).toBe(one.eventId);
    });

    it('differs between the added and the removed of one entry, and between removed and expired', () => {
      const added = onlyChange(write({ after: entry() }));
      const removed = onlyChange(write({ before: entry() }));
      const expired = onlyChange(write({ before: entry(), byTtl: true }));
      expect(new Set([added.eventId, removed.eventId, expired.eventId]).size).toBe(3);
    });

    it('differs between two entries with different ids', () => {
      const one = onlyChange(write({ after: entry() }));
      const other = onlyChange(write({ after: entry({ id: '00000000-0000-4000-8000-000000000002' }) }));
      expect(one.eventId).not.toBe(other.eventId);
    });

    it.each(['added', 'removed', 'changed'] as const)('differs between two tenants’ entries with the same id (%s)', (type) => {
      const of = (tenantId: string): EntryWrite => {
        const base = entry({ tenantId });
        if (type === 'added') return write({ after: base });
        if (type === 'removed') return write({ before: base });
        return write({ before: base, after: { ...base, reason: 'edited' } });
      };
      const a = onlyChange(of('tenant-a'));
      const b = onlyChange(of('tenant-b'));
      expect(a.tenantId).toBe('tenant-a');
      expect(b.tenantId).toBe('tenant-b');
      expect(a.eventId).not.toBe(b.eventId);
    });

    it('does not confuse a tenant and an id that concatenate to the same text', () => {
      const one = onlyChange(write({ after: entry({ tenantId: 'tenant-a', id: 'b-1' }) }));
      const other = onlyChange(write({ after: entry({ tenantId: 'tenant-ab', id: '-1' }) }));
      expect(one.eventId).not.toBe(other.eventId);
    });
  });
});
