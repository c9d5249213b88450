import { STATUS_CODES } from 'node:http';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { HttpError } from './http-error.js';

export type HttpResponse = APIGatewayProxyStructuredResultV2 & { statusCode: number; body: string };

export const jsonResponse = (statusCode: number, body: unknown, headers: Readonly<Record<string, string>> = {}): HttpResponse => ({
  statusCode,
  headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers },
  body: JSON.stringify(body),
});

/** Every error leaves the service as `{ message, error, statusCode }` (plus the error's details). */
export const errorResponse = (error: HttpError): HttpResponse =>
  jsonResponse(
    error.statusCode,
    {
      message: error.message,
      error: STATUS_CODES[error.statusCode] ?? 'Error',
      statusCode: error.statusCode,
      ...error.details,
    },
    error.headers,
  );
