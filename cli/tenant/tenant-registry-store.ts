import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, paginateScan, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ClientRecord, TenantRecord, TenantStatus } from '../../lambda/shared/tenants/tenant-registry';
import {
  clientKey,
  fromClientItem,
  fromTenantItem,
  tenantKey,
  toClientItem,
  toTenantItem,
} from '../../lambda/shared/tenants/tenant-registry-items';

export class TenantRegistryConflictError extends Error {
  override readonly name = 'TenantRegistryConflictError';
}

export interface TenantRegistryContents {
  tenants: TenantRecord[];
  clients: ClientRecord[];
}

export interface TenantRegistryStore {
  /** Adds a tenant and, in the same transaction, its first client; fails if either exists. */
  addTenant(tenant: TenantRecord, firstClient?: ClientRecord): Promise<void>;
  /** Registers another client of an existing tenant; fails if the tenant is unknown or the client registered. */
  addClient(client: ClientRecord): Promise<void>;
  setTenantStatus(tenantId: string, status: TenantStatus, at: string): Promise<void>;
  retireClient(clientId: string, at: string): Promise<void>;
  findTenant(tenantId: string): Promise<TenantRecord | undefined>;
  /** Every tenant and client: a scan, fine for an operator's command on a table of tenants. */
  contents(): Promise<TenantRegistryContents>;
}

const notExists = { ConditionExpression: 'attribute_not_exists(pk)' };
const exists = { ConditionExpression: 'attribute_exists(pk)' };

const isConditionFailure = (error: unknown) => (error as Error).name === 'ConditionalCheckFailedException';

/** Which of a transaction's conditions failed, in the order of its items. */
const failedConditions = (error: unknown): boolean[] | undefined =>
  error instanceof TransactionCanceledException
    ? (error.CancellationReasons ?? []).map((reason) => reason.Code === 'ConditionalCheckFailed')
    : undefined;

/** The registry's write side, for `npm run tenant` (the authorizer only reads it). */
export const createTenantRegistryStore = (client: DynamoDBDocumentClient, tableName: string): TenantRegistryStore => ({
  async addTenant(tenant, firstClient) {
    try {
      await client.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: tableName, Item: toTenantItem(tenant), ...notExists } },
            ...(firstClient ? [{ Put: { TableName: tableName, Item: toClientItem(firstClient), ...notExists } }] : []),
          ],
        }),
      );
    } catch (error) {
      const [tenantExists, clientRegistered] = failedConditions(error) ?? [];
      if (tenantExists) throw new TenantRegistryConflictError(`tenant ${tenant.tenantId} already exists`);
      if (clientRegistered) throw new TenantRegistryConflictError(`client ${firstClient?.clientId} is already registered`);
      throw error;
    }
  },

  async addClient(registration) {
    try {
      await client.send(
        new TransactWriteCommand({
          TransactItems: [
            { ConditionCheck: { TableName: tableName, Key: tenantKey(registration.tenantId), ...exists } },
            { Put: { TableName: tableName, Item: toClientItem(registration), ...notExists } },
          ],
        }),
      );
    } catch (error) {
      const [tenantMissing, clientRegistered] = failedConditions(error) ?? [];
      if (tenantMissing) throw new TenantRegistryConflictError(`tenant ${registration.tenantId} does not exist`);
      if (clientRegistered) throw new TenantRegistryConflictError(`client ${registration.clientId} is already registered`);
      throw error;
    }
  },

  async setTenantStatus(tenantId, status, at) {
    try {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: tenantKey(tenantId),
          UpdateExpression: 'SET #status = :status, updatedAt = :at',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':status': status, ':at': at },
          ...exists,
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) throw new TenantRegistryConflictError(`tenant ${tenantId} does not exist`);
      throw error;
    }
  },

  async retireClient(clientId, at) {
    await client.send(
      new UpdateCommand({
        TableName: tableName,
        Key: clientKey(clientId),
        UpdateExpression: 'SET #status = :retired, retiredAt = if_not_exists(retiredAt, :at)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':retired': 'retired', ':at': at },
        ...exists,
      }),
    );
  },

  async findTenant(tenantId) {
    const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: tenantKey(tenantId), ConsistentRead: true }));
    return Item === undefined ? undefined : fromTenantItem(Item);
  },

  async contents() {
    const contents: TenantRegistryContents = { tenants: [], clients: [] };
    for await (const page of paginateScan({ client }, { TableName: tableName, ConsistentRead: true })) {
      for (const item of page.Items ?? []) {
        if (item.kind === 'tenant') contents.tenants.push(fromTenantItem(item));
        else if (item.kind === 'client') contents.clients.push(fromClientItem(item));
      }
    }
    return contents;
  },
});
