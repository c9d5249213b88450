import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/**
 * The DNC table's keys (DESIGN §3), the one source for the CDK table and for the
 * table that local tooling creates in DynamoDB Local.
 */
export const dncTableKeys = {
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
} as const;

export const dncTableCreateInput = (tableName: string): CreateTableCommandInput => ({
  TableName: tableName,
  BillingMode: 'PAY_PER_REQUEST',
  AttributeDefinitions: [
    { AttributeName: dncTableKeys.partitionKey.name, AttributeType: dncTableKeys.partitionKey.type },
    { AttributeName: dncTableKeys.sortKey.name, AttributeType: dncTableKeys.sortKey.type },
  ],
  KeySchema: [
    { AttributeName: dncTableKeys.partitionKey.name, KeyType: 'HASH' },
    { AttributeName: dncTableKeys.sortKey.name, KeyType: 'RANGE' },
  ],
});
