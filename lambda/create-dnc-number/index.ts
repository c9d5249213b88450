import { httpHandler } from '../shared/http/http-handler.js';
import { createDncNumber, createSchemas } from './create-dnc-number.js';

export const handler = httpHandler('CreateDncNumber', createSchemas, createDncNumber);
