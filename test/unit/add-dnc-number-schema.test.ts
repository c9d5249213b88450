import { addDncNumberSchema } from '../../lambda/shared/domain/add-dnc-number';
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
    it('canonicalizes phoneNumber and defaults userId and reason to null', () => {
      expect(accepts({ phoneNumber: validPhone })).toEqual({ phoneNumber: '+14155550123', userId: null, reason: null });
    });

    it('keeps explicit null userId and reason as null', () => {
      expect(accepts({ phoneNumber: validPhone, userId: null, reason: null })).toEqual({
        phoneNumber: '+14155550123',
        userId: null,
        reason: null,
      });
    });

    it('keeps userId and reason unchanged', () => {
      expect(accepts({ phoneNumber: '+1234567890', userId: 'user-1', reason: 'asked to stop' })).toEqual({
        phoneNumber: '+1234567890',
        userId: 'user-1',
        reason: 'asked to stop',
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
