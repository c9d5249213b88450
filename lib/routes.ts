/**
 * The single source of the API's routes. The CDK stack, the local server, the handlers'
 * scope check and the openapi.yml parity test all read this table.
 * Kept free of CDK imports and schemas: every Lambda bundle includes it.
 */
import type { IndexName } from './table-definition';

/** The Cognito resource server, and the OAuth scopes as tokens carry them: `dnc/write`. */
export const RESOURCE_SERVER_ID = 'dnc';
export const scopes = {
  write: `${RESOURCE_SERVER_ID}/write`,
  read: `${RESOURCE_SERVER_ID}/read`,
  delete: `${RESOURCE_SERVER_ID}/delete`,
} as const;

export type DynamoDbTableAction =
  | 'dynamodb:PutItem'
  | 'dynamodb:GetItem'
  | 'dynamodb:BatchGetItem'
  | 'dynamodb:DeleteItem'
  | 'dynamodb:UpdateItem'
  | 'dynamodb:Query';

export interface Route {
  /** Stable id: names the function and integration in the stack. */
  id: string;
  /** The operation's `operationId` in openapi.yml. */
  operationId: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path as API Gateway takes it; `{name}` is one path segment, passed as `pathParameters.name`. */
  path: string;
  /** Handler module, relative to the repository root; it exports `handler`. */
  entry: string;
  /** OAuth scope the token must carry, checked in the handler (never in the cached authorizer). */
  scope: string;
  /** The only DynamoDB actions the route's function is granted on the table itself. */
  tableActions: readonly DynamoDbTableAction[];
  /** The only DynamoDB actions the route's function is granted on the Idempotency-Key table. */
  idempotencyTableActions?: readonly DynamoDbTableAction[];
  /** The only indexes the route's function may `Query`. */
  queriedIndexes: readonly IndexName[];
  /** The function signs list cursors (gets the `CURSOR_SECRET`). */
  signsCursors?: boolean;
  /** The function's timeout and memory, where the house defaults (lib/function-defaults.ts) do not fit. */
  timeoutSeconds?: number;
  memorySize?: number;
  /** Largest accepted body in bytes (decoded); absent for a route without a body. */
  maxBodyBytes?: number;
}

const KIB = 1024;

export const routes: readonly Route[] = [
  {
    id: 'CreateDncNumber',
    operationId: 'DncController_addDncNumber',
    method: 'POST',
    path: '/v1/dnc_numbers/create',
    entry: 'lambda/create-dnc-number/index.ts',
    scope: scopes.write,
    tableActions: ['dynamodb:PutItem'],
    // The record is written in the entry's transaction; a reused key is read back from its cancellation reason.
    idempotencyTableActions: ['dynamodb:PutItem'],
    queriedIndexes: [],
    maxBodyBytes: 16 * KIB,
  },
  {
    id: 'BulkAddDncNumbers',
    operationId: 'DncController_bulkAddDncNumbers',
    method: 'POST',
    path: '/v1/dnc_numbers/bulk',
    entry: 'lambda/bulk-add-dnc-numbers/index.ts',
    scope: scopes.write,
    tableActions: ['dynamodb:PutItem'],
    queriedIndexes: [],
    // The Fluents limit. 1,000 items with ASCII reasons fit with room to spare; long non-ASCII
    // reasons (3 bytes a character in UTF-8, 6 escaped as \uXXXX) may not: send smaller batches.
    maxBodyBytes: 1024 * KIB,
    // 1,000 puts, 32 at a time, take well under a second; the rest is room for the SDK's retries
    // under throttling (until its retry quota runs dry; then 503), inside API Gateway's 30 s.
    // More memory buys CPU for parsing 1 MiB.
    timeoutSeconds: 25,
    memorySize: 1769,
  },
  {
    id: 'CheckDncNumber',
    operationId: 'DncController_checkDncNumber',
    method: 'GET',
    path: '/v1/dnc_numbers/check',
    entry: 'lambda/check-dnc-number/index.ts',
    scope: scopes.read,
    tableActions: ['dynamodb:BatchGetItem'],
    queriedIndexes: [],
  },
  {
    id: 'CheckDncNumbers',
    operationId: 'DncController_checkDncNumbers',
    method: 'POST',
    path: '/v1/dnc_numbers/check',
    entry: 'lambda/check-dnc-numbers/index.ts',
    scope: scopes.read,
    tableActions: ['dynamodb:BatchGetItem'],
    queriedIndexes: [],
    // 1,000 numbers of up to ~40 characters each as written by people, plus the JSON around them.
    maxBodyBytes: 64 * KIB,
  },
  {
    id: 'ListDncNumbers',
    operationId: 'DncController_listDncNumbers',
    method: 'GET',
    path: '/v1/dnc_numbers/list',
    entry: 'lambda/list-dnc-numbers/index.ts',
    scope: scopes.read,
    tableActions: [],
    queriedIndexes: ['byScopeCreated', 'byScopePhone', 'byUserCreated', 'byUserPhone'],
    signsCursors: true,
  },
  {
    id: 'GetDncNumber',
    operationId: 'DncController_getDncNumber',
    method: 'GET',
    path: '/v1/dnc_numbers/{id}',
    entry: 'lambda/get-dnc-number/index.ts',
    scope: scopes.read,
    tableActions: [],
    queriedIndexes: ['byId'],
  },
  {
    id: 'DeleteDncNumber',
    operationId: 'DncController_deleteDncNumber',
    method: 'DELETE',
    path: '/v1/dnc_numbers/{id}',
    entry: 'lambda/delete-dnc-number/index.ts',
    scope: scopes.delete,
    // The entry's delete and its removal receipt's put, in one transaction.
    tableActions: ['dynamodb:DeleteItem', 'dynamodb:PutItem'],
    queriedIndexes: ['byId'],
  },
  {
    id: 'GetDncNumberHistory',
    operationId: 'DncController_getDncNumberHistory',
    method: 'GET',
    path: '/v1/dnc_numbers/history',
    entry: 'lambda/get-dnc-number-history/index.ts',
    scope: scopes.read,
    tableActions: ['dynamodb:Query'],
    queriedIndexes: [],
    signsCursors: true,
  },
];

export const routeKey = (route: Pick<Route, 'method' | 'path'>): string => `${route.method} ${route.path}`;

const routesByKey = new Map(routes.map((route) => [routeKey(route), route]));

/** The route API Gateway matched (`event.routeKey` is the route's template, e.g. `GET /v1/dnc_numbers/{id}`). */
export const findRoute = (key: string): Route | undefined => routesByKey.get(key);

export const routeById = (id: string): Route => {
  const route = routes.find((candidate) => candidate.id === id);
  if (route === undefined) throw new Error(`no route ${id} in lib/routes.ts`);
  return route;
};
