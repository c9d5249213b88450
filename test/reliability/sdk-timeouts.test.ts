import { randomUUID } from 'node:crypto';
import type { Change } from '../../lambda/shared/domain/change';
import {
  SDK_MAX_ATTEMPTS,
  SDK_MAX_BACKOFF_MILLIS,
  SDK_REQUEST_TIMEOUT_MILLIS,
  SDK_WORST_CASE_CALL_MILLIS,
} from '../../lambda/shared/aws/sdk-timeouts';
import { createDocumentClient } from '../../lambda/shared/dynamodb/document-client';
import { createChangeEvents } from '../../lambda/shared/events/change-events';
import { EARLY_TIMEOUT_MILLIS } from '../../lambda/shared/http/http-handler';
import { functionDefaults } from '../../lib/function-defaults';
import { deliveredEvents } from '../support/change-stream';
import { CREATE_PATH, invokeCreate, newTenant } from '../support/create-dnc-number';
import { dynamoDbError, interceptDynamoDbHttp, operationOf } from '../support/dynamodb-faults';
import { startHungServer } from '../support/hung-server';
import { expectDocumentedResponse } from '../support/openapi';
import { getEntry, itemsOfTenant } from '../support/table';

const FUNCTION_TIMEOUT_MILLIS = functionDefaults.timeoutSeconds * 1000;

// Production's time-outs, not the relaxed ones of the rest of the suite (test/support/test-environment.ts):
// every client of this file, the handlers' included, is created after this line.
delete process.env.LOCAL_SDK_TIMEOUT_MILLIS;

const documentClient = createDocumentClient();
let hungServer: Awaited<ReturnType<typeof startHungServer>>;
let interception: ReturnType<typeof interceptDynamoDbHttp> | undefined;

beforeAll(async () => {
  hungServer = await startHungServer();
  // Loads the create handler, so the timings below measure requests, not module loading.
  expect((await invokeCreate({ body: { phoneNumber: '+14155550260' } })).statusCode).toBe(201);
});
afterEach(() => {
  interception?.restore();
  interception = undefined;
  jest.restoreAllMocks();
});
afterAll(async () => {
  documentClient.destroy();
  await hungServer.close();
});

const timed = async <T>(run: () => Promise<T>) => {
  const started = Date.now();
  const result = await run();
  return { result, elapsed: Date.now() - started };
};

const create = async (tenantId: string, phoneNumber: string) => {
  const response = await invokeCreate({ body: { phoneNumber }, authorizer: { tenantId }, timeoutMillis: FUNCTION_TIMEOUT_MILLIS });
  expectDocumentedResponse('POST', CREATE_PATH, response);
  return response;
};

describe('a DynamoDB request that hangs', () => {
  it('is cut off by the request timeout and retried on a new connection: 201 with the entry written', async () => {
    const tenant = newTenant();
    interception = interceptDynamoDbHttp(({ attempt, request, forward }) =>
      attempt === 1 ? hungServer.hang(request, forward) : forward(),
    );
    const connectionsBefore = hungServer.connections();

    const { result: response, elapsed } = await timed(() => create(tenant, '+14155550261'));

    expect(response.statusCode).toBe(201);
    expect(interception.attempts()).toBe(2);
    expect(hungServer.connections() - connectionsBefore).toBe(1);
    expect(await hungServer.allClosed()).toBe(true);
    expect(elapsed).toBeGreaterThanOrEqual(SDK_REQUEST_TIMEOUT_MILLIS);
    expect(elapsed).toBeLessThan(FUNCTION_TIMEOUT_MILLIS - EARLY_TIMEOUT_MILLIS);
    expect((await getEntry(documentClient, tenant, '+14155550261'))?.id).toBe(response.json.id);
  });

  it('on every attempt, is answered 503 by the SDK’s own time-outs, before the function’s early time-out', async () => {
    const tenant = newTenant();
    interception = interceptDynamoDbHttp(({ request, forward }) => hungServer.hang(request, forward));
    const connectionsBefore = hungServer.connections();

    const { result: response, elapsed } = await timed(() => create(tenant, '+14155550262'));

    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('1');
    expect(interception.attempts()).toBe(SDK_MAX_ATTEMPTS);
    expect(hungServer.connections() - connectionsBefore).toBe(SDK_MAX_ATTEMPTS);
    expect(await hungServer.allClosed()).toBe(true);
    expect(elapsed).toBeGreaterThanOrEqual(SDK_MAX_ATTEMPTS * SDK_REQUEST_TIMEOUT_MILLIS);
    expect(elapsed).toBeLessThan(SDK_WORST_CASE_CALL_MILLIS);
    expect(elapsed).toBeLessThan(FUNCTION_TIMEOUT_MILLIS - EARLY_TIMEOUT_MILLIS);
    interception.restore();
    expect(await itemsOfTenant(documentClient, tenant)).toEqual([]);
  });
});

describe('the SDK’s backoff between attempts', () => {
  it('is at most SDK_MAX_BACKOFF_MILLIS, at its longest (throttled every time, the largest jitter)', async () => {
    jest.spyOn(Math, 'random').mockReturnValue(0.9999);
    const attemptTimes: number[] = [];
    interception = interceptDynamoDbHttp(() => {
      attemptTimes.push(Date.now());
      return dynamoDbError('ThrottlingException');
    });

    const response = await create(newTenant(), '+14155550263');

    expect(response.statusCode).toBe(503);
    expect(attemptTimes).toHaveLength(SDK_MAX_ATTEMPTS);
    const backoff = attemptTimes[attemptTimes.length - 1]! - attemptTimes[0]!;
    // Close to the bound, so the test measures the longest backoff and the constant is not loose by accident.
    expect(backoff).toBeGreaterThan(SDK_MAX_BACKOFF_MILLIS * 0.9);
    expect(backoff).toBeLessThanOrEqual(SDK_MAX_BACKOFF_MILLIS + 500);
  });
});

describe('an EventBridge request that hangs', () => {
  it('is cut off by the request timeout and retried: the event is delivered once', async () => {
    const tenantId = newTenant();
    const change: Change = {
      eventId: randomUUID(),
      type: 'added',
      tenantId,
      at: new Date().toISOString(),
      by: 'client-1',
      reason: null,
      entry: {
        id: randomUUID(),
        tenantId,
        phoneNumber: '+14155550264',
        userId: null,
        reason: null,
        createdAt: new Date().toISOString(),
        updatedAt: new Date().toISOString(),
        createdBy: 'client-1',
        expiresAt: null,
      },
    };
    const events = createChangeEvents(process.env.EVENT_BUS_NAME!);
    const putEvents: number[] = [];
    interception = interceptDynamoDbHttp(({ attempt, request, forward }) => {
      if (operationOf(request) !== 'PutEvents') return forward();
      putEvents.push(attempt);
      return putEvents.length === 1 ? hungServer.hang(request, forward) : forward();
    });

    const { elapsed } = await timed(() => events.publish(change));

    expect(putEvents).toHaveLength(2);
    expect(elapsed).toBeGreaterThanOrEqual(SDK_REQUEST_TIMEOUT_MILLIS);
    expect(elapsed).toBeLessThan(SDK_WORST_CASE_CALL_MILLIS);
    expect(deliveredEvents(tenantId).map((event) => event.detail.eventId)).toEqual([change.eventId]);
  });
});
