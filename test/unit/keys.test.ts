import fc from 'fast-check';
import {
  createdSortKey,
  entryKey,
  idempotencyKey,
  idPartition,
  indexKeys,
  type ListType,
  scopePartition,
  shardOf,
  shards,
  userPartition,
  WRITE_SHARDS,
} from '../../lambda/shared/dynamodb/keys';

/**
 * An independent FNV-1a (32-bit, in BigInt arithmetic): items already written sit in the shard
 * this gives, so `shardOf` must never change for a number, whatever the runtime.
 */
const referenceShard = (text: string): number => {
  let hash = 0x811c9dc5n;
  for (const character of text) {
    hash ^= BigInt(character.charCodeAt(0));
    hash = (hash * 0x01000193n) % 2n ** 32n;
  }
  return Number(hash % BigInt(WRITE_SHARDS));
};

const consecutive = (first: number, count: number) => Array.from({ length: count }, (_, index) => `+${first + index}`);

describe('shardOf', () => {
  it('has more than one shard to spread over', () => {
    expect(WRITE_SHARDS).toBeGreaterThan(1);
    expect(shards()).toEqual(Array.from({ length: WRITE_SHARDS }, (_, shard) => shard));
  });

  it('is stable: the same shard for the same number, as FNV-1a defines it', () => {
    for (const phoneNumber of [...consecutive(14155550000, 2000), '+442079460958', '+1234567890', '+999999999999999']) {
      expect(shardOf(phoneNumber)).toBe(referenceShard(phoneNumber));
      expect(shardOf(phoneNumber)).toBe(shardOf(`${phoneNumber}`));
    }
  });

  it('is a whole number in [0, WRITE_SHARDS) for any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (text) => {
        const shard = shardOf(text);
        return Number.isInteger(shard) && shard >= 0 && shard < WRITE_SHARDS;
      }),
    );
  });

  it.each([14155550000, 12125550000, 442079460000, 12000000000])(
    'spreads 10,000 consecutive numbers from +%i evenly (each shard within 5% of its share)',
    (first) => {
      const counts = new Array<number>(WRITE_SHARDS).fill(0);
      for (const phoneNumber of consecutive(first, 10_000)) counts[shardOf(phoneNumber)]! += 1;
      const share = 10_000 / WRITE_SHARDS;
      for (const count of counts) {
        expect(count).toBeGreaterThanOrEqual(share * 0.95);
        expect(count).toBeLessThanOrEqual(share * 1.05);
      }
    },
  );

  it('spreads a sorted import at every moment: no run of 100 consecutive numbers puts over 40% in one shard', () => {
    const numbers = consecutive(14155550000, 10_000);
    for (let start = 0; start < numbers.length; start += 100) {
      const counts = new Array<number>(WRITE_SHARDS).fill(0);
      for (const phoneNumber of numbers.slice(start, start + 100)) counts[shardOf(phoneNumber)]! += 1;
      expect(Math.max(...counts)).toBeLessThanOrEqual(40);
    }
  });
});

describe('keys', () => {
  const TENANT = 'tenant-a';
  const global = {
    tenantId: TENANT,
    phoneNumber: '+14155550100',
    userId: null,
    id: '00000000-0000-4000-8000-000000000001',
    createdAt: '2026-01-01T00:00:00.000Z',
  };
  const user = { ...global, userId: 'user-1', id: '00000000-0000-4000-8000-000000000002' };

  it('entry keys: one item per tenant, number and scope', () => {
    expect(entryKey(TENANT, '+14155550100', null)).toEqual({ pk: 'TENANT#tenant-a#PHONE#+14155550100', sk: 'SCOPE#GLOBAL' });
    expect(entryKey(TENANT, '+14155550100', 'user-1')).toEqual({ pk: 'TENANT#tenant-a#PHONE#+14155550100', sk: 'SCOPE#USER#user-1' });
  });

  it('index keys: a global entry in the global scope’s shard, no user partition', () => {
    const shard = shardOf(global.phoneNumber);
    expect(indexKeys(global)).toEqual({
      scopePk: `TENANT#tenant-a#GLOBAL#SHARD#${shard}`,
      createdSk: '2026-01-01T00:00:00.000Z#00000000-0000-4000-8000-000000000001',
      idPk: 'TENANT#tenant-a#ID#00000000-0000-4000-8000-000000000001',
    });
  });

  it('index keys: a user entry in the users scope’s and the user’s shard of its number', () => {
    const shard = shardOf(user.phoneNumber);
    expect(indexKeys(user)).toEqual({
      scopePk: `TENANT#tenant-a#USERS#SHARD#${shard}`,
      userPk: `TENANT#tenant-a#USER#user-1#SHARD#${shard}`,
      createdSk: '2026-01-01T00:00:00.000Z#00000000-0000-4000-8000-000000000002',
      idPk: 'TENANT#tenant-a#ID#00000000-0000-4000-8000-000000000002',
    });
  });

  it('the created sort key orders by time, then id, as text', () => {
    const keys = [
      createdSortKey('2026-01-01T00:00:00.001Z', '00000000-0000-4000-8000-000000000000'),
      createdSortKey('2026-01-01T00:00:00.000Z', 'ffffffff-ffff-4fff-bfff-ffffffffffff'),
      createdSortKey('2026-01-01T00:00:00.000Z', '00000000-0000-4000-8000-000000000000'),
    ];
    expect([...keys].sort()).toEqual([keys[2], keys[1], keys[0]]);
  });

  describe('every partition key starts with TENANT#<tenant>#', () => {
    const tenantIds = ['tenant-a', 'a#PHONE#+14155550100', 'x#GLOBAL#SHARD#0', 'TENANT#b', '#', ''];

    it.each(tenantIds)('tenant %j', (tenantId) => {
      const prefix = `TENANT#${tenantId}#`;
      const partitionKeys = [
        entryKey(tenantId, '+14155550100', null).pk,
        entryKey(tenantId, '+14155550100', 'user-1').pk,
        ...(['global', 'user-specific'] as ListType[]).flatMap((type) => shards().map((shard) => scopePartition(tenantId, type, shard))),
        ...shards().map((shard) => userPartition(tenantId, 'user-1', shard)),
        idPartition(tenantId, global.id),
        idempotencyKey(tenantId, 'key-1').pk,
        ...Object.entries(indexKeys({ ...user, tenantId }))
          .filter(([name]) => name !== 'createdSk')
          .map(([, value]) => value),
        ...Object.entries(indexKeys({ ...global, tenantId }))
          .filter(([name]) => name !== 'createdSk')
          .map(([, value]) => value),
      ];
      expect(partitionKeys).toHaveLength(2 + 2 * WRITE_SHARDS + WRITE_SHARDS + 2 + 3 + 2);
      for (const key of partitionKeys) expect(key.startsWith(prefix)).toBe(true);
    });
  });

  describe('no two tenants share a partition, whatever their ids look like', () => {
    // Tenant ids assembled from the keys' own fragments: the likeliest way to forge a collision.
    const fragment = fc.constantFrom(
      'a',
      'b',
      '#',
      'TENANT',
      'PHONE',
      'GLOBAL',
      'USERS',
      'USER',
      'SHARD',
      'ID',
      '0',
      '1',
      'user-1',
      '+14155550100',
    );
    const tenantId = fc.array(fragment, { maxLength: 8 }).map((parts) => parts.join(''));
    const userId = fc.constantFrom('user-1', 'GLOBAL', 'USERS', 'SHARD', 'a');
    const phoneNumber = fc.constantFrom('+14155550100', '+14155550101', '+1415555010');
    const shard = fc.integer({ min: 0, max: WRITE_SHARDS - 1 });
    const type = fc.constantFrom<ListType>('global', 'user-specific');
    const runs = { numRuns: 5000 };

    it('entry keys', () => {
      fc.assert(
        fc.property(tenantId, tenantId, phoneNumber, phoneNumber, fc.option(userId), fc.option(userId), (t1, t2, p1, p2, u1, u2) => {
          const one = entryKey(t1, p1, u1);
          const two = entryKey(t2, p2, u2);
          return !(one.pk === two.pk && one.sk === two.sk) || (t1 === t2 && p1 === p2 && u1 === u2);
        }),
        runs,
      );
    });

    it('scope partitions', () => {
      fc.assert(
        fc.property(
          tenantId,
          tenantId,
          type,
          type,
          shard,
          shard,
          (t1, t2, k1, k2, s1, s2) => scopePartition(t1, k1, s1) !== scopePartition(t2, k2, s2) || (t1 === t2 && k1 === k2 && s1 === s2),
        ),
        runs,
      );
    });

    it('user partitions', () => {
      fc.assert(
        fc.property(
          tenantId,
          tenantId,
          userId,
          userId,
          shard,
          shard,
          (t1, t2, u1, u2, s1, s2) => userPartition(t1, u1, s1) !== userPartition(t2, u2, s2) || (t1 === t2 && u1 === u2 && s1 === s2),
        ),
        runs,
      );
    });

    it('id partitions', () => {
      const id = fc.constantFrom('00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002');
      fc.assert(
        fc.property(
          tenantId,
          tenantId,
          id,
          id,
          (t1, t2, i1, i2) => idPartition(t1, i1) !== idPartition(t2, i2) || (t1 === t2 && i1 === i2),
        ),
        runs,
      );
    });
  });
});
