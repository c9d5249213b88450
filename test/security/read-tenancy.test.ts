import { randomUUID } from 'node:crypto';
import type { DncNumberDto } from '../../lambda/shared/domain/dnc-number';
import { callerFor, newTenant, seedEntries, seedPhoneNumber } from '../support/factories';
import { invokeRoute } from '../support/invoke-route';
import { expectErrorShape } from '../support/table';

/**
 * The read routes see only the caller's tenant (DESIGN §1, §3): check (GET and POST), get by id
 * and list never show, count or hint at another tenant's entries, a list cursor does not carry
 * over between tenants, and tenant ids that look like key fragments cannot reach each other.
 */

const PHONE = '+14155550100';
const USER = 'user-1';

const checkOne = (tenantId: string, query: Record<string, string>) =>
  invokeRoute('CheckDncNumber', { query, authorizer: callerFor(tenantId) });
const checkMany = (tenantId: string, body: unknown) => invokeRoute('CheckDncNumbers', { body, authorizer: callerFor(tenantId) });
const getById = (tenantId: string, id: string) => invokeRoute('GetDncNumber', { pathParameters: { id }, authorizer: callerFor(tenantId) });
const list = (tenantId: string, query: Record<string, string>) => invokeRoute('ListDncNumbers', { query, authorizer: callerFor(tenantId) });

/** Every list query shape the service supports, each reaching the scopes seeded below. */
const listQueries: Record<string, string>[] = [
  {},
  { sort_column: 'phoneNumber', sort_desc: 'false' },
  { sort_column: 'phoneNumber', filters: JSON.stringify({ phoneNumberPrefix: '+1415' }) },
  { filters: JSON.stringify({ createdFrom: '2000-01-01T00:00:00Z', createdTo: '2100-01-01T00:00:00Z' }) },
  { type: 'user-specific' },
  { type: 'user-specific', sort_column: 'phoneNumber' },
  { type: 'user-specific', filters: JSON.stringify({ userId: USER }) },
  { type: 'user-specific', sort_column: 'phoneNumber', filters: JSON.stringify({ userId: USER, phoneNumberPrefix: '+1' }) },
];

/** Three global and three user-1 entries for the tenant, PHONE among them. */
const seedTenant = async (tenantId: string): Promise<DncNumberDto[]> => {
  const phoneNumber = (index: number) => (index === 0 ? PHONE : seedPhoneNumber(index));
  return [...(await seedEntries(tenantId, 3, { phoneNumber })), ...(await seedEntries(tenantId, 3, { phoneNumber, userId: USER }))];
};

/** Nothing of `owned` reaches `reader` through any read route. */
const expectInvisible = async (reader: string, owned: readonly DncNumberDto[]) => {
  const numbers = [...new Set(owned.map((entry) => entry.phoneNumber))];
  for (const phoneNumber of numbers) {
    for (const query of [{ phoneNumber }, { phoneNumber, userId: USER }] as Record<string, string>[]) {
      const response = await checkOne(reader, query);
      expect(response.statusCode).toBe(200);
      expect(response.json).toEqual({ phoneNumber, blocked: false, entries: [] });
    }
  }
  const many = await checkMany(reader, { phoneNumbers: numbers, userId: USER });
  expect(many.statusCode).toBe(200);
  expect(many.json.results).toEqual(numbers.map((phoneNumber) => ({ phoneNumber, blocked: false, entries: [] })));

  const unknown = await getById(reader, randomUUID());
  for (const entry of owned) {
    const response = await getById(reader, entry.id);
    expect(response.statusCode).toBe(404);
    expect(response.body).toBe(unknown.body);
    expect(response.headers).toEqual(unknown.headers);
  }

  for (const query of listQueries) {
    const response = await list(reader, query);
    expect(response.statusCode).toBe(200);
    expect(response.json).toEqual({ data: [], page: 1, size: 20, hasMore: false, nextCursor: null });
  }
};

/** `reader` sees exactly `own` through every read route (and so none of another tenant's entries). */
const expectSeesOnly = async (reader: string, own: readonly DncNumberDto[], others: readonly DncNumberDto[]) => {
  const ownIds = new Set(own.map((entry) => entry.id));
  const check = await checkOne(reader, { phoneNumber: PHONE, userId: USER });
  expect(check.json.blocked).toBe(true);
  expect(check.json.entries.map((entry: DncNumberDto) => entry.id).sort()).toEqual(
    own
      .filter((entry) => entry.phoneNumber === PHONE)
      .map((entry) => entry.id)
      .sort(),
  );
  for (const query of listQueries) {
    const response = await list(reader, { ...query, size: '100' });
    expect(response.statusCode).toBe(200);
    for (const entry of response.json.data as DncNumberDto[]) expect(ownIds.has(entry.id)).toBe(true);
    expect(response.json.data.length).toBeGreaterThan(0);
  }
  for (const entry of others) expect((await getById(reader, entry.id)).statusCode).toBe(404);
  for (const entry of own) expect((await getById(reader, entry.id)).json).toEqual(entry);
};

describe('read routes: tenant isolation', () => {
  it('A’s entries are invisible to B: check GET and POST, get by id, every list shape', async () => {
    const tenantA = newTenant();
    const tenantB = newTenant();
    const entriesA = await seedTenant(tenantA);
    await expectInvisible(tenantB, entriesA);
    await expectSeesOnly(tenantA, entriesA, []);
  });

  it('with the same numbers and users in both tenants, each sees only its own entries', async () => {
    const tenantA = newTenant();
    const tenantB = newTenant();
    const entriesA = await seedTenant(tenantA);
    const entriesB = await seedTenant(tenantB);
    expect(entriesB.map((entry) => entry.phoneNumber)).toEqual(entriesA.map((entry) => entry.phoneNumber));
    await expectSeesOnly(tenantA, entriesA, entriesB);
    await expectSeesOnly(tenantB, entriesB, entriesA);
  });

  it.each(listQueries.map((query) => [JSON.stringify(query), query] as const))(
    'a list cursor of A used by B → 400, even when B has entries (%s)',
    async (_name, query) => {
      const tenantA = newTenant();
      const tenantB = newTenant();
      await seedTenant(tenantA);
      await seedTenant(tenantB);
      const pageA = await list(tenantA, { ...query, size: '1' });
      expect(pageA.json.nextCursor).toEqual(expect.any(String));
      const stolen = await list(tenantB, { ...query, size: '1', cursor: pageA.json.nextCursor });
      expect(stolen.statusCode).toBe(400);
      expectErrorShape(stolen);
      expect(stolen.json.message).toContain('cursor');
      expect(stolen.body).not.toContain(tenantA);
    },
  );

  describe('tenant ids that look like key fragments', () => {
    const pairs = (base: string): [string, string, string][] => [
      ['a phone key in the tenant id', base, `${base}#PHONE#${PHONE}`],
      ['a global index partition in the tenant id', base, `${base}#GLOBAL#SHARD#0`],
      ['a users index partition in the tenant id', base, `${base}#USERS#SHARD#1`],
      ['a user index partition in the tenant id', base, `${base}#USER#${USER}#SHARD#2`],
      ['a user prefix in the tenant id', base, `${base}#USER#${USER}`],
      ['an id partition prefix in the tenant id', base, `${base}#ID#`],
      ['a TENANT# prefix', `TENANT#${base}`, base],
      ['a trailing #', `${base}#`, base],
      ['the tenant of a shard partition', `${base}#GLOBAL#SHARD#0#GLOBAL`, `${base}#GLOBAL#SHARD#0`],
    ];

    it.each(pairs('<base>').map(([name], index) => [name, index] as const))('%s: neither tenant reads the other', async (_name, index) => {
      const [, first, second] = pairs(newTenant())[index]!;
      const entriesFirst = await seedTenant(first);
      await expectInvisible(second, entriesFirst);
      const entriesSecond = await seedTenant(second);
      await expectSeesOnly(first, entriesFirst, entriesSecond);
      await expectSeesOnly(second, entriesSecond, entriesFirst);
      const cursor = (await list(first, { size: '1' })).json.nextCursor;
      expect((await list(second, { size: '1', cursor })).statusCode).toBe(400);
    });
  });
});
