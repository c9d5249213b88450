import type { MiddlewareObj } from '@middy/core';
import { HttpError } from '../http-error.js';

// `application/json` and `application/*+json`, with or without parameters.
const jsonMediaType = /^application\/([\w.-]+\+)?json$/i;
const forbiddenKeys = new Set(['__proto__', 'constructor']);
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

const checkContentType = (contentType: string | undefined): void => {
  const [mediaType = '', ...parameters] = (contentType ?? '').split(';').map((piece) => piece.trim());
  if (!jsonMediaType.test(mediaType)) throw new HttpError(415, 'Content-Type must be application/json');
  const charset = parameters.find((parameter) => parameter.toLowerCase().startsWith('charset='));
  if (charset !== undefined && charset.slice('charset='.length).replace(/"/g, '').toLowerCase() !== 'utf-8') {
    throw new HttpError(415, 'Content-Type charset must be utf-8');
  }
};

// API Gateway passes UTF-8 text as it is and base64-encodes any other bytes: decode those strictly
// rather than store U+FFFD in place of what the client sent.
const decodeText = (body: string, isBase64Encoded: boolean): string => {
  if (!isBase64Encoded) return body;
  try {
    return strictUtf8.decode(Buffer.from(body, 'base64'));
  } catch {
    throw new HttpError(400, 'body is not valid UTF-8');
  }
};

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text, (key, value) => {
      if (forbiddenKeys.has(key)) throw new HttpError(400, `body must not contain the key "${key}"`);
      return value;
    });
  } catch (error) {
    if (error instanceof HttpError) throw error;
    throw new HttpError(400, 'body is not valid JSON');
  }
};

/** 415 unless the body is declared JSON in UTF-8; 400 when it is empty, not UTF-8 or not JSON. */
export const parseJsonBody = <
  TEvent extends { body?: unknown; isBase64Encoded: boolean; headers?: Record<string, string | undefined> },
>(): MiddlewareObj<TEvent> => ({
  before: ({ event }) => {
    checkContentType(event.headers?.['content-type']);
    if (typeof event.body !== 'string' || event.body === '') throw new HttpError(400, 'body is required: send a JSON object');
    event.body = parseJson(decodeText(event.body, event.isBase64Encoded));
  },
});
