import { createHash } from 'node:crypto';
import type { AddDncNumber } from './add-dnc-number.js';
import type { DncNumber } from './dnc-number.js';

/** Keys are kept this long; a retry after that is treated as a new request. */
export const IDEMPOTENCY_KEY_LIFETIME_SECONDS = 24 * 60 * 60;

/** Visible ASCII that UUIDs, ULIDs and base64 keys use; no `#`, the key separator. */
export const IDEMPOTENCY_KEY_PATTERN = '^[A-Za-z0-9._:@=+/-]{1,255}$';

/** What a key remembers: the request it was first used for and the entry that request created. */
export interface IdempotencyRecord {
  key: string;
  tenantId: string;
  fingerprint: string;
  dncNumber: DncNumber;
  createdAt: string;
  /** Epoch seconds; the table's TTL attribute. */
  expiresAt: number;
}

/**
 * Same validated request ⇔ same fingerprint: two spellings of one number are one request.
 * `expiresAt` joins only when given, so keys recorded before it existed still match their retries.
 */
export const requestFingerprint = (input: AddDncNumber): string =>
  createHash('sha256')
    .update(JSON.stringify([input.phoneNumber, input.userId, input.reason, ...(input.expiresAt === null ? [] : [input.expiresAt])]))
    .digest('hex');

export const newIdempotencyRecord = (key: string, input: AddDncNumber, dncNumber: DncNumber, now: Date): IdempotencyRecord => ({
  key,
  tenantId: dncNumber.tenantId,
  fingerprint: requestFingerprint(input),
  dncNumber,
  createdAt: now.toISOString(),
  expiresAt: Math.floor(now.getTime() / 1000) + IDEMPOTENCY_KEY_LIFETIME_SECONDS,
});
