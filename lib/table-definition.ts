import type { CreateTableCommandInput, GlobalSecondaryIndex } from '@aws-sdk/client-dynamodb';
import { changeStreamSettings } from './change-stream-settings';

/**
 * The DNC table's keys and indexes (DESIGN §3, docs/adr/0001-list-and-get-indexes.md): the one
 * source for the CDK table and for the table local tooling creates in DynamoDB Local.
 * Free of CDK imports: Lambda bundles read the index names from here.
 */
export const dncTableKeys = {
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
} as const;

/** Each index: its partition and sort key attributes (all strings), every attribute projected. */
export const dncTableIndexes = {
  /** A tenant's global or all-user entries, one write shard, by creation time. */
  byScopeCreated: { partitionKey: 'scopePk', sortKey: 'createdSk' },
  /** The same partitions by phone number. */
  byScopePhone: { partitionKey: 'scopePk', sortKey: 'phoneNumber' },
  /** One user's entries, one write shard, by creation time (user entries only: sparse). */
  byUserCreated: { partitionKey: 'userPk', sortKey: 'createdSk' },
  /** The same partitions by phone number. */
  byUserPhone: { partitionKey: 'userPk', sortKey: 'phoneNumber' },
  /** One entry by its public id, within its tenant. */
  byId: { partitionKey: 'idPk', sortKey: undefined },
} as const;

export type IndexName = keyof typeof dncTableIndexes;

export const indexNames = Object.keys(dncTableIndexes) as IndexName[];

const indexAttributes = [
  ...new Set(Object.values(dncTableIndexes).flatMap(({ partitionKey, sortKey }) => (sortKey ? [partitionKey, sortKey] : [partitionKey]))),
];

const localIndex = (name: IndexName): GlobalSecondaryIndex => {
  const { partitionKey, sortKey } = dncTableIndexes[name];
  return {
    IndexName: name,
    KeySchema: [
      { AttributeName: partitionKey, KeyType: 'HASH' },
      ...(sortKey ? [{ AttributeName: sortKey, KeyType: 'RANGE' as const }] : []),
    ],
    Projection: { ProjectionType: 'ALL' },
  };
};

export const dncTableCreateInput = (tableName: string): CreateTableCommandInput => ({
  TableName: tableName,
  BillingMode: 'PAY_PER_REQUEST',
  AttributeDefinitions: [
    { AttributeName: dncTableKeys.partitionKey.name, AttributeType: dncTableKeys.partitionKey.type },
    { AttributeName: dncTableKeys.sortKey.name, AttributeType: dncTableKeys.sortKey.type },
    ...indexAttributes.map((name) => ({ AttributeName: name, AttributeType: 'S' as const })),
  ],
  KeySchema: [
    { AttributeName: dncTableKeys.partitionKey.name, KeyType: 'HASH' },
    { AttributeName: dncTableKeys.sortKey.name, KeyType: 'RANGE' },
  ],
  GlobalSecondaryIndexes: indexNames.map(localIndex),
  StreamSpecification: { StreamEnabled: true, StreamViewType: changeStreamSettings.viewType },
});

/**
 * Idempotency-Key records (keyed `pk`, expiring by the `expiresAt` TTL attribute): their own table,
 * so that the DNC table's TTL deletes only expired entries and its stream carries only DNC data.
 */
export const idempotencyTableCreateInput = (tableName: string): CreateTableCommandInput => ({
  TableName: tableName,
  BillingMode: 'PAY_PER_REQUEST',
  AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
  KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
});

/** The tenant registry (`pk` only): which machine client belongs to which tenant, and which tenants are enabled. */
export const tenantRegistryTableCreateInput = (tableName: string): CreateTableCommandInput => ({
  TableName: tableName,
  BillingMode: 'PAY_PER_REQUEST',
  AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
  KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
});

/** The names of the service's tables, as functions read them from their environment. */
export interface ServiceTableNames {
  /** `TABLE_NAME` */
  dncTable: string;
  /** `IDEMPOTENCY_TABLE_NAME` */
  idempotencyTable: string;
  /** `TENANT_REGISTRY_TABLE_NAME` */
  tenantRegistryTable: string;
}

/** The same names as environment variables. */
export const serviceTableEnvironment = (names: ServiceTableNames) => ({
  TABLE_NAME: names.dncTable,
  IDEMPOTENCY_TABLE_NAME: names.idempotencyTable,
  TENANT_REGISTRY_TABLE_NAME: names.tenantRegistryTable,
});

/** Local table names sharing one prefix, e.g. `dnc-numbers-local`, `dnc-idempotency-local`, `dnc-tenants-local`. */
export const localTableNames = (suffix: string): ServiceTableNames => ({
  dncTable: `dnc-numbers-${suffix}`,
  idempotencyTable: `dnc-idempotency-${suffix}`,
  tenantRegistryTable: `dnc-tenants-${suffix}`,
});
