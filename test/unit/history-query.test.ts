import { safeParse } from 'zod/mini';
import { historyQuerySchema, MAX_HISTORY_PAGE_SIZE } from '../../lambda/shared/domain/history-query';
import { describeIssues } from '../../lambda/shared/http/middleware/validate-request';

const PHONE = '+14155550123';

/** The parsed parameters; fails the test if the query is refused. */
const parameters = (query: Record<string, string>) => {
  const result = safeParse(historyQuerySchema, query);
  if (!result.success) throw new Error(`expected ${JSON.stringify(query)} to parse: ${describeIssues('query', result.error.issues)}`);
  return result.data;
};

/** What the client is told for this query string (as the validation middleware words it). */
const message = (query: Record<string, string>): string => {
  const result = safeParse(historyQuerySchema, query);
  if (result.success) throw new Error(`expected ${JSON.stringify(query)} to be refused`);
  return describeIssues('query', result.error.issues);
};

describe('history query parameters', () => {
  it('defaults: size 50, no cursor; the number canonical, a leading space read as +', () => {
    expect(parameters({ phoneNumber: ' 1 (415) 555-0123' })).toEqual({ phoneNumber: PHONE, size: 50 });
  });

  it.each(['1', '50', String(MAX_HISTORY_PAGE_SIZE)])('size %s is accepted', (size) => {
    expect(parameters({ phoneNumber: PHONE, size }).size).toBe(Number(size));
  });

  it('a cursor up to 4,096 characters is accepted', () => {
    expect(parameters({ phoneNumber: PHONE, cursor: 'c'.repeat(4096) }).cursor).toHaveLength(4096);
  });

  it.each([
    ['size=0', { size: '0' }, `query.size: size must be a whole number from 1 to ${MAX_HISTORY_PAGE_SIZE}`],
    ['size=101', { size: '101' }, `query.size: size must be a whole number from 1 to ${MAX_HISTORY_PAGE_SIZE}`],
    ['size=ten', { size: 'ten' }, `query.size: size must be a whole number from 1 to ${MAX_HISTORY_PAGE_SIZE}`],
    ['an empty cursor', { cursor: '' }, 'query.cursor: cursor must not be empty'],
    ['a cursor of 4,097 characters', { cursor: 'c'.repeat(4097) }, 'query.cursor: cursor is too long'],
  ])('%s is refused, naming the parameter', (_case, query, expected) => {
    expect(message({ phoneNumber: PHONE, ...query })).toBe(expected);
  });
});
