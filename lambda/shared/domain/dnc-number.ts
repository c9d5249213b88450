import type { AddDncNumber } from './add-dnc-number.js';

/** Who is asking, as established by the authorizer: never taken from the request body. */
export interface Caller {
  tenantId: string;
  subject: string;
}

/** One DNC entry as stored: the public fields plus keys and audit data that never leave the service. */
export interface DncNumberRecord {
  pk: string;
  sk: string;
  id: string;
  tenantId: string;
  phoneNumber: string;
  userId: string | null;
  reason: string | null;
  createdAt: string;
  updatedAt: string;
  createdBy: string;
}

/** `DncNumberDto` of the contract. */
export interface DncNumberDto {
  id: string;
  phoneNumber: string;
  userId: string | null;
  reason: string | null;
  createdAt: string;
  updatedAt: string;
}

export const GLOBAL_SCOPE_KEY = 'SCOPE#GLOBAL';

export const dncNumberKey = (tenantId: string, phoneNumber: string, userId: string | null) => ({
  pk: `TENANT#${tenantId}#PHONE#${phoneNumber}`,
  sk: userId === null ? GLOBAL_SCOPE_KEY : `SCOPE#USER#${userId}`,
});

export const newDncNumberRecord = (input: AddDncNumber, caller: Caller, generated: { id: string; now: Date }): DncNumberRecord => {
  const timestamp = generated.now.toISOString();
  return {
    ...dncNumberKey(caller.tenantId, input.phoneNumber, input.userId),
    id: generated.id,
    tenantId: caller.tenantId,
    phoneNumber: input.phoneNumber,
    userId: input.userId,
    reason: input.reason,
    createdAt: timestamp,
    updatedAt: timestamp,
    createdBy: caller.subject,
  };
};

export const toDncNumberDto = (record: DncNumberRecord): DncNumberDto => ({
  id: record.id,
  phoneNumber: record.phoneNumber,
  userId: record.userId ?? null,
  reason: record.reason ?? null,
  createdAt: record.createdAt,
  updatedAt: record.updatedAt,
});
