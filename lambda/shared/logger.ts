import { Logger } from '@aws-lambda-powertools/logger';

/** One structured JSON logger per process; level from `POWERTOOLS_LOG_LEVEL` or Lambda's log level. */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'dnc-api' });

/** A logged error text is cut here: enough to diagnose, and it bounds the redaction's work. */
export const MAX_LOGGED_TEXT = 8 * 1024;

// Runs of token characters, found in one linear pass (no backtracking across runs). A run that
// holds `eyJ` (base64 of `{"`) and two dots is treated as a JWT, whole: a regex that looks for
// the JWT shape inside a long run backtracks quadratically (256 KiB of `eyJ` took 45 s).
const tokenRun = /[\w.-]+/g;
const looksLikeJwt = (run: string): boolean => run.includes('eyJ') && run.indexOf('.') !== run.lastIndexOf('.');

/** Replaces anything shaped like a JWT: the token must never reach a log, even through an error message. */
export const redactTokens = (text: string): string => {
  const bounded =
    text.length > MAX_LOGGED_TEXT ? `${text.slice(0, MAX_LOGGED_TEXT)}… [${text.length - MAX_LOGGED_TEXT} characters cut]` : text;
  return bounded.replace(tokenRun, (run) => (looksLikeJwt(run) ? '[REDACTED JWT]' : run));
};

/** An error as it may be logged: name, message and stack, with tokens redacted. */
export const loggableError = (error: unknown) => {
  if (!(error instanceof Error)) return { message: redactTokens(String(error)) };
  return { name: error.name, message: redactTokens(error.message), stack: redactTokens(error.stack ?? '') };
};
