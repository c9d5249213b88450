import * as z from 'zod/mini';
import { expiresAtSchema, phoneNumberSchema, reasonSchema, userIdSchema } from './add-dnc-number.js';

export const MAX_BULK_NUMBERS = 1000;

const bulkItemSchema = z.strictObject(
  { phoneNumber: phoneNumberSchema, reason: reasonSchema, expiresAt: expiresAtSchema },
  {
    error: (issue) =>
      issue.code === 'invalid_type' ? 'must be an object with phoneNumber and, optionally, reason and expiresAt' : undefined,
  },
);

/** The Fluents `POST /v1/dnc_numbers/bulk` body: every item is checked, and any bad item refuses the whole request. */
export const bulkAddSchema = z.strictObject(
  {
    phoneNumbers: z
      .array(bulkItemSchema, { error: 'phoneNumbers must be an array of { phoneNumber, reason?, expiresAt? }' })
      .check(
        z.minLength(1, { error: 'phoneNumbers must hold at least 1 item' }),
        z.maxLength(MAX_BULK_NUMBERS, { error: `phoneNumbers must hold at most ${MAX_BULK_NUMBERS} items` }),
      ),
    userId: userIdSchema,
  },
  { error: (issue) => (issue.code === 'invalid_type' ? 'body must be a JSON object' : undefined) },
);

export type BulkAdd = z.output<typeof bulkAddSchema>;
export type BulkItem = BulkAdd['phoneNumbers'][number];

/** One item per canonical number, in order of first occurrence; a repeat (in any spelling) keeps the first one's fields. */
export const firstOccurrences = (items: readonly BulkItem[]): BulkItem[] => {
  const seen = new Set<string>();
  return items.filter((item) => !seen.has(item.phoneNumber) && seen.add(item.phoneNumber));
};
