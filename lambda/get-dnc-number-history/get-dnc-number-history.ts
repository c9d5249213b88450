import { historyQuerySchema } from '../shared/domain/history-query.js';
import { history } from '../shared/dynamodb/history.js';
import { createHistoryCursorCodec } from '../shared/dynamodb/history-cursor.js';
import type { HttpRequest } from '../shared/http/http-handler.js';
import { jsonResponse } from '../shared/http/response.js';
import { requiredEnv } from '../shared/required-env.js';

const cursors = createHistoryCursorCodec(requiredEnv('CURSOR_SECRET'));

export const historySchemas = { query: historyQuerySchema };

/** `GET /v1/dnc_numbers/history`: every add, removal and expiry of the number in the caller's tenant, oldest first. */
export const getDncNumberHistory = async ({ query, caller, signal }: HttpRequest<typeof historySchemas>) => {
  const { phoneNumber, size, cursor } = query;
  const after = cursor === undefined ? undefined : cursors.decode(cursor, caller.tenantId, phoneNumber);
  const page = await history.page(caller.tenantId, phoneNumber, { ...(after === undefined ? {} : { after }), size }, { signal });
  const nextCursor = page.lastKey === undefined ? null : cursors.encode(page.lastKey, caller.tenantId, phoneNumber);
  return jsonResponse(200, { phoneNumber, events: page.events, nextCursor });
};
