import { createHmac, timingSafeEqual } from 'node:crypto';
import { InvalidCursorError } from '../domain/errors.js';
import type { ListQuery } from '../domain/list-query.js';
import type { ShardPosition } from './sharded-query.js';

/** What a cursor carries: the page it leads to and where each write shard stands. */
export interface CursorState {
  page: number;
  positions: ShardPosition[];
}

const SIGNATURE_BYTES = 16;

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

const sign = (secret: string, tenantId: string, query: ListQuery, payload: string): string =>
  createHmac('sha256', secret)
    .update(`${tenantId}\n${queryIdentity(query)}\n${payload}`)
    .digest()
    .subarray(0, SIGNATURE_BYTES)
    .toString('base64url');

const isPosition = (value: unknown): value is ShardPosition =>
  value === 'start' ||
  value === 'done' ||
  (Array.isArray(value) &&
    value.length === 3 &&
    typeof value[0] === 'string' &&
    (typeof value[1] === 'string' || value[1] === null) &&
    typeof value[2] === 'string');

/**
 * Opaque, tamper-evident and bound to its tenant and query: an HMAC over the tenant, the
 * query and the state. A cursor altered, forged, or replayed by another tenant or with
 * other filters fails the check.
 */
export const createCursorCodec = (secret: string) => ({
  encode: (state: CursorState, tenantId: string, query: ListQuery): string => {
    const payload = Buffer.from(JSON.stringify(state)).toString('base64url');
    return `${payload}.${sign(secret, tenantId, query, payload)}`;
  },

  decode: (cursor: string, tenantId: string, query: ListQuery, shardCount: number): CursorState => {
    const [payload = '', signature = '', ...rest] = cursor.split('.');
    // Compared as text: decoding first would accept other spellings of the same bytes (padding,
    // the unused low bits of the last character), and an altered cursor must not be accepted.
    const given = Buffer.from(signature);
    const expected = Buffer.from(sign(secret, tenantId, query, payload));
    if (rest.length > 0 || given.length !== expected.length || !timingSafeEqual(given, expected)) throw new InvalidCursorError();
    let state: unknown;
    try {
      state = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      throw new InvalidCursorError();
    }
    const { page, positions } = (state ?? {}) as Partial<CursorState>;
    if (!Number.isInteger(page) || !Array.isArray(positions) || positions.length !== shardCount || !positions.every(isPosition)) {
      throw new InvalidCursorError();
    }
    return { page: page as number, positions };
  },
});
