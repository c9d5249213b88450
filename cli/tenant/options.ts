import { parseArgs } from 'node:util';

export const DEFAULT_STACK = 'DncApi-dev';

export const usage = [
  'usage: npm run tenant -- <command> [target]',
  '  add <tenantId> [--existing-client <clientId>]   register a tenant with a new machine client (or an existing one)',
  '  list                                            tenants, their status and client ids',
  '  rotate-secret <tenantId> [--keep-previous]      a new client for the tenant; the previous ones are retired',
  '  disable <tenantId> | enable <tenantId>          refuse (or accept again) every client of the tenant; data is kept',
  'target:',
  `  --stack <name>                                  a deployed stack (default ${DEFAULT_STACK}): its UserPoolId and TenantRegistryTableName outputs`,
  '  --table <name> [--endpoint <url>]               only the registry table (e.g. DynamoDB Local); no client is created',
].join('\n');

export type TenantCommand =
  | { name: 'add'; tenantId: string; existingClientId?: string | undefined }
  | { name: 'list' }
  | { name: 'rotate-secret'; tenantId: string; keepPrevious: boolean }
  | { name: 'disable' | 'enable'; tenantId: string };

export type TenantTarget = { kind: 'stack'; stackName: string } | { kind: 'table'; tableName: string; endpoint?: string | undefined };

/** Parses `npm run tenant` arguments; throws with the usage on anything it does not understand. */
export const parseTenantOptions = (args: string[]): { command: TenantCommand; target: TenantTarget } => {
  const fail = (problem: string): never => {
    throw new Error(`${problem}\n${usage}`);
  };
  const parse = () =>
    parseArgs({
      args,
      allowPositionals: true,
      options: {
        stack: { type: 'string' },
        table: { type: 'string' },
        endpoint: { type: 'string' },
        'existing-client': { type: 'string' },
        'keep-previous': { type: 'boolean', default: false },
      },
    });
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse();
  } catch (error) {
    return fail((error as Error).message);
  }
  const { values, positionals } = parsed;
  const [name, tenantId, ...extra] = positionals;
  if (extra.length > 0) fail(`unexpected arguments: ${extra.join(' ')}`);
  const needsTenant = (): string => tenantId ?? fail(`${name} needs a tenant id`);
  if (values['existing-client'] !== undefined && name !== 'add') fail('--existing-client goes with add');
  if (values['keep-previous'] && name !== 'rotate-secret') fail('--keep-previous goes with rotate-secret');

  let command: TenantCommand;
  switch (name) {
    case 'add':
      command = { name, tenantId: needsTenant(), existingClientId: values['existing-client'] };
      break;
    case 'list':
      if (tenantId !== undefined) fail('list takes no tenant id');
      command = { name };
      break;
    case 'rotate-secret':
      command = { name, tenantId: needsTenant(), keepPrevious: values['keep-previous'] ?? false };
      break;
    case 'disable':
    case 'enable':
      command = { name, tenantId: needsTenant() };
      break;
    default:
      return fail(name === undefined ? 'no command given' : `unknown command ${name}`);
  }

  if (values.table !== undefined && values.stack !== undefined) fail('give --stack or --table, not both');
  if (values.endpoint !== undefined && values.table === undefined) fail('--endpoint goes with --table');
  const target: TenantTarget =
    values.table !== undefined
      ? { kind: 'table', tableName: values.table, endpoint: values.endpoint }
      : { kind: 'stack', stackName: values.stack ?? DEFAULT_STACK };
  return { command, target };
};
