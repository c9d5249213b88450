import * as z from 'zod/mini';
import { USER_ID_PATTERN } from './add-dnc-number.js';
import { isoDateTimeSchema } from './date-time.js';
import { UnsupportedRequestError } from './errors.js';
import { booleanParameter, enumParameter, integerParameter, jsonParameter, restorePlus } from './query-parameters.js';

/** `page × size` beyond this must use `cursor`: an offset is read through, item by item. */
export const MAX_OFFSET_DEPTH = 10_000;
export const MAX_PAGE_SIZE = 100;

const SUPPORTED =
  'supported: sort_column=createdAt with filters createdFrom/createdTo, or sort_column=phoneNumber with filter phoneNumberPrefix; ' +
  'filters.userId only with type=user-specific';

const phoneNumberPrefix = z.pipe(
  z.string({ error: 'phoneNumberPrefix must be a string' }),
  z.transform((value: string, context) => {
    const prefix = restorePlus(value).replace(/[ \-.()]/g, '');
    if (/^\+[1-9]\d{0,14}$/.test(prefix)) return prefix;
    context.issues.push({ code: 'custom', input: value, message: 'phoneNumberPrefix must be + and 1 to 15 digits, e.g. +1415' });
    return z.NEVER;
  }),
);

const filtersSchema = z.strictObject(
  {
    userId: z.optional(
      z
        .string()
        .check(z.regex(new RegExp(USER_ID_PATTERN), { error: 'userId must be 1 to 128 characters of A-Z, a-z, 0-9 and . _ : @ -' })),
    ),
    phoneNumberPrefix: z.optional(phoneNumberPrefix),
    createdFrom: z.optional(isoDateTimeSchema('createdFrom')),
    createdTo: z.optional(isoDateTimeSchema('createdTo')),
  },
  { error: (issue) => (issue.code === 'invalid_type' ? 'filters must be a JSON object' : undefined) },
);

/** `GET /v1/dnc_numbers/list`'s query string (Fluents parameters plus `cursor`). */
export const listQuerySchema = z.strictObject({
  type: z._default(enumParameter('type', ['global', 'user-specific']), 'global'),
  page: z._default(integerParameter('page', { min: 1, max: MAX_OFFSET_DEPTH }), 1),
  size: z._default(integerParameter('size', { min: 1, max: MAX_PAGE_SIZE }), 20),
  sort_column: z._default(enumParameter('sort_column', ['createdAt', 'phoneNumber']), 'createdAt'),
  sort_desc: z._default(booleanParameter('sort_desc'), true),
  filters: z._default(jsonParameter('filters', filtersSchema), {}),
  cursor: z.optional(
    z.string().check(z.minLength(1, { error: 'cursor must not be empty' }), z.maxLength(4096, { error: 'cursor is too long' })),
  ),
});

export type ListQueryParameters = z.output<typeof listQuerySchema>;

/** What to list, once the parameters are known to fit an index (docs/adr/0001-list-and-get-indexes.md). */
export interface ListQuery {
  type: 'global' | 'user-specific';
  userId?: string;
  sortColumn: 'createdAt' | 'phoneNumber';
  descending: boolean;
  phoneNumberPrefix?: string;
  createdFrom?: string;
  createdTo?: string;
}

/** Refuses combinations no index serves, and offsets too deep to read through. */
export const toListQuery = (parameters: ListQueryParameters): ListQuery => {
  const { type, sort_column: sortColumn, sort_desc: descending, filters, page, size, cursor } = parameters;
  if (filters.userId !== undefined && type !== 'user-specific') {
    throw new UnsupportedRequestError(`filters.userId needs type=user-specific; ${SUPPORTED}`);
  }
  if (filters.phoneNumberPrefix !== undefined && sortColumn !== 'phoneNumber') {
    throw new UnsupportedRequestError(`filters.phoneNumberPrefix needs sort_column=phoneNumber; ${SUPPORTED}`);
  }
  if ((filters.createdFrom !== undefined || filters.createdTo !== undefined) && sortColumn !== 'createdAt') {
    throw new UnsupportedRequestError(`filters.createdFrom and createdTo need sort_column=createdAt; ${SUPPORTED}`);
  }
  if (filters.createdFrom !== undefined && filters.createdTo !== undefined && filters.createdFrom > filters.createdTo) {
    throw new UnsupportedRequestError('filters.createdFrom must not be after filters.createdTo');
  }
  if (cursor !== undefined && page !== 1) {
    throw new UnsupportedRequestError('page and cursor do not go together: follow nextCursor, or ask for a page');
  }
  if (page * size > MAX_OFFSET_DEPTH) {
    throw new UnsupportedRequestError(`page × size must be at most ${MAX_OFFSET_DEPTH}: to go deeper, follow nextCursor`);
  }
  return { type, sortColumn, descending, ...filters };
};
