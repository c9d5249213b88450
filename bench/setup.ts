import type { AddressInfo } from 'node:net';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';
import { createAuthorizer } from '../lambda/authorizer/authorize';
import { createVerifier, readIssuerConfig } from '../lambda/authorizer/issuer-config';
import { createDocumentClient } from '../lambda/shared/dynamodb/document-client';
import { findRoute, scopes } from '../lib/routes';
import { lambdaContext, proxyEvent } from '../local/api-gateway-events';
import { LOCAL_TENANT_CLAIM, localAuthorizerEnvironment, mintDevToken } from '../local/dev-issuer';
import { ensureServiceTables, localAwsEnvironment, localDynamoDbClient, startDynamoDbLocal } from '../local/dynamodb-local';
import { generateSigningKey, jwksOf } from '../local/jwt';
import { sameShapeItem } from './same-shape-item';
import { localTableNames, serviceTableEnvironment } from '../lib/table-definition';
import { createLocalApi } from '../local/local-api';

const benchTables = localTableNames('bench');
export const BENCH_TABLE = benchTables.dncTable;
/** The list function signs its cursors with this (the stack passes a secret as `CURSOR_SECRET`). */
export const BENCH_CURSOR_SECRET = 'bench-cursor-secret';
const CREATE_PATH = '/v1/dnc_numbers/create';
const createRoute = findRoute(`POST ${CREATE_PATH}`)!;

let sequence = 0;
/** A number never used before in this run. */
export const nextPhoneNumber = (): string => {
  sequence += 1;
  return `+1${2_000_000_000 + sequence}`;
};

const body = (phoneNumber: string) => JSON.stringify({ phoneNumber, reason: 'benchmark' });

/**
 * DynamoDB Local plus the three ways of writing one entry that the benchmark compares:
 * the raw SDK call, the create handler in-process, and the local HTTP API (authorizer + handler).
 */
export const setUpBench = async () => {
  const dynamoDb = await startDynamoDbLocal();
  // Set before any handler module loads (they read it at module scope); the cold-start processes inherit it.
  Object.assign(process.env, localAwsEnvironment, {
    DYNAMODB_ENDPOINT: dynamoDb.endpoint,
    ...serviceTableEnvironment(benchTables),
    CURSOR_SECRET: BENCH_CURSOR_SECRET,
    // One process runs every path against one DynamoDB Local: queueing for sockets is the bench's, not Lambda's.
    LOCAL_SDK_TIMEOUT_MILLIS: process.env.LOCAL_SDK_TIMEOUT_MILLIS || '10000',
  });
  const admin = localDynamoDbClient(dynamoDb.endpoint);
  await ensureServiceTables(admin, benchTables);
  admin.destroy();

  const documentClient = createDocumentClient();
  const rawPut = (phoneNumber: string) =>
    documentClient.send(
      new PutCommand({
        TableName: BENCH_TABLE,
        Item: sameShapeItem(phoneNumber, { tenantId: 'bench-raw', reason: 'benchmark' }),
        ConditionExpression: 'attribute_not_exists(pk)',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );

  const { handler } = await import('../lambda/create-dnc-number/index');
  const invokeHandler = async (phoneNumber: string, tenantId = 'bench-handler') => {
    const event = proxyEvent(
      createRoute,
      { method: 'POST', rawPath: CREATE_PATH, headers: { 'content-type': 'application/json' }, body: body(phoneNumber) },
      { tenantId, subject: 'bench', scopes: scopes.write },
    );
    return (await handler(event as never, lambdaContext('CreateDncNumber', 10_000))) as { statusCode: number };
  };

  const signingKey = generateSigningKey();
  let authorize: ReturnType<typeof createAuthorizer> | undefined;
  const server = createLocalApi({
    routes: [{ route: createRoute, handler }],
    authorizer: (event) => authorize!(event),
    authorizerCacheTtlSeconds: 300,
    functionTimeoutMillis: 10_000,
    documents: { '/.well-known/jwks.json': { contentType: 'application/json', body: () => JSON.stringify(jwksOf(signingKey)) } },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  // Claim mode: the tenant is the local token's tenant_id.
  const issuer = readIssuerConfig({ ...localAuthorizerEnvironment(port), TENANT_SOURCE: 'claim' });
  authorize = createAuthorizer({
    verifier: createVerifier(issuer),
    tenantClaim: LOCAL_TENANT_CLAIM,
    logger: new Logger({ logLevel: 'WARN' }),
  });
  const token = mintDevToken(signingKey, { port, tenant: 'bench-http' });
  const postHttp = async (phoneNumber: string) => {
    const response = await fetch(`http://127.0.0.1:${port}${CREATE_PATH}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body(phoneNumber),
    });
    await response.arrayBuffer();
    return { statusCode: response.status };
  };

  return {
    documentClient,
    rawPut,
    invokeHandler,
    postHttp,
    stop: async () => {
      server.closeAllConnections();
      server.close();
      documentClient.destroy();
      await dynamoDb.stop();
    },
  };
};

export type Bench = Awaited<ReturnType<typeof setUpBench>>;
