import { expectDocumentedResponse } from './openapi';

// Not in local-server.ts: the benchmark imports that module, and must not load the OpenAPI validator.
export interface DocumentedCallOptions {
  body?: unknown;
  /** Default: the caller's token. */
  bearer?: string;
}

/**
 * Calls a running `npm start` over real HTTP with a bearer token and checks the answer against
 * openapi.yml for `documentedPath` (the route's template, e.g. `/v1/dnc_numbers/{id}`).
 */
export const documentedCaller =
  (url: () => string, token: () => string) =>
  async (method: string, pathAndQuery: string, documentedPath: string, options: DocumentedCallOptions = {}) => {
    const response = await fetch(`${url()}${pathAndQuery}`, {
      method,
      headers: {
        authorization: `Bearer ${options.bearer ?? token()}`,
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
    const body = await response.text();
    expectDocumentedResponse(method, documentedPath, { statusCode: response.status, body });
    return { statusCode: response.status, json: JSON.parse(body) };
  };
