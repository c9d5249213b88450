import { randomBytes } from 'node:crypto';
import { InvalidCursorError } from '../../lambda/shared/domain/errors';
import type { ListQuery } from '../../lambda/shared/domain/list-query';
import { WRITE_SHARDS } from '../../lambda/shared/dynamodb/keys';
import { type CursorState, createCursorCodec } from '../../lambda/shared/dynamodb/list-cursor';
import type { ResumePoint } from '../../lambda/shared/dynamodb/list-plan';

const codec = createCursorCodec('unit-test-secret');
const TENANT = 'tenant-a';
const query: ListQuery = { type: 'global', sortColumn: 'createdAt', descending: true };
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

const key = (shard: number): ResumePoint => [
  `+1415555010${shard}`,
  shard === 2 ? 'user-2' : null,
  `2026-01-01T00:00:0${shard}.000Z#00000000-0000-4000-8000-00000000000${shard}`,
];
const state: CursorState = { page: 7, positions: [key(0), 'start', key(2), 'done'] };
const cursor = codec.encode(state, TENANT, query);

const expectInvalid = (run: () => unknown) => expect(run).toThrow(InvalidCursorError);
const decode = (value: string, tenantId = TENANT, listQuery: ListQuery = query, shardCount = WRITE_SHARDS) =>
  codec.decode(value, tenantId, listQuery, shardCount);

describe('list cursor', () => {
  it('round-trips the page and every shard position', () => {
    expect(decode(cursor)).toEqual(state);
  });

  it('is opaque text safe in a query string: base64url payload and signature', () => {
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
  });

  it('binds the query by value, not by the order of its fields', () => {
    const reordered: ListQuery = { descending: true, sortColumn: 'createdAt', type: 'global' };
    expect(decode(cursor, TENANT, reordered)).toEqual(state);
    const withFilters: ListQuery = {
      type: 'user-specific',
      userId: 'u',
      sortColumn: 'createdAt',
      descending: false,
      createdFrom: 'a',
      createdTo: 'b',
    };
    const filtered = codec.encode(state, TENANT, withFilters);
    expect(
      decode(filtered, TENANT, {
        createdTo: 'b',
        createdFrom: 'a',
        descending: false,
        sortColumn: 'createdAt',
        userId: 'u',
        type: 'user-specific',
      }),
    ).toEqual(state);
  });

  describe('InvalidCursorError for', () => {
    it('a changed payload: every character of it, each of its six bits flipped', () => {
      const [payload, signature] = cursor.split('.') as [string, string];
      const accepted: string[] = [];
      for (let position = 0; position < payload.length; position += 1) {
        for (let bit = 0; bit < 6; bit += 1) {
          const replacement = BASE64URL[BASE64URL.indexOf(payload[position]!) ^ (1 << bit)]!;
          const altered = `${payload.slice(0, position)}${replacement}${payload.slice(position + 1)}.${signature}`;
          try {
            decode(altered);
            accepted.push(`${payload[position]}→${replacement} at ${position}`);
          } catch (error) {
            if (!(error instanceof InvalidCursorError)) throw error;
          }
        }
      }
      expect(accepted).toEqual([]);
    });

    it('a changed signature: every character of it, to every other character', () => {
      const [payload, signature] = cursor.split('.') as [string, string];
      const accepted: string[] = [];
      for (let position = 0; position < signature.length; position += 1) {
        for (const replacement of BASE64URL) {
          if (replacement === signature[position]) continue;
          const altered = `${payload}.${signature.slice(0, position)}${replacement}${signature.slice(position + 1)}`;
          try {
            decode(altered);
            accepted.push(`${signature[position]}→${replacement} at ${position}`);
          } catch (error) {
            if (!(error instanceof InvalidCursorError)) throw error;
          }
        }
      }
      expect(accepted).toEqual([]);
    });

    it('another spelling of the signature: padding or a stray character', () => {
      const [payload, signature] = cursor.split('.') as [string, string];
      for (const spelled of [`${signature}=`, `${signature}==`, `${signature.slice(0, 5)}!${signature.slice(5)}`, ` ${signature}`]) {
        expectInvalid(() => decode(`${payload}.${spelled}`));
      }
    });

    it('a truncated or extended cursor, or one with more parts', () => {
      for (const altered of [
        cursor.slice(0, -1),
        `${cursor}A`,
        cursor.slice(1),
        `${cursor}.`,
        `${cursor}.x`,
        cursor.replace('.', ''),
        '',
        '.',
      ]) {
        expectInvalid(() => decode(altered));
      }
    });

    it('a forged cursor: random bytes, or a payload of our own with a random signature', () => {
      const payload = Buffer.from(JSON.stringify(state)).toString('base64url');
      for (const forged of [
        randomBytes(64).toString('base64url'),
        `${randomBytes(64).toString('base64url')}.${randomBytes(16).toString('base64url')}`,
        `${payload}.${randomBytes(16).toString('base64url')}`,
        `${payload}.${cursor.split('.')[1]}x`,
      ]) {
        expectInvalid(() => decode(forged));
      }
    });

    it('another tenant, including one that differs only in case or by a key fragment', () => {
      for (const other of ['tenant-b', 'TENANT-A', `${TENANT}#`, `${TENANT}#GLOBAL#SHARD#0`, `TENANT#${TENANT}`, '']) {
        expectInvalid(() => decode(cursor, other));
      }
    });

    it.each<[string, Partial<ListQuery>]>([
      ['type', { type: 'user-specific' }],
      ['userId', { userId: 'u' }],
      ['sortColumn', { sortColumn: 'phoneNumber' }],
      ['descending', { descending: false }],
      ['phoneNumberPrefix', { phoneNumberPrefix: '+1' }],
      ['createdFrom', { createdFrom: '2026-01-01T00:00:00.000Z' }],
      ['createdTo', { createdTo: '2026-01-01T00:00:00.000Z' }],
    ])('another query: %s changed', (_field, change) => {
      expectInvalid(() => decode(cursor, TENANT, { ...query, ...change }));
    });

    it('another signing secret', () => {
      expectInvalid(() => createCursorCodec('another-secret').decode(cursor, TENANT, query, WRITE_SHARDS));
    });

    it.each([WRITE_SHARDS - 1, WRITE_SHARDS + 1, 1, 0])('another shard count (%i)', (shardCount) => {
      expectInvalid(() => decode(cursor, TENANT, query, shardCount));
    });

    it.each<[string, unknown]>([
      ['a fractional page', { page: 1.5, positions: state.positions }],
      ['a page as text', { page: '2', positions: state.positions }],
      ['no positions', { page: 2 }],
      ['positions not an array', { page: 2, positions: { 0: 'start' } }],
      ['a position that is a number', { page: 2, positions: [1, 'start', 'start', 'start'] }],
      ['a position of another word', { page: 2, positions: ['begin', 'start', 'start', 'start'] }],
      ['a key with a non-text value', { page: 2, positions: [{ pk: 1 }, 'start', 'start', 'start'] }],
      ['a key that is an array', { page: 2, positions: [['pk'], 'start', 'start', 'start'] }],
      ['null', null],
    ])('a correctly signed state of the wrong shape: %s', (_case, badState) => {
      const signed = codec.encode(badState as CursorState, TENANT, query);
      expectInvalid(() => decode(signed));
    });
  });
});
