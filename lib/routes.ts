/**
 * The single source of the API's routes. The CDK stack and the local server both
 * iterate this table; a handler finds its required scope here by route key.
 * Kept free of CDK imports so Lambda bundles can include it.
 */
/** The Cognito resource server, and the OAuth scopes as tokens carry them: `dnc/write`. */
export const RESOURCE_SERVER_ID = 'dnc';
export const scopes = {
  write: `${RESOURCE_SERVER_ID}/write`,
  read: `${RESOURCE_SERVER_ID}/read`,
} as const;

export type DynamoDbAction = 'dynamodb:PutItem' | 'dynamodb:GetItem' | 'dynamodb:Query' | 'dynamodb:DeleteItem';

export interface Route {
  /** Stable id: names the function and integration in the stack. */
  id: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  /** Handler module, relative to the repository root; it exports `handler`. */
  entry: string;
  /** OAuth scope the token must carry, checked in the handler (never in the cached authorizer). */
  scope: string;
  /** The only DynamoDB actions the route's function is granted on the table. */
  tableActions: readonly DynamoDbAction[];
}

export const routes: readonly Route[] = [
  {
    id: 'CreateDncNumber',
    method: 'POST',
    path: '/v1/dnc_numbers/create',
    entry: 'lambda/create-dnc-number/index.ts',
    scope: scopes.write,
    tableActions: ['dynamodb:PutItem'],
  },
];

export const routeKey = (route: Pick<Route, 'method' | 'path'>): string => `${route.method} ${route.path}`;

const routesByKey = new Map(routes.map((route) => [routeKey(route), route]));

export const findRoute = (key: string): Route | undefined => routesByKey.get(key);
