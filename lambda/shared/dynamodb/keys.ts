import { changeStreamSettings } from '../../../lib/change-stream-settings.js';
import type { DncNumber } from '../domain/dnc-number.js';

/**
 * Every key the service writes or queries, in one place (docs/adr/0001-list-and-get-indexes.md).
 * Each key starts with the tenant, so no key built here can reach another tenant's items.
 */

/** Index partitions per scope: spreads a bulk import over this many index partitions. */
export const WRITE_SHARDS = 4;

export type ListType = 'global' | 'user-specific';

// FNV-1a: cheap, stable across runtimes, and spreads consecutive numbers of a sorted import evenly.
export const shardOf = (phoneNumber: string): number => {
  let hash = 0x811c9dc5;
  for (let index = 0; index < phoneNumber.length; index += 1) {
    hash = Math.imul(hash ^ phoneNumber.charCodeAt(index), 0x01000193);
  }
  return (hash >>> 0) % WRITE_SHARDS;
};

export const shards = (): number[] => Array.from({ length: WRITE_SHARDS }, (_, shard) => shard);

// Entry sort keys share the prefix the stream's event filter lets through to the change consumer.
const SCOPE = changeStreamSettings.entrySortKeyPrefix;
const GLOBAL_SCOPE = `${SCOPE}GLOBAL`;
const HISTORY = 'HISTORY#';

/** One number of one tenant: its entries (one per scope), its history and its removal receipts. */
export const numberPartition = (tenantId: string, phoneNumber: string): string => `TENANT#${tenantId}#PHONE#${phoneNumber}`;

/** The entry's primary key: one item per tenant, number and scope. */
export const entryKey = (tenantId: string, phoneNumber: string, userId: string | null) => ({
  pk: numberPartition(tenantId, phoneNumber),
  sk: userId === null ? GLOBAL_SCOPE : `${SCOPE}USER#${userId}`,
});

/** A history event, beside the number's entries: in time order (ISO-8601 sorts as time), the event id breaking ties. */
export const historyKey = (tenantId: string, phoneNumber: string, at: string, eventId: string) => ({
  pk: numberPartition(tenantId, phoneNumber),
  sk: `${HISTORY}${at}#${eventId}`,
});

/** Every history event of a number: its partition and the sort key prefix they share. */
export const historyRange = (tenantId: string, phoneNumber: string) => ({ pk: numberPartition(tenantId, phoneNumber), skPrefix: HISTORY });

/** Who removed an entry through the API, and why: written with the delete, read by the change consumer. */
export const removalReceiptKey = (tenantId: string, phoneNumber: string, entryId: string) => ({
  pk: numberPartition(tenantId, phoneNumber),
  sk: `REMOVAL#${entryId}`,
});

export const scopePartition = (tenantId: string, type: ListType, shard: number): string =>
  `TENANT#${tenantId}#${type === 'global' ? 'GLOBAL' : 'USERS'}#SHARD#${shard}`;

export const userPartition = (tenantId: string, userId: string, shard: number): string =>
  `TENANT#${tenantId}#USER#${userId}#SHARD#${shard}`;

export const idPartition = (tenantId: string, id: string): string => `TENANT#${tenantId}#ID#${id}`;

/** Sorts by creation time; the id breaks ties between entries created in the same millisecond. */
export const createdSortKey = (createdAt: string, id: string): string => `${createdAt}#${id}`;

/** The index attributes an entry carries (see lib/table-definition.ts for the indexes). */
export const indexKeys = (entry: Pick<DncNumber, 'tenantId' | 'phoneNumber' | 'userId' | 'id' | 'createdAt'>) => {
  const shard = shardOf(entry.phoneNumber);
  return {
    scopePk: scopePartition(entry.tenantId, entry.userId === null ? 'global' : 'user-specific', shard),
    createdSk: createdSortKey(entry.createdAt, entry.id),
    ...(entry.userId === null ? {} : { userPk: userPartition(entry.tenantId, entry.userId, shard) }),
    idPk: idPartition(entry.tenantId, entry.id),
  };
};

/** An Idempotency-Key record, in its own table (`IDEMPOTENCY_TABLE_NAME`, keyed `pk` only). */
export const idempotencyKey = (tenantId: string, key: string) => ({
  pk: `TENANT#${tenantId}#IDEMPOTENCY#${key}`,
});
