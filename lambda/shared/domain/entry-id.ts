import * as z from 'zod/mini';

/** `GET /v1/dnc_numbers/{id}` */
export const entryPathSchema = z.strictObject({
  // UUIDs are case-insensitive; the service issues them in lower case.
  id: z.pipe(
    z.uuid({ error: 'id must be a UUID' }),
    z.transform((id: string) => id.toLowerCase()),
  ),
});
