import { createHmac, timingSafeEqual } from 'node:crypto';

const SIGNATURE_BYTES = 16;

/**
 * Opaque, tamper-evident cursors: base64url JSON state plus an HMAC over what the cursor is
 * bound to (tenant, query) and the state. A cursor altered, forged, or used with another binding
 * fails to open.
 */
export const createCursorSigner = (secret: string) => {
  const sign = (binding: string, payload: string): string =>
    createHmac('sha256', secret).update(`${binding}\n${payload}`).digest().subarray(0, SIGNATURE_BYTES).toString('base64url');

  return {
    seal: (state: unknown, binding: string): string => {
      const payload = Buffer.from(JSON.stringify(state)).toString('base64url');
      return `${payload}.${sign(binding, payload)}`;
    },

    /** The state sealed for this binding, or undefined for anything else. */
    open: (cursor: string, binding: string): unknown => {
      const [payload = '', signature = '', ...rest] = cursor.split('.');
      // Compared as text: decoding first would accept other spellings of the same bytes (padding,
      // the unused low bits of the last character), and an altered cursor must not be accepted.
      const given = Buffer.from(signature);
      const expected = Buffer.from(sign(binding, payload));
      if (rest.length > 0 || given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
      try {
        return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown;
      } catch {
        return undefined;
      }
    },
  };
};
