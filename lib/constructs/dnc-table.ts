import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { dncTableIndexes, dncTableKeys, indexNames } from '../table-definition';

/**
 * The DNC list (DESIGN §3). Entries are compliance records kept for years: the table
 * survives stack deletion, refuses deletion, and can be restored to any second of
 * the last 35 days.
 */
export class DncTable extends Construct {
  readonly table: Table;

  constructor(scope: Construct, id: string, { indexRollout }: { indexRollout: number }) {
    super(scope, id);
    this.table = new Table(this, 'Table', {
      partitionKey: { name: dncTableKeys.partitionKey.name, type: AttributeType.STRING },
      sortKey: { name: dncTableKeys.sortKey.name, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      encryption: TableEncryption.AWS_MANAGED,
      removalPolicy: RemovalPolicy.RETAIN,
      // Only Idempotency-Key records carry it; DNC entries never expire.
      timeToLiveAttribute: 'expiresAt',
    });
    // CloudFormation adds at most one GSI per stack update: `indexRollout` adds them one deploy
    // at a time to a table that predates them (docs/adr/0001-list-and-get-indexes.md).
    for (const indexName of indexNames.slice(0, indexRollout)) {
      const { partitionKey, sortKey } = dncTableIndexes[indexName];
      this.table.addGlobalSecondaryIndex({
        indexName,
        partitionKey: { name: partitionKey, type: AttributeType.STRING },
        ...(sortKey ? { sortKey: { name: sortKey, type: AttributeType.STRING } } : {}),
        projectionType: ProjectionType.ALL,
      });
    }
  }
}
