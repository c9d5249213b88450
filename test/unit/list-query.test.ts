import { safeParse } from 'zod/mini';
import { UnsupportedRequestError } from '../../lambda/shared/domain/errors';
import {
  type ListQueryParameters,
  listQuerySchema,
  MAX_OFFSET_DEPTH,
  MAX_PAGE_SIZE,
  toListQuery,
} from '../../lambda/shared/domain/list-query';
import { describeIssues } from '../../lambda/shared/http/middleware/validate-request';

/** What the client is told for this query string (as the validation middleware words it), or the parameters. */
const parse = (query: Record<string, string>) => {
  const result = safeParse(listQuerySchema, query);
  return result.success
    ? { ok: true as const, parameters: result.data }
    : { ok: false as const, message: describeIssues('query', result.error.issues) };
};

const parameters = (query: Record<string, string>): ListQueryParameters => {
  const result = parse(query);
  if (!result.ok) throw new Error(`expected ${JSON.stringify(query)} to parse: ${result.message}`);
  return result.parameters;
};

const message = (query: Record<string, string>): string => {
  const result = parse(query);
  if (result.ok) throw new Error(`expected ${JSON.stringify(query)} to be refused`);
  return result.message;
};

const filters = (value: Record<string, unknown>) => ({ filters: JSON.stringify(value) });

const unsupported = (query: Record<string, string>): string => {
  try {
    toListQuery(parameters(query));
  } catch (error) {
    expect(error).toBeInstanceOf(UnsupportedRequestError);
    return (error as Error).message;
  }
  throw new Error(`expected ${JSON.stringify(query)} to be unsupported`);
};

const SUPPORTED =
  'supported: sort_column=createdAt with filters createdFrom/createdTo, or sort_column=phoneNumber with filter phoneNumberPrefix; ' +
  'filters.userId only with type=user-specific';

describe('list query parameters', () => {
  it('defaults: global, page 1, size 20, createdAt, newest first, no filters, no cursor', () => {
    expect(parameters({})).toEqual({ type: 'global', page: 1, size: 20, sort_column: 'createdAt', sort_desc: true, filters: {} });
    expect(toListQuery(parameters({}))).toEqual({ type: 'global', sortColumn: 'createdAt', descending: true });
  });

  it('reads every parameter', () => {
    const query = {
      type: 'user-specific',
      page: '3',
      size: '50',
      sort_column: 'phoneNumber',
      sort_desc: 'false',
      ...filters({ userId: 'user-1', phoneNumberPrefix: '+1415' }),
    };
    expect(parameters(query)).toEqual({
      type: 'user-specific',
      page: 3,
      size: 50,
      sort_column: 'phoneNumber',
      sort_desc: false,
      filters: { userId: 'user-1', phoneNumberPrefix: '+1415' },
    });
    expect(toListQuery(parameters(query))).toEqual({
      type: 'user-specific',
      userId: 'user-1',
      sortColumn: 'phoneNumber',
      descending: false,
      phoneNumberPrefix: '+1415',
    });
  });

  describe('page', () => {
    it.each(['1', '10', String(MAX_OFFSET_DEPTH)])('%s is accepted', (page) => {
      expect(parameters({ page, size: '1' }).page).toBe(Number(page));
    });

    it.each(['0', '-1', '10001', '1.5', '1e3', 'one', '', ' 1', '0x10', '9999999999'])(
      '%j is refused, naming query.page and its bounds',
      (page) => {
        expect(message({ page })).toBe(`query.page: page must be a whole number from 1 to ${MAX_OFFSET_DEPTH}`);
      },
    );
  });

  describe('size', () => {
    it.each(['1', '20', String(MAX_PAGE_SIZE)])('%s is accepted', (size) => {
      expect(parameters({ size }).size).toBe(Number(size));
    });

    it.each(['0', '101', 'abc', '-5', '2.0', ''])('%j is refused, naming query.size and its bounds', (size) => {
      expect(message({ size })).toBe(`query.size: size must be a whole number from 1 to ${MAX_PAGE_SIZE}`);
    });
  });

  it.each([
    ['type', 'users', 'query.type: type must be one of global, user-specific'],
    ['type', 'GLOBAL', 'query.type: type must be one of global, user-specific'],
    ['sort_column', 'reason', 'query.sort_column: sort_column must be one of createdAt, phoneNumber'],
    ['sort_column', 'created_at', 'query.sort_column: sort_column must be one of createdAt, phoneNumber'],
    ['sort_desc', 'yes', 'query.sort_desc: sort_desc must be one of true, false'],
    ['sort_desc', '1', 'query.sort_desc: sort_desc must be one of true, false'],
    ['cursor', '', 'query.cursor: cursor must not be empty'],
    ['cursor', 'c'.repeat(4097), 'query.cursor: cursor is too long'],
  ])('%s=%j is refused: %s', (name, value, expected) => {
    expect(message({ [name]: value })).toBe(expected);
  });

  it.each([
    ['true', true],
    ['false', false],
  ])('sort_desc=%s reads as %s', (value, expected) => {
    expect(parameters({ sort_desc: value }).sort_desc).toBe(expected);
  });

  it('a cursor up to 4,096 characters is accepted', () => {
    expect(parameters({ cursor: 'c'.repeat(4096) }).cursor).toHaveLength(4096);
  });

  it('unknown parameters are refused by name', () => {
    expect(message({ tenantId: 'x', limit: '5' })).toBe('unknown query parameters are not allowed: tenantId, limit');
  });

  describe('filters', () => {
    it.each(['not json', '{', '"userId"', '[]', 'null', '42'])('%j is refused as not a JSON object', (value) => {
      expect(message({ filters: value })).toContain('filters must be a JSON object');
    });

    it('an unknown filter is refused by name', () => {
      const refused = message(filters({ reason: 'x' }));
      expect(refused).toContain('query.filters');
      expect(refused).toContain('reason');
    });

    it.each([
      ['+1415', '+1415'],
      [' 1415', '+1415'],
      ['+1 (415) 555', '+1415555'],
      ['+1-415.555', '+1415555'],
      ['+4', '+4'],
      ['+123456789012345', '+123456789012345'],
    ])('phoneNumberPrefix %j reads as %s', (prefix, expected) => {
      expect(parameters(filters({ phoneNumberPrefix: prefix })).filters.phoneNumberPrefix).toBe(expected);
    });

    it.each(['1415', '+0', '+', '+1415x', '+1234567890123456', '', '44+1415', '++1415'])('phoneNumberPrefix %j is refused', (prefix) => {
      expect(message(filters({ phoneNumberPrefix: prefix }))).toBe(
        'query.filters.phoneNumberPrefix: phoneNumberPrefix must be + and 1 to 15 digits, e.g. +1415',
      );
    });

    it('phoneNumberPrefix must be a string', () => {
      expect(message(filters({ phoneNumberPrefix: 1415 }))).toBe('query.filters.phoneNumberPrefix: phoneNumberPrefix must be a string');
    });

    it.each(['', 'a/b', 'u'.repeat(129), 'a b'])('userId %j is refused', (userId) => {
      expect(message(filters({ userId }))).toBe('query.filters.userId: userId must be 1 to 128 characters of A-Z, a-z, 0-9 and . _ : @ -');
    });

    it.each([
      ['2026-01-31T00:00:00Z', '2026-01-31T00:00:00.000Z'],
      ['2026-01-31T00:00:00.123Z', '2026-01-31T00:00:00.123Z'],
      ['2026-01-31T02:00:00+02:00', '2026-01-31T00:00:00.000Z'],
      ['2026-01-30T19:00:00-05:00', '2026-01-31T00:00:00.000Z'],
    ])('createdFrom and createdTo %s read as the UTC instant %s', (value, expected) => {
      expect(parameters(filters({ createdFrom: value, createdTo: value })).filters).toEqual({ createdFrom: expected, createdTo: expected });
    });

    it.each(['2026-01-31', '2026-01-31T00:00:00', 'yesterday', '1706659200'])('createdFrom %j is refused with an example', (value) => {
      expect(message(filters({ createdFrom: value }))).toBe(
        'query.filters.createdFrom: createdFrom must be an ISO-8601 date-time with a Z or offset, e.g. 2026-01-31T00:00:00Z',
      );
    });

    it.each(['2026-01-31', 'tomorrow'])('createdTo %j is refused with an example, naming createdTo', (value) => {
      expect(message(filters({ createdTo: value }))).toBe(
        'query.filters.createdTo: createdTo must be an ISO-8601 date-time with a Z or offset, e.g. 2026-01-31T00:00:00Z',
      );
    });
  });

  describe('combinations no index serves', () => {
    it.each([
      ['filters.userId with type=global', { type: 'global', ...filters({ userId: 'u' }) }, 'filters.userId needs type=user-specific'],
      ['filters.userId with the default type', filters({ userId: 'u' }), 'filters.userId needs type=user-specific'],
      [
        'phoneNumberPrefix with sort_column=createdAt',
        { sort_column: 'createdAt', ...filters({ phoneNumberPrefix: '+1' }) },
        'filters.phoneNumberPrefix needs sort_column=phoneNumber',
      ],
      [
        'createdFrom with sort_column=phoneNumber',
        { sort_column: 'phoneNumber', ...filters({ createdFrom: '2026-01-01T00:00:00Z' }) },
        'filters.createdFrom and createdTo need sort_column=createdAt',
      ],
      [
        'createdTo with sort_column=phoneNumber',
        { sort_column: 'phoneNumber', ...filters({ createdTo: '2026-01-01T00:00:00Z' }) },
        'filters.createdFrom and createdTo need sort_column=createdAt',
      ],
    ])('%s: refused, naming the supported ones', (_case, query, reason) => {
      const refused = unsupported(query);
      expect(refused).toContain(reason);
      expect(refused).toContain(SUPPORTED);
    });

    it('createdFrom after createdTo', () => {
      expect(unsupported(filters({ createdFrom: '2026-01-02T00:00:00Z', createdTo: '2026-01-01T00:00:00Z' }))).toBe(
        'filters.createdFrom must not be after filters.createdTo',
      );
    });

    it('createdFrom equal to createdTo is allowed: the range holds that one instant', () => {
      const at = '2026-01-01T00:00:00.000Z';
      expect(toListQuery(parameters(filters({ createdFrom: at, createdTo: at })))).toMatchObject({ createdFrom: at, createdTo: at });
    });

    it('createdFrom after createdTo compares instants, not spellings', () => {
      // 01:00+02:00 is 23:00Z the day before: before 2026-01-01T00:00:00Z.
      expect(() =>
        toListQuery(parameters(filters({ createdFrom: '2026-01-01T01:00:00+02:00', createdTo: '2026-01-01T00:00:00Z' }))),
      ).not.toThrow();
    });

    it('page with a cursor', () => {
      expect(unsupported({ page: '2', cursor: 'abc' })).toContain('page and cursor do not go together');
      expect(() => toListQuery(parameters({ page: '1', cursor: 'abc' }))).not.toThrow();
    });

    it.each([
      ['101', '100'],
      ['10000', '2'],
      ['5001', '2'],
    ])('page %s × size %s over 10,000, pointing to nextCursor', (page, size) => {
      expect(unsupported({ page, size })).toBe(`page × size must be at most ${MAX_OFFSET_DEPTH}: to go deeper, follow nextCursor`);
    });

    it.each([
      ['100', '100'],
      ['10000', '1'],
      ['5000', '2'],
    ])('page %s × size %s at 10,000 is allowed', (page, size) => {
      expect(() => toListQuery(parameters({ page, size }))).not.toThrow();
    });

    it.each([
      ['global', 'createdAt', { createdFrom: '2026-01-01T00:00:00.000Z', createdTo: '2026-02-01T00:00:00.000Z' }],
      ['global', 'phoneNumber', { phoneNumberPrefix: '+1' }],
      ['user-specific', 'createdAt', { userId: 'u', createdFrom: '2026-01-01T00:00:00.000Z' }],
      ['user-specific', 'phoneNumber', { userId: 'u', phoneNumberPrefix: '+44' }],
      ['user-specific', 'createdAt', {}],
    ])('type=%s sort_column=%s with %j is supported', (type, sortColumn, chosen) => {
      const query = toListQuery(parameters({ type, sort_column: sortColumn, ...filters(chosen) }));
      expect(query).toMatchObject({ type, sortColumn, ...chosen });
    });
  });
});
