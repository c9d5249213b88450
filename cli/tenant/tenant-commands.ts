import type { ClientRecord, TenantRecord, TenantStatus } from '../../lambda/shared/tenants/tenant-registry';
import { parseTenantId } from '../../lambda/shared/tenants/tenant-id';
import type { MachineClientCredentials, MachineClients } from './machine-clients';
import type { TenantRegistryStore } from './tenant-registry-store';

export interface TenantCommandContext {
  registry: TenantRegistryStore;
  /** The identity provider; absent when only the registry is targeted (`--table`). */
  clients?: MachineClients | undefined;
  now?: () => Date;
}

export interface NewClient {
  clientId: string;
  /** Only for a client created now: shown once, never stored. */
  clientSecret?: string;
}

export interface RetiredClient {
  clientId: string;
  /** False for a client registered with --existing-client: it is left in Cognito. */
  deletedFromIdentityProvider: boolean;
}

export interface TenantListing {
  tenant: TenantRecord;
  clients: ClientRecord[];
}

const nowIso = (context: TenantCommandContext) => (context.now ?? (() => new Date()))().toISOString();

const requireClients = (context: TenantCommandContext): MachineClients => {
  if (context.clients === undefined) {
    throw new Error("creating a client needs the stack's Cognito user pool: use --stack <name> (not --table)");
  }
  return context.clients;
};

// Cognito app client names: letters, digits, spaces and + = , . @ - _, at most 128 characters.
const clientName = (tenantId: string, at: string) => `dnc-${tenantId}-${at.replace(/[^0-9]/g, '').slice(0, 14)}`;

/** Creates a client and registers it; a client that cannot be registered is deleted again. */
const createRegisteredClient = async (
  context: TenantCommandContext,
  tenantId: string,
  register: (client: ClientRecord) => Promise<void>,
): Promise<MachineClientCredentials> => {
  const clients = requireClients(context);
  const at = nowIso(context);
  const credentials = await clients.create(clientName(tenantId, at));
  try {
    await register({ clientId: credentials.clientId, tenantId, status: 'active', origin: 'created', createdAt: at });
  } catch (error) {
    await clients.delete(credentials.clientId);
    throw error;
  }
  return credentials;
};

/**
 * `add <tenantId>`: registers the tenant with a new machine client. With `existingClientId`,
 * registers that client instead (the upgrade path: `add <oldClientId> --existing-client
 * <oldClientId>` keeps an existing deployment's entries, stored under tenant id = client id).
 */
export const addTenant = async (
  context: TenantCommandContext,
  tenantIdText: string,
  { existingClientId }: { existingClientId?: string | undefined } = {},
): Promise<NewClient> => {
  const tenantId = parseTenantId(tenantIdText);
  const at = nowIso(context);
  const tenant: TenantRecord = { tenantId, status: 'active', createdAt: at, updatedAt: at };
  if (existingClientId !== undefined) {
    if (context.clients !== undefined && !(await context.clients.exists(existingClientId))) {
      throw new Error(`client ${existingClientId} does not exist in the user pool`);
    }
    await context.registry.addTenant(tenant, {
      clientId: existingClientId,
      tenantId,
      status: 'active',
      origin: 'existing',
      createdAt: at,
    });
    return { clientId: existingClientId };
  }
  requireClients(context);
  if (await context.registry.findTenant(tenantId))
    throw new Error(`tenant ${tenantId} already exists (rotate-secret gives it a new client)`);
  return createRegisteredClient(context, tenantId, (client) => context.registry.addTenant(tenant, client));
};

/** `list`: every tenant with its clients (ids and status, never secrets), by tenant id. */
export const listTenants = async (context: TenantCommandContext): Promise<TenantListing[]> => {
  const { tenants, clients } = await context.registry.contents();
  return tenants
    .toSorted((a, b) => a.tenantId.localeCompare(b.tenantId))
    .map((tenant) => ({
      tenant,
      clients: clients.filter((client) => client.tenantId === tenant.tenantId).toSorted((a, b) => a.createdAt.localeCompare(b.createdAt)),
    }));
};

/**
 * `rotate-secret <tenantId>`: a new client for the same tenant (so the same data). Unless
 * `keepPrevious`, every other active client is retired in the registry, then deleted from
 * Cognito if this tool created it.
 */
export const rotateSecret = async (
  context: TenantCommandContext,
  tenantIdText: string,
  { keepPrevious = false }: { keepPrevious?: boolean } = {},
): Promise<NewClient & { clientSecret: string; retired: RetiredClient[] }> => {
  const tenantId = parseTenantId(tenantIdText);
  const clients = requireClients(context);
  if (!(await context.registry.findTenant(tenantId))) throw new Error(`tenant ${tenantId} does not exist`);
  const previous = (await context.registry.contents()).clients.filter(
    (client) => client.tenantId === tenantId && client.status === 'active',
  );
  const created = await createRegisteredClient(context, tenantId, (client) => context.registry.addClient(client));
  const retired: RetiredClient[] = [];
  if (!keepPrevious) {
    for (const client of previous) {
      await context.registry.retireClient(client.clientId, nowIso(context));
      if (client.origin === 'created') await clients.delete(client.clientId);
      retired.push({ clientId: client.clientId, deletedFromIdentityProvider: client.origin === 'created' });
    }
  }
  return { ...created, retired };
};

/** `disable` / `enable <tenantId>`: every client of the tenant refused, or accepted again; its data stays. */
export const setTenantStatus = async (context: TenantCommandContext, tenantIdText: string, status: TenantStatus): Promise<void> => {
  await context.registry.setTenantStatus(parseTenantId(tenantIdText), status, nowIso(context));
};
