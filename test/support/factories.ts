import { randomUUID } from 'node:crypto';
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AuthorizerContext } from '../../lambda/shared/auth/authorizer-context';
import { type DncNumber, type DncNumberDto, newDncNumber, toDncNumberDto } from '../../lambda/shared/domain/dnc-number';
import { DncNumberRepository } from '../../lambda/shared/dynamodb/dnc-number-repository';
import { createDocumentClient } from '../../lambda/shared/dynamodb/document-client';
import { toEntryItem } from '../../lambda/shared/dynamodb/items';
import { scopes } from '../../lib/routes';
import { invokeRoute, newTenant } from './invoke-route';
import { tableName } from './table';

export { newTenant };

/** The authorizer context of a caller of `tenantId`: subject `client-1`, scopes `dnc/write dnc/read`, unless overridden. */
export const callerFor = (tenantId: string, overrides: Partial<Omit<AuthorizerContext, 'tenantId'>> = {}): AuthorizerContext => ({
  tenantId,
  subject: 'client-1',
  scopes: `${scopes.write} ${scopes.read}`,
  ...overrides,
});

/**
 * The index-th seeded number: distinct for every index below 10,000,000, and not in index
 * order (7919 is coprime to 10^7), so phone-number order differs from creation order.
 */
export const seedPhoneNumber = (index: number): string => `+1415${String((index * 7919 + 13) % 10_000_000).padStart(7, '0')}`;

export interface SeedOptions {
  /** The scope: null (default) for global, a user id, or one per index. */
  userId?: string | null | ((index: number) => string | null);
  phoneNumber?: (index: number) => string;
  reason?: string | null;
  subject?: string;
  /** The index-th entry's creation time; implies writing through the repository. */
  createdAt?: (index: number) => Date;
  /**
   * `handler`: the real create route (default up to 300 entries). `repository`: its conditional
   * put (default above). `batch`: the repository's item mapping, 25 items per BatchWriteItem —
   * the same items, several times faster on DynamoDB Local, and unconditional: only for numbers
   * known to be new, such as a fresh tenant's seed.
   */
  via?: 'handler' | 'repository' | 'batch';
  concurrency?: number;
}

/** Runs `task` for 0…count-1 with at most `concurrency` in flight; results in index order. */
export const mapConcurrently = async <T>(count: number, concurrency: number, task: (index: number) => Promise<T>): Promise<T[]> => {
  const results = new Array<T>(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next;
      next += 1;
      results[index] = await task(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return results;
};

const userIdOf = (options: SeedOptions, index: number): string | null =>
  typeof options.userId === 'function' ? options.userId(index) : (options.userId ?? null);

const withClient = async <T>(use: (client: DynamoDBDocumentClient) => Promise<T>): Promise<T> => {
  const client = createDocumentClient();
  try {
    return await use(client);
  } finally {
    client.destroy();
  }
};

/** Writes through the repository, so the item has exactly the shape (keys, index keys) the service writes. */
const withRepository = <T>(use: (repository: DncNumberRepository) => Promise<T>): Promise<T> =>
  withClient((client) => use(new DncNumberRepository(client, tableName())));

const BATCH_WRITE_ITEMS = 25;

const batchWrite = async (client: DynamoDBDocumentClient, entries: readonly DncNumber[]) => {
  let pending: NonNullable<ConstructorParameters<typeof BatchWriteCommand>[0]['RequestItems']>[string] = entries.map((entry) => ({
    PutRequest: { Item: toEntryItem(entry) },
  }));
  for (let attempt = 1; pending.length > 0; attempt += 1) {
    if (attempt > 10) throw new Error(`seedEntries: ${pending.length} items stayed unprocessed`);
    const { UnprocessedItems } = await client.send(new BatchWriteCommand({ RequestItems: { [tableName()]: pending } }));
    pending = UnprocessedItems?.[tableName()] ?? [];
  }
};

const entryFor = (tenantId: string, options: SeedOptions, index: number, now: Date): DncNumber =>
  newDncNumber(
    {
      phoneNumber: (options.phoneNumber ?? seedPhoneNumber)(index),
      userId: userIdOf(options, index),
      reason: options.reason ?? null,
      expiresAt: null,
    },
    { tenantId, subject: options.subject ?? 'client-1', scopes: [scopes.write] },
    { id: randomUUID(), now },
  );

/**
 * Creates `count` entries for the tenant and returns their DTOs in index order: through the real
 * create handler, or (for thousands, or with chosen creation times) through the repository.
 */
export const seedEntries = async (tenantId: string, count: number, options: SeedOptions = {}): Promise<DncNumberDto[]> => {
  const via = options.via ?? (options.createdAt !== undefined || count > 300 ? 'repository' : 'handler');
  if (via === 'handler') {
    if (options.createdAt !== undefined) throw new Error('seedEntries: createdAt needs via repository');
    return mapConcurrently(count, options.concurrency ?? 10, async (index) => {
      const response = await invokeRoute('CreateDncNumber', {
        body: {
          phoneNumber: (options.phoneNumber ?? seedPhoneNumber)(index),
          userId: userIdOf(options, index),
          reason: options.reason ?? null,
        },
        authorizer: callerFor(tenantId, { subject: options.subject ?? 'client-1' }),
        validate: false,
      });
      if (response.statusCode !== 201) throw new Error(`seedEntries: entry ${index} answered ${response.statusCode}: ${response.body}`);
      return response.json as DncNumberDto;
    });
  }
  if (via === 'batch') {
    const entries = Array.from({ length: count }, (_, index) =>
      entryFor(tenantId, options, index, options.createdAt?.(index) ?? new Date()),
    );
    await withClient((client) =>
      mapConcurrently(Math.ceil(count / BATCH_WRITE_ITEMS), options.concurrency ?? 4, (batch) =>
        batchWrite(client, entries.slice(batch * BATCH_WRITE_ITEMS, (batch + 1) * BATCH_WRITE_ITEMS)),
      ),
    );
    return entries.map(toDncNumberDto);
  }
  return withRepository((repository) =>
    mapConcurrently(count, options.concurrency ?? 25, async (index) => {
      const entry = entryFor(tenantId, options, index, options.createdAt?.(index) ?? new Date());
      const { entry: stored } = await repository.create(entry);
      return toDncNumberDto(stored);
    }),
  );
};

export interface ExpiredEntryOptions {
  phoneNumber: string;
  userId?: string | null;
  createdAt?: Date;
  /** Default: one minute ago. */
  expiresAt?: Date;
}

/** Writes an entry whose `expiresAt` has passed (DynamoDB's TTL has not deleted it yet), as the service would store it. */
export const writeExpiredEntry = async (tenantId: string, options: ExpiredEntryOptions): Promise<DncNumber> => {
  const createdAt = options.createdAt ?? new Date(Date.now() - 60 * 60_000);
  const entry: DncNumber = {
    ...entryFor(tenantId, { phoneNumber: () => options.phoneNumber, userId: options.userId ?? null }, 0, createdAt),
    expiresAt: (options.expiresAt ?? new Date(Date.now() - 60_000)).toISOString(),
  };
  await withRepository((repository) => repository.create(entry));
  return entry;
};
