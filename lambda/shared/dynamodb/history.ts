import { requiredEnv } from '../required-env.js';
import { createDocumentClient } from './document-client.js';
import { HistoryRepository } from './history-repository.js';

/** The process's history repository: created at module scope so warm invocations reuse its connections. */
export const history = new HistoryRepository(createDocumentClient(), requiredEnv('TABLE_NAME'));
