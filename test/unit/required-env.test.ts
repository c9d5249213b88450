import { requiredEnv } from '../../lambda/shared/required-env';

describe('requiredEnv', () => {
  it('answers the variable’s value', () => {
    expect(requiredEnv('TABLE_NAME', { TABLE_NAME: 'dnc-numbers' })).toBe('dnc-numbers');
  });

  it.each([
    ['unset', {}],
    ['empty', { TABLE_NAME: '' }],
  ])('fails the cold start when it is %s, naming it', (_case, env) => {
    expect(() => requiredEnv('TABLE_NAME', env)).toThrow(new Error('environment variable TABLE_NAME is required'));
  });
});
