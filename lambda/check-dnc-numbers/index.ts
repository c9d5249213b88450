import { httpHandler } from '../shared/http/http-handler.js';
import { checkDncNumbers, checkManySchemas } from './check-dnc-numbers.js';

export const handler = httpHandler('CheckDncNumbers', checkManySchemas, checkDncNumbers);
