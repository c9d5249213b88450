import type { AddDncNumber } from './add-dnc-number.js';

/** Who is asking, as established by the authorizer: never taken from the request itself. */
export interface Caller {
  tenantId: string;
  subject: string;
  scopes: readonly string[];
}

/** One DNC entry: the public fields plus the tenant and audit data that never leave the service. */
export interface DncNumber {
  id: string;
  tenantId: string;
  phoneNumber: string;
  userId: string | null;
  reason: string | null;
  createdAt: string;
  updatedAt: string;
  createdBy: string;
  /** ISO-8601 UTC; from then on the entry is absent everywhere (`isLive`). */
  expiresAt: string | null;
}

/** `DncNumberDto` of the contract. */
export interface DncNumberDto {
  id: string;
  phoneNumber: string;
  userId: string | null;
  reason: string | null;
  createdAt: string;
  updatedAt: string;
  expiresAt: string | null;
}

export const newDncNumber = (input: AddDncNumber, caller: Caller, generated: { id: string; now: Date }): DncNumber => {
  const timestamp = generated.now.toISOString();
  return {
    id: generated.id,
    tenantId: caller.tenantId,
    phoneNumber: input.phoneNumber,
    userId: input.userId,
    reason: input.reason,
    createdAt: timestamp,
    updatedAt: timestamp,
    createdBy: caller.subject,
    expiresAt: input.expiresAt,
  };
};

/**
 * The one rule for expiry: an entry whose `expiresAt` has passed is absent for every read,
 * whether or not DynamoDB's TTL has deleted it yet (TTL runs hours or days late).
 */
export const isLive = (entry: Pick<DncNumber, 'expiresAt'>, now: Date): boolean =>
  entry.expiresAt === null || Date.parse(entry.expiresAt) > now.getTime();

/** The contract's DTO, its keys in its own order, of an entry or of a DTO read back from storage. */
export const toDncNumberDto = (entry: Pick<DncNumber, keyof DncNumberDto>): DncNumberDto => ({
  id: entry.id,
  phoneNumber: entry.phoneNumber,
  userId: entry.userId ?? null,
  reason: entry.reason ?? null,
  createdAt: entry.createdAt,
  updatedAt: entry.updatedAt,
  expiresAt: entry.expiresAt ?? null,
});
