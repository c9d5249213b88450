import { randomUUID } from 'node:crypto';

/**
 * The item the create handler writes, attribute for attribute, so the raw baselines ask
 * DynamoDB for the same work. Kept free of project imports: the raw bundle includes it.
 */
export const sameShapeItem = (phoneNumber: string, { tenantId, reason }: { tenantId: string; reason: string | null }) => {
  const now = new Date().toISOString();
  return {
    pk: `TENANT#${tenantId}#PHONE#${phoneNumber}`,
    sk: 'SCOPE#GLOBAL',
    id: randomUUID(),
    tenantId,
    phoneNumber,
    userId: null,
    reason,
    createdAt: now,
    updatedAt: now,
    createdBy: 'bench',
  };
};
