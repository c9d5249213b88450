import { type BulkItem, bulkAddSchema, firstOccurrences, MAX_BULK_NUMBERS } from '../../lambda/shared/domain/bulk-add';
import { describeIssues } from '../../lambda/shared/http/middleware/validate-request';

/** The 400 message validate-request would send for `body`; fails the test if the body is accepted. */
const rejectionOf = (body: unknown): string => {
  const result = bulkAddSchema.safeParse(body);
  if (result.success) throw new Error(`expected ${JSON.stringify(body).slice(0, 200)} to be rejected, got ${JSON.stringify(result.data)}`);
  return describeIssues('body', result.error.issues);
};

const accepts = (body: unknown) => {
  const result = bulkAddSchema.safeParse(body);
  if (!result.success) throw new Error(`expected acceptance, got: ${describeIssues('body', result.error.issues)}`);
  return result.data;
};

const phone = (index: number) => `+1415${String(index).padStart(7, '0')}`;
const items = (count: number, item: (index: number) => unknown = (index) => ({ phoneNumber: phone(index) })) =>
  Array.from({ length: count }, (_, index) => item(index));
const PHONE_MESSAGE = 'phoneNumber must be an E.164 number such as +14155550123 (spaces, dashes, dots and parentheses are ignored)';

describe('bulkAddSchema', () => {
  describe('valid bodies', () => {
    it('canonicalizes every number, defaults each reason, expiresAt and userId to null, and keeps the order and repeats', () => {
      expect(
        accepts({
          phoneNumbers: [
            { phoneNumber: '+1 (415) 555-0100', reason: 'asked' },
            { phoneNumber: '+44 (0)20 7946 0958' },
            { phoneNumber: '+1.415.555.0100' },
          ],
        }),
      ).toEqual({
        phoneNumbers: [
          { phoneNumber: '+14155550100', reason: 'asked', expiresAt: null },
          { phoneNumber: '+442079460958', reason: null, expiresAt: null },
          { phoneNumber: '+14155550100', reason: null, expiresAt: null },
        ],
        userId: null,
      });
    });

    it('keeps userId and explicit null reasons', () => {
      expect(accepts({ phoneNumbers: [{ phoneNumber: phone(1), reason: null }], userId: 'user-1' })).toEqual({
        phoneNumbers: [{ phoneNumber: phone(1), reason: null, expiresAt: null }],
        userId: 'user-1',
      });
      expect(accepts({ phoneNumbers: [{ phoneNumber: phone(1) }], userId: null }).userId).toBeNull();
    });

    it(`accepts exactly ${MAX_BULK_NUMBERS} items, each with a 500-character reason`, () => {
      expect(MAX_BULK_NUMBERS).toBe(1000);
      const body = accepts({ phoneNumbers: items(1000, (index) => ({ phoneNumber: phone(index), reason: 'é'.repeat(500) })) });
      expect(body.phoneNumbers).toHaveLength(1000);
      expect(body.phoneNumbers[999]).toEqual({ phoneNumber: phone(999), reason: 'é'.repeat(500), expiresAt: null });
    });

    it('accepts one item', () => {
      expect(accepts({ phoneNumbers: [{ phoneNumber: phone(0) }] }).phoneNumbers).toHaveLength(1);
    });
  });

  describe('limits', () => {
    it('refuses an empty list', () => {
      expect(rejectionOf({ phoneNumbers: [] })).toBe('phoneNumbers must hold at least 1 item');
    });

    it('refuses 1,001 items', () => {
      expect(rejectionOf({ phoneNumbers: items(1001) })).toBe('phoneNumbers must hold at most 1000 items');
    });

    it.each([
      ['missing', {}],
      ['a string', { phoneNumbers: '+14155550100' }],
      ['an object', { phoneNumbers: { phoneNumber: '+14155550100' } }],
      ['null', { phoneNumbers: null }],
    ])('refuses phoneNumbers %s, naming it', (_case, body) => {
      expect(rejectionOf(body)).toBe('phoneNumbers must be an array of { phoneNumber, reason?, expiresAt? }');
    });

    it.each([
      ['an array', [{ phoneNumber: phone(0) }]],
      ['a string', 'phoneNumbers'],
      ['null', null],
      ['a number', 7],
    ])('refuses a body that is %s', (_case, body) => {
      expect(rejectionOf(body)).toBe('body must be a JSON object');
    });
  });

  describe('bad items are named by index', () => {
    it('names the one bad phone number among 1,000 as phoneNumbers[537].phoneNumber, and nothing else', () => {
      const message = rejectionOf({
        phoneNumbers: items(1000, (index) => ({ phoneNumber: index === 537 ? '415-555-0100' : phone(index) })),
      });
      expect(message).toBe(`phoneNumbers[537].phoneNumber: ${PHONE_MESSAGE}`);
    });

    it('names every bad item, each with its own problem, in index order', () => {
      const phoneNumbers: unknown[] = items(10);
      phoneNumbers[1] = { phoneNumber: '+1415555CALL' };
      phoneNumbers[2] = '+14155550100';
      phoneNumbers[3] = null;
      phoneNumbers[4] = { reason: 'no number' };
      phoneNumbers[5] = { phoneNumber: 14155550100 };
      phoneNumbers[6] = { phoneNumber: phone(6), reason: 'x'.repeat(501) };
      phoneNumbers[7] = { phoneNumber: phone(7), reason: 'stop\u202Egnillac' };
      phoneNumbers[8] = { phoneNumber: phone(8), reason: 42 };
      phoneNumbers[9] = { phoneNumber: phone(9), userId: 'user-1', id: 'mine' };
      expect(rejectionOf({ phoneNumbers }).split('; ')).toEqual([
        `phoneNumbers[1].phoneNumber: ${PHONE_MESSAGE}`,
        'phoneNumbers[2]: must be an object with phoneNumber and, optionally, reason and expiresAt',
        'phoneNumbers[3]: must be an object with phoneNumber and, optionally, reason and expiresAt',
        'phoneNumbers[4].phoneNumber: phoneNumber is required',
        'phoneNumbers[5].phoneNumber: phoneNumber must be a string',
        'phoneNumbers[6].reason: reason must be at most 500 characters',
        'phoneNumbers[7].reason: reason must not contain control characters, bidirectional overrides or unpaired surrogates',
        'phoneNumbers[8].reason: reason must be a string or null',
        'phoneNumbers[9]: unknown properties are not allowed: userId, id',
      ]);
    });

    it.each([
      ['501 characters', 'x'.repeat(501)],
      ['501 emoji', '😀'.repeat(501)],
      ['a NUL', 'a\u0000b'],
      ['an escape character', 'stop\u001B[31m'],
      ['a C1 control', 'stop\u0085calling'],
      ['a first-strong isolate', 'stop \u2068calling'],
      ['a lone surrogate', 'stop\uD800calling'],
      ['an object', { text: 'stop' }],
    ])('refuses an item reason with %s, naming the item', (_case, reason) => {
      expect(rejectionOf({ phoneNumbers: [{ phoneNumber: phone(0) }, { phoneNumber: phone(1), reason }] })).toMatch(
        /^phoneNumbers\[1\]\.reason: reason must /,
      );
    });

    it.each([
      ['500 emoji (1,000 UTF-16 units: the limit counts characters)', '😀'.repeat(500)],
      ['tab, newline and carriage return', 'one\ttwo\nthree\r\nfour'],
      ['the empty string', ''],
      ['right-to-left text', 'העמיל ביקש לא להתקשר'],
    ])('accepts an item reason with %s', (_case, reason) => {
      expect(accepts({ phoneNumbers: [{ phoneNumber: phone(0), reason }] }).phoneNumbers[0]!.reason).toBe(reason);
    });

    it('names unknown properties of the body and bad fields together', () => {
      expect(rejectionOf({ phoneNumbers: [{ phoneNumber: 'x' }], userId: 'a/b', tenantId: 'other', createdBy: 'me' }).split('; ')).toEqual([
        `phoneNumbers[0].phoneNumber: ${PHONE_MESSAGE}`,
        'userId must be 1 to 128 characters of A-Z, a-z, 0-9 and . _ : @ -',
        'unknown properties are not allowed: tenantId, createdBy',
      ]);
    });

    it.each([
      ['empty', ''],
      ['129 characters', 'u'.repeat(129)],
      ['with a #', 'user#1'],
      ['a number', 7],
    ])('refuses a userId %s, naming userId', (_case, userId) => {
      expect(rejectionOf({ phoneNumbers: [{ phoneNumber: phone(0) }], userId })).toMatch(/^userId must be /);
    });

    it.each(['__proto__', 'constructor'])('refuses an own %s key in an item', (key) => {
      const body: unknown = JSON.parse(`{"phoneNumbers":[{"phoneNumber":"+14155550100",${JSON.stringify(key)}:{}}]}`);
      expect(rejectionOf(body)).toBe(`phoneNumbers[0]: unknown properties are not allowed: ${key}`);
    });
  });
});

describe('bulkAddSchema expiresAt', () => {
  // A frozen clock keeps the fixed dates below in the future and the limits exact, whatever the day.
  beforeEach(() => jest.useFakeTimers({ now: new Date('2027-03-10T08:30:00.000Z') }));
  afterEach(() => jest.useRealTimers());

  const FORMAT_MESSAGE = 'expiresAt must be an ISO-8601 date-time with a Z or offset, e.g. 2026-01-31T00:00:00Z';

  it('keeps each item’s own expiry, canonical, and null where absent or null', () => {
    expect(
      accepts({
        phoneNumbers: [
          { phoneNumber: phone(0), expiresAt: '2030-01-01T00:00:00Z' },
          { phoneNumber: phone(1) },
          { phoneNumber: phone(2), expiresAt: '2030-01-01T00:00:00+02:00', reason: 'until new year' },
          { phoneNumber: phone(3), expiresAt: null },
          { phoneNumber: phone(4), expiresAt: '2028-07-01T12:00:00.123456-05:30' },
        ],
      }).phoneNumbers,
    ).toEqual([
      { phoneNumber: phone(0), reason: null, expiresAt: '2030-01-01T00:00:00.000Z' },
      { phoneNumber: phone(1), reason: null, expiresAt: null },
      { phoneNumber: phone(2), reason: 'until new year', expiresAt: '2029-12-31T22:00:00.000Z' },
      { phoneNumber: phone(3), reason: null, expiresAt: null },
      { phoneNumber: phone(4), reason: null, expiresAt: '2028-07-01T17:30:00.123Z' },
    ]);
  });

  it('accepts exactly 10 years ahead and 1 ms ahead', () => {
    expect(
      accepts({
        phoneNumbers: [
          { phoneNumber: phone(0), expiresAt: '2037-03-10T08:30:00.000Z' },
          { phoneNumber: phone(1), expiresAt: '2027-03-10T08:30:00.001Z' },
        ],
      }).phoneNumbers.map((item) => item.expiresAt),
    ).toEqual(['2037-03-10T08:30:00.000Z', '2027-03-10T08:30:00.001Z']);
  });

  it('names every bad expiry by its item’s index, each with its own problem, in index order', () => {
    const phoneNumbers: unknown[] = items(12);
    phoneNumbers[1] = { phoneNumber: phone(1), expiresAt: '2030-01-01T00:00:00' };
    phoneNumbers[2] = { phoneNumber: phone(2), expiresAt: '2030-01-01' };
    phoneNumbers[3] = { phoneNumber: phone(3), expiresAt: 1_900_000_000 };
    phoneNumbers[4] = { phoneNumber: phone(4), expiresAt: { at: '2030-01-01T00:00:00Z' } };
    phoneNumbers[5] = { phoneNumber: phone(5), expiresAt: '2030-02-30T00:00:00Z' };
    phoneNumbers[6] = { phoneNumber: phone(6), expiresAt: '2027-03-10T08:29:59.999Z' };
    phoneNumbers[7] = { phoneNumber: phone(7), expiresAt: '2027-03-10T08:30:00.000Z' };
    phoneNumbers[8] = { phoneNumber: phone(8), expiresAt: '2037-03-10T08:30:00.001Z' };
    phoneNumbers[9] = { phoneNumber: phone(9), expiresAt: '2037-03-11T08:30:00.000Z' };
    phoneNumbers[10] = { phoneNumber: 'x', expiresAt: 'soon', reason: 'x'.repeat(501) };
    expect(rejectionOf({ phoneNumbers }).split('; ')).toEqual([
      `phoneNumbers[1].expiresAt: ${FORMAT_MESSAGE}`,
      `phoneNumbers[2].expiresAt: ${FORMAT_MESSAGE}`,
      `phoneNumbers[3].expiresAt: ${FORMAT_MESSAGE}`,
      `phoneNumbers[4].expiresAt: ${FORMAT_MESSAGE}`,
      `phoneNumbers[5].expiresAt: ${FORMAT_MESSAGE}`,
      'phoneNumbers[6].expiresAt: expiresAt must be in the future',
      'phoneNumbers[7].expiresAt: expiresAt must be in the future',
      'phoneNumbers[8].expiresAt: expiresAt must be at most 10 years ahead',
      'phoneNumbers[9].expiresAt: expiresAt must be at most 10 years ahead',
      `phoneNumbers[10].phoneNumber: ${PHONE_MESSAGE}`,
      'phoneNumbers[10].reason: reason must be at most 500 characters',
      `phoneNumbers[10].expiresAt: ${FORMAT_MESSAGE}`,
    ]);
  });

  it('names the one bad expiry among 1,000 items, and nothing else', () => {
    const message = rejectionOf({
      phoneNumbers: items(1000, (index) => ({
        phoneNumber: phone(index),
        expiresAt: index === 742 ? '2020-01-01T00:00:00Z' : '2030-01-01T00:00:00Z',
      })),
    });
    expect(message).toBe('phoneNumbers[742].expiresAt: expiresAt must be in the future');
  });

  it('refuses expiresAt on the body: an expiry belongs to each item', () => {
    expect(rejectionOf({ phoneNumbers: [{ phoneNumber: phone(0) }], expiresAt: '2030-01-01T00:00:00Z' })).toBe(
      'unknown properties are not allowed: expiresAt',
    );
  });
});

describe('firstOccurrences', () => {
  const item = (phoneNumber: string, reason: string | null = null): BulkItem => ({ phoneNumber, reason, expiresAt: null });

  it('keeps one item per number, in order of first occurrence, with the first occurrence’s reason', () => {
    expect(
      firstOccurrences([item('+2', 'b1'), item('+1', 'a1'), item('+2', 'b2'), item('+3'), item('+1', 'a2'), item('+3', 'c2')]),
    ).toEqual([item('+2', 'b1'), item('+1', 'a1'), item('+3')]);
  });

  it('keeps a first occurrence without a reason even when a repeat has one', () => {
    expect(firstOccurrences([item('+1'), item('+1', 'later')])).toEqual([item('+1')]);
  });

  it('keeps the first occurrence’s expiry (or its absence), whatever a repeat says', () => {
    const until = (phoneNumber: string, expiresAt: string | null): BulkItem => ({ phoneNumber, reason: null, expiresAt });
    expect(
      firstOccurrences([
        until('+1', '2030-01-01T00:00:00.000Z'),
        until('+2', null),
        until('+1', null),
        until('+2', '2031-01-01T00:00:00.000Z'),
        until('+1', '2032-01-01T00:00:00.000Z'),
      ]),
    ).toEqual([until('+1', '2030-01-01T00:00:00.000Z'), until('+2', null)]);
  });

  it('collapses spellings the schema canonicalized to one number', () => {
    const { phoneNumbers } = accepts({
      phoneNumbers: [
        { phoneNumber: '+1 (415) 555-0100', reason: 'first' },
        { phoneNumber: '+14155550101' },
        { phoneNumber: '+1.415.555.0100', reason: 'second' },
        { phoneNumber: '+1-415-555-0100' },
      ],
    });
    expect(firstOccurrences(phoneNumbers)).toEqual([item('+14155550100', 'first'), item('+14155550101')]);
  });

  it('returns every item of a list without repeats, and 1 of 1,000 copies', () => {
    const distinct = Array.from({ length: 1000 }, (_, index) => item(phone(index), `r${index}`));
    expect(firstOccurrences(distinct)).toEqual(distinct);
    expect(firstOccurrences(Array.from({ length: 1000 }, (_, index) => item('+14155550100', `r${index}`)))).toEqual([
      item('+14155550100', 'r0'),
    ]);
  });

  it('does not change its input', () => {
    const input = [item('+1', 'a'), item('+1', 'b')];
    firstOccurrences(input);
    expect(input).toEqual([item('+1', 'a'), item('+1', 'b')]);
  });
});
