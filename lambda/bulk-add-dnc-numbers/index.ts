import { httpHandler } from '../shared/http/http-handler.js';
import { bulkAddDncNumbers, bulkSchemas } from './bulk-add-dnc-numbers.js';

export const handler = httpHandler('BulkAddDncNumbers', bulkSchemas, bulkAddDncNumbers);
