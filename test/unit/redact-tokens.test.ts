import { generateSigningKey, signJwt } from '../../local/jwt';
import { loggableError, MAX_LOGGED_TEXT, redactTokens } from '../../lambda/shared/logger';

const token = signJwt(generateSigningKey(), { sub: 'client', tenant_id: 't1', exp: 2_000_000_000 });

describe('redactTokens', () => {
  it.each([
    ['alone', token],
    ['after Bearer', `Bearer ${token}`],
    ['inside a sentence', `verification of ${token} failed: expired`],
    ['in JSON', JSON.stringify({ authorization: `Bearer ${token}` })],
    ['glued to text before it', `token=${token}`],
  ])('removes a real signed JWT %s', (_case, text) => {
    const redacted = redactTokens(text);
    expect(redacted).toContain('[REDACTED JWT]');
    expect(redacted).not.toContain(token.split('.')[1]!);
    expect(redacted).not.toContain(token.split('.')[2]!);
  });

  it('keeps ordinary error text as it is', () => {
    const text = 'ConditionalCheckFailedException: The conditional request failed at dnc-numbers.table (v1.2.3)';
    expect(redactTokens(text)).toBe(text);
  });

  it.each([
    ['with eyJ and one dot', 'eyJhbGciOiJSUzI1NiJ9.payload'],
    ['with eyJ and no dot', 'eyJhbGciOiJSUzI1NiJ9'],
    ['with two dots and no eyJ', 'dynamodb.us-east-1.amazonaws.com'],
  ])('keeps a run %s: not a JWT', (_case, text) => {
    expect(redactTokens(text)).toBe(text);
  });

  it('keeps text of exactly the limit whole', () => {
    const text = 'x'.repeat(MAX_LOGGED_TEXT);
    expect(redactTokens(text)).toBe(text);
  });

  it('cuts text over the limit and says how much was cut', () => {
    const redacted = redactTokens('x'.repeat(MAX_LOGGED_TEXT + 500));
    expect(redacted.startsWith('x'.repeat(MAX_LOGGED_TEXT))).toBe(true);
    expect(redacted).toContain('[500 characters cut]');
  });

  it('redacts a token that stands inside the kept part of a long text', () => {
    expect(redactTokens(`${token} ${'y'.repeat(MAX_LOGGED_TEXT * 4)}`)).toMatch(/^\[REDACTED JWT\] y/);
  });

  it('logs a thrown value that is not an Error by its text alone', () => {
    expect(loggableError(`not an Error: ${token}`)).toEqual({ message: 'not an Error: [REDACTED JWT]' });
  });

  it('logs an Error without a stack with an empty stack', () => {
    const error = new RangeError('out of range');
    delete error.stack;
    expect(loggableError(error)).toEqual({ name: 'RangeError', message: 'out of range', stack: '' });
  });

  it('redacts in error messages and stacks', () => {
    const logged = loggableError(new Error(`bad token ${token}`));
    expect(JSON.stringify(logged)).not.toContain(token.split('.')[2]!);
  });

  // The former regex backtracked quadratically on this (256 KiB took 45 s). The input is
  // adversarial on purpose; its cost is measured by `npm run bench`, not asserted in time here:
  // what is asserted is that the work is bounded by the cut.
  it.each([
    ['256 KiB of eyJ', 'eyJ'.repeat((256 * 1024) / 3)],
    ['eyJ runs with dots', 'eyJ.'.repeat(64 * 1024)],
  ])('handles %s, keeping at most the limit', (_case, hostile) => {
    const redacted = redactTokens(hostile);
    expect(redacted.length).toBeLessThan(MAX_LOGGED_TEXT + 100);
  });
});
