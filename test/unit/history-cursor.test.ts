import { createHmac } from 'node:crypto';
import { InvalidCursorError } from '../../lambda/shared/domain/errors';
import type { ListQuery } from '../../lambda/shared/domain/list-query';
import { createHistoryCursorCodec } from '../../lambda/shared/dynamodb/history-cursor';
import { historyKey, WRITE_SHARDS } from '../../lambda/shared/dynamodb/keys';
import { type CursorState, createCursorCodec } from '../../lambda/shared/dynamodb/list-cursor';
import { createCursorSigner } from '../../lambda/shared/dynamodb/signed-cursor';

const SECRET = 'unit-test-secret';
const TENANT = 'tenant-a';
const PHONE = '+14155550123';
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

const codec = createHistoryCursorCodec(SECRET);
const lastKey = historyKey(TENANT, PHONE, '2026-01-01T10:00:00.000Z', '5e0c9a57-0b1c-93d4-2f7e-6a8b1c0d9e21').sk;
const cursor = codec.encode(lastKey, TENANT, PHONE);

// The binding history-cursor.ts signs with: tenant, the word `history`, the number.
const historyBinding = (tenantId: string, phoneNumber: string) => `${tenantId}\nhistory\n${phoneNumber}`;

const decode = (value: string, tenantId = TENANT, phoneNumber = PHONE) => codec.decode(value, tenantId, phoneNumber);

/** Fails unless `run` throws an InvalidCursorError whose message tells the caller to keep the same phoneNumber. */
const expectRefused = (run: () => unknown) => {
  let thrown: unknown;
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(InvalidCursorError);
  expect((thrown as Error).message).toContain('phoneNumber');
};

describe('history cursor', () => {
  it('round-trips the last history sort key', () => {
    expect(lastKey.startsWith('HISTORY#')).toBe(true);
    expect(decode(cursor)).toBe(lastKey);
  });

  it('is opaque text safe in a query string', () => {
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(cursor).not.toContain(PHONE);
  });

  it('opens with a codec made later from the same secret (another Lambda instance)', () => {
    expect(createHistoryCursorCodec(SECRET).decode(cursor, TENANT, PHONE)).toBe(lastKey);
  });

  describe('refused, with a message about phoneNumber, for', () => {
    it.each(['tenant-b', 'TENANT-A', `${TENANT}\nhistory`, '', `TENANT#${TENANT}`])('another tenant (%j)', (other) => {
      expectRefused(() => decode(cursor, other));
    });

    it.each(['+14155550124', '+1415555012', '+141555501234', '14155550123', ''])('another number (%j)', (other) => {
      expectRefused(() => decode(cursor, TENANT, other));
    });

    it('another secret', () => {
      expectRefused(() => createHistoryCursorCodec('another-secret').decode(cursor, TENANT, PHONE));
    });

    it('a changed payload: every character, each of its six bits flipped', () => {
      const [payload, signature] = cursor.split('.') as [string, string];
      const accepted: string[] = [];
      for (let position = 0; position < payload.length; position += 1) {
        for (let bit = 0; bit < 6; bit += 1) {
          const replacement = BASE64URL[BASE64URL.indexOf(payload[position]!) ^ (1 << bit)]!;
          try {
            decode(`${payload.slice(0, position)}${replacement}${payload.slice(position + 1)}.${signature}`);
            accepted.push(`${payload[position]}→${replacement} at ${position}`);
          } catch (error) {
            if (!(error instanceof InvalidCursorError)) throw error;
          }
        }
      }
      expect(accepted).toEqual([]);
    });

    it('a changed signature: every character, to every other character', () => {
      const [payload, signature] = cursor.split('.') as [string, string];
      const accepted: string[] = [];
      for (let position = 0; position < signature.length; position += 1) {
        for (const replacement of BASE64URL) {
          if (replacement === signature[position]) continue;
          try {
            decode(`${payload}.${signature.slice(0, position)}${replacement}${signature.slice(position + 1)}`);
            accepted.push(`${signature[position]}→${replacement} at ${position}`);
          } catch (error) {
            if (!(error instanceof InvalidCursorError)) throw error;
          }
        }
      }
      expect(accepted).toEqual([]);
    });

    it('a payload re-encoded for another key of the same number, under the old signature', () => {
      const [, signature] = cursor.split('.') as [string, string];
      const otherPayload = Buffer.from(JSON.stringify({ after: `${lastKey}0` })).toString('base64url');
      expectRefused(() => decode(`${otherPayload}.${signature}`));
    });

    it.each([
      ['a trailing dot', `${cursor}.`],
      ['a third part', `${cursor}.x`],
      ['a repeated signature', `${cursor}.${cursor.split('.')[1]}`],
      ['no signature', cursor.split('.')[0]!],
      ['the parts joined', cursor.replace('.', '')],
      ['the empty string', ''],
      ['a lone dot', '.'],
      ['padding on the signature', `${cursor}=`],
      ['a truncated signature', cursor.slice(0, -1)],
    ])('a malformed cursor: %s', (_case, value) => {
      expectRefused(() => decode(value));
    });

    describe('a correctly signed state that is not a history position', () => {
      const signer = createCursorSigner(SECRET);
      it.each<[string, unknown]>([
        ['an entry sort key', { after: 'SCOPE#GLOBAL' }],
        ['a key with `history#` in lower case', { after: 'history#2026-01-01T10:00:00.000Z#x' }],
        ['the prefix without its #', { after: 'HISTORY' }],
        ['the key in the middle of the text', { after: `x${lastKey}` }],
        ['the empty string', { after: '' }],
        ['a number', { after: 42 }],
        ['null', { after: null }],
        ['an array holding the key', { after: [lastKey] }],
        ['an object holding the key', { after: { sk: lastKey } }],
        ['no after', { before: lastKey }],
        ['a bare string', lastKey],
        ['a bare null', null],
        ['a list cursor state', { page: 2, positions: ['start', 'start', 'start', 'start'] }],
      ])('%s', (_case, state) => {
        expectRefused(() => decode(signer.seal(state, historyBinding(TENANT, PHONE))));
      });

      it('but the same binding with a history key opens (the test seals like the codec does)', () => {
        expect(decode(signer.seal({ after: lastKey }, historyBinding(TENANT, PHONE)))).toBe(lastKey);
      });
    });

    // Signed as signed-cursor.ts signs: HMAC-SHA256 over binding and payload, first 16 bytes, base64url.
    const signAs = (payload: string, binding = historyBinding(TENANT, PHONE)) =>
      `${payload}.${createHmac('sha256', SECRET).update(`${binding}\n${payload}`).digest().subarray(0, 16).toString('base64url')}`;

    it('(the recipe used below signs a real cursor exactly as the codec does)', () => {
      expect(signAs(cursor.split('.')[0]!)).toBe(cursor);
    });

    it.each([
      ['text', 'not json'],
      ['truncated JSON', '{"after":"HISTORY#'],
      ['empty', ''],
      ['invalid UTF-8 bytes', Buffer.from([0xff, 0xfe, 0x7b])],
    ])('a correctly signed payload that is not JSON: %s', (_case, raw) => {
      expectRefused(() => decode(signAs(Buffer.from(raw).toString('base64url'))));
    });

    it('a correctly signed payload that is not base64url', () => {
      expectRefused(() => decode(signAs('not base64url!')));
    });
  });
});

describe('history and list cursors, same secret and tenant', () => {
  const listCodec = createCursorCodec(SECRET);
  const queries: ListQuery[] = [
    { type: 'global', sortColumn: 'createdAt', descending: true },
    { type: 'user-specific', userId: 'user-1', sortColumn: 'phoneNumber', descending: false, phoneNumberPrefix: '+1415' },
  ];
  const listState: CursorState = { page: 2, positions: ['start', 'done', 'start', 'start'] };

  it.each(queries)('a list cursor never opens as a history cursor (%j)', (query) => {
    const listCursor = listCodec.encode(listState, TENANT, query);
    expect(listCodec.decode(listCursor, TENANT, query, WRITE_SHARDS)).toEqual(listState);
    expectRefused(() => decode(listCursor));
    // Not even one whose state has a history key, sealed by the list codec.
    const smuggled = listCodec.encode({ after: lastKey } as unknown as CursorState, TENANT, query);
    expectRefused(() => decode(smuggled));
  });

  it.each(queries)('a history cursor never opens as a list cursor (%j)', (query) => {
    expect(() => listCodec.decode(cursor, TENANT, query, WRITE_SHARDS)).toThrow(InvalidCursorError);
    // Not even one whose state is a valid list state, sealed with the history binding.
    const signer = createCursorSigner(SECRET);
    for (const phoneNumber of [PHONE, JSON.stringify([query.type]), '']) {
      const smuggled = signer.seal(listState, historyBinding(TENANT, phoneNumber));
      expect(() => listCodec.decode(smuggled, TENANT, query, WRITE_SHARDS)).toThrow(InvalidCursorError);
    }
  });
});
