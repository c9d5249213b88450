import { httpHandler } from '../shared/http/http-handler.js';
import { getDncNumber, getSchemas } from './get-dnc-number.js';

export const handler = httpHandler('GetDncNumber', getSchemas, getDncNumber);
