import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Change, ChangeType, Removal } from '../domain/change.js';
import { type DncNumber, type DncNumberDto, toDncNumberDto } from '../domain/dnc-number.js';
import { entryKey, historyKey, indexKeys, removalReceiptKey } from './keys.js';

/**
 * An expiry is stored twice: `expiresAtIso`, the exact instant every read and condition compares
 * (ISO-8601 UTC sorts as time), and `expiresAt`, whole epoch seconds rounded up, the table's TTL
 * attribute, so DynamoDB deletes the entry eventually and never before it lapses.
 */
const expiryAttributes = (expiresAt: string | null) =>
  expiresAt === null ? {} : { expiresAtIso: expiresAt, expiresAt: Math.ceil(Date.parse(expiresAt) / 1000) };

/** The stored item: the entry plus its primary key and index attributes. */
export const toEntryItem = ({ expiresAt, ...entry }: DncNumber) => ({
  ...entryKey(entry.tenantId, entry.phoneNumber, entry.userId),
  ...indexKeys(entry),
  ...entry,
  ...expiryAttributes(expiresAt),
});

/** The entry of a stored item; keys and index attributes stay behind. */
export const fromEntryItem = (item: Record<string, unknown>): DncNumber => {
  const entry = item as unknown as DncNumber;
  return {
    id: entry.id,
    tenantId: entry.tenantId,
    phoneNumber: entry.phoneNumber,
    userId: entry.userId ?? null,
    reason: entry.reason ?? null,
    createdAt: entry.createdAt,
    updatedAt: entry.updatedAt,
    createdBy: entry.createdBy,
    expiresAt: typeof item.expiresAtIso === 'string' ? item.expiresAtIso : null,
  };
};

/** The entry an Idempotency-Key record keeps: the domain object as the first request created it. */
export const fromRecordedEntry = (recorded: Record<string, unknown>): DncNumber => ({
  ...fromEntryItem(recorded),
  expiresAt: typeof recorded.expiresAt === 'string' ? recorded.expiresAt : null,
});

/** Items carried by exceptions (`ALL_OLD` on a failed condition) are not translated by lib-dynamodb. */
export const fromRawItem = (item: Record<string, AttributeValue>): Record<string, unknown> => unmarshall(item);

/** A removal receipt outlives the stream's 24 h retention with room to spare, then TTL deletes it. */
const RECEIPT_LIFETIME_SECONDS = 30 * 24 * 60 * 60;

export const toRemovalReceiptItem = (entry: DncNumber, removal: Removal) => ({
  ...removalReceiptKey(entry.tenantId, entry.phoneNumber, entry.id),
  entryId: entry.id,
  ...removal,
  expiresAt: Math.floor(Date.parse(removal.at) / 1000) + RECEIPT_LIFETIME_SECONDS,
});

export const fromRemovalReceiptItem = (item: Record<string, unknown>): Removal => ({
  by: String(item.by),
  reason: typeof item.reason === 'string' ? item.reason : null,
  at: String(item.at),
});

/** One event of a number's history, as `GET /v1/dnc_numbers/history` shows it. */
export interface HistoryEventDto {
  type: ChangeType;
  at: string;
  by: string;
  reason: string | null;
  dncNumber: DncNumberDto;
}

/**
 * The history item of a change: no TTL attribute (history never expires) and no index
 * attributes (lists never show it). `published` turns true once its event is on the bus.
 */
export const toHistoryItem = (change: Change) => ({
  ...historyKey(change.tenantId, change.entry.phoneNumber, change.at, change.eventId),
  eventId: change.eventId,
  tenantId: change.tenantId,
  type: change.type,
  at: change.at,
  by: change.by,
  reason: change.reason,
  dncNumber: toDncNumberDto(change.entry),
  published: false,
});

export const fromHistoryItem = (item: Record<string, unknown>): HistoryEventDto => ({
  type: item.type as ChangeType,
  at: String(item.at),
  by: String(item.by),
  reason: typeof item.reason === 'string' ? item.reason : null,
  // A map read back from DynamoDB comes in no particular key order: answer the DTO's own.
  dncNumber: toDncNumberDto(item.dncNumber as DncNumberDto),
});
