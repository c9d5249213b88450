import * as z from 'zod/mini';
import { reasonSchema } from '../shared/domain/add-dnc-number.js';
import { toDncNumberDto } from '../shared/domain/dnc-number.js';
import { entryPathSchema } from '../shared/domain/entry-id.js';
import { dncNumbers } from '../shared/dynamodb/dnc-numbers.js';
import type { HttpRequest } from '../shared/http/http-handler.js';
import { jsonResponse } from '../shared/http/response.js';
import { logger } from '../shared/logger.js';

export const deleteSchemas = { path: entryPathSchema, query: z.strictObject({ reason: reasonSchema }) };

/**
 * `DELETE /v1/dnc_numbers/{id}`: removes exactly that live entry and answers it. The number's
 * history keeps who removed it, when and why. Unknown, removed, expired and another tenant's → 404.
 */
export const deleteDncNumber = async ({ path, query, caller, signal, metrics }: HttpRequest<typeof deleteSchemas>) => {
  const removed = await dncNumbers.remove(caller.tenantId, path.id, { by: caller.subject, reason: query.reason }, { signal });
  metrics.recordRemoval();
  logger.info('dnc number removed', { dncNumberId: removed.id });
  return jsonResponse(200, toDncNumberDto(removed));
};
