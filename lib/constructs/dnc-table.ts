import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, StreamViewType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { changeStreamSettings } from '../change-stream-settings';
import { dncTableIndexes, dncTableKeys, indexNames } from '../table-definition';

/**
 * The DNC list (DESIGN §3). Entries are compliance records kept for years: the table
 * survives stack deletion, refuses deletion, and can be restored to any second of
 * the last 35 days. Its stream feeds the change consumer (lib/constructs/change-stream.ts).
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
      // Entries with an expiry, Idempotency-Key records and removal receipts carry it; history
      // items never do, so the record of a change outlives the entry it describes.
      timeToLiveAttribute: 'expiresAt',
      stream: StreamViewType[changeStreamSettings.viewType],
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
