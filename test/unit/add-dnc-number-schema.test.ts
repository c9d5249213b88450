import { addDncNumberSchema, MAX_EXPIRY_YEARS } from '../../lambda/shared/domain/add-dnc-number';
import { describeIssues } from '../../lambda/shared/http/middleware/validate-request';

const validPhone = '+1 (415) 555-0123';

/** Parses `body` and returns the 400 message that validate-body would send; fails the test if parsing succeeds. */
const rejectionOf = (body: unknown): string => {
  const result = addDncNumberSchema.safeParse(body);
  if (result.success) throw new Error(`expected ${JSON.stringify(body)} to be rejected, got ${JSON.stringify(result.data)}`);
  return describeIssues('body', result.error.issues);
};

const accepts = (body: unknown) => {
  const result = addDncNumberSchema.safeParse(body);
  if (!result.success) throw new Error(`expected acceptance, got: ${describeIssues('body', result.error.issues)}`);
  return result.data;
};

describe('addDncNumberSchema', () => {
  describe('valid bodies', () => {
    it('canonicalizes phoneNumber and defaults userId, reason and expiresAt to null', () => {
      expect(accepts({ phoneNumber: validPhone })).toEqual({ phoneNumber: '+14155550123', userId: null, reason: null, expiresAt: null });
    });

    it('keeps explicit null userId, reason and expiresAt as null', () => {
      expect(accepts({ phoneNumber: validPhone, userId: null, reason: null, expiresAt: null })).toEqual({
        phoneNumber: '+14155550123',
        userId: null,
        reason: null,
        expiresAt: null,
      });
    });

    it('keeps userId and reason unchanged', () => {
      expect(accepts({ phoneNumber: '+1234567890', userId: 'user-1', reason: 'asked to stop' })).toEqual({
        phoneNumber: '+1234567890',
        userId: 'user-1',
        reason: 'asked to stop',
        expiresAt: null,
      });
    });
  });

  describe('userId', () => {
    it.each([
      ['128 characters (the maximum)', 'a'.repeat(128)],
      ['every allowed punctuation character', 'a.b_c:d@e-f'],
      ['a UUID', '550e8400-e29b-41d4-a716-446655440000'],
      ['a single character', 'Z'],
    ])('accepts %s', (_case, userId) => {
      expect(accepts({ phoneNumber: validPhone, userId }).userId).toBe(userId);
    });

    it.each([
      ['129 characters', 'a'.repeat(129)],
      ['the empty string', ''],
      ['a #', 'user#1'],
      ['a /', 'tenant/user'],
      ['a space', 'user 1'],
      ['a non-ASCII letter', 'usér'],
      ['an emoji', 'user😀'],
      ['a trailing newline', 'user1\n'],
    ])('rejects %s, naming userId', (_case, userId) => {
      expect(rejectionOf({ phoneNumber: validPhone, userId })).toContain('userId');
    });
  });

  describe('reason', () => {
    it.each([
      ['500 ASCII characters', 'x'.repeat(500)],
      ['500 emoji (1000 UTF-16 units: the limit counts characters)', '😀'.repeat(500)],
      ['tab, newline and carriage return', 'line one\tcol\nline two\r\nline three'],
      ['Arabic text', 'العميل طلب عدم الاتصال'],
      ['Hebrew text', 'הלקוח ביקש לא להתקשר'],
      ['accented Latin', 'Le client a demandé à ne plus être appelé'],
      ['the empty string', ''],
    ])('accepts %s', (_case, reason) => {
      expect(accepts({ phoneNumber: validPhone, reason }).reason).toBe(reason);
    });

    it.each([
      ['501 characters', 'x'.repeat(501)],
      ['501 emoji', '😀'.repeat(501)],
      ['a NUL', 'stop\u0000calling'],
      ['an escape character', 'stop\u001B[31mcalling'],
      ['DEL', 'stop\u007Fcalling'],
      ['a C1 control', 'stop\u0085calling'],
      ['a right-to-left override', 'stop \u202Egnillac'],
      ['a left-to-right embedding', 'stop \u202Acalling'],
      ['a first-strong isolate', 'stop \u2068calling'],
      ['a lone high surrogate', 'stop\uD800calling'],
      ['a lone low surrogate', 'stop\uDC00calling'],
    ])('rejects %s, naming reason', (_case, reason) => {
      expect(rejectionOf({ phoneNumber: validPhone, reason })).toContain('reason');
    });
  });

  describe('expiresAt', () => {
    const FORMAT_MESSAGE = 'expiresAt must be an ISO-8601 date-time with a Z or offset, e.g. 2026-01-31T00:00:00Z';
    const FUTURE_MESSAGE = 'expiresAt must be in the future';
    const RANGE_MESSAGE = 'expiresAt must be at most 10 years ahead';
    // A frozen clock keeps the fixed dates below in the future and the limits exact, whatever the day.
    const NOW = new Date('2027-03-10T08:30:00.000Z');
    beforeEach(() => jest.useFakeTimers({ now: NOW }));
    afterEach(() => jest.useRealTimers());

    const expiresAtOf = (expiresAt: unknown) => accepts({ phoneNumber: validPhone, expiresAt }).expiresAt;
    const rejectionOfExpiry = (expiresAt: unknown) => rejectionOf({ phoneNumber: validPhone, expiresAt });
    /** `years` calendar years (UTC) after `from`, plus `millis`. */
    const yearsAhead = (years: number, millis = 0, from = new Date()) => {
      const at = new Date(from);
      at.setUTCFullYear(at.getUTCFullYear() + years);
      return new Date(at.getTime() + millis);
    };

    it('reads the clock at validation time, not once', () => {
      const inAMinute = '2027-03-10T08:31:00.000Z';
      expect(expiresAtOf(inAMinute)).toBe(inAMinute);
      jest.setSystemTime(new Date('2027-03-10T08:32:00.000Z'));
      expect(rejectionOfExpiry(inAMinute)).toBe(FUTURE_MESSAGE);
    });

    it('is null when absent or null', () => {
      expect(accepts({ phoneNumber: validPhone })).toHaveProperty('expiresAt', null);
      expect(expiresAtOf(null)).toBeNull();
    });

    it.each([
      ['Z', '2030-01-01T00:00:00Z', '2030-01-01T00:00:00.000Z'],
      ['a +02:00 offset (crossing back a day and a year)', '2030-01-01T00:00:00+02:00', '2029-12-31T22:00:00.000Z'],
      ['a -05:30 offset', '2030-01-01T00:00:00-05:30', '2030-01-01T05:30:00.000Z'],
      ['+00:00', '2030-06-15T12:00:00+00:00', '2030-06-15T12:00:00.000Z'],
      ['milliseconds', '2030-01-01T00:00:00.123Z', '2030-01-01T00:00:00.123Z'],
      ['one fractional digit', '2030-01-01T00:00:00.5Z', '2030-01-01T00:00:00.500Z'],
      ['microseconds and an offset', '2030-01-01T10:00:00.123456+01:00', '2030-01-01T09:00:00.123Z'],
      ['a leap day', '2032-02-29T00:00:00Z', '2032-02-29T00:00:00.000Z'],
    ])('accepts %s, stored canonical (UTC, milliseconds, Z)', (_case, expiresAt, canonical) => {
      expect(expiresAtOf(expiresAt)).toBe(canonical);
    });

    it.each([
      ['without a Z or offset', '2030-01-01T00:00:00'],
      ['a date only', '2030-01-01'],
      ['a date-time without seconds', '2030-01-01T00:00Z'],
      ['a space instead of T', '2030-01-01 00:00:00Z'],
      ['an offset without a colon', '2030-01-01T00:00:00+0200'],
      ['an hour-only offset', '2030-01-01T00:00:00+02'],
      ['an offset beyond ±23:59', '2030-01-01T00:00:00+25:00'],
      ['30 February', '2030-02-30T00:00:00Z'],
      ['29 February of a common year', '2031-02-29T00:00:00Z'],
      ['31 April', '2030-04-31T00:00:00Z'],
      ['hour 24', '2030-01-01T24:00:00Z'],
      ['second 60', '2030-01-01T00:00:60Z'],
      ['an expanded year', '+012030-01-01T00:00:00Z'],
      ['the empty string', ''],
      ['free text', 'next year'],
      ['a number (epoch milliseconds)', 1_900_000_000_000],
      ['a number (epoch seconds)', 1_900_000_000],
      ['an object', { at: '2030-01-01T00:00:00Z' }],
      ['an array', ['2030-01-01T00:00:00Z']],
      ['a boolean', true],
    ])('refuses %s with the format message', (_case, expiresAt) => {
      expect(rejectionOfExpiry(expiresAt)).toBe(FORMAT_MESSAGE);
    });

    it.each([
      ['long past', '2000-01-01T00:00:00Z'],
      ['one minute ago', () => new Date(Date.now() - 60_000).toISOString()],
      ['1 ms ago', () => new Date(Date.now() - 1).toISOString()],
      ['now, written with an offset', () => new Date(Date.now()).toISOString().replace('Z', '+00:00')],
    ])('refuses %s: it must be in the future', (_case, expiresAt) => {
      expect(rejectionOfExpiry(typeof expiresAt === 'function' ? expiresAt() : expiresAt)).toBe(FUTURE_MESSAGE);
    });

    it(`accepts ${MAX_EXPIRY_YEARS} years ahead minus one minute, and one minute ahead`, () => {
      expect(MAX_EXPIRY_YEARS).toBe(10);
      const latest = yearsAhead(10, -60_000).toISOString();
      expect(expiresAtOf(latest)).toBe(latest);
      const soon = new Date(Date.now() + 60_000).toISOString();
      expect(expiresAtOf(soon)).toBe(soon);
    });

    it.each([
      ['10 years and a day', () => yearsAhead(10, 24 * 60 * 60_000)],
      ['11 years', () => yearsAhead(11)],
      ['year 9999', () => new Date('9999-12-31T23:59:59Z')],
    ])('refuses %s ahead', (_case, at) => {
      expect(rejectionOfExpiry(at().toISOString())).toBe(RANGE_MESSAGE);
    });

    describe('at the exact limits', () => {
      it('refuses exactly now and accepts 1 ms later', () => {
        expect(rejectionOfExpiry(NOW.toISOString())).toBe(FUTURE_MESSAGE);
        expect(expiresAtOf('2027-03-10T08:30:00.001Z')).toBe('2027-03-10T08:30:00.001Z');
      });

      it('accepts exactly 10 calendar years ahead (UTC) and refuses 1 ms more', () => {
        expect(expiresAtOf('2037-03-10T08:30:00.000Z')).toBe('2037-03-10T08:30:00.000Z');
        expect(expiresAtOf('2037-03-10T10:30:00+02:00')).toBe('2037-03-10T08:30:00.000Z');
        expect(rejectionOfExpiry('2037-03-10T08:30:00.001Z')).toBe(RANGE_MESSAGE);
      });

      it('compares the instant, not the text: an offset moves it', () => {
        // 09:00+01:00 is 08:00Z, before now; 07:30-01:00 is 08:30Z, exactly now.
        expect(rejectionOfExpiry('2027-03-10T09:00:00+01:00')).toBe(FUTURE_MESSAGE);
        expect(rejectionOfExpiry('2027-03-10T07:30:00-01:00')).toBe(FUTURE_MESSAGE);
        expect(expiresAtOf('2027-03-10T07:30:01-01:00')).toBe('2027-03-10T08:30:01.000Z');
      });
    });

    it('is named together with other bad fields', () => {
      const message = rejectionOf({ phoneNumber: 'x', expiresAt: '2030-01-01' });
      expect(message).toContain('phoneNumber');
      expect(message).toContain(FORMAT_MESSAGE);
    });
  });

  describe('wrong types', () => {
    it.each([
      ['phoneNumber a number', { phoneNumber: 14155550123 }, 'phoneNumber'],
      ['phoneNumber null', { phoneNumber: null }, 'phoneNumber'],
      ['phoneNumber not E.164', { phoneNumber: '415-555-0123' }, 'phoneNumber'],
      ['userId a number', { phoneNumber: validPhone, userId: 42 }, 'userId'],
      ['reason a boolean', { phoneNumber: validPhone, reason: true }, 'reason'],
      ['reason an object', { phoneNumber: validPhone, reason: { text: 'stop' } }, 'reason'],
      ['reason an array', { phoneNumber: validPhone, reason: ['stop'] }, 'reason'],
    ])('rejects %s, naming %s', (_case, body, field) => {
      expect(rejectionOf(body)).toContain(field);
    });

    it('names every offending field at once', () => {
      const message = rejectionOf({ phoneNumber: 1, userId: 2, reason: false });
      expect(message).toContain('phoneNumber');
      expect(message).toContain('userId');
      expect(message).toContain('reason');
    });
  });

  it('rejects a missing phoneNumber, saying it is required', () => {
    expect(rejectionOf({ userId: 'user-1' })).toBe('phoneNumber is required');
  });

  describe('unknown properties', () => {
    it('rejects server-owned fields and names each of them', () => {
      const message = rejectionOf({ phoneNumber: validPhone, id: 'x', createdAt: '2024-01-01T00:00:00.000Z', tenantId: 'other' });
      expect(message).toContain('unknown properties');
      for (const key of ['id', 'createdAt', 'tenantId']) expect(message).toContain(key);
    });

    it.each(['__proto__', 'constructor'])('rejects an own %s key from JSON.parse', (key) => {
      const body: unknown = JSON.parse(`{"phoneNumber":"+14155550123",${JSON.stringify(key)}:{"prototype":{}}}`);
      expect(rejectionOf(body)).toContain(key);
    });

    it('reports unknown properties together with invalid fields', () => {
      const message = rejectionOf({ phoneNumber: 'not a number', tenantId: 'other' });
      expect(message).toContain('phoneNumber');
      expect(message).toContain('tenantId');
    });
  });

  it.each([
    ['an array', [{ phoneNumber: validPhone }]],
    ['a string', validPhone],
    ['a number', 14155550123],
    ['null', null],
    ['undefined', undefined],
    ['a boolean', true],
  ])('rejects a body that is %s with "body must be a JSON object"', (_case, body) => {
    expect(rejectionOf(body)).toBe('body must be a JSON object');
  });
});
