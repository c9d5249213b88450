import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DncNumber } from '../domain/dnc-number.js';
import { entryKey, indexKeys } from './keys.js';

/** The stored item: the entry plus its primary key and index attributes. */
export const toEntryItem = (entry: DncNumber) => ({
  ...entryKey(entry.tenantId, entry.phoneNumber, entry.userId),
  ...indexKeys(entry),
  ...entry,
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
    ...(entry.expiresAt ? { expiresAt: entry.expiresAt } : {}),
  };
};

/** Items carried by exceptions (`ALL_OLD` on a failed condition) are not translated by lib-dynamodb. */
export const fromRawItem = (item: Record<string, AttributeValue>): Record<string, unknown> => unmarshall(item);
