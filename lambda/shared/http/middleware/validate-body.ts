import type { MiddlewareObj } from '@middy/core';
import { type core, safeParse } from 'zod/mini';
import { HttpError } from '../http-error.js';

const describeIssue = (issue: core.$ZodIssue): string => {
  if (issue.code === 'unrecognized_keys') {
    return `unknown properties are not allowed: ${issue.keys.join(', ')}`;
  }
  const field = issue.path.join('.');
  return field === '' || issue.message.startsWith(field) ? issue.message : `${field}: ${issue.message}`;
};

export const describeIssues = (issues: readonly core.$ZodIssue[]): string => issues.map(describeIssue).join('; ');

/** Replaces the parsed body with the schema's output, or answers 400 naming every offending field. */
export const validateBody = <TEvent extends { body: unknown }>(schema: core.$ZodType): MiddlewareObj<TEvent> => ({
  before: (request) => {
    const result = safeParse(schema, request.event.body);
    if (!result.success) throw new HttpError(400, describeIssues(result.error.issues));
    request.event.body = result.data;
  },
});
