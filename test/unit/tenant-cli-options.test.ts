import { DEFAULT_STACK, parseTenantOptions } from '../../cli/tenant/options';

describe('npm run tenant options', () => {
  it.each<[string[], ReturnType<typeof parseTenantOptions>]>([
    [
      ['add', 'acme'],
      { command: { name: 'add', tenantId: 'acme', existingClientId: undefined }, target: { kind: 'stack', stackName: DEFAULT_STACK } },
    ],
    [
      ['add', 'old-client', '--existing-client', 'old-client', '--stack', 'DncApi-prod'],
      {
        command: { name: 'add', tenantId: 'old-client', existingClientId: 'old-client' },
        target: { kind: 'stack', stackName: 'DncApi-prod' },
      },
    ],
    [['list'], { command: { name: 'list' }, target: { kind: 'stack', stackName: 'DncApi-dev' } }],
    [
      ['rotate-secret', 'acme', '--keep-previous'],
      { command: { name: 'rotate-secret', tenantId: 'acme', keepPrevious: true }, target: { kind: 'stack', stackName: 'DncApi-dev' } },
    ],
    [
      ['disable', 'acme', '--table', 'dnc-tenants-local', '--endpoint', 'http://127.0.0.1:8000'],
      {
        command: { name: 'disable', tenantId: 'acme' },
        target: { kind: 'table', tableName: 'dnc-tenants-local', endpoint: 'http://127.0.0.1:8000' },
      },
    ],
    [['enable', 'acme'], { command: { name: 'enable', tenantId: 'acme' }, target: { kind: 'stack', stackName: 'DncApi-dev' } }],
  ])('parses %j', (args, expected) => {
    expect(parseTenantOptions(args)).toEqual(expected);
  });

  it.each([
    [[], 'no command given'],
    [['remove', 'acme'], 'unknown command remove'],
    [['add'], 'add needs a tenant id'],
    [['add', 'a', 'b'], 'unexpected arguments: b'],
    [['list', 'acme'], 'list takes no tenant id'],
    [['disable', 'acme', '--keep-previous'], '--keep-previous goes with rotate-secret'],
    [['rotate-secret', 'acme', '--existing-client', 'c'], '--existing-client goes with add'],
    [['list', '--stack', 's', '--table', 't'], 'give --stack or --table, not both'],
    [['list', '--endpoint', 'http://127.0.0.1:8000'], '--endpoint goes with --table'],
    [['list', '--secret', 'x'], "Unknown option '--secret'"],
  ])('refuses %j with the usage', (args, message) => {
    expect(() => parseTenantOptions(args)).toThrow(message);
    expect(() => parseTenantOptions(args)).toThrow('usage: npm run tenant');
  });
});
