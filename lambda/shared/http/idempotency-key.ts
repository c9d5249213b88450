import { IDEMPOTENCY_KEY_PATTERN } from '../domain/idempotency.js';
import { HttpError } from './http-error.js';

const validKey = new RegExp(IDEMPOTENCY_KEY_PATTERN);

/** The optional `Idempotency-Key` request header (API Gateway lower-cases header names). */
export const idempotencyKeyOf = (headers: Record<string, string | undefined> | undefined): string | undefined => {
  const key = headers?.['idempotency-key'];
  if (key === undefined) return undefined;
  if (!validKey.test(key)) {
    throw new HttpError(400, 'Idempotency-Key must be 1 to 255 characters of A-Z, a-z, 0-9 and . _ : @ = + / -');
  }
  return key;
};
