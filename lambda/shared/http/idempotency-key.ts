import * as z from 'zod/mini';
import { IDEMPOTENCY_KEY_PATTERN } from '../domain/idempotency.js';

/** The optional `Idempotency-Key` request header (API Gateway lower-cases header names). */
export const idempotencyHeaders = z.object({
  'idempotency-key': z.optional(
    z.string().check(
      z.regex(new RegExp(IDEMPOTENCY_KEY_PATTERN), {
        error: 'Idempotency-Key must be 1 to 255 characters of A-Z, a-z, 0-9 and . _ : @ = + / -',
      }),
    ),
  ),
});
