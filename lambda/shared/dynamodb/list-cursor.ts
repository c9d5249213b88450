import { InvalidCursorError } from '../domain/errors.js';
import type { ListQuery } from '../domain/list-query.js';
import { createCursorSigner } from './signed-cursor.js';
import type { ShardPosition } from './sharded-query.js';

/** What a cursor carries: the page it leads to and where each write shard stands. */
export interface CursorState {
  page: number;
  positions: ShardPosition[];
}

// The query as a fixed list, so that the same query always binds the same way whatever the
// order of its filters in the request.
const queryIdentity = (query: ListQuery) =>
  JSON.stringify([
    query.type,
    query.userId ?? null,
    query.sortColumn,
    query.descending,
    query.phoneNumberPrefix ?? null,
    query.createdFrom ?? null,
    query.createdTo ?? null,
  ]);

const binding = (tenantId: string, query: ListQuery) => `${tenantId}\n${queryIdentity(query)}`;

const isPosition = (value: unknown): value is ShardPosition =>
  value === 'start' ||
  value === 'done' ||
  (Array.isArray(value) &&
    value.length === 3 &&
    typeof value[0] === 'string' &&
    (typeof value[1] === 'string' || value[1] === null) &&
    typeof value[2] === 'string');

/**
 * List cursors, bound to their tenant and query: a cursor altered, forged, or replayed by
 * another tenant or with other filters fails the check.
 */
export const createCursorCodec = (secret: string) => {
  const signer = createCursorSigner(secret);
  return {
    encode: (state: CursorState, tenantId: string, query: ListQuery): string => signer.seal(state, binding(tenantId, query)),

    decode: (cursor: string, tenantId: string, query: ListQuery, shardCount: number): CursorState => {
      const { page, positions } = (signer.open(cursor, binding(tenantId, query)) ?? {}) as Partial<CursorState>;
      if (!Number.isInteger(page) || !Array.isArray(positions) || positions.length !== shardCount || !positions.every(isPosition)) {
        throw new InvalidCursorError();
      }
      return { page: page as number, positions };
    },
  };
};
