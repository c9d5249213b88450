import { createDocumentClient } from '../../lambda/shared/dynamodb/document-client';
import { CREATE_PATH, invokeCreate, newTenant } from '../support/create-dnc-number';
import { dynamoDbError, interceptDynamoDbHttp, socketTimeout } from '../support/dynamodb-faults';
import { expectDocumentedResponse } from '../support/openapi';
import { getEntry, itemsOfTenant } from '../support/table';

const documentClient = createDocumentClient();
let interception: ReturnType<typeof interceptDynamoDbHttp> | undefined;
afterEach(() => interception?.restore());
afterAll(() => documentClient.destroy());

const create = async (tenantId: string, body: unknown, headers: Record<string, string> = {}) => {
  const response = await invokeCreate({ body, authorizer: { tenantId }, headers });
  interception?.restore();
  expectDocumentedResponse('POST', CREATE_PATH, response);
  return response;
};

describe('a write that landed, then timed out, and was retried by the SDK', () => {
  it.each([
    ['without an Idempotency-Key', {}],
    ['with an Idempotency-Key', { 'idempotency-key': 'retry-after-timeout' }],
  ])('answers 201 with this request’s own entry, not 409 (%s)', async (_case, headers) => {
    const tenant = newTenant();
    interception = interceptDynamoDbHttp(async ({ attempt, forward }) => {
      const response = await forward();
      if (attempt === 1) throw socketTimeout();
      return response;
    });
    const response = await create(tenant, { phoneNumber: '+14155550190' }, headers);
    expect(interception.attempts()).toBe(2);
    expect(response.statusCode).toBe(201);
    const stored = await getEntry(documentClient, tenant, '+14155550190');
    expect(response.json.id).toBe(stored?.id);
    expect(response.headers?.['idempotent-replayed']).toBeUndefined();
  });
});

describe('DynamoDB throttling', () => {
  it('answers 503 with Retry-After after the SDK’s 3 attempts, and writes nothing', async () => {
    const tenant = newTenant();
    interception = interceptDynamoDbHttp(() => dynamoDbError('ProvisionedThroughputExceededException'));
    const response = await create(tenant, { phoneNumber: '+14155550191' });
    expect(interception.attempts()).toBe(3);
    expect(response.statusCode).toBe(503);
    expect(response.headers?.['retry-after']).toBe('1');
    expect(response.body).not.toContain('injected');
    expect(await itemsOfTenant(documentClient, tenant)).toEqual([]);
  });

  it('answers 201 when throttled twice and then accepted', async () => {
    const tenant = newTenant();
    interception = interceptDynamoDbHttp(({ attempt, forward }) => (attempt <= 2 ? dynamoDbError('ThrottlingException') : forward()));
    const response = await create(tenant, { phoneNumber: '+14155550192' });
    expect(interception.attempts()).toBe(3);
    expect(response.statusCode).toBe(201);
    expect((await getEntry(documentClient, tenant, '+14155550192'))?.id).toBe(response.json.id);
  });

  it.each([
    ['InternalServerError', 500],
    ['ServiceUnavailable', 503],
  ])('answers 503 when DynamoDB keeps failing with %s', async (type, status) => {
    interception = interceptDynamoDbHttp(() => dynamoDbError(type, status));
    const response = await create(newTenant(), { phoneNumber: '+14155550193' });
    expect(response.statusCode).toBe(503);
    expect(interception.attempts()).toBe(3);
  });
});
