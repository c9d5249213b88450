/**
 * The tenant registry's domain: which machine client belongs to which tenant, and whether
 * either may be used. Pure: the DynamoDB side is in tenant-registry-items.ts and the reader.
 */
export type TenantStatus = 'active' | 'disabled';
export type ClientStatus = 'active' | 'retired';

export type TenantRecord = {
  tenantId: string;
  status: TenantStatus;
  createdAt: string;
  updatedAt: string;
};

/** `created`: made by `npm run tenant` (deleted from Cognito when retired); `existing`: registered as it was. */
export type ClientOrigin = 'created' | 'existing';

export type ClientRecord = {
  clientId: string;
  tenantId: string;
  status: ClientStatus;
  origin: ClientOrigin;
  createdAt: string;
  retiredAt?: string;
};

/** The registry's answer for a client: the tenant its tokens act for, or why they are refused. */
export type TenantAccess = { allowed: true; tenantId: string } | { allowed: false; reason: string };

/** A client is accepted only while it is active and its tenant is active. */
export const decideTenantAccess = (clientId: string, client: ClientRecord | undefined, tenant: TenantRecord | undefined): TenantAccess => {
  if (client === undefined) return { allowed: false, reason: `client ${clientId} is not registered to any tenant` };
  if (client.status !== 'active') return { allowed: false, reason: `client ${clientId} of tenant ${client.tenantId} is ${client.status}` };
  if (tenant === undefined) return { allowed: false, reason: `tenant ${client.tenantId} of client ${clientId} is not registered` };
  if (tenant.status !== 'active') return { allowed: false, reason: `tenant ${tenant.tenantId} is ${tenant.status}` };
  return { allowed: true, tenantId: tenant.tenantId };
};
