import { randomUUID } from 'node:crypto';
import type { MachineClientCredentials, MachineClients } from '../../cli/tenant/machine-clients';
import { createTenantRegistryStore } from '../../cli/tenant/tenant-registry-store';
import { createDocumentClient } from '../../lambda/shared/dynamodb/document-client';

/** The tenant registry table jest's global setup created in DynamoDB Local. */
export const tenantRegistryTableName = (): string => {
  const name = process.env.TENANT_REGISTRY_TABLE_NAME;
  if (!name) throw new Error('TENANT_REGISTRY_TABLE_NAME is not set: run the tests through jest (its global setup creates the table)');
  return name;
};

/**
 * Cognito's part of `npm run tenant`, in memory: Cognito does not run here. Client ids are
 * random, so tests sharing the one registry table never collide.
 */
export const inMemoryMachineClients = () => {
  const secrets = new Map<string, string>();
  const clients: MachineClients & { readonly ids: string[]; readonly names: string[] } = {
    names: [],
    async create(name): Promise<MachineClientCredentials> {
      const clientId = `client-${randomUUID()}`;
      const clientSecret = `secret-${randomUUID()}`;
      secrets.set(clientId, clientSecret);
      clients.names.push(name);
      return { clientId, clientSecret };
    },
    async delete(clientId) {
      secrets.delete(clientId);
    },
    async exists(clientId) {
      return secrets.has(clientId);
    },
    get ids() {
      return [...secrets.keys()];
    },
  };
  return clients;
};

/** What `npm run tenant` runs with, against DynamoDB Local's registry table and in-memory clients. */
export const tenantCommandContext = () => {
  const documents = createDocumentClient();
  return { registry: createTenantRegistryStore(documents, tenantRegistryTableName()), clients: inMemoryMachineClients(), documents };
};

/** A tenant id no other test uses, valid for the registry (at most 64 characters). */
export const newRegistryTenantId = (): string => `t-${randomUUID()}`;
