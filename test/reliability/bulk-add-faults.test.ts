import type { DncNumberDto } from '../../lambda/shared/domain/dnc-number';
import { createDocumentClient } from '../../lambda/shared/dynamodb/document-client';
import { routeById } from '../../lib/routes';
import { dynamoDbError, interceptDynamoDbHttp, socketTimeout } from '../support/dynamodb-faults';
import { callerFor, newTenant, seedPhoneNumber } from '../support/factories';
import { invokeRoute, type RouteResponse } from '../support/invoke-route';
import { expectErrorShape, getEntry, itemsOfTenant } from '../support/table';

/**
 * `POST /v1/dnc_numbers/bulk` when DynamoDB fails part-way. Faults are injected at the SDK's HTTP
 * handler, beneath its retry layer, so the SDK's own 3 attempts and backoff run for real. Every
 * answer is checked against openapi.yml (invokeRoute).
 */

const documentClient = createDocumentClient();
let interception: ReturnType<typeof interceptDynamoDbHttp> | undefined;
afterEach(() => {
  interception?.restore();
  interception = undefined;
});
afterAll(() => documentClient.destroy());

const BULK_TIMEOUT_MILLIS = routeById('BulkAddDncNumbers').timeoutSeconds! * 1000;

/** Invokes the handler; the interception (if any) is removed before the test reads the table. */
const bulk = async (tenantId: string, body: unknown) => {
  try {
    return await invokeRoute('BulkAddDncNumbers', { body, authorizer: callerFor(tenantId), timeoutMillis: BULK_TIMEOUT_MILLIS });
  } finally {
    interception?.restore();
  }
};

const numbers = (count: number, from = 0) => Array.from({ length: count }, (_, index) => seedPhoneNumber(from + index));
const bodyOf = (phoneNumbers: readonly string[]) => ({
  phoneNumbers: phoneNumbers.map((phoneNumber) => ({ phoneNumber, reason: 'bulk' })),
});

const countsOf = (response: RouteResponse) => ({
  created: Number(response.headers['dnc-created-count']),
  existing: Number(response.headers['dnc-existing-count']),
});

// Every test here shares the handler module's DynamoDB client, and with it the SDK's retry quota
// (500 tokens; a throttling retry costs 5, a timeout retry 14, a success gives back 1). A throttled
// bulk request of 32 puts in flight drains it, after which the client stops retrying at all: the
// tests that need the SDK's retries run first.
describe('the SDK’s retries inside one bulk request', () => {
  it('answers 201 when throttled puts succeed on the SDK’s retry', async () => {
    const tenantId = newTenant();
    interception = interceptDynamoDbHttp(({ attempt, forward }) => (attempt <= 2 ? dynamoDbError('ThrottlingException') : forward()));
    const response = await bulk(tenantId, bodyOf(numbers(3)));
    expect(interception.attempts()).toBe(5);
    expect(response.statusCode).toBe(201);
    expect(countsOf(response)).toEqual({ created: 3, existing: 0 });
    expect(await itemsOfTenant(documentClient, tenantId)).toHaveLength(3);
  });

  it('a put that landed, then timed out, and was retried counts as created (its own id is recognised), not as existing', async () => {
    const tenantId = newTenant();
    const phoneNumbers = numbers(5);
    interception = interceptDynamoDbHttp(async ({ attempt, forward }) => {
      const response = await forward();
      if (attempt === 1) throw socketTimeout();
      return response;
    });
    const response = await bulk(tenantId, bodyOf(phoneNumbers));
    expect(interception.attempts()).toBe(6);
    expect(response.statusCode).toBe(201);
    expect(countsOf(response)).toEqual({ created: 5, existing: 0 });
    const dtos = response.json as DncNumberDto[];
    expect(dtos.map((dto) => dto.phoneNumber)).toEqual(phoneNumbers);
    for (const dto of dtos) expect((await getEntry(documentClient, tenantId, dto.phoneNumber))?.id).toBe(dto.id);
    expect(await itemsOfTenant(documentClient, tenantId)).toHaveLength(5);
  });

  it('counts every entry as created when each put’s first attempt landed and timed out', async () => {
    const tenantId = newTenant();
    // Fewer than the 32 puts in flight: the first 10 HTTP requests are the 10 first attempts (a
    // retry comes only after one of them has failed).
    const phoneNumbers = numbers(10);
    interception = interceptDynamoDbHttp(async ({ attempt, forward }) => {
      const response = await forward();
      if (attempt <= phoneNumbers.length) throw socketTimeout();
      return response;
    });
    const response = await bulk(tenantId, bodyOf(phoneNumbers));
    expect(response.statusCode).toBe(201);
    expect(countsOf(response)).toEqual({ created: 10, existing: 0 });
    expect(interception.attempts()).toBeGreaterThanOrEqual(20);
    const stored = new Map((await itemsOfTenant(documentClient, tenantId)).map((item) => [item.phoneNumber, item.id]));
    expect(stored.size).toBe(10);
    for (const dto of response.json as DncNumberDto[]) expect(stored.get(dto.phoneNumber)).toBe(dto.id);
  });
});

describe('DynamoDB throttled part-way through', () => {
  it('answers 503 with Retry-After, keeps what was written, and the same request again completes it with the same ids', async () => {
    const tenantId = newTenant();
    const phoneNumbers = numbers(120);
    const forwarded = 45;
    // The first 45 PutItem requests reach DynamoDB Local; every attempt after them is throttled,
    // so the puts in flight then fail all 3 of the SDK's attempts.
    interception = interceptDynamoDbHttp(({ attempt, forward }) =>
      attempt <= forwarded ? forward() : dynamoDbError('ProvisionedThroughputExceededException'),
    );
    const throttled = await bulk(tenantId, bodyOf(phoneNumbers));
    const attempts = interception.attempts();
    expect(throttled.statusCode).toBe(503);
    expectErrorShape(throttled);
    expect(throttled.headers['retry-after']).toBe('1');
    expect(throttled.body).not.toContain('injected');
    // Some put failed all 3 attempts; the request stopped starting new puts instead of trying all 120.
    expect(attempts).toBeGreaterThanOrEqual(forwarded + 3);
    expect(attempts).toBeLessThan(forwarded + 3 * (phoneNumbers.length - forwarded));

    // What was written stays written: exactly the puts that reached DynamoDB.
    const written = await itemsOfTenant(documentClient, tenantId);
    expect(written).toHaveLength(forwarded);
    const writtenIds = new Map(written.map((item) => [item.phoneNumber as string, item]));
    expect(phoneNumbers).toEqual(expect.arrayContaining([...writtenIds.keys()]));

    const repeated = await bulk(tenantId, bodyOf(phoneNumbers));
    expect(repeated.statusCode).toBe(201);
    expect(countsOf(repeated)).toEqual({ created: phoneNumbers.length - forwarded, existing: forwarded });
    const dtos = repeated.json as DncNumberDto[];
    expect(dtos.map((dto) => dto.phoneNumber)).toEqual(phoneNumbers);
    for (const dto of dtos) {
      const first = writtenIds.get(dto.phoneNumber);
      if (first !== undefined) expect(dto).toMatchObject({ id: first.id, createdAt: first.createdAt, updatedAt: first.updatedAt });
    }
    const stored = new Map((await itemsOfTenant(documentClient, tenantId)).map((item) => [item.phoneNumber, item.id]));
    expect(stored.size).toBe(phoneNumbers.length);
    for (const dto of dtos) expect(stored.get(dto.phoneNumber)).toBe(dto.id);

    // And once more: everything is there, nothing changes.
    const third = await bulk(tenantId, bodyOf(phoneNumbers));
    expect(countsOf(third)).toEqual({ created: 0, existing: phoneNumbers.length });
    expect(third.json).toEqual(dtos);
  });

  it('answers 503 and writes nothing when DynamoDB is throttled from the first put', async () => {
    const tenantId = newTenant();
    interception = interceptDynamoDbHttp(() => dynamoDbError('ThrottlingException'));
    const response = await bulk(tenantId, bodyOf(numbers(10)));
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('1');
    expect(await itemsOfTenant(documentClient, tenantId)).toEqual([]);
  });
});

describe('two bulk requests with the same numbers at once', () => {
  it('create each number once: the ids agree and the created counts add up to the distinct numbers', async () => {
    const tenantId = newTenant();
    const phoneNumbers = numbers(150);
    const [one, two] = await Promise.all([bulk(tenantId, bodyOf(phoneNumbers)), bulk(tenantId, bodyOf([...phoneNumbers].reverse()))]);
    expect([one.statusCode, two.statusCode]).toEqual([201, 201]);
    expect(countsOf(one).created + countsOf(two).created).toBe(150);
    expect(countsOf(one).created + countsOf(one).existing).toBe(150);
    expect(countsOf(two).created + countsOf(two).existing).toBe(150);
    const idsOne = new Map((one.json as DncNumberDto[]).map((dto) => [dto.phoneNumber, dto.id]));
    for (const dto of two.json as DncNumberDto[]) expect(dto.id).toBe(idsOne.get(dto.phoneNumber));
    expect(await itemsOfTenant(documentClient, tenantId)).toHaveLength(150);
  });
});
