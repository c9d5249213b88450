import { type CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';

export interface TenantStackOutputs {
  tenantRegistryTableName: string;
  /** Absent for a stack that trusts an external OIDC issuer (no user pool). */
  userPoolId?: string | undefined;
}

/** The outputs `npm run tenant` needs from a deployed stack. */
export const readTenantStackOutputs = async (cloudFormation: CloudFormationClient, stackName: string): Promise<TenantStackOutputs> => {
  const { Stacks } = await cloudFormation.send(new DescribeStacksCommand({ StackName: stackName }));
  const outputs = new Map((Stacks?.[0]?.Outputs ?? []).map((output) => [output.OutputKey, output.OutputValue]));
  const tenantRegistryTableName = outputs.get('TenantRegistryTableName');
  if (!tenantRegistryTableName) {
    throw new Error(`stack ${stackName} has no TenantRegistryTableName output: deploy a version with the tenant registry first`);
  }
  return { tenantRegistryTableName, userPoolId: outputs.get('UserPoolId') };
};
