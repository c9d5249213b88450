import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Removal } from '../domain/change.js';
import { type DncNumber, isLive } from '../domain/dnc-number.js';
import { DncNumberNotFoundError, DuplicateDncNumberError, IdempotencyKeyReusedError } from '../domain/errors.js';
import type { IdempotencyRecord } from '../domain/idempotency.js';
import type { ListQuery } from '../domain/list-query.js';
import { batchGet } from './batch-get.js';
import { fromEntryItem, fromRawItem, fromRecordedEntry, toEntryItem } from './items.js';
import { entryKey, idPartition, idempotencyKey } from './keys.js';
import { DynamoDbUnavailableError } from './transient-error.js';
import { listPlan } from './list-plan.js';
import { removeEntry } from './remove-entry.js';
import { mergeShards, type ShardPosition } from './sharded-query.js';

interface CancellationReason {
  Code?: string;
  Item?: Record<string, AttributeValue>;
}

interface AwsError {
  name?: unknown;
  Item?: Record<string, AttributeValue>;
  CancellationReasons?: CancellationReason[];
}

export interface CreateResult {
  entry: DncNumber;
  /** True when an Idempotency-Key retry returned the entry its first request created. */
  replayed: boolean;
}

/** An entry as now listed, and whether this request created it. */
export interface AddResult {
  entry: DncNumber;
  created: boolean;
}

/** The live entries that block one number: the global one and, when asked, the user's. */
export interface CheckResult {
  phoneNumber: string;
  entries: DncNumber[];
}

export interface ListPage {
  entries: DncNumber[];
  positions: ShardPosition[];
  hasMore: boolean;
}

interface Options {
  signal?: AbortSignal;
}

const NEW_ITEM_ONLY = 'attribute_not_exists(pk)';
// An entry whose expiry has passed is absent (`isLive`) even before TTL deletes it, so a new add
// of that number replaces it. `expiresAtIso` is canonical ISO-8601, which sorts as time.
const NO_LIVE_ENTRY = `${NEW_ITEM_ONLY} OR expiresAtIso <= :now`;
const noLiveEntry = () => ({ ConditionExpression: NO_LIVE_ENTRY, ExpressionAttributeValues: { ':now': new Date().toISOString() } });
// Concurrent requests with one key or one number make DynamoDB cancel all but one transaction.
const MAX_TRANSACTION_ATTEMPTS = 3;

/** Cancellation reasons that say "not now" rather than "no": the transaction is tried again. */
const transientCancellations = new Set(['TransactionConflict', 'ThrottlingError', 'ProvisionedThroughputExceeded', 'RequestLimitExceeded']);
// Puts in flight for one bulk request: enough to hide DynamoDB's latency, few enough that a
// throttled table sees a handful of retries, not a stampede.
const ADD_CONCURRENCY = 32;

const liveItem = (now: Date) => (item: Record<string, unknown>) => isLive(fromEntryItem(item), now);

export class DncNumberRepository {
  /** `idempotencyTableName`: where `createOnce` records Idempotency-Keys; only the create route needs it. */
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly idempotencyTableName?: string,
  ) {}

  /**
   * Writes the entry unless one already exists for that number in that scope, in one
   * conditional put. Throws `DuplicateDncNumberError` carrying the existing entry.
   */
  async create(entry: DncNumber, options: Options = {}): Promise<CreateResult> {
    const added = await this.addIfAbsent(entry, options);
    if (!added.created) throw new DuplicateDncNumberError(added.entry);
    return { entry: added.entry, replayed: false };
  }

  /**
   * Adds each entry unless its number is already listed in its scope, `ADD_CONCURRENCY` puts at
   * a time, and answers in the same order with the entry now listed. A failure stops what has not
   * started, waits for what has, and is thrown: what was written stays written, and adding the
   * same entries again completes the rest and finds the ones written.
   */
  async addAll(entries: readonly DncNumber[], { signal }: Options = {}): Promise<AddResult[]> {
    const results: AddResult[] = new Array(entries.length);
    let next = 0;
    let failure: { error: unknown } | undefined;
    const worker = async () => {
      while (failure === undefined && next < entries.length) {
        const index = next;
        next += 1;
        try {
          results[index] = await this.addIfAbsent(entries[index]!, { ...(signal ? { signal } : {}) });
        } catch (error) {
          failure ??= { error };
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(ADD_CONCURRENCY, entries.length) }, worker));
    if (failure) throw failure.error;
    return results;
  }

  /**
   * One conditional put. If the item that failed the condition carries this entry's own id, the
   * write landed and the SDK retried it (e.g. after a timeout): that is our entry, created.
   */
  private async addIfAbsent(entry: DncNumber, { signal }: Options): Promise<AddResult> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: toEntryItem(entry),
          ...noLiveEntry(),
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
        { abortSignal: signal },
      );
      return { entry, created: true };
    } catch (error) {
      const { name, Item } = error as AwsError;
      if (name !== 'ConditionalCheckFailedException' || Item === undefined) throw error;
      const existing = fromEntryItem(fromRawItem(Item));
      return { entry: existing, created: existing.id === entry.id };
    }
  }

  /**
   * Like `create`, and records the Idempotency-Key in its own table in the same transaction: a
   * retry with the key and the same request replays the first answer; with another request, it fails.
   */
  async createOnce(entry: DncNumber, key: IdempotencyRecord, { signal }: Options = {}): Promise<CreateResult> {
    if (this.idempotencyTableName === undefined) throw new Error('createOnce needs the Idempotency-Key table (IDEMPOTENCY_TABLE_NAME)');
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: this.tableName,
                  Item: toEntryItem(entry),
                  ...noLiveEntry(),
                  ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
                },
              },
              {
                Put: {
                  TableName: this.idempotencyTableName,
                  Item: { ...idempotencyKey(key.tenantId, key.key), ...key },
                  // An expired key that TTL has not deleted yet counts as unused.
                  ConditionExpression: `${NEW_ITEM_ONLY} OR expiresAt < :now`,
                  ExpressionAttributeValues: { ':now': Math.floor(Date.now() / 1000) },
                  ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
                },
              },
            ],
          }),
          { abortSignal: signal },
        );
        return { entry, replayed: false };
      } catch (error) {
        const { name, CancellationReasons: [entryReason, previousKey] = [] } = error as AwsError;
        if (name !== 'TransactionCanceledException') throw error;
        if (previousKey?.Code === 'ConditionalCheckFailed' && previousKey.Item) {
          const previous = fromRawItem(previousKey.Item) as unknown as IdempotencyRecord;
          if (previous.fingerprint !== key.fingerprint) throw new IdempotencyKeyReusedError();
          const first = fromRecordedEntry(previous.dncNumber as unknown as Record<string, unknown>);
          return { entry: first, replayed: first.id !== entry.id };
        }
        // The key is written with the entry, so an entry with this request's id cannot be there without it.
        if (entryReason?.Code === 'ConditionalCheckFailed' && entryReason.Item) {
          throw new DuplicateDncNumberError(fromEntryItem(fromRawItem(entryReason.Item)));
        }
        const transient = [entryReason, previousKey]
          .map((reason) => reason?.Code)
          .filter((code) => code && transientCancellations.has(code));
        if (transient.length === 0) throw error;
        // Another transaction on the same item, or throttling: the request may succeed later, so
        // after the last attempt the client is told to retry (503), not that it failed (500).
        if (attempt >= MAX_TRANSACTION_ATTEMPTS) {
          throw new DynamoDbUnavailableError(`the transaction was cancelled ${MAX_TRANSACTION_ATTEMPTS} times: ${transient.join(', ')}`, {
            cause: error,
          });
        }
      }
    }
  }

  /**
   * The live entries blocking each number for the tenant: its global entry and, with a
   * `userId`, that user's. Exact keys, strongly consistent: a number added a moment ago is
   * already blocked. Repeated numbers are read once and answered each time.
   */
  async check(tenantId: string, phoneNumbers: readonly string[], userId: string | null, { signal }: Options = {}): Promise<CheckResult[]> {
    const scopesOf = (phoneNumber: string) => [
      entryKey(tenantId, phoneNumber, null),
      ...(userId === null ? [] : [entryKey(tenantId, phoneNumber, userId)]),
    ];
    const distinct = [...new Set(phoneNumbers)];
    const items = await batchGet(this.client, this.tableName, distinct.flatMap(scopesOf), signal);
    const now = new Date();
    const byKey = new Map(items.map((item) => [`${item.pk}\n${item.sk}`, fromEntryItem(item)]));
    return phoneNumbers.map((phoneNumber) => ({
      phoneNumber,
      entries: scopesOf(phoneNumber)
        .map(({ pk, sk }) => byKey.get(`${pk}\n${sk}`))
        .filter((entry): entry is DncNumber => entry !== undefined && isLive(entry, now)),
    }));
  }

  /** The tenant's live entry with this id; another tenant's id finds nothing. */
  async findById(tenantId: string, id: string, { signal }: Options = {}): Promise<DncNumber> {
    const { Items = [] } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'byId',
        KeyConditionExpression: 'idPk = :idPk',
        ExpressionAttributeValues: { ':idPk': idPartition(tenantId, id) },
        Limit: 1,
      }),
      { abortSignal: signal },
    );
    const entry = Items[0] === undefined ? undefined : fromEntryItem(Items[0]);
    if (entry === undefined || !isLive(entry, new Date())) throw new DncNumberNotFoundError();
    return entry;
  }

  /**
   * Removes exactly the tenant's live entry with this id and answers it, leaving a receipt that
   * says who removed it and why (`removeEntry`).
   */
  async remove(tenantId: string, id: string, removal: Omit<Removal, 'at'>, { signal }: Options = {}): Promise<DncNumber> {
    const entry = await this.findById(tenantId, id, { signal });
    await removeEntry(this.client, this.tableName, entry, removal, signal);
    return entry;
  }

  /** One page of the tenant's live entries in the query's order, from `positions` (or the start). */
  async list(
    tenantId: string,
    query: ListQuery,
    page: { positions: readonly ShardPosition[]; skip: number; size: number },
    { signal }: Options = {},
  ): Promise<ListPage> {
    const merged = await mergeShards(this.client, this.tableName, listPlan(tenantId, query), {
      positions: page.positions,
      skip: page.skip,
      take: page.size,
      isLive: liveItem(new Date()),
      ...(signal ? { signal } : {}),
    });
    return { entries: merged.items.map(fromEntryItem), positions: merged.positions, hasMore: merged.hasMore };
  }
}
