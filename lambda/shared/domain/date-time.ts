import * as z from 'zod/mini';

/** An ISO-8601 date-time with `Z` or an offset, answered in the canonical form: UTC, milliseconds, `Z`. */
export const isoDateTimeSchema = (name: string) =>
  z.pipe(
    z.iso.datetime({ offset: true, error: `${name} must be an ISO-8601 date-time with a Z or offset, e.g. 2026-01-31T00:00:00Z` }),
    z.transform((value: string) => new Date(value).toISOString()),
  );
