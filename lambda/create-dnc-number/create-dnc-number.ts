import { randomUUID } from 'node:crypto';
import { addDncNumberSchema } from '../shared/domain/add-dnc-number.js';
import { newDncNumber, toDncNumberDto } from '../shared/domain/dnc-number.js';
import { newIdempotencyRecord } from '../shared/domain/idempotency.js';
import { dncNumbers } from '../shared/dynamodb/dnc-numbers.js';
import type { HttpRequest } from '../shared/http/http-handler.js';
import { idempotencyHeaders } from '../shared/http/idempotency-key.js';
import { jsonResponse } from '../shared/http/response.js';
import { logger } from '../shared/logger.js';

export const createSchemas = { body: addDncNumberSchema, headers: idempotencyHeaders };

/** `POST /v1/dnc_numbers/create`: one conditional put, or with an Idempotency-Key one transaction. */
export const createDncNumber = async ({ body, headers, caller, signal }: HttpRequest<typeof createSchemas>) => {
  const idempotencyKey = headers['idempotency-key'];
  const now = new Date();
  const entry = newDncNumber(body, caller, { id: randomUUID(), now });
  const { entry: stored, replayed } =
    idempotencyKey === undefined
      ? await dncNumbers.create(entry, { signal })
      : await dncNumbers.createOnce(entry, newIdempotencyRecord(idempotencyKey, body, entry, now), { signal });
  logger.info(replayed ? 'dnc number replayed' : 'dnc number created', { dncNumberId: stored.id });
  return jsonResponse(201, toDncNumberDto(stored), replayed ? { 'idempotent-replayed': 'true' } : {});
};
