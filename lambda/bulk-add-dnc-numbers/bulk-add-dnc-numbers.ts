import { randomUUID } from 'node:crypto';
import { scopes } from '../../lib/routes.js';
import { bulkAddSchema, firstOccurrences } from '../shared/domain/bulk-add.js';
import { type Caller, newDncNumber, toDncNumberDto } from '../shared/domain/dnc-number.js';
import type { AddResult } from '../shared/dynamodb/dnc-number-repository.js';
import { dncNumbers } from '../shared/dynamodb/dnc-numbers.js';
import type { HttpRequest } from '../shared/http/http-handler.js';
import { jsonResponse } from '../shared/http/response.js';
import { logger } from '../shared/logger.js';

export const bulkSchemas = { body: bulkAddSchema };

// As on create's 409: an entry someone else wrote shows its reason only to a token that may read.
const visible = ({ entry, created }: AddResult, caller: Caller) => {
  const dto = toDncNumberDto(entry);
  return created || caller.scopes.includes(scopes.read) ? dto : { ...dto, reason: null };
};

/**
 * `POST /v1/dnc_numbers/bulk`: one conditional put per distinct number. Numbers already listed
 * are not an error; the answer is every entry now on the list, and the counts in headers.
 */
export const bulkAddDncNumbers = async ({ body, caller, signal, metrics }: HttpRequest<typeof bulkSchemas>) => {
  const now = new Date();
  const entries = firstOccurrences(body.phoneNumbers).map((item) =>
    newDncNumber({ ...item, userId: body.userId }, caller, { id: randomUUID(), now }),
  );
  const results = await dncNumbers.addAll(entries, { signal });
  const created = results.filter((result) => result.created).length;
  metrics.recordEntriesAdded(created);
  metrics.recordDuplicateAdds(results.length - created);
  logger.info('dnc numbers added in bulk', { requested: body.phoneNumbers.length, distinct: entries.length, created });
  return jsonResponse(
    201,
    results.map((result) => visible(result, caller)),
    { 'dnc-created-count': String(created), 'dnc-existing-count': String(results.length - created) },
  );
};
