import * as z from 'zod/mini';
import { phoneNumberSchema, userIdSchema } from './add-dnc-number.js';
import { phoneNumberParameter } from './query-parameters.js';

export const MAX_CHECKED_NUMBERS = 1000;

/** `GET /v1/dnc_numbers/check?phoneNumber=…&userId=…` */
export const checkQuerySchema = z.strictObject({
  phoneNumber: phoneNumberParameter,
  userId: userIdSchema,
});

/** `POST /v1/dnc_numbers/check` */
export const checkBodySchema = z.strictObject(
  {
    phoneNumbers: z
      .array(phoneNumberSchema, { error: 'phoneNumbers must be an array of phone numbers' })
      .check(
        z.minLength(1, { error: 'phoneNumbers must hold at least 1 number' }),
        z.maxLength(MAX_CHECKED_NUMBERS, { error: `phoneNumbers must hold at most ${MAX_CHECKED_NUMBERS} numbers` }),
      ),
    userId: userIdSchema,
  },
  { error: (issue) => (issue.code === 'invalid_type' ? 'body must be a JSON object' : undefined) },
);

export type CheckBody = z.output<typeof checkBodySchema>;
