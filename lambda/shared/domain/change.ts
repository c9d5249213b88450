import { createHash } from 'node:crypto';
import { type DncNumber, type DncNumberDto, toDncNumberDto } from './dnc-number.js';

/** What happened to an entry. `changed`: an entry edited in place outside the API (the API never does). */
export type ChangeType = 'added' | 'removed' | 'expired' | 'changed';

/** `by` of a change the table shows but nothing says who made it: a console edit, a script. */
export const UNKNOWN_ACTOR = 'unknown';
/** `by` of an expiry: the entry lapsed at its `expiresAt`. */
export const EXPIRY_ACTOR = 'expiry';

/** Who removed an entry through the API, when and why (the receipt written with the delete). */
export interface Removal {
  by: string;
  reason: string | null;
  at: string;
}

/** One change of one entry, as history records it and as the change event announces it. */
export interface Change {
  /** Stable across redeliveries of the stream record: consumers deduplicate events by it. */
  eventId: string;
  type: ChangeType;
  tenantId: string;
  at: string;
  by: string;
  reason: string | null;
  entry: DncNumber;
}

/** A stream record of an entry item, read: what the table held before and after, and around it. */
export interface EntryWrite {
  before?: DncNumber;
  after?: DncNumber;
  /** When the stream saw the write (second precision). */
  seenAt: string;
  /** The stream record's sequence number: unique per write. */
  sequenceNumber: string;
  /** DynamoDB's TTL deleted the item. */
  byTtl: boolean;
  /** For a deletion through the API: its receipt. */
  removal?: Removal;
}

// A name-based UUID (RFC 9562 version 8: SHA-256 of the parts, with the version and variant bits set).
const eventIdOf = (parts: readonly string[]): string => {
  const bytes = createHash('sha256').update(JSON.stringify(parts)).digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x80;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
};

// An entry is added once and ends once, so its id and the type name the event; an in-place edit
// can happen many times, so its write's sequence number joins them.
const change = (type: ChangeType, entry: DncNumber, details: Pick<Change, 'at' | 'by' | 'reason'>, sequenceNumber = ''): Change => ({
  eventId: eventIdOf([entry.tenantId, entry.id, type, sequenceNumber]),
  type,
  tenantId: entry.tenantId,
  ...details,
  entry,
});

const added = (entry: DncNumber): Change =>
  change('added', entry, { at: entry.createdAt, by: entry.createdBy ?? UNKNOWN_ACTOR, reason: entry.reason });

const lapsedBy = (entry: DncNumber, time: string): boolean => entry.expiresAt !== null && entry.expiresAt <= time;

/** How an entry that is gone ended: removed through the API, expired, or removed by someone unknown. */
const ended = (entry: DncNumber, write: EntryWrite, endedAt: string): Change => {
  if (write.removal) return change('removed', entry, write.removal);
  if (write.byTtl || lapsedBy(entry, endedAt)) {
    return change('expired', entry, { at: entry.expiresAt ?? write.seenAt, by: EXPIRY_ACTOR, reason: null });
  }
  return change('removed', entry, { at: write.seenAt, by: UNKNOWN_ACTOR, reason: null });
};

const sameDto = (before: DncNumberDto, after: DncNumberDto): boolean => JSON.stringify(before) === JSON.stringify(after);

/**
 * The changes one write of an entry item makes to the list. An add of a number whose entry had
 * expired replaces that item: the old entry expired and the new one was added. A write that
 * leaves the entry's public fields as they were (e.g. the index backfill) changes nothing.
 */
export const changesOf = (write: EntryWrite): Change[] => {
  const { before, after } = write;
  if (before === undefined) return after === undefined ? [] : [added(after)];
  if (after === undefined) return [ended(before, write, write.seenAt)];
  if (before.id !== after.id) return [ended(before, write, after.createdAt), added(after)];
  if (sameDto(toDncNumberDto(before), toDncNumberDto(after))) return [];
  return [change('changed', after, { at: write.seenAt, by: UNKNOWN_ACTOR, reason: after.reason }, write.sequenceNumber)];
};
