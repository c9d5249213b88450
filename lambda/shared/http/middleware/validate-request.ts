import type { MiddlewareObj } from '@middy/core';
import { type core, safeParse } from 'zod/mini';
import { HttpError } from '../http-error.js';

/** One schema per request part; each part present is checked, the others are not read. */
export interface RequestSchemas {
  body?: core.$ZodType;
  query?: core.$ZodType;
  path?: core.$ZodType;
  headers?: core.$ZodType;
}

export type Part = keyof RequestSchemas;

type Output<TSchema> = TSchema extends core.$ZodType ? core.output<TSchema> : undefined;

/** The validated parts, as the schemas' outputs. */
export type ValidatedParts<TSchemas extends RequestSchemas> = { [P in Part]: Output<TSchemas[P]> };

/** `phoneNumbers[3].phoneNumber`: array indexes in brackets, as a reader would write them. */
const fieldPath = (path: readonly PropertyKey[]): string =>
  path.reduce<string>(
    (text, key) => (typeof key === 'number' ? `${text}[${key}]` : text === '' ? String(key) : `${text}.${String(key)}`),
    '',
  );

const unknownKeysLabel: Record<Part, string> = {
  body: 'unknown properties are not allowed',
  query: 'unknown query parameters are not allowed',
  path: 'unknown path parameters are not allowed',
  headers: 'unknown headers are not allowed',
};

// Body fields are named as the client wrote them (`phoneNumber: …`); other parts carry their part (`query.size: …`).
const describeIssue = (part: Part, issue: core.$ZodIssue): string => {
  const prefix = part === 'body' ? '' : part;
  const field = [prefix, fieldPath(issue.path)].filter(Boolean).join('.');
  if (issue.code === 'unrecognized_keys') {
    return `${field === '' || field === prefix ? '' : `${field}: `}${unknownKeysLabel[part]}: ${issue.keys.join(', ')}`;
  }
  return issue.message.startsWith(field) ? issue.message : `${field}: ${issue.message}`;
};

export const describeIssues = (part: Part, issues: readonly core.$ZodIssue[]): string =>
  issues.map((issue) => describeIssue(part, issue)).join('; ');

const eventPart = (event: RequestEvent, part: Part): unknown => {
  if (part === 'body') return event.body;
  if (part === 'query') return event.queryStringParameters ?? {};
  if (part === 'path') return event.pathParameters ?? {};
  return event.headers ?? {};
};

interface RequestEvent {
  body?: unknown;
  queryStringParameters?: Record<string, string | undefined>;
  pathParameters?: Record<string, string | undefined>;
  headers?: Record<string, string | undefined>;
  validated?: unknown;
}

/**
 * Validates every part a route declares and puts the schemas' outputs on `event.validated`;
 * otherwise 400 naming every offending field of every part, in one message.
 */
export const validateRequest = <TEvent extends RequestEvent>(schemas: RequestSchemas): MiddlewareObj<TEvent> => {
  const parts = (Object.keys(schemas) as Part[]).filter((part) => schemas[part] !== undefined);
  return {
    before: ({ event }) => {
      const validated: Partial<Record<Part, unknown>> = {};
      const problems: string[] = [];
      for (const part of parts) {
        const result = safeParse(schemas[part]!, eventPart(event, part));
        if (result.success) validated[part] = result.data;
        else problems.push(describeIssues(part, result.error.issues));
      }
      if (problems.length > 0) throw new HttpError(400, problems.join('; '));
      event.validated = validated;
    },
  };
};
