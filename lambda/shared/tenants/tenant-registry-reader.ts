import { decideTenantAccess, type TenantAccess } from './tenant-registry.js';
import { clientKey, fromClientItem, fromTenantItem, tenantKey } from './tenant-registry-items.js';

/** A strongly consistent read of one item of the registry table, undefined when it is not there. */
export type GetItem = (tableName: string, key: Record<string, string>) => Promise<Record<string, unknown> | undefined>;

export interface TenantRegistryReader {
  /** The registry's decision for a client; rejects when the registry cannot be read. */
  accessOf(clientId: string): Promise<TenantAccess>;
}

/**
 * Reads the registry with strongly consistent `GetItem`s (the client's item, then its tenant's),
 * so a change is seen by the first read after it. Any failure to read rejects: the caller
 * must tell "not registered" (a decision) from "cannot tell" (an outage).
 */
export const createTenantRegistryReader = (getItem: GetItem, tableName: string): TenantRegistryReader => {
  const get = (key: Record<string, string>) => getItem(tableName, key);

  return {
    async accessOf(clientId) {
      const clientItem = await get(clientKey(clientId));
      const registered = clientItem === undefined ? undefined : fromClientItem(clientItem);
      if (registered?.status !== 'active') return decideTenantAccess(clientId, registered, undefined);
      const tenantItem = await get(tenantKey(registered.tenantId));
      return decideTenantAccess(clientId, registered, tenantItem === undefined ? undefined : fromTenantItem(tenantItem));
    },
  };
};
