import type { ClientOrigin, ClientRecord, ClientStatus, TenantRecord, TenantStatus } from './tenant-registry.js';

/**
 * Items of the tenant registry table (key `pk` only): one per tenant, one per machine client.
 * `pk = TENANT#{tenantId}` and `pk = CLIENT#{clientId}`; `kind` tells them apart in a scan.
 */
export const tenantKey = (tenantId: string) => ({ pk: `TENANT#${tenantId}` });
export const clientKey = (clientId: string) => ({ pk: `CLIENT#${clientId}` });

export type TenantItem = ReturnType<typeof tenantKey> & TenantRecord & { kind: 'tenant' };
export type ClientItem = ReturnType<typeof clientKey> & ClientRecord & { kind: 'client' };

export const toTenantItem = (tenant: TenantRecord): TenantItem => ({ ...tenantKey(tenant.tenantId), kind: 'tenant', ...tenant });
export const toClientItem = (client: ClientRecord): ClientItem => ({ ...clientKey(client.clientId), kind: 'client', ...client });

const text = (item: Record<string, unknown>, name: string): string => {
  const value = item[name];
  if (typeof value !== 'string') throw new Error(`tenant registry item ${String(item.pk)} has no ${name}`);
  return value;
};

const oneOf = <T extends string>(item: Record<string, unknown>, name: string, allowed: readonly T[]): T => {
  const value = text(item, name);
  if (!(allowed as readonly string[]).includes(value)) throw new Error(`tenant registry item ${String(item.pk)} has ${name} ${value}`);
  return value as T;
};

const tenantStatuses: readonly TenantStatus[] = ['active', 'disabled'];
const clientStatuses: readonly ClientStatus[] = ['active', 'retired'];
const clientOrigins: readonly ClientOrigin[] = ['created', 'existing'];

export const fromTenantItem = (item: Record<string, unknown>): TenantRecord => ({
  tenantId: text(item, 'tenantId'),
  status: oneOf(item, 'status', tenantStatuses),
  createdAt: text(item, 'createdAt'),
  updatedAt: text(item, 'updatedAt'),
});

export const fromClientItem = (item: Record<string, unknown>): ClientRecord => ({
  clientId: text(item, 'clientId'),
  tenantId: text(item, 'tenantId'),
  status: oneOf(item, 'status', clientStatuses),
  origin: oneOf(item, 'origin', clientOrigins),
  createdAt: text(item, 'createdAt'),
  ...(typeof item.retiredAt === 'string' ? { retiredAt: item.retiredAt } : {}),
});
