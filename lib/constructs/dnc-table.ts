import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, type ITable, ProjectionType, StreamViewType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { changeStreamSettings } from '../change-stream-settings';
import type { ExistingTable } from '../settings';
import { dncTableIndexes, dncTableKeys, indexNames } from '../table-definition';

export interface DncTableProps {
  indexRollout: number;
  deletionProtection: boolean;
  /** Use this table (restored from a backup, or kept from an earlier stack) instead of creating one. */
  existingTable?: ExistingTable;
}

/**
 * The DNC list (DESIGN §3). Entries are compliance records kept for years: the table survives
 * stack deletion and updates that would replace it, but not a failed first create
 * (docs/adr/0002-retention-and-deletion.md); it can be restored to any second of the last 35 days,
 * and AWS Backup keeps monthly copies for years (lib/constructs/backups.ts). Its stream feeds the
 * change consumer (lib/constructs/change-stream.ts).
 */
export class DncTable extends Construct {
  readonly table: ITable;

  constructor(scope: Construct, id: string, { indexRollout, deletionProtection, existingTable }: DncTableProps) {
    super(scope, id);
    if (existingTable) {
      this.table = Table.fromTableAttributes(this, 'Table', { tableName: existingTable.name, tableStreamArn: existingTable.streamArn });
      return;
    }
    const table = new Table(this, 'Table', {
      partitionKey: { name: dncTableKeys.partitionKey.name, type: AttributeType.STRING },
      sortKey: { name: dncTableKeys.sortKey.name, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection,
      encryption: TableEncryption.AWS_MANAGED,
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
      // Entries with an expiry and removal receipts carry it; history items never do, so the
      // record of a change outlives the entry it describes.
      timeToLiveAttribute: 'expiresAt',
      stream: StreamViewType[changeStreamSettings.viewType],
    });
    // CloudFormation adds at most one GSI per stack update: `indexRollout` adds them one deploy
    // at a time to a table that predates them (docs/adr/0001-list-and-get-indexes.md).
    for (const indexName of indexNames.slice(0, indexRollout)) {
      const { partitionKey, sortKey } = dncTableIndexes[indexName];
      table.addGlobalSecondaryIndex({
        indexName,
        partitionKey: { name: partitionKey, type: AttributeType.STRING },
        ...(sortKey ? { sortKey: { name: sortKey, type: AttributeType.STRING } } : {}),
        projectionType: ProjectionType.ALL,
      });
    }
    this.table = table;
  }
}
