import type { MiddlewareObj } from '@middy/core';
import type { z } from 'zod';
import { HttpError } from '../http-error.js';

const describeIssue = (issue: z.core.$ZodIssue): string => {
  if (issue.code === 'unrecognized_keys') {
    return `unknown properties are not allowed: ${issue.keys.join(', ')}`;
  }
  const field = issue.path.join('.');
  return field === '' || issue.message.startsWith(field) ? issue.message : `${field}: ${issue.message}`;
};

export const describeIssues = (issues: readonly z.core.$ZodIssue[]): string =>
  issues.map(describeIssue).join('; ');

/** Replaces the parsed body with the schema's output, or answers 400 naming every offending field. */
export const validateBody = <TEvent extends { body: unknown }>(schema: z.ZodType): MiddlewareObj<TEvent> => ({
  before: (request) => {
    const result = schema.safeParse(request.event.body);
    if (!result.success) throw new HttpError(400, describeIssues(result.error.issues));
    request.event.body = result.data;
  },
});
