import { httpHandler } from '../shared/http/http-handler.js';
import { deleteDncNumber, deleteSchemas } from './delete-dnc-number.js';

export const handler = httpHandler('DeleteDncNumber', deleteSchemas, deleteDncNumber);
