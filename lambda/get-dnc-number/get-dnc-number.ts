import { entryPathSchema } from '../shared/domain/entry-id.js';
import { toDncNumberDto } from '../shared/domain/dnc-number.js';
import { dncNumbers } from '../shared/dynamodb/dnc-numbers.js';
import type { HttpRequest } from '../shared/http/http-handler.js';
import { jsonResponse } from '../shared/http/response.js';

export const getSchemas = { path: entryPathSchema };

/** `GET /v1/dnc_numbers/{id}`: 404 alike for unknown, expired and another tenant's ids. */
export const getDncNumber = async ({ path, caller, signal }: HttpRequest<typeof getSchemas>) =>
  jsonResponse(200, toDncNumberDto(await dncNumbers.findById(caller.tenantId, path.id, { signal })));
