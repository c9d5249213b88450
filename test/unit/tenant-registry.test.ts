import { cacheTenantAccess, type TenantAccessCacheOptions } from '../../lambda/shared/tenants/cached-tenant-registry';
import { InvalidTenantIdError, parseTenantId } from '../../lambda/shared/tenants/tenant-id';
import { type ClientRecord, decideTenantAccess, type TenantAccess, type TenantRecord } from '../../lambda/shared/tenants/tenant-registry';
import { fromClientItem, fromTenantItem, toClientItem, toTenantItem } from '../../lambda/shared/tenants/tenant-registry-items';

const tenant = (overrides: Partial<TenantRecord> = {}): TenantRecord => ({
  tenantId: 'acme',
  status: 'active',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...overrides,
});
const client = (overrides: Partial<ClientRecord> = {}): ClientRecord => ({
  clientId: 'c-1',
  tenantId: 'acme',
  status: 'active',
  origin: 'created',
  createdAt: '2026-01-01T00:00:00.000Z',
  ...overrides,
});

describe('parseTenantId', () => {
  it.each(['a', 'acme', 'Acme-EU_2.prod', '0', 'x'.repeat(64)])('accepts %j', (id) => {
    expect(parseTenantId(id)).toBe(id);
  });

  it.each(['', ' acme', 'acme ', '\tacme', 'x'.repeat(65), 'ac me', 'acme#1', 'TENANT#acme', 'a/b', 'a:b', 'ａcme', 'acme\u200b'])(
    'refuses %j',
    (id) => {
      expect(() => parseTenantId(id)).toThrow(InvalidTenantIdError);
    },
  );

  it.each([
    ['an empty id', '', 'a tenant id must not be empty'],
    ['a leading space', ' acme', 'tenant id " acme" has surrounding whitespace'],
    ['a trailing newline', 'acme\n', 'tenant id "acme\\n" has surrounding whitespace'],
    ['65 characters', 'x'.repeat(65), 'a tenant id has at most 64 characters, got 65'],
    ['a character outside the set', 'acme#1', 'tenant id "acme#1" may hold only A-Z a-z 0-9 . _ -'],
  ])('tells the operator why it refuses %s', (_case, id, message) => {
    expect(() => parseTenantId(id)).toThrow(expect.objectContaining({ name: 'InvalidTenantIdError', message }));
  });
});

describe('decideTenantAccess', () => {
  it('allows an active client of an active tenant, as that tenant', () => {
    expect(decideTenantAccess('c-1', client(), tenant())).toEqual({ allowed: true, tenantId: 'acme' });
  });

  it.each<[string, ClientRecord | undefined, TenantRecord | undefined, string]>([
    ['an unregistered client', undefined, undefined, 'client c-1 is not registered to any tenant'],
    ['a retired client', client({ status: 'retired' }), tenant(), 'client c-1 of tenant acme is retired'],
    ['a client whose tenant is missing', client(), undefined, 'tenant acme of client c-1 is not registered'],
    ['a client of a disabled tenant', client(), tenant({ status: 'disabled' }), 'tenant acme is disabled'],
    [
      'a retired client of a disabled tenant',
      client({ status: 'retired' }),
      tenant({ status: 'disabled' }),
      'client c-1 of tenant acme is retired',
    ],
  ])('refuses %s, saying why', (_case, registered, owner, reason) => {
    expect(decideTenantAccess('c-1', registered, owner)).toEqual({ allowed: false, reason });
  });
});

describe('registry items', () => {
  it('round-trip', () => {
    expect(fromTenantItem(toTenantItem(tenant()))).toEqual(tenant());
    expect(fromClientItem(toClientItem(client({ status: 'retired', retiredAt: '2026-02-01T00:00:00.000Z' })))).toEqual(
      client({ status: 'retired', retiredAt: '2026-02-01T00:00:00.000Z' }),
    );
  });

  it('refuse an item edited by hand into an unknown status, rather than guess', () => {
    expect(() => fromTenantItem({ ...toTenantItem(tenant()), status: 'Active' })).toThrow('has status Active');
    expect(() => fromClientItem({ ...toClientItem(client()), tenantId: undefined })).toThrow('has no tenantId');
  });
});

describe('cacheTenantAccess', () => {
  const setup = (answers: Array<TenantAccess | Error>, options: Partial<TenantAccessCacheOptions> = {}) => {
    let time = 0;
    const reads: string[] = [];
    const cached = cacheTenantAccess(
      {
        accessOf: async (clientId) => {
          reads.push(clientId);
          const answer = answers.shift();
          if (answer === undefined) throw new Error('no answer left');
          if (answer instanceof Error) throw answer;
          return answer;
        },
      },
      { allowedTtlMillis: 60_000, refusedTtlMillis: 5_000, maxEntries: 2, now: () => time, ...options },
    );
    return { cached, reads, advance: (millis: number) => (time += millis) };
  };
  const allowed: TenantAccess = { allowed: true, tenantId: 'acme' };
  const refused: TenantAccess = { allowed: false, reason: 'no' };

  it('reuses an allow for 60 s, then reads again', async () => {
    const { cached, reads, advance } = setup([allowed, refused]);
    await expect(cached.accessOf('c-1')).resolves.toEqual(allowed);
    advance(59_999);
    await expect(cached.accessOf('c-1')).resolves.toEqual(allowed);
    advance(1);
    await expect(cached.accessOf('c-1')).resolves.toEqual(refused);
    expect(reads).toEqual(['c-1', 'c-1']);
  });

  it('reuses a refusal for 5 s only', async () => {
    const { cached, reads, advance } = setup([refused, allowed]);
    await expect(cached.accessOf('c-1')).resolves.toEqual(refused);
    advance(4_999);
    await expect(cached.accessOf('c-1')).resolves.toEqual(refused);
    advance(1);
    await expect(cached.accessOf('c-1')).resolves.toEqual(allowed);
    expect(reads).toHaveLength(2);
  });

  it('never remembers a failure', async () => {
    const { cached, reads } = setup([new Error('DynamoDB down'), allowed]);
    await expect(cached.accessOf('c-1')).rejects.toThrow('DynamoDB down');
    await expect(cached.accessOf('c-1')).resolves.toEqual(allowed);
    expect(reads).toHaveLength(2);
  });

  it('keeps at most maxEntries clients, dropping the oldest', async () => {
    const { cached, reads } = setup([allowed, allowed, allowed, allowed]);
    await cached.accessOf('c-1');
    await cached.accessOf('c-2');
    await cached.accessOf('c-3');
    await cached.accessOf('c-2');
    await cached.accessOf('c-1');
    expect(reads).toEqual(['c-1', 'c-2', 'c-3', 'c-1']);
  });

  it('counts a client read again after its entry expired as the newest, not the oldest', async () => {
    const { cached, reads, advance } = setup([allowed, allowed, allowed, allowed, allowed], { maxEntries: 3 });
    await cached.accessOf('c-1');
    advance(30_000);
    await cached.accessOf('c-2');
    advance(30_000);
    await cached.accessOf('c-1');
    await cached.accessOf('c-3');
    await cached.accessOf('c-4');
    await cached.accessOf('c-1');
    expect(reads).toEqual(['c-1', 'c-2', 'c-1', 'c-3', 'c-4']);
  });

  it('remembers nothing with maxEntries 0', async () => {
    const { cached, reads } = setup([allowed, allowed], { maxEntries: 0 });
    await cached.accessOf('c-1');
    await cached.accessOf('c-1');
    expect(reads).toEqual(['c-1', 'c-1']);
  });

  it('does not let an answer with a TTL of 0 push a remembered client out', async () => {
    const { cached, reads } = setup([allowed, refused, allowed], { refusedTtlMillis: 0, maxEntries: 1 });
    await cached.accessOf('c-1');
    await expect(cached.accessOf('c-2')).resolves.toEqual(refused);
    await expect(cached.accessOf('c-1')).resolves.toEqual(allowed);
    expect(reads).toEqual(['c-1', 'c-2']);
  });
});
