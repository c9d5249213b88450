import { toCheckAnswer } from '../shared/domain/check-answer.js';
import { checkBodySchema } from '../shared/domain/check-dnc-numbers.js';
import { dncNumbers } from '../shared/dynamodb/dnc-numbers.js';
import type { HttpRequest } from '../shared/http/http-handler.js';
import { jsonResponse } from '../shared/http/response.js';

export const checkManySchemas = { body: checkBodySchema };

/** `POST /v1/dnc_numbers/check`: one answer per number asked, in the order asked. */
export const checkDncNumbers = async ({ body, caller, signal, metrics }: HttpRequest<typeof checkManySchemas>) => {
  const results = (await dncNumbers.check(caller.tenantId, body.phoneNumbers, body.userId, { signal })).map(toCheckAnswer);
  metrics.recordChecks(results.length, results.filter((answer) => answer.blocked).length);
  return jsonResponse(200, { results });
};
