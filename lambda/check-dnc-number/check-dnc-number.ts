import { toCheckAnswer } from '../shared/domain/check-answer.js';
import { checkQuerySchema } from '../shared/domain/check-dnc-numbers.js';
import { dncNumbers } from '../shared/dynamodb/dnc-numbers.js';
import type { HttpRequest } from '../shared/http/http-handler.js';
import { jsonResponse } from '../shared/http/response.js';

export const checkSchemas = { query: checkQuerySchema };

/** `GET /v1/dnc_numbers/check`: is this number blocked for the tenant (and the user)? */
export const checkDncNumber = async ({ query, caller, signal, metrics }: HttpRequest<typeof checkSchemas>) => {
  const [result] = await dncNumbers.check(caller.tenantId, [query.phoneNumber], query.userId, { signal });
  const answer = toCheckAnswer(result!);
  metrics.recordChecks(1, answer.blocked ? 1 : 0);
  return jsonResponse(200, answer);
};
