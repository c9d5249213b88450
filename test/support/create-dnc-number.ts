import type { AuthorizerContext } from '../../lambda/shared/auth/authorizer-context';
import { findRoute } from '../../lib/routes';
import { invokeRoute, newTenant } from './invoke-route';

export { newTenant };

export const CREATE_PATH = '/v1/dnc_numbers/create';
export const createRoute = findRoute(`POST ${CREATE_PATH}`)!;

export interface CreateRequest {
  /** An object is sent as JSON; a string is sent as it is. */
  body?: unknown;
  headers?: Record<string, string | undefined>;
  authorizer?: Partial<AuthorizerContext>;
  isBase64Encoded?: boolean;
  timeoutMillis?: number;
}

/** Invokes the real create handler module with the event API Gateway would send (the callers check openapi.yml themselves). */
export const invokeCreate = (request: CreateRequest = {}) => invokeRoute(createRoute.id, { ...request, validate: false });
