import * as z from 'zod/mini';
import { integerParameter, phoneNumberParameter } from './query-parameters.js';

export const MAX_HISTORY_PAGE_SIZE = 100;

/** `GET /v1/dnc_numbers/history?phoneNumber=…&size=…&cursor=…` */
export const historyQuerySchema = z.strictObject({
  phoneNumber: phoneNumberParameter,
  size: z._default(integerParameter('size', { min: 1, max: MAX_HISTORY_PAGE_SIZE }), 50),
  cursor: z.optional(
    z.string().check(z.minLength(1, { error: 'cursor must not be empty' }), z.maxLength(4096, { error: 'cursor is too long' })),
  ),
});
