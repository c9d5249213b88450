import type { APIGatewayProxyEventV2WithLambdaAuthorizer } from 'aws-lambda';
import type { AuthorizerContext } from '../auth/authorizer-context.js';
import type { Caller } from '../domain/dnc-number.js';
import { HttpError } from './http-error.js';

/** An API Gateway v2 proxy event; the authorizer context is untrusted until checked. */
export type AuthorizedEvent = APIGatewayProxyEventV2WithLambdaAuthorizer<Partial<AuthorizerContext> | undefined>;

/** The same event once the body has been parsed and validated. */
export type ValidatedEvent<TBody> = Omit<AuthorizedEvent, 'body'> & { body: TBody };

/** The tenant and subject come only from the verified token, never from the request itself. */
export const callerOf = (event: Pick<AuthorizedEvent, 'requestContext'>): Caller => {
  const context = event.requestContext.authorizer?.lambda;
  if (!context?.tenantId || !context.subject) throw new HttpError(403, 'Forbidden');
  return { tenantId: context.tenantId, subject: context.subject };
};
