import { setTimeout as sleep } from 'node:timers/promises';
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { DncNumberRepository } from '../../lambda/shared/dynamodb/dnc-number-repository';
import { createDocumentClient } from '../../lambda/shared/dynamodb/document-client';
import { logger as serviceLogger } from '../../lambda/shared/logger';
import { scopes } from '../../lib/routes';
import { captureOutput, type LogLine, logLinesOf } from '../support/captured-output';
import {
  type CancellationReason,
  dynamoDbAnswer,
  dynamoDbError,
  type Fault,
  interceptDynamoDbHttp,
  jsonBodyOf,
  operationOf,
  slowAnswer,
  type SlowAnswers,
  transactionCanceled,
} from '../support/dynamodb-faults';
import { callerFor, newTenant, seedPhoneNumber } from '../support/factories';
import { invokeRoute, type RouteResponse } from '../support/invoke-route';
import { entryKey, expectErrorShape, getEntry, tableName } from '../support/table';

/**
 * Two retry loops of the repository that DynamoDB Local never enters on its own:
 *
 * - `DELETE /v1/dnc_numbers/{id}` deletes the entry and puts its removal receipt in one
 *   transaction. DynamoDB cancels it when another transaction touches the item
 *   (`TransactionConflict`): it is tried 5 times in all, then answered 503 (retry later). A
 *   cancellation because the entry is no longer there (`ConditionalCheckFailed`) is a 404 at once.
 * - `POST /v1/dnc_numbers/check` reads exact keys with BatchGetItem, 100 keys a call. Keys DynamoDB
 *   leaves unprocessed (throttling) are asked again, 6 calls in all, then answered 503.
 *
 * DynamoDB Local neither conflicts nor leaves keys unprocessed on demand, so those answers are
 * made at the SDK's HTTP handler (beneath its own retries): a cancellation is hand-built, and
 * unprocessed keys are moved out of DynamoDB Local's real answer. Everything else, the
 * `ConditionalCheckFailed` cancellation included, is DynamoDB Local's own answer. Every HTTP
 * answer is checked against openapi.yml (invokeRoute).
 *
 * Where the service must stop trying, an attempt beyond the last one it should make is let
 * through and lands: trying too often shows as a wrong answer, not as a loop that never ends.
 */

const documentClient = createDocumentClient();
let interception: ReturnType<typeof interceptDynamoDbHttp> | undefined;
afterEach(() => {
  interception?.restore();
  interception = undefined;
});
afterAll(() => documentClient.destroy());

type HandleResult = ReturnType<Fault['forward']>;

const ALL_SCOPES = `${scopes.write} ${scopes.read} ${scopes.delete}`;

/** Runs `call` with the service's error log captured, and answers its result with the `request failed` lines. */
const withFailuresLogged = async <T>(call: () => Promise<T>): Promise<{ result: T; failures: LogLine[] }> => {
  let result: T | undefined;
  serviceLogger.setLogLevel('ERROR');
  let output: string;
  try {
    output = await captureOutput(async () => {
      result = await call();
    });
  } finally {
    serviceLogger.setLogLevel('SILENT');
  }
  const failures = logLinesOf(output).filter((line) => line.message === 'request failed');
  return { result: result as T, failures };
};

/** DynamoDB's 503 as the service answers it: generic, with Retry-After, the cause kept out of the body. */
const expectUnavailable = (response: RouteResponse) => {
  expect(response.statusCode).toBe(503);
  expect(response.headers['retry-after']).toBe('1');
  expect(response.json).toMatchObject({ statusCode: 503, error: 'Service Unavailable' });
};

describe('DELETE /v1/dnc_numbers/{id}: the removal’s transaction cancelled', () => {
  const conflict: CancellationReason = { Code: 'TransactionConflict', Message: 'Transaction is ongoing for the item' };
  const none: CancellationReason = { Code: 'None' };
  const PHONE = '+14155550701';

  /** Counts the TransactWriteItems requests and answers the n-th (1-based) with `answer(n)`; everything else goes to DynamoDB Local. */
  const onTransactions = (answer: (n: number, forward: Fault['forward'], fault: Fault) => HandleResult) => {
    let transactions = 0;
    interception = interceptDynamoDbHttp((fault) => {
      if (operationOf(fault.request) !== 'TransactWriteItems') return fault.forward();
      transactions += 1;
      return answer(transactions, fault.forward, fault);
    });
    return { transactions: () => transactions };
  };

  const createEntry = async (tenantId: string) => {
    const response = await invokeRoute('CreateDncNumber', { body: { phoneNumber: PHONE }, authorizer: { tenantId, scopes: ALL_SCOPES } });
    expect(response.statusCode).toBe(201);
    return response.json as { id: string };
  };

  const invokeDelete = (tenantId: string, id: string, timeoutMillis?: number) =>
    invokeRoute('DeleteDncNumber', {
      pathParameters: { id },
      query: { reason: 'consent given again' },
      authorizer: { tenantId, scopes: ALL_SCOPES },
      ...(timeoutMillis === undefined ? {} : { timeoutMillis }),
    });

  /** Invokes the delete route; the interception (if any) is removed before the test reads the table. */
  const remove = async (tenantId: string, id: string) => {
    try {
      return await invokeDelete(tenantId, id);
    } finally {
      interception?.restore();
    }
  };

  const removalReceipt = async (tenantId: string, id: string) =>
    (
      await documentClient.send(
        new GetCommand({ TableName: tableName(), Key: { pk: entryKey(tenantId, PHONE).pk, sk: `REMOVAL#${id}` }, ConsistentRead: true }),
      )
    ).Item;

  it('is tried again after TransactionConflict on the first 2 attempts; the 3rd removes the entry and answers 200', async () => {
    const tenantId = newTenant();
    const entry = await createEntry(tenantId);
    const counter = onTransactions((n, forward) => (n <= 2 ? transactionCanceled([conflict, none]) : forward()));
    const response = await remove(tenantId, entry.id);
    expect(counter.transactions()).toBe(3);
    expect(response.statusCode).toBe(200);
    expect(response.json).toEqual(entry);
    expect(await getEntry(documentClient, tenantId, PHONE)).toBeUndefined();
    expect(await removalReceipt(tenantId, entry.id)).toMatchObject({ entryId: entry.id, reason: 'consent given again' });
  });

  it('gives up after the 5th attempt cancelled by TransactionConflict: 503 with Retry-After, and the entry stays', async () => {
    const tenantId = newTenant();
    const entry = await createEntry(tenantId);
    const counter = onTransactions((n, forward) => (n <= 5 ? transactionCanceled([conflict, none]) : forward()));
    const { result: response, failures } = await withFailuresLogged(() => remove(tenantId, entry.id));
    expect(counter.transactions()).toBe(5);
    expectUnavailable(response);
    expect(response.body).not.toContain('cancelling');
    expect(failures).toEqual([
      expect.objectContaining({
        error: expect.objectContaining({ name: 'DynamoDbUnavailableError', message: 'concurrent changes kept cancelling the removal' }),
      }),
    ]);
    expect((await getEntry(documentClient, tenantId, PHONE))?.id).toBe(entry.id);
    expect(await removalReceipt(tenantId, entry.id)).toBeUndefined();
  });

  it('answers 404 without trying again when the entry was removed meanwhile (ConditionalCheckFailed on the entry)', async () => {
    const tenantId = newTenant();
    const entry = await createEntry(tenantId);
    const item = await getEntry(documentClient, tenantId, PHONE);
    // A concurrent removal wins between the lookup by id and the transaction; DynamoDB Local
    // itself then cancels the transaction: [ConditionalCheckFailed, None]. A retry (there must be
    // none) would find the entry back, and land.
    const counter = onTransactions(async (n, forward) => {
      if (n === 1) await documentClient.send(new DeleteCommand({ TableName: tableName(), Key: entryKey(tenantId, PHONE) }));
      else await documentClient.send(new PutCommand({ TableName: tableName(), Item: item }));
      return forward();
    });
    const response = await remove(tenantId, entry.id);
    expect(counter.transactions()).toBe(1);
    expect(response.statusCode).toBe(404);
    expectErrorShape(response);
    expect(await removalReceipt(tenantId, entry.id)).toBeUndefined();
  });

  it.each([
    ['ValidationException (not retryable): 500', 'ValidationException', 1, 500],
    ['ProvisionedThroughputExceededException: the SDK’s own 3 attempts, then 503', 'ProvisionedThroughputExceededException', 3, 503],
  ])('does not try again an error other than a cancellation, %s', async (_case, type, requests, status) => {
    const tenantId = newTenant();
    const entry = await createEntry(tenantId);
    const counter = onTransactions((n, forward) => (n <= requests ? dynamoDbError(type) : forward()));
    const response = await remove(tenantId, entry.id);
    expect(counter.transactions()).toBe(requests);
    expect(response.statusCode).toBe(status);
    expectErrorShape(response);
    expect(response.body).not.toContain('injected');
    expect((await getEntry(documentClient, tenantId, PHONE))?.id).toBe(entry.id);
  });

  it('aborts the removal’s DynamoDB request when the function’s deadline passes, and removes nothing', async () => {
    const FUNCTION_TIMEOUT_MILLIS = 1500;
    const DYNAMODB_DELAY_MILLIS = 2500;
    const tenantId = newTenant();
    const entry = await createEntry(tenantId);
    const answers: SlowAnswers = { forwarded: 0, aborted: 0 };
    // A later attempt (there must be none) is answered as landed without writing anything, so a
    // service that kept trying after its deadline would stop; the interception stays until the end.
    const counter = onTransactions((n, _forward, fault) =>
      n > 1 ? dynamoDbAnswer(200, {}) : slowAnswer(fault, DYNAMODB_DELAY_MILLIS, answers),
    );
    const response = await invokeDelete(tenantId, entry.id, FUNCTION_TIMEOUT_MILLIS);
    expectUnavailable(response);
    expect(answers.aborted).toBe(1);

    await sleep(DYNAMODB_DELAY_MILLIS);
    expect(answers.forwarded).toBe(0);
    expect(counter.transactions()).toBe(1);
    expect((await getEntry(documentClient, tenantId, PHONE))?.id).toBe(entry.id);
    expect(await removalReceipt(tenantId, entry.id)).toBeUndefined();
  });
});

describe('POST /v1/dnc_numbers/check: BatchGetItem leaving keys unprocessed', () => {
  type WireKey = { pk: { S: string }; sk: { S: string } };
  const keyOf = (key: WireKey) => `${key.pk.S}\n${key.sk.S}`;
  const USER = 'agent-7';

  /**
   * Every BatchGetItem goes to DynamoDB Local; `withhold(keys, n)` picks the keys the n-th call
   * (1-based) leaves unprocessed: their items are moved out of the answer into `UnprocessedKeys`.
   * Answers the keys each call asked for, in the order asked.
   */
  const onBatchGets = (withhold: (keys: WireKey[], n: number) => WireKey[]) => {
    const calls: string[][] = [];
    interception = interceptDynamoDbHttp(async ({ request, forward }) => {
      if (operationOf(request) !== 'BatchGetItem') return forward();
      const { RequestItems } = await jsonBodyOf<{ RequestItems: Record<string, { Keys: WireKey[] }> }>(request.body);
      const [[table, { Keys }]] = Object.entries(RequestItems) as [[string, { Keys: WireKey[] }]];
      calls.push(Keys.map(keyOf));
      const held = withhold(Keys, calls.length);
      const forwarded = await forward();
      const answer = await jsonBodyOf<{ Responses: Record<string, WireKey[]> }>(forwarded.response.body);
      const heldKeys = new Set(held.map(keyOf));
      return dynamoDbAnswer(200, {
        Responses: { [table]: (answer.Responses[table] ?? []).filter((item) => !heldKeys.has(keyOf(item))) },
        UnprocessedKeys: held.length === 0 ? {} : { [table]: { Keys: held, ConsistentRead: true } },
      });
    });
    return { calls: () => calls };
  };

  const add = async (tenantId: string, body: Record<string, unknown>) => {
    const response = await invokeRoute('CreateDncNumber', { body, authorizer: callerFor(tenantId) });
    expect(response.statusCode).toBe(201);
    return response.json;
  };

  /** Invokes the check route; the interception is removed before the test reads anything. */
  const checkMany = async (tenantId: string, phoneNumbers: readonly string[]) => {
    try {
      return await invokeRoute('CheckDncNumbers', { body: { phoneNumbers, userId: USER }, authorizer: callerFor(tenantId) });
    } finally {
      interception?.restore();
    }
  };

  /** The keys the service must read for these numbers (global and the user's), as stored. */
  const keysOf = (tenantId: string, phoneNumbers: readonly string[]) =>
    phoneNumbers
      .flatMap((phoneNumber) => [entryKey(tenantId, phoneNumber), entryKey(tenantId, phoneNumber, USER)])
      .map(({ pk, sk }) => `${pk}\n${sk}`);

  const numbers = (count: number) => Array.from({ length: count }, (_, index) => seedPhoneNumber(index));

  it('asks again for the keys left unprocessed until none are left, and answers every number correctly', async () => {
    const tenantId = newTenant();
    const phoneNumbers = numbers(6);
    const global0 = await add(tenantId, { phoneNumber: phoneNumbers[0] });
    const global2 = await add(tenantId, { phoneNumber: phoneNumbers[2] });
    const user2 = await add(tenantId, { phoneNumber: phoneNumbers[2], userId: USER });
    const user3 = await add(tenantId, { phoneNumber: phoneNumbers[3], userId: USER });
    // The first 2 calls each leave every other key unprocessed: 12 keys asked, then 6, then 3.
    const counter = onBatchGets((keys, n) => (n <= 2 ? keys.filter((_, index) => index % 2 === 0) : []));
    const response = await checkMany(tenantId, phoneNumbers);

    const calls = counter.calls();
    expect(calls.map((keys) => keys.length)).toEqual([12, 6, 3]);
    expect(new Set(calls[0])).toEqual(new Set(keysOf(tenantId, phoneNumbers)));
    expect(calls[1]).toEqual(calls[0]!.filter((_, index) => index % 2 === 0));
    expect(calls[2]).toEqual(calls[1]!.filter((_, index) => index % 2 === 0));
    expect(response.statusCode).toBe(200);
    const notBlocked = (phoneNumber: string) => ({ phoneNumber, blocked: false, entries: [] });
    expect(response.json.results).toEqual([
      { phoneNumber: phoneNumbers[0], blocked: true, entries: [global0] },
      notBlocked(phoneNumbers[1]!),
      { phoneNumber: phoneNumbers[2], blocked: true, entries: [global2, user2] },
      { phoneNumber: phoneNumbers[3], blocked: true, entries: [user3] },
      notBlocked(phoneNumbers[4]!),
      notBlocked(phoneNumbers[5]!),
    ]);
  });

  it('gives up after the 6th call that leaves keys unprocessed: 503 with Retry-After, the cause logged', async () => {
    const tenantId = newTenant();
    const phoneNumbers = numbers(3);
    await add(tenantId, { phoneNumber: phoneNumbers[0] });
    const counter = onBatchGets((keys) => keys);
    const { result: response, failures } = await withFailuresLogged(() => checkMany(tenantId, phoneNumbers));
    expect(counter.calls()).toEqual(Array.from({ length: 6 }, () => keysOf(tenantId, phoneNumbers)));
    expectUnavailable(response);
    expect(response.body).not.toContain('unprocessed');
    expect(failures).toEqual([
      expect.objectContaining({
        error: expect.objectContaining({ name: 'DynamoDbUnavailableError', message: '6 keys stayed unprocessed after 6 attempts' }),
      }),
    ]);
  });

  it('asks for more than 100 keys in calls of at most 100, each key once', async () => {
    const tenantId = newTenant();
    const phoneNumbers = numbers(130);
    const first = await add(tenantId, { phoneNumber: phoneNumbers[0] });
    const middle = await add(tenantId, { phoneNumber: phoneNumbers[64], userId: USER });
    const last = await add(tenantId, { phoneNumber: phoneNumbers[129] });
    const counter = onBatchGets(() => []);
    const response = await checkMany(tenantId, phoneNumbers);

    const calls = counter.calls();
    expect(calls.map((keys) => keys.length).sort((a, b) => b - a)).toEqual([100, 100, 60]);
    expect(calls.flat().sort()).toEqual(keysOf(tenantId, phoneNumbers).sort());
    expect(response.statusCode).toBe(200);
    const results = response.json.results as { phoneNumber: string; blocked: boolean; entries: unknown[] }[];
    expect(results.map((result) => result.phoneNumber)).toEqual(phoneNumbers);
    expect(results.filter((result) => result.blocked)).toEqual([
      { phoneNumber: phoneNumbers[0], blocked: true, entries: [first] },
      { phoneNumber: phoneNumbers[64], blocked: true, entries: [middle] },
      { phoneNumber: phoneNumbers[129], blocked: true, entries: [last] },
    ]);
  });

  it('ends its wait to ask again as soon as the deadline’s signal is aborted', async () => {
    // Through the repository, with a signal of its own standing in for the deadline's: through the
    // route, middy answers its 503 at the deadline whether or not the wait goes on. The wait is
    // made long (Math.random near 1), and the signal is aborted just after it starts (the moment
    // the backoff draws its jitter).
    const tenantId = newTenant();
    const repository = new DncNumberRepository(documentClient, tableName());
    const deadline = new AbortController();
    const counter = onBatchGets((keys) => keys);
    const random = jest.spyOn(Math, 'random').mockImplementation(() => {
      if (counter.calls().length > 0 && !deadline.signal.aborted) queueMicrotask(() => deadline.abort());
      return 0.99;
    });
    let outcome = 'still waiting';
    const settled = repository.check(tenantId, numbers(2), null, { signal: deadline.signal }).then(
      () => {
        outcome = 'answered';
      },
      (error: Error) => {
        outcome = error.name;
      },
    );
    try {
      if (!deadline.signal.aborted) await new Promise((resolve) => deadline.signal.addEventListener('abort', resolve));
      // One turn of the event loop: enough for the rejection to reach the caller, far less than the wait.
      await new Promise((resolve) => setImmediate(resolve));
      expect(outcome).toBe('AbortError');
      expect(counter.calls()).toHaveLength(1);
    } finally {
      random.mockRestore();
      await settled;
    }
  });
});
