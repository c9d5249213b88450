import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';

/**
 * Which machine client belongs to which tenant (lambda/shared/tenants): written by `npm run tenant`,
 * read by the authorizer. Losing it would orphan every tenant's entries, so it is kept like the DNC
 * table: retained, point-in-time recovery, in the backup plan.
 */
export class TenantRegistry extends Construct {
  readonly table: Table;

  constructor(scope: Construct, id: string, { deletionProtection }: { deletionProtection: boolean }) {
    super(scope, id);
    this.table = new Table(this, 'Table', {
      partitionKey: { name: 'pk', type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection,
      encryption: TableEncryption.AWS_MANAGED,
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    });
  }
}
