import { randomUUID } from 'node:crypto';
import { addDncNumberSchema } from '../shared/domain/add-dnc-number.js';
import { newDncNumber, toDncNumberDto } from '../shared/domain/dnc-number.js';
import { DuplicateDncNumberError } from '../shared/domain/errors.js';
import { newIdempotencyRecord } from '../shared/domain/idempotency.js';
import { idempotentDncNumbers } from '../shared/dynamodb/idempotent-dnc-numbers.js';
import type { HttpRequest } from '../shared/http/http-handler.js';
import { idempotencyHeaders } from '../shared/http/idempotency-key.js';
import { jsonResponse } from '../shared/http/response.js';
import { logger } from '../shared/logger.js';
import type { BusinessMetrics } from '../shared/metrics.js';

export const createSchemas = { body: addDncNumberSchema, headers: idempotencyHeaders };

// The 409 itself is answered by the error chain; the duplicate is counted where it is known.
const countingDuplicates = async <T>(metrics: BusinessMetrics, write: () => Promise<T>): Promise<T> => {
  try {
    return await write();
  } catch (error) {
    if (error instanceof DuplicateDncNumberError) metrics.recordDuplicateAdds(1);
    throw error;
  }
};

/** `POST /v1/dnc_numbers/create`: one conditional put, or with an Idempotency-Key one transaction. */
export const createDncNumber = async ({ body, headers, caller, signal, metrics }: HttpRequest<typeof createSchemas>) => {
  const idempotencyKey = headers['idempotency-key'];
  const now = new Date();
  const entry = newDncNumber(body, caller, { id: randomUUID(), now });
  const { entry: stored, replayed } = await countingDuplicates(metrics, () =>
    idempotencyKey === undefined
      ? idempotentDncNumbers.create(entry, { signal })
      : idempotentDncNumbers.createOnce(entry, newIdempotencyRecord(idempotencyKey, body, entry, now), { signal }),
  );
  if (!replayed) metrics.recordEntriesAdded(1);
  logger.info(replayed ? 'dnc number replayed' : 'dnc number created', { dncNumberId: stored.id });
  return jsonResponse(201, toDncNumberDto(stored), replayed ? { 'idempotent-replayed': 'true' } : {});
};
