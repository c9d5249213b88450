/**
 * What the authorizer hands to every route (API Gateway `requestContext.authorizer.lambda`).
 * Values must be primitives, so scopes travel as one space-separated string.
 */
export interface AuthorizerContext {
  tenantId: string;
  subject: string;
  scopes: string;
}

export const parseScopes = (scopes: string): string[] => scopes.split(' ').filter(Boolean);
