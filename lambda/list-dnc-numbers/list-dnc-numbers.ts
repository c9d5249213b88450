import { toDncNumberDto } from '../shared/domain/dnc-number.js';
import { listQuerySchema, toListQuery } from '../shared/domain/list-query.js';
import { dncNumbers } from '../shared/dynamodb/dnc-numbers.js';
import { WRITE_SHARDS } from '../shared/dynamodb/keys.js';
import { createCursorCodec } from '../shared/dynamodb/list-cursor.js';
import type { HttpRequest } from '../shared/http/http-handler.js';
import { jsonResponse } from '../shared/http/response.js';
import { requiredEnv } from '../shared/required-env.js';

const cursors = createCursorCodec(requiredEnv('CURSOR_SECRET'));

export const listSchemas = { query: listQuerySchema };

/** `GET /v1/dnc_numbers/list`: a page by number (up to 10,000 deep) or by cursor (any depth, same cost). */
export const listDncNumbers = async ({ query: parameters, caller, signal }: HttpRequest<typeof listSchemas>) => {
  const query = toListQuery(parameters);
  const { size } = parameters;
  const from =
    parameters.cursor === undefined
      ? { page: parameters.page, positions: [], skip: (parameters.page - 1) * size }
      : { ...cursors.decode(parameters.cursor, caller.tenantId, query, WRITE_SHARDS), skip: 0 };
  const page = await dncNumbers.list(caller.tenantId, query, { positions: from.positions, skip: from.skip, size }, { signal });
  const nextCursor = page.hasMore ? cursors.encode({ page: from.page + 1, positions: page.positions }, caller.tenantId, query) : null;
  return jsonResponse(200, { data: page.entries.map(toDncNumberDto), page: from.page, size, hasMore: page.hasMore, nextCursor });
};
