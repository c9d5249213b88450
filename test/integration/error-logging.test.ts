import { logger as serviceLogger } from '../../lambda/shared/logger';
import { scopes } from '../../lib/routes';
import { captureOutput, type LogLine, logLinesOf } from '../support/captured-output';
import { dynamoDbError, interceptDynamoDbHttp } from '../support/dynamodb-faults';
import { callerFor, newTenant } from '../support/factories';
import { invokeRoute, type RouteRequest } from '../support/invoke-route';

/**
 * How a request's outcome is logged: a 5xx at error level with its cause (the client sees only
 * the generic message), a 4xx at info level with the reason it was given (render-errors.ts), and
 * a write that lands at info level with the entry's id.
 * Through the real handlers and the service's own Powertools logger, whose JSON lines are
 * captured. DynamoDB faults are injected only for the 5xx cases.
 */

let interception: ReturnType<typeof interceptDynamoDbHttp> | undefined;
beforeAll(() => serviceLogger.setLogLevel('INFO'));
afterEach(() => interception?.restore());
afterAll(() => serviceLogger.setLogLevel('SILENT'));

/** Invokes the route and answers its response with the JSON lines logged meanwhile. */
const invokeLogged = async (routeId: string, request: RouteRequest) => {
  let response: Awaited<ReturnType<typeof invokeRoute>> | undefined;
  const output = await captureOutput(async () => {
    try {
      response = await invokeRoute(routeId, request);
    } finally {
      interception?.restore();
    }
  });
  const lines = logLinesOf(output);
  const outcomes = lines.filter((line) => line.message === 'request rejected' || line.message === 'request failed');
  return { response: response!, lines, outcomes };
};

const PHONE = 'phoneNumber must be an E.164 number such as +14155550123 (spaces, dashes, dots and parentheses are ignored)';

describe('4xx answers are logged at info level, with the reason', () => {
  it('400: the validation message', async () => {
    const { response, lines, outcomes } = await invokeLogged('CreateDncNumber', { body: { phoneNumber: 'nope' } });
    expect(response.statusCode).toBe(400);
    expect(outcomes).toEqual([expect.objectContaining({ level: 'INFO', message: 'request rejected', statusCode: 400, reason: PHONE })]);
    expect(outcomes[0]).not.toHaveProperty('error');
    expect(lines.filter((line) => line.level === 'ERROR')).toEqual([]);
  });

  it('403: the missing scope', async () => {
    const { response, outcomes } = await invokeLogged('CreateDncNumber', {
      body: { phoneNumber: '+14155550801' },
      authorizer: { scopes: 'dnc/read' },
    });
    expect(response.statusCode).toBe(403);
    expect(outcomes).toEqual([
      expect.objectContaining({ level: 'INFO', message: 'request rejected', statusCode: 403, reason: response.json.message }),
    ]);
  });

  it('404 and 409: the domain’s answer', async () => {
    const tenantId = newTenant();
    const missing = await invokeLogged('GetDncNumber', {
      pathParameters: { id: '550e8400-e29b-41d4-a716-446655440000' },
      authorizer: callerFor(tenantId),
    });
    expect(missing.response.statusCode).toBe(404);
    expect(missing.outcomes).toEqual([
      expect.objectContaining({ level: 'INFO', message: 'request rejected', statusCode: 404, reason: missing.response.json.message }),
    ]);

    await invokeRoute('CreateDncNumber', { body: { phoneNumber: '+14155550802' }, authorizer: callerFor(tenantId) });
    const duplicate = await invokeLogged('CreateDncNumber', { body: { phoneNumber: '+14155550802' }, authorizer: callerFor(tenantId) });
    expect(duplicate.response.statusCode).toBe(409);
    expect(duplicate.outcomes).toEqual([
      expect.objectContaining({ level: 'INFO', message: 'request rejected', statusCode: 409, reason: duplicate.response.json.message }),
    ]);
  });
});

describe('5xx answers are logged at error level, with the cause the client never sees', () => {
  it('503: DynamoDB still throttling after the SDK’s retries', async () => {
    interception = interceptDynamoDbHttp(() => dynamoDbError('ProvisionedThroughputExceededException'));
    const { response, lines, outcomes } = await invokeLogged('CreateDncNumber', { body: { phoneNumber: '+14155550803' } });
    expect(response.statusCode).toBe(503);
    expect(outcomes).toEqual([
      expect.objectContaining({
        level: 'ERROR',
        message: 'request failed',
        statusCode: 503,
        apiRequestId: expect.any(String),
        error: {
          name: 'ProvisionedThroughputExceededException',
          message: 'injected ProvisionedThroughputExceededException',
          stack: expect.stringContaining('ProvisionedThroughputExceededException'),
        },
      }),
    ]);
    expect(lines.filter((line) => line.level === 'INFO' && line.message === 'request rejected')).toEqual([]);
    expect(response.body).not.toContain('injected');
  });

  it('500: an unexpected failure', async () => {
    interception = interceptDynamoDbHttp(() => Promise.reject(new TypeError('kaboom: injected unexpected failure')));
    const { response, outcomes } = await invokeLogged('CreateDncNumber', { body: { phoneNumber: '+14155550804' } });
    expect(response.statusCode).toBe(500);
    expect(response.json.message).toBe('Internal server error');
    expect(outcomes).toEqual([
      expect.objectContaining({
        level: 'ERROR',
        message: 'request failed',
        statusCode: 500,
        apiRequestId: expect.any(String),
        error: expect.objectContaining({ name: 'TypeError', message: 'kaboom: injected unexpected failure', stack: expect.any(String) }),
      }),
    ]);
    expect(response.body).not.toContain('kaboom');
  });
});

describe('a write that lands is logged at info level, with the entry’s id', () => {
  const writer = (tenantId: string) => callerFor(tenantId, { scopes: `${scopes.write} ${scopes.read} ${scopes.delete}` });
  const logged = (lines: LogLine[], message: string) => lines.filter((line) => line.message === message);

  it('a create, and its replay under the same Idempotency-Key', async () => {
    const tenantId = newTenant();
    const request = { body: { phoneNumber: '+14155550811' }, authorizer: writer(tenantId), headers: { 'idempotency-key': 'logged-key' } };
    const created = await invokeLogged('CreateDncNumber', request);
    expect(created.response.statusCode).toBe(201);
    expect(logged(created.lines, 'dnc number created')).toEqual([
      expect.objectContaining({ level: 'INFO', dncNumberId: created.response.json.id }),
    ]);
    const replayed = await invokeLogged('CreateDncNumber', request);
    expect(replayed.response.statusCode).toBe(201);
    expect(logged(replayed.lines, 'dnc number replayed')).toEqual([
      expect.objectContaining({ level: 'INFO', dncNumberId: created.response.json.id }),
    ]);
    expect(logged(replayed.lines, 'dnc number created')).toEqual([]);
  });

  it('a removal', async () => {
    const tenantId = newTenant();
    const created = await invokeRoute('CreateDncNumber', { body: { phoneNumber: '+14155550812' }, authorizer: writer(tenantId) });
    const removed = await invokeLogged('DeleteDncNumber', {
      pathParameters: { id: created.json.id },
      query: { reason: 'consent given again' },
      authorizer: writer(tenantId),
    });
    expect(removed.response.statusCode).toBe(200);
    expect(logged(removed.lines, 'dnc number removed')).toEqual([expect.objectContaining({ level: 'INFO', dncNumberId: created.json.id })]);
  });
});
