import { randomUUID } from 'node:crypto';
import middy from '@middy/core';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import { type AddDncNumber, addDncNumberSchema } from '../shared/domain/add-dnc-number.js';
import { newDncNumberRecord, toDncNumberDto } from '../shared/domain/dnc-number.js';
import { newIdempotencyRecord } from '../shared/domain/idempotency.js';
import { createDocumentClient } from '../shared/dynamodb/document-client.js';
import { DncNumberRepository } from '../shared/dynamodb/dnc-number-repository.js';
import { type ValidatedEvent, callerOf } from '../shared/http/authorized-event.js';
import { idempotencyKeyOf } from '../shared/http/idempotency-key.js';
import { limitBodySize } from '../shared/http/middleware/limit-body-size.js';
import { logRequest } from '../shared/http/middleware/log-request.js';
import { renderErrors } from '../shared/http/middleware/render-errors.js';
import { requireRouteScope } from '../shared/http/middleware/require-route-scope.js';
import { validateBody } from '../shared/http/middleware/validate-body.js';
import { type HttpResponse, jsonResponse } from '../shared/http/response.js';
import { HTTP_HANDLER_OPTIONS, MAX_BODY_BYTES } from '../shared/http/limits.js';
import { logger } from '../shared/logger.js';
import { requiredEnv } from '../shared/required-env.js';

const repository = new DncNumberRepository(createDocumentClient(), requiredEnv('TABLE_NAME'));

const createDncNumber = async (event: ValidatedEvent<AddDncNumber>, _context: unknown, { signal }: { signal: AbortSignal }) => {
  const idempotencyKey = idempotencyKeyOf(event.headers);
  const now = new Date();
  const record = newDncNumberRecord(event.body, callerOf(event), { id: randomUUID(), now });
  const { record: stored, replayed } =
    idempotencyKey === undefined
      ? await repository.create(record, { abortSignal: signal })
      : await repository.createOnce(record, newIdempotencyRecord(idempotencyKey, event.body, record, now), {
          abortSignal: signal,
        });
  logger.info(replayed ? 'dnc number replayed' : 'dnc number created', { dncNumberId: stored.id });
  return jsonResponse(201, toDncNumberDto(stored), replayed ? { 'idempotent-replayed': 'true' } : {});
};

export const handler = middy<ValidatedEvent<AddDncNumber>, HttpResponse>(HTTP_HANDLER_OPTIONS)
  .use(logRequest(logger))
  .use(renderErrors(logger))
  .use(requireRouteScope())
  .use(limitBodySize(MAX_BODY_BYTES))
  .use(httpJsonBodyParser())
  .use(validateBody(addDncNumberSchema))
  .handler(createDncNumber);
