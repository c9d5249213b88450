import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../lambda/shared/dynamodb/document-client';
import { CREATE_PATH, invokeCreate, newTenant } from '../support/create-dnc-number';
import {
  type CancellationReason,
  dynamoDbError,
  type Fault,
  interceptDynamoDbHttp,
  operationOf,
  transactionCanceled,
} from '../support/dynamodb-faults';
import { expectDocumentedResponse } from '../support/openapi';
import { getEntry, itemsOfTenant } from '../support/table';

/**
 * The Idempotency-Key path writes the entry and the key in one transaction. DynamoDB cancels a
 * transaction that meets another one on the same item (`TransactionConflict`); the repository
 * tries the transaction 3 times in all, then answers 503 (retry later). DynamoDB Local cannot be made to
 * conflict on demand, so the cancellation is injected at the SDK's HTTP handler; every attempt
 * not faulted goes to DynamoDB Local.
 */

const documentClient = createDocumentClient();
let interception: ReturnType<typeof interceptDynamoDbHttp> | undefined;
afterEach(() => interception?.restore());
afterAll(() => documentClient.destroy());

const conflict: CancellationReason = { Code: 'TransactionConflict', Message: 'Transaction is ongoing for the item' };
const none: CancellationReason = { Code: 'None' };

/** Counts the TransactWriteItems requests and answers the n-th (1-based) with `answer(n)`, or forwards it. */
const onTransactions = (answer: (n: number, forward: Fault['forward']) => ReturnType<Fault['forward']>) => {
  let transactions = 0;
  interception = interceptDynamoDbHttp(({ request, forward }) => {
    if (operationOf(request) !== 'TransactWriteItems') return forward();
    transactions += 1;
    return answer(transactions, forward);
  });
  return { transactions: () => transactions };
};

const create = async (tenantId: string, phoneNumber: string, idempotencyKey: string) => {
  const response = await invokeCreate({ body: { phoneNumber }, authorizer: { tenantId }, headers: { 'idempotency-key': idempotencyKey } });
  interception?.restore();
  expectDocumentedResponse('POST', CREATE_PATH, response);
  return response;
};

const idempotencyRecord = async (tenantId: string, key: string) =>
  (
    await documentClient.send(
      new GetCommand({
        TableName: process.env.IDEMPOTENCY_TABLE_NAME!,
        Key: { pk: `TENANT#${tenantId}#IDEMPOTENCY#${key}` },
        ConsistentRead: true,
      }),
    )
  ).Item;

describe('Idempotency-Key: a transaction cancelled by a TransactionConflict', () => {
  it.each([
    ['on the entry', [conflict, none]],
    ['on the Idempotency-Key record', [none, conflict]],
    ['on both', [conflict, conflict]],
  ])('is tried again: conflicts %s on the first 2 attempts, the 3rd lands and answers 201', async (_case, reasons) => {
    const tenant = newTenant();
    const counter = onTransactions((n, forward) => (n <= 2 ? transactionCanceled(reasons) : forward()));
    const response = await create(tenant, '+14155550601', 'conflict-then-landed');
    expect(counter.transactions()).toBe(3);
    expect(response.statusCode).toBe(201);
    expect(response.headers['idempotent-replayed']).toBeUndefined();
    expect((await getEntry(documentClient, tenant, '+14155550601'))?.id).toBe(response.json.id);
    expect(await idempotencyRecord(tenant, 'conflict-then-landed')).toMatchObject({
      dncNumber: expect.objectContaining({ id: response.json.id }),
    });
  });

  it.each([
    ['a conflict', conflict],
    [
      'throttling',
      { Code: 'ThrottlingError', Message: 'Throughput exceeds the current capacity for one or more global secondary indexes' },
    ],
    ['provisioned throughput exceeded', { Code: 'ProvisionedThroughputExceeded' }],
  ])('gives up after the 3rd attempt cancelled by %s: 503 with Retry-After (retry later), and nothing written', async (_case, reason) => {
    const tenant = newTenant();
    const counter = onTransactions(() => transactionCanceled([reason, none]));
    const response = await create(tenant, '+14155550602', 'conflict-forever');
    expect(counter.transactions()).toBe(3);
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('1');
    expect(response.json).toMatchObject({ statusCode: 503, error: 'Service Unavailable' });
    expect(response.body).not.toContain('Transaction');
    expect(await itemsOfTenant(documentClient, tenant)).toEqual([]);
    expect(await idempotencyRecord(tenant, 'conflict-forever')).toBeUndefined();
  });

  it('is not tried again when cancelled for another reason (no conflict, no existing item)', async () => {
    const tenant = newTenant();
    const counter = onTransactions(() => transactionCanceled([{ Code: 'ValidationError', Message: 'injected' }, none]));
    const response = await create(tenant, '+14155550603', 'cancelled-otherwise');
    expect(counter.transactions()).toBe(1);
    expect(response.statusCode).toBe(500);
    expect(response.headers['retry-after']).toBeUndefined();
  });
});

describe('Idempotency-Key: an error other than TransactionCanceledException', () => {
  it.each(['ProvisionedThroughputExceededException', 'ThrottlingException'])(
    'answers 503 with Retry-After when the transaction is still refused with %s after the SDK’s 3 attempts, and writes nothing',
    async (type) => {
      const tenant = newTenant();
      const counter = onTransactions(() => dynamoDbError(type));
      const response = await create(tenant, '+14155550604', 'throttled-transaction');
      expect(counter.transactions()).toBe(3);
      expect(response.statusCode).toBe(503);
      expect(response.headers['retry-after']).toBe('1');
      expect(response.json).toMatchObject({ statusCode: 503, error: 'Service Unavailable' });
      expect(response.body).not.toContain('injected');
      expect(await itemsOfTenant(documentClient, tenant)).toEqual([]);
      expect(await idempotencyRecord(tenant, 'throttled-transaction')).toBeUndefined();
    },
  );

  it('answers 201 when the transaction is throttled twice and then accepted (the SDK’s own retries)', async () => {
    const tenant = newTenant();
    const counter = onTransactions((n, forward) => (n <= 2 ? dynamoDbError('ThrottlingException') : forward()));
    const response = await create(tenant, '+14155550605', 'throttled-then-landed');
    expect(counter.transactions()).toBe(3);
    expect(response.statusCode).toBe(201);
    expect((await getEntry(documentClient, tenant, '+14155550605'))?.id).toBe(response.json.id);
  });
});
