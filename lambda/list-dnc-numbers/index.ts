import { httpHandler } from '../shared/http/http-handler.js';
import { listDncNumbers, listSchemas } from './list-dnc-numbers.js';

export const handler = httpHandler('ListDncNumbers', listSchemas, listDncNumbers);
