import { httpHandler } from '../shared/http/http-handler.js';
import { checkDncNumber, checkSchemas } from './check-dnc-number.js';

export const handler = httpHandler('CheckDncNumber', checkSchemas, checkDncNumber);
