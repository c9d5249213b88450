import { Logger } from '@aws-lambda-powertools/logger';

/** One structured JSON logger per process; level from `POWERTOOLS_LOG_LEVEL` or Lambda's log level. */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'dnc-api' });
