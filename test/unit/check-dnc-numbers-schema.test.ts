import { checkBodySchema, MAX_CHECKED_NUMBERS } from '../../lambda/shared/domain/check-dnc-numbers';
import { describeIssues } from '../../lambda/shared/http/middleware/validate-request';

/** The 400 message validate-request would send for `body`; fails the test if the body is accepted. */
const rejectionOf = (body: unknown): string => {
  const result = checkBodySchema.safeParse(body);
  if (result.success) throw new Error(`expected ${JSON.stringify(body).slice(0, 200)} to be rejected, got ${JSON.stringify(result.data)}`);
  return describeIssues('body', result.error.issues);
};

const accepts = (body: unknown) => {
  const result = checkBodySchema.safeParse(body);
  if (!result.success) throw new Error(`expected acceptance, got: ${describeIssues('body', result.error.issues)}`);
  return result.data;
};

const numbers = (count: number) => Array.from({ length: count }, (_, index) => `+1415${String(index).padStart(7, '0')}`);

describe('checkBodySchema', () => {
  it('canonicalizes every number and defaults userId to null', () => {
    expect(accepts({ phoneNumbers: ['+1 (415) 555-0100', '+44 (0)20 7946 0958'] })).toEqual({
      phoneNumbers: ['+14155550100', '+442079460958'],
      userId: null,
    });
  });

  it(`accepts 1 and ${MAX_CHECKED_NUMBERS} numbers`, () => {
    expect(MAX_CHECKED_NUMBERS).toBe(1000);
    expect(accepts({ phoneNumbers: numbers(1) }).phoneNumbers).toHaveLength(1);
    expect(accepts({ phoneNumbers: numbers(1000) }).phoneNumbers).toHaveLength(1000);
  });

  it.each([
    ['an empty list', { phoneNumbers: [] }, 'phoneNumbers must hold at least 1 number'],
    ['1,001 numbers', { phoneNumbers: numbers(1001) }, 'phoneNumbers must hold at most 1000 numbers'],
    ['phoneNumbers missing', {}, 'phoneNumbers must be an array of phone numbers'],
    ['phoneNumbers a string', { phoneNumbers: '+14155550100' }, 'phoneNumbers must be an array of phone numbers'],
    ['phoneNumbers an object', { phoneNumbers: { phoneNumber: '+14155550100' } }, 'phoneNumbers must be an array of phone numbers'],
    ['phoneNumbers null', { phoneNumbers: null }, 'phoneNumbers must be an array of phone numbers'],
  ])('refuses %s, naming phoneNumbers', (_case, body, message) => {
    expect(rejectionOf(body)).toBe(message);
  });

  it('names a bad number by its index', () => {
    expect(rejectionOf({ phoneNumbers: ['+14155550100', 14155550101] })).toBe('phoneNumbers[1]: phoneNumber must be a string');
  });

  it.each([
    ['an array', ['+14155550100']],
    ['a string', '+14155550100'],
    ['null', null],
  ])('refuses a body that is %s', (_case, body) => {
    expect(rejectionOf(body)).toBe('body must be a JSON object');
  });
});
