import { requiredEnv } from '../required-env.js';
import { DncNumberRepository } from './dnc-number-repository.js';
import { createDocumentClient } from './document-client.js';

/** The process's repository: created at module scope so warm invocations reuse its connections. */
export const dncNumbers = new DncNumberRepository(createDocumentClient(), requiredEnv('TABLE_NAME'));
