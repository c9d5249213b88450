import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { createDocumentClient } from '../lambda/shared/dynamodb/document-client';
import { cognitoMachineClients } from './tenant/cognito-machine-clients';
import { type TenantTarget, parseTenantOptions } from './tenant/options';
import { listingLines, newClientLines, retiredClientLines } from './tenant/print-results';
import { readTenantStackOutputs } from './tenant/stack-outputs';
import { addTenant, listTenants, rotateSecret, setTenantStatus, type TenantCommandContext } from './tenant/tenant-commands';
import { createTenantRegistryStore } from './tenant/tenant-registry-store';

const print = (lines: string[]) => process.stdout.write(`${lines.join('\n')}\n`);

const contextFor = async (target: TenantTarget): Promise<TenantCommandContext> => {
  if (target.kind === 'table') {
    const documents = createDocumentClient({ ...process.env, ...(target.endpoint ? { DYNAMODB_ENDPOINT: target.endpoint } : {}) });
    return { registry: createTenantRegistryStore(documents, target.tableName) };
  }
  const outputs = await readTenantStackOutputs(new CloudFormationClient({}), target.stackName);
  return {
    registry: createTenantRegistryStore(createDocumentClient({ ...process.env, DYNAMODB_ENDPOINT: '' }), outputs.tenantRegistryTableName),
    clients:
      outputs.userPoolId === undefined ? undefined : cognitoMachineClients(new CognitoIdentityProviderClient({}), outputs.userPoolId),
  };
};

const main = async () => {
  const { command, target } = parseTenantOptions(process.argv.slice(2));
  const context = await contextFor(target);
  switch (command.name) {
    case 'add': {
      const client = await addTenant(context, command.tenantId, { existingClientId: command.existingClientId });
      print([`added tenant ${command.tenantId}`, ...newClientLines(command.tenantId, client)]);
      if (client.clientSecret !== undefined)
        process.stderr.write('The secret is shown only now: store it where the client will read it.\n');
      break;
    }
    case 'list':
      print(listingLines(await listTenants(context)));
      break;
    case 'rotate-secret': {
      const client = await rotateSecret(context, command.tenantId, { keepPrevious: command.keepPrevious });
      print([
        `new client for tenant ${command.tenantId}`,
        ...newClientLines(command.tenantId, client),
        ...retiredClientLines(client.retired),
      ]);
      process.stderr.write(
        'The secret is shown only now. A retired client is refused within 6 minutes (registry cache 60 s + API Gateway cache 300 s).\n',
      );
      break;
    }
    case 'disable':
    case 'enable':
      await setTenantStatus(context, command.tenantId, command.name === 'disable' ? 'disabled' : 'active');
      print([`tenant ${command.tenantId} ${command.name}d`]);
      break;
  }
};

main().catch((error: unknown) => {
  process.stderr.write(`npm run tenant failed: ${(error as Error).message}\n`);
  process.exit(1);
});
