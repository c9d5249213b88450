import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { addTenant, listTenants, rotateSecret, setTenantStatus } from '../../cli/tenant/tenant-commands';
import { listingLines, newClientLines } from '../../cli/tenant/print-results';
import { createTenantRegistryStore, TenantRegistryConflictError } from '../../cli/tenant/tenant-registry-store';
import { createRegistryGetItem } from '../../lambda/authorizer/registry-get-item';
import { createTenantRegistryReader } from '../../lambda/shared/tenants/tenant-registry-reader';
import { clientKey, tenantKey } from '../../lambda/shared/tenants/tenant-registry-items';
import { newRegistryTenantId, tenantCommandContext, tenantRegistryTableName } from '../support/tenant-registry';

/** `npm run tenant`'s commands against the registry table in DynamoDB Local; Cognito in memory. */

const context = tenantCommandContext();
const reader = createTenantRegistryReader(createRegistryGetItem(process.env), tenantRegistryTableName());
afterAll(() => context.documents.destroy());

const itemAt = async (key: { pk: string }) =>
  (await context.documents.send(new GetCommand({ TableName: tenantRegistryTableName(), Key: key, ConsistentRead: true }))).Item;

const fixedNow = new Date('2026-03-01T12:00:00.000Z');
const clockedContext = { ...context, now: () => fixedNow };

describe('add', () => {
  it('stores one tenant item and one client item, and returns the new client’s secret once', async () => {
    const tenantId = newRegistryTenantId();
    const client = await addTenant(clockedContext, tenantId);
    expect(client.clientSecret).toMatch(/^secret-/);
    expect(context.clients.names.at(-1)).toBe(`dnc-${tenantId}-20260301120000`);
    expect(await itemAt(tenantKey(tenantId))).toEqual({
      pk: `TENANT#${tenantId}`,
      kind: 'tenant',
      tenantId,
      status: 'active',
      createdAt: '2026-03-01T12:00:00.000Z',
      updatedAt: '2026-03-01T12:00:00.000Z',
    });
    const clientItem = await itemAt(clientKey(client.clientId));
    expect(clientItem).toEqual({
      pk: `CLIENT#${client.clientId}`,
      kind: 'client',
      clientId: client.clientId,
      tenantId,
      status: 'active',
      origin: 'created',
      createdAt: '2026-03-01T12:00:00.000Z',
    });
    expect(JSON.stringify(clientItem)).not.toContain(client.clientSecret);
    await expect(reader.accessOf(client.clientId)).resolves.toEqual({ allowed: true, tenantId });
  });

  it('refuses a tenant that exists, without creating a client', async () => {
    const tenantId = newRegistryTenantId();
    await addTenant(context, tenantId);
    const clientsBefore = context.clients.ids.length;
    await expect(addTenant(context, tenantId)).rejects.toThrow(`tenant ${tenantId} already exists`);
    expect(context.clients.ids).toHaveLength(clientsBefore);
  });

  it.each([
    ['empty', '', 'must not be empty'],
    ['with a leading space', ' acme', 'surrounding whitespace'],
    ['with a trailing newline', 'acme\n', 'surrounding whitespace'],
    ['longer than 64 characters', 'a'.repeat(65), 'at most 64 characters'],
    ['with a #, which would make keys ambiguous', 'acme#1', 'may hold only'],
    ['with a slash', 'acme/eu', 'may hold only'],
    ['with non-ASCII letters', 'acmé', 'may hold only'],
  ])('refuses a tenant id %s before touching anything', async (_case, tenantId, message) => {
    const clientsBefore = context.clients.ids.length;
    await expect(addTenant(context, tenantId)).rejects.toThrow(message);
    expect(context.clients.ids).toHaveLength(clientsBefore);
  });

  it('accepts a tenant id of exactly 64 characters of every allowed kind', async () => {
    const tenantId = `A-z_0.9${newRegistryTenantId()}`.padEnd(64, 'x');
    await expect(addTenant(context, tenantId)).resolves.toMatchObject({ clientId: expect.any(String) });
  });

  describe('--existing-client (the upgrade path: tenant id = the old client id)', () => {
    it('registers a client that exists, without a secret, so the old entries stay visible', async () => {
      const { clientId } = await context.clients.create('the stack’s original client');
      await expect(addTenant(context, clientId, { existingClientId: clientId })).resolves.toEqual({ clientId });
      expect(await itemAt(clientKey(clientId))).toMatchObject({ tenantId: clientId, origin: 'existing', status: 'active' });
      await expect(reader.accessOf(clientId)).resolves.toEqual({ allowed: true, tenantId: clientId });
    });

    it('refuses a client the user pool does not have', async () => {
      await expect(addTenant(context, newRegistryTenantId(), { existingClientId: 'no-such-client' })).rejects.toThrow(
        'client no-such-client does not exist in the user pool',
      );
    });

    it('refuses a client already registered, and then creates no tenant either (one transaction)', async () => {
      const { clientId } = await addTenant(context, newRegistryTenantId());
      const tenantId = newRegistryTenantId();
      await expect(addTenant(context, tenantId, { existingClientId: clientId })).rejects.toThrow(TenantRegistryConflictError);
      expect(await itemAt(tenantKey(tenantId))).toBeUndefined();
    });

    it('works against the table alone (--table), where no client can be created', async () => {
      const tableOnly = { registry: context.registry };
      const tenantId = newRegistryTenantId();
      await expect(addTenant(tableOnly, tenantId)).rejects.toThrow(/needs the stack's Cognito user pool: use --stack/);
      await expect(addTenant(tableOnly, tenantId, { existingClientId: `legacy-${tenantId}` })).resolves.toEqual({
        clientId: `legacy-${tenantId}`,
      });
    });
  });
});

describe('rotate-secret', () => {
  it('registers a new client for the same tenant, retires the previous ones and deletes those it created', async () => {
    const tenantId = newRegistryTenantId();
    const { clientId: first } = await addTenant(context, tenantId);
    const { clientId: second } = await rotateSecret(context, tenantId, { keepPrevious: true });
    const third = await rotateSecret(context, tenantId);

    expect(third.retired.map(({ clientId }) => clientId).sort()).toEqual([first, second].sort());
    expect(context.clients.ids).not.toContain(first);
    expect(context.clients.ids).not.toContain(second);
    expect(context.clients.ids).toContain(third.clientId);
    await expect(reader.accessOf(first)).resolves.toEqual({ allowed: false, reason: `client ${first} of tenant ${tenantId} is retired` });
    await expect(reader.accessOf(third.clientId)).resolves.toEqual({ allowed: true, tenantId });
    expect(await itemAt(clientKey(first))).toMatchObject({ status: 'retired', retiredAt: expect.any(String) });
  });

  it('retires a client registered with --existing-client but leaves it in Cognito', async () => {
    const { clientId: legacy } = await context.clients.create('stack-owned');
    await addTenant(context, legacy, { existingClientId: legacy });
    const rotated = await rotateSecret(context, legacy);
    expect(rotated.retired).toEqual([{ clientId: legacy, deletedFromIdentityProvider: false }]);
    expect(context.clients.ids).toContain(legacy);
    await expect(reader.accessOf(rotated.clientId)).resolves.toEqual({ allowed: true, tenantId: legacy });
    await expect(reader.accessOf(legacy)).resolves.toMatchObject({ allowed: false });
  });

  it('refuses an unknown tenant without creating a client', async () => {
    const clientsBefore = context.clients.ids.length;
    await expect(rotateSecret(context, newRegistryTenantId())).rejects.toThrow(/does not exist/);
    expect(context.clients.ids).toHaveLength(clientsBefore);
  });

  it('deletes the new client again when it cannot be registered', async () => {
    const tenantId = newRegistryTenantId();
    await addTenant(context, tenantId);
    const failingRegistry = {
      ...context.registry,
      addClient: () => Promise.reject(new Error('registry write refused')),
    };
    const clientsBefore = [...context.clients.ids];
    await expect(rotateSecret({ ...context, registry: failingRegistry }, tenantId)).rejects.toThrow('registry write refused');
    expect(context.clients.ids).toEqual(clientsBefore);
  });
});

describe('disable and enable', () => {
  it('refuse every client of the tenant, then accept them again', async () => {
    const tenantId = newRegistryTenantId();
    const { clientId: first } = await addTenant(context, tenantId);
    const { clientId: second } = await rotateSecret(context, tenantId, { keepPrevious: true });

    await setTenantStatus(context, tenantId, 'disabled');
    for (const clientId of [first, second]) {
      await expect(reader.accessOf(clientId)).resolves.toEqual({ allowed: false, reason: `tenant ${tenantId} is disabled` });
    }
    await setTenantStatus(context, tenantId, 'active');
    for (const clientId of [first, second]) await expect(reader.accessOf(clientId)).resolves.toEqual({ allowed: true, tenantId });
  });

  it('refuse an unknown tenant', async () => {
    await expect(setTenantStatus(context, newRegistryTenantId(), 'disabled')).rejects.toThrow(/does not exist/);
  });
});

describe('list', () => {
  it('shows each tenant with its status and client ids, never a secret', async () => {
    const tenantId = newRegistryTenantId();
    const created = await addTenant(context, tenantId);
    const rotated = await rotateSecret(context, tenantId, { keepPrevious: true });
    await setTenantStatus(context, tenantId, 'disabled');

    const listing = await listTenants(context);
    const mine = listing.find(({ tenant }) => tenant.tenantId === tenantId);
    expect(mine).toMatchObject({
      tenant: { tenantId, status: 'disabled' },
      clients: [
        { clientId: created.clientId, status: 'active' },
        { clientId: rotated.clientId, status: 'active' },
      ],
    });
    const printed = listingLines(listing).join('\n');
    expect(printed).toContain(`${tenantId}  disabled`);
    expect(printed).toContain(`client ${created.clientId}  active`);
    expect(printed).not.toContain(created.clientSecret!);
    expect(printed).not.toContain(rotated.clientSecret);
  });

  it('prints a new client’s secret in the command’s own output', () => {
    expect(newClientLines('acme', { clientId: 'c-1', clientSecret: 's-1' })).toEqual([
      'tenant:        acme',
      'client id:     c-1',
      'client secret: s-1',
    ]);
  });
});

describe('the registry reader (what the authorizer reads)', () => {
  it('refuses a client whose tenant item is missing', async () => {
    const tenantId = newRegistryTenantId();
    const store = createTenantRegistryStore(context.documents, tenantRegistryTableName());
    // A tenant item deleted by hand: the registry must not fall back to anything.
    await store.addTenant(
      { tenantId, status: 'active', createdAt: 'x', updatedAt: 'x' },
      { clientId: `orphan-${tenantId}`, tenantId: `gone-${tenantId}`, status: 'active', origin: 'created', createdAt: 'x' },
    );
    await expect(reader.accessOf(`orphan-${tenantId}`)).resolves.toEqual({
      allowed: false,
      reason: `tenant gone-${tenantId} of client orphan-${tenantId} is not registered`,
    });
  });

  it('refuses a client it has never seen', async () => {
    await expect(reader.accessOf('client-never-seen')).resolves.toEqual({
      allowed: false,
      reason: 'client client-never-seen is not registered to any tenant',
    });
  });
});
