import { randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { backfillIndexKeys } from '../../cli/backfill-index-keys';
import { createDocumentClient } from '../../lambda/shared/dynamodb/document-client';
import { DncNumberRepository } from '../../lambda/shared/dynamodb/dnc-number-repository';
import { entryKey, getEntry, tableName } from '../support/table';

const client = createDocumentClient();
afterAll(() => client.destroy());

/** An entry as the create-only version of the service wrote it: no index attributes. */
const writeOldEntry = async (tenantId: string, phoneNumber: string, userId: string | null) => {
  const id = randomUUID();
  const now = new Date().toISOString();
  await client.send(
    new PutCommand({
      TableName: tableName(),
      Item: {
        ...entryKey(tenantId, phoneNumber, userId),
        id,
        tenantId,
        phoneNumber,
        userId,
        reason: null,
        createdAt: now,
        updatedAt: now,
        createdBy: 'old',
      },
    }),
  );
  return id;
};

describe('backfillIndexKeys (npm run backfill-indexes)', () => {
  it('makes entries written before the indexes visible to get by id and list, and is idempotent', async () => {
    const tenantId = `tenant-${randomUUID()}`;
    const repository = new DncNumberRepository(client, tableName());
    const globalId = await writeOldEntry(tenantId, '+14155550301', null);
    const userId = await writeOldEntry(tenantId, '+14155550302', 'user-7');
    await expect(repository.findById(tenantId, globalId)).rejects.toThrow('no DNC entry with this id');

    const first = await backfillIndexKeys(client, tableName(), { tenantId });
    expect(first).toMatchObject({ updated: 2, gone: 0 });

    expect((await repository.findById(tenantId, globalId)).phoneNumber).toBe('+14155550301');
    expect((await repository.findById(tenantId, userId)).userId).toBe('user-7');
    const globalPage = await repository.list(
      tenantId,
      { type: 'global', sortColumn: 'createdAt', descending: true },
      { positions: [], skip: 0, size: 10 },
    );
    expect(globalPage.entries.map((entry) => entry.id)).toEqual([globalId]);
    const userPage = await repository.list(
      tenantId,
      { type: 'user-specific', userId: 'user-7', sortColumn: 'phoneNumber', descending: false },
      { positions: [], skip: 0, size: 10 },
    );
    expect(userPage.entries.map((entry) => entry.id)).toEqual([userId]);

    const stored = await getEntry(client, tenantId, '+14155550302', 'user-7');
    const second = await backfillIndexKeys(client, tableName(), { tenantId });
    expect(second.updated).toBe(0);
    expect(await getEntry(client, tenantId, '+14155550302', 'user-7')).toEqual(stored);
  });
});
