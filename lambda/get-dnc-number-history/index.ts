import { httpHandler } from '../shared/http/http-handler.js';
import { getDncNumberHistory, historySchemas } from './get-dnc-number-history.js';

export const handler = httpHandler('GetDncNumberHistory', historySchemas, getDncNumberHistory);
