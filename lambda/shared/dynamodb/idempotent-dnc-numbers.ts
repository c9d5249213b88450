import { requiredEnv } from '../required-env.js';
import { DncNumberRepository } from './dnc-number-repository.js';
import { createDocumentClient } from './document-client.js';

/**
 * The create route's repository: like `dncNumbers`, and it records Idempotency-Keys in their
 * own table. Only the create function imports it, so only it needs `IDEMPOTENCY_TABLE_NAME`.
 */
export const idempotentDncNumbers = new DncNumberRepository(
  createDocumentClient(),
  requiredEnv('TABLE_NAME'),
  requiredEnv('IDEMPOTENCY_TABLE_NAME'),
);
