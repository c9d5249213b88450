import { dncTableIndexes, type IndexName } from '../../../lib/table-definition.js';
import type { ListQuery } from '../domain/list-query.js';
import { entryKey, scopePartition, shards, userPartition } from './keys.js';

/**
 * Where a shard's reading resumes: the last item read, by the fields its keys are built from.
 * A cursor carries these rather than the keys, so it stays short and the keys are rebuilt from
 * the caller's own tenant.
 */
export type ResumePoint = [phoneNumber: string, userId: string | null, createdSk: string];

/** The DynamoDB work behind one list query: the same key condition on every write shard of one index. */
export interface ListPlan {
  index: IndexName;
  partitionKey: string;
  sortKey: string;
  /** One partition per write shard, merged in sort order. */
  partitions: string[];
  /** Key condition on the sort key, with `#sk` for its name; empty for the whole partition. */
  range: { expression: string; values: Record<string, string> } | undefined;
  ascending: boolean;
  resumePointOf: (item: Record<string, unknown>) => ResumePoint;
  /** The `ExclusiveStartKey` that resumes shard `shard` after `point`. */
  startKeyOf: (point: ResumePoint, shard: number) => Record<string, string>;
}

// Above every character of an id, so `createdTo` includes all entries of its last millisecond.
const AFTER_ANY_ID = '#~';

const createdRange = ({ createdFrom, createdTo }: ListQuery): ListPlan['range'] => {
  const to = createdTo === undefined ? undefined : `${createdTo}${AFTER_ANY_ID}`;
  if (createdFrom !== undefined && to !== undefined)
    return { expression: '#sk BETWEEN :from AND :to', values: { ':from': createdFrom, ':to': to } };
  if (createdFrom !== undefined) return { expression: '#sk >= :from', values: { ':from': createdFrom } };
  if (to !== undefined) return { expression: '#sk <= :to', values: { ':to': to } };
  return undefined;
};

const phoneRange = ({ phoneNumberPrefix }: ListQuery): ListPlan['range'] =>
  phoneNumberPrefix === undefined ? undefined : { expression: 'begins_with(#sk, :prefix)', values: { ':prefix': phoneNumberPrefix } };

const indexFor = ({ userId, sortColumn }: ListQuery): IndexName => {
  if (userId !== undefined) return sortColumn === 'createdAt' ? 'byUserCreated' : 'byUserPhone';
  return sortColumn === 'createdAt' ? 'byScopeCreated' : 'byScopePhone';
};

/** Every supported combination maps to one index; the tenant is part of every partition. */
export const listPlan = (tenantId: string, query: ListQuery): ListPlan => {
  const index = indexFor(query);
  const { userId } = query;
  const { partitionKey } = dncTableIndexes[index];
  const sortKey = dncTableIndexes[index].sortKey as string;
  const partitions = shards().map((shard) =>
    userId === undefined ? scopePartition(tenantId, query.type, shard) : userPartition(tenantId, userId, shard),
  );
  return {
    index,
    partitionKey,
    sortKey,
    partitions,
    range: query.sortColumn === 'createdAt' ? createdRange(query) : phoneRange(query),
    ascending: !query.descending,
    resumePointOf: (item) => [String(item.phoneNumber), (item.userId as string | null) ?? null, String(item.createdSk)],
    startKeyOf: ([phoneNumber, pointUserId, createdSk], shard) => ({
      ...entryKey(tenantId, phoneNumber, pointUserId),
      [partitionKey]: partitions[shard]!,
      [sortKey]: sortKey === 'createdSk' ? createdSk : phoneNumber,
    }),
  };
};
