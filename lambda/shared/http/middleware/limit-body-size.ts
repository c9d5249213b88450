import type { MiddlewareObj } from '@middy/core';
import { HttpError } from '../http-error.js';

const decodedByteLength = (body: string, isBase64Encoded: boolean): number => Buffer.byteLength(body, isBase64Encoded ? 'base64' : 'utf8');

/** 413 before any parsing when the decoded body is larger than `maxBytes`. */
export const limitBodySize = <TEvent extends { body?: unknown; isBase64Encoded: boolean }>(maxBytes: number): MiddlewareObj<TEvent> => ({
  before: ({ event }) => {
    if (typeof event.body === 'string' && decodedByteLength(event.body, event.isBase64Encoded) > maxBytes) {
      throw new HttpError(413, `body must be at most ${maxBytes} bytes`);
    }
  },
});
