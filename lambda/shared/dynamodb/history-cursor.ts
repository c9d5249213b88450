import { InvalidCursorError } from '../domain/errors.js';
import { historyRange } from './keys.js';
import { createCursorSigner } from './signed-cursor.js';

const INVALID = 'cursor is invalid: pass the nextCursor of the previous page, with the same phoneNumber';

// `history` keeps these bindings apart from list cursors' (tenant, then a JSON array).
const binding = (tenantId: string, phoneNumber: string) => `${tenantId}\nhistory\n${phoneNumber}`;

/** History cursors: the last event shown, bound to the tenant and the number. */
export const createHistoryCursorCodec = (secret: string) => {
  const signer = createCursorSigner(secret);
  return {
    encode: (lastKey: string, tenantId: string, phoneNumber: string): string =>
      signer.seal({ after: lastKey }, binding(tenantId, phoneNumber)),

    decode: (cursor: string, tenantId: string, phoneNumber: string): string => {
      const { after } = (signer.open(cursor, binding(tenantId, phoneNumber)) ?? {}) as { after?: unknown };
      if (typeof after !== 'string' || !after.startsWith(historyRange(tenantId, phoneNumber).skPrefix))
        throw new InvalidCursorError(INVALID);
      return after;
    },
  };
};
