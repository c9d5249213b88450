import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

interface DocumentedResponse {
  $ref?: string;
  content?: Record<string, { schema: object }>;
  headers?: Record<string, unknown>;
}

export interface Operation {
  operationId: string;
  security?: Record<string, string[]>[];
  responses: Record<string, DocumentedResponse>;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, object>; responses: Record<string, DocumentedResponse> };
}

export const openApiDocument = parse(readFileSync(path.join(__dirname, '..', '..', 'openapi.yml'), 'utf8')) as OpenApiDocument;

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
for (const [name, schema] of Object.entries(openApiDocument.components.schemas)) {
  ajv.addSchema(schema, `#/components/schemas/${name}`);
}

const resolve = (response: DocumentedResponse): DocumentedResponse => {
  if (response.$ref === undefined) return response;
  const name = response.$ref.replace('#/components/responses/', '');
  const shared = openApiDocument.components.responses[name];
  if (!shared) throw new Error(`openapi.yml has no components/responses/${name}`);
  return shared;
};

/**
 * Asserts that a response is one `openapi.yml` documents: the status is listed for the
 * operation and the JSON body matches its schema.
 */
export const expectDocumentedResponse = (method: string, apiPath: string, response: { statusCode: number; body?: string }): void => {
  const operation = openApiDocument.paths[apiPath]?.[method.toLowerCase()];
  if (!operation) throw new Error(`openapi.yml has no operation ${method} ${apiPath}`);
  const documented = operation.responses[String(response.statusCode)];
  if (!documented) throw new Error(`openapi.yml documents no ${response.statusCode} for ${method} ${apiPath}`);
  const schema = resolve(documented).content?.['application/json']?.schema;
  if (!schema) throw new Error(`openapi.yml has no JSON schema for ${response.statusCode} of ${method} ${apiPath}`);
  const validate = ajv.compile(schema);
  const body: unknown = JSON.parse(response.body ?? '');
  if (!validate(body)) {
    throw new Error(`${response.statusCode} body does not match openapi.yml: ${ajv.errorsText(validate.errors)}\n${response.body}`);
  }
};
