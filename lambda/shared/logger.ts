import { Logger } from '@aws-lambda-powertools/logger';

/** One structured JSON logger per process; level from `POWERTOOLS_LOG_LEVEL` or Lambda's log level. */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'dnc-api' });

const jwtLike = /eyJ[\w-]*\.[\w-]*\.[\w-]*/g;

/** Replaces anything shaped like a JWT: the token must never reach a log, even through an error message. */
export const redactTokens = (text: string): string => text.replace(jwtLike, '[REDACTED JWT]');

/** An error as it may be logged: name, message and stack, with tokens redacted. */
export const loggableError = (error: unknown) => {
  if (!(error instanceof Error)) return { message: redactTokens(String(error)) };
  return { name: error.name, message: redactTokens(error.message), stack: redactTokens(error.stack ?? '') };
};
