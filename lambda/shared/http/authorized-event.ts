import type { APIGatewayProxyEventV2WithLambdaAuthorizer } from 'aws-lambda';
import { type AuthorizerContext, parseScopes } from '../auth/authorizer-context.js';
import type { Caller } from '../domain/dnc-number.js';
import { HttpError } from './http-error.js';

/** An API Gateway v2 proxy event; the authorizer context is untrusted until checked. */
export type AuthorizedEvent = APIGatewayProxyEventV2WithLambdaAuthorizer<Partial<AuthorizerContext> | undefined>;

/** The tenant, subject and scopes come only from the verified token, never from the request itself. */
export const callerOf = (event: Pick<AuthorizedEvent, 'requestContext'>): Caller => {
  const context = event.requestContext.authorizer?.lambda;
  if (!context?.tenantId || !context.subject) throw new HttpError(403, 'Forbidden');
  return { tenantId: context.tenantId, subject: context.subject, scopes: parseScopes(context.scopes ?? '') };
};

/** The scopes of the token, for deciding what an error answer may show; none when unknown. */
export const scopesOf = (event: Partial<Pick<AuthorizedEvent, 'requestContext'>>): string[] =>
  parseScopes(event.requestContext?.authorizer?.lambda?.scopes ?? '');
