import { randomUUID } from 'node:crypto';
import type { AuthorizerContext } from '../../lambda/shared/auth/authorizer-context';
import { createDocumentClient } from '../../lambda/shared/dynamodb/document-client';
import type { HttpResponse } from '../../lambda/shared/http/response';
import { scopes } from '../../lib/routes';
import { type GatewayRequest, lambdaContext, proxyEvent } from '../../local/api-gateway-events';
import { CREATE_PATH, createRoute, invokeCreate, newTenant } from '../support/create-dnc-number';
import { expectDocumentedResponse } from '../support/openapi';
import { entryKey, expectErrorShape, getEntry, itemsOfTenant, scanItems } from '../support/table';

/**
 * Issue item 9: the tenant comes from the verified token only. Nothing a caller puts in
 * the body, headers, query string or path can write into (or read from) another
 * tenant's list, and tenant ids that look like key fragments cannot collide.
 */

const documentClient = createDocumentClient();
afterAll(() => documentClient.destroy());

const PHONE = '+14155550123';

/** Every response of this suite must be one that openapi.yml documents. */
const create = async (request: Parameters<typeof invokeCreate>[0]) => {
  const response = await invokeCreate(request);
  expectDocumentedResponse('POST', CREATE_PATH, response);
  return response;
};

/** Calls the real handler with an event built here, for fields `invokeCreate` does not set. */
const invokeWithEvent = async (
  request: Omit<GatewayRequest, 'method' | 'rawPath'>,
  authorizer: Pick<AuthorizerContext, 'tenantId'>,
  extra: Record<string, unknown> = {},
) => {
  const { handler } = await import('../../lambda/create-dnc-number/index');
  const event = {
    ...proxyEvent(
      createRoute,
      { method: 'POST', rawPath: CREATE_PATH, ...request },
      { subject: 'client-a', scopes: `${scopes.write} ${scopes.read}`, ...authorizer },
    ),
    ...extra,
  };
  const response = (await handler(event as never, lambdaContext('CreateDncNumber', 10_000))) as HttpResponse;
  expectDocumentedResponse('POST', CREATE_PATH, response);
  return { ...response, json: JSON.parse(response.body) as Record<string, any> };
};

/** The entry was written under A's key, for A, and tenant B has nothing at all. */
const expectWrittenOnlyForA = async (
  response: { statusCode: number; json: Record<string, any> },
  tenantA: string,
  tenantB: string,
  phoneNumber = PHONE,
) => {
  expect(response.statusCode).toBe(201);
  const stored = await getEntry(documentClient, tenantA, phoneNumber);
  expect(stored).toMatchObject({ ...entryKey(tenantA, phoneNumber), id: response.json.id, tenantId: tenantA, phoneNumber });
  expect(await itemsOfTenant(documentClient, tenantA)).toHaveLength(1);
  expect(await itemsOfTenant(documentClient, tenantB)).toEqual([]);
  expect(await getEntry(documentClient, tenantB, phoneNumber)).toBeUndefined();
};

describe('tenant isolation of POST /v1/dnc_numbers/create', () => {
  describe('body fields naming a tenant, a key or audit data', () => {
    const injected = (tenantB: string) => ({
      tenantId: tenantB,
      tenant: tenantB,
      pk: `TENANT#${tenantB}#PHONE#${PHONE}`,
      sk: 'SCOPE#GLOBAL',
      // Unique per call: other suites (bulk-tenancy) legitimately write entries created by client-b.
      createdBy: `client-b-${randomUUID()}`,
      id: randomUUID(),
      createdAt: '2020-01-01T00:00:00.000Z',
      updatedAt: '2020-01-01T00:00:00.000Z',
    });

    it.each(Object.keys(injected('B')))('%s → 400 naming it, and nothing written for anyone', async (field) => {
      const tenantA = newTenant();
      const tenantB = newTenant();
      const value = injected(tenantB)[field as keyof ReturnType<typeof injected>];
      const response = await create({
        body: { phoneNumber: PHONE, [field]: value },
        authorizer: { tenantId: tenantA },
      });
      expect(response.statusCode).toBe(400);
      expectErrorShape(response);
      expect(response.json.message).toContain(field);
      expect(await itemsOfTenant(documentClient, tenantA)).toEqual([]);
      expect(await itemsOfTenant(documentClient, tenantB)).toEqual([]);
      expect(await getEntry(documentClient, tenantB, PHONE)).toBeUndefined();
      expect(await getEntry(documentClient, tenantA, PHONE)).toBeUndefined();
    });

    it('all of them at once → 400 naming every one, and no item anywhere carries the injected id', async () => {
      const tenantA = newTenant();
      const tenantB = newTenant();
      const fields = injected(tenantB);
      const response = await create({ body: { phoneNumber: PHONE, ...fields }, authorizer: { tenantId: tenantA } });
      expect(response.statusCode).toBe(400);
      expectErrorShape(response);
      for (const field of Object.keys(fields)) expect(response.json.message).toContain(field);
      expect(await itemsOfTenant(documentClient, tenantA)).toEqual([]);
      expect(await itemsOfTenant(documentClient, tenantB)).toEqual([]);
      expect(await scanItems(documentClient, { expression: 'id = :id', values: { ':id': fields.id } })).toEqual([]);
      expect(await scanItems(documentClient, { expression: 'createdBy = :subject', values: { ':subject': fields.createdBy } })).toEqual([]);
    });
  });

  describe('headers naming another tenant', () => {
    const tenantHeaders = [
      'x-tenant-id',
      'X-Tenant-Id',
      'x-amzn-tenant',
      'x-amzn-tenant-id',
      'tenant-id',
      'tenant',
      'tenantId',
      'x-forwarded-for',
      'x-forwarded-host',
      'x-amz-tenant-id',
      'x-api-tenant',
    ];

    it.each(tenantHeaders)('%s: B → the entry is written under A, B has nothing', async (header) => {
      const tenantA = newTenant();
      const tenantB = newTenant();
      const response = await create({
        body: { phoneNumber: PHONE },
        headers: { [header]: tenantB },
        authorizer: { tenantId: tenantA },
      });
      await expectWrittenOnlyForA(response, tenantA, tenantB);
    });

    it('all of them at once, including a forged authorizer context header', async () => {
      const tenantA = newTenant();
      const tenantB = newTenant();
      const headers = Object.fromEntries(tenantHeaders.map((header) => [header, tenantB]));
      const response = await create({
        body: { phoneNumber: PHONE },
        headers: {
          ...headers,
          'x-amzn-requestcontext': JSON.stringify({ authorizer: { lambda: { tenantId: tenantB } } }),
          authorization: `Bearer tenant:${tenantB}`,
        },
        authorizer: { tenantId: tenantA },
      });
      await expectWrittenOnlyForA(response, tenantA, tenantB);
    });
  });

  describe('query string and path naming another tenant', () => {
    it('rawQueryString tenantId=B → 400 naming the parameter; nothing is written for A or B', async () => {
      const tenantA = newTenant();
      const tenantB = newTenant();
      const response = await invokeWithEvent(
        {
          rawQueryString: `tenantId=${tenantB}&pk=${encodeURIComponent(`TENANT#${tenantB}#PHONE#${PHONE}`)}`,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ phoneNumber: PHONE }),
        },
        { tenantId: tenantA },
      );
      expect(response.statusCode).toBe(400);
      expect(response.json.message).toBe('unknown query parameters are not allowed: tenantId, pk');
      expect(await itemsOfTenant(documentClient, tenantA)).toEqual([]);
      expect(await itemsOfTenant(documentClient, tenantB)).toEqual([]);
    });

    it('path parameters, stage variables and cookies all naming B → written under A only', async () => {
      const tenantA = newTenant();
      const tenantB = newTenant();
      const response = await invokeWithEvent(
        {
          headers: { 'content-type': 'application/json', cookie: `tenantId=${tenantB}; tenant=${tenantB}` },
          body: JSON.stringify({ phoneNumber: PHONE }),
        },
        { tenantId: tenantA },
        { pathParameters: { tenantId: tenantB, tenant: tenantB }, stageVariables: { tenantId: tenantB } },
      );
      await expectWrittenOnlyForA(response, tenantA, tenantB);
    });
  });

  describe('uniqueness is per tenant', () => {
    it.each([
      ['the global scope', null],
      ['a user scope', 'user-1'],
    ])('in %s: A’s number causes no 409 for B, and each 409 carries only the caller’s own entry', async (_scope, userId) => {
      const tenantA = newTenant();
      const tenantB = newTenant();
      const body = { phoneNumber: PHONE, userId, reason: 'first' };
      const firstA = await create({ body, authorizer: { tenantId: tenantA, subject: 'client-a' } });
      const firstB = await create({ body, authorizer: { tenantId: tenantB, subject: 'client-b' } });
      expect([firstA.statusCode, firstB.statusCode]).toEqual([201, 201]);
      expect(firstB.json.id).not.toBe(firstA.json.id);

      const againA = await create({ body: { ...body, reason: 'again' }, authorizer: { tenantId: tenantA } });
      expect(againA.statusCode).toBe(409);
      expect(againA.json.dncNumber).toEqual(firstA.json);
      expect(againA.body).not.toContain(firstB.json.id);

      const againB = await create({ body: { ...body, reason: 'again' }, authorizer: { tenantId: tenantB } });
      expect(againB.statusCode).toBe(409);
      expect(againB.json.dncNumber).toEqual(firstB.json);
      expect(againB.body).not.toContain(firstA.json.id);

      for (const [tenantId, first] of [
        [tenantA, firstA],
        [tenantB, firstB],
      ] as const) {
        const items = await itemsOfTenant(documentClient, tenantId);
        expect(items).toHaveLength(1);
        expect(items[0]).toMatchObject({ ...entryKey(tenantId, PHONE, userId), id: first.json.id, tenantId, reason: 'first' });
      }
    });
  });

  describe('tenant ids that look like key fragments', () => {
    const pairs = (base: string): [string, string, string][] => [
      ['a tenant named after another tenant’s key', base, `${base}#PHONE#${PHONE}`],
      ['a trailing #', `${base}#`, base],
      ['a trailing #PHONE#', `${base}#PHONE#`, base],
      ['#SCOPE#GLOBAL in the tenant id', base, `${base}#SCOPE#GLOBAL`],
      ['a whole key in the tenant id', `${base}#PHONE#${PHONE}#SCOPE#GLOBAL`, base],
      ['a user scope in the tenant id', `${base}#PHONE#${PHONE}#SCOPE#USER#user-1`, base],
      ['nested key fragments', `${base}#PHONE#${PHONE}`, `${base}#PHONE#${PHONE}#PHONE#${PHONE}`],
      ['a TENANT# prefix', `TENANT#${base}`, base],
    ];

    it.each(pairs('<base>').map(([name], index) => [name, index] as const))(
      '%s: both tenants get 201, separate entries, and their own 409s',
      async (_name, index) => {
        const [, first, second] = pairs(newTenant())[index]!;
        for (const userId of [null, 'user-1']) {
          const body = { phoneNumber: PHONE, userId };
          const one = await create({ body, authorizer: { tenantId: first } });
          const two = await create({ body, authorizer: { tenantId: second } });
          expect([one.statusCode, two.statusCode]).toEqual([201, 201]);
          expect(two.json.id).not.toBe(one.json.id);

          expect(await getEntry(documentClient, first, PHONE, userId)).toMatchObject({ id: one.json.id, tenantId: first });
          expect(await getEntry(documentClient, second, PHONE, userId)).toMatchObject({ id: two.json.id, tenantId: second });

          const oneAgain = await create({ body, authorizer: { tenantId: first } });
          const twoAgain = await create({ body, authorizer: { tenantId: second } });
          expect([oneAgain.statusCode, twoAgain.statusCode]).toEqual([409, 409]);
          expect(oneAgain.json.dncNumber).toEqual(one.json);
          expect(twoAgain.json.dncNumber).toEqual(two.json);
        }
        for (const tenantId of [first, second]) {
          const items = await itemsOfTenant(documentClient, tenantId);
          expect(items.map((item) => item.sk).sort()).toEqual(['SCOPE#GLOBAL', 'SCOPE#USER#user-1']);
          for (const item of items) expect(item.pk).toBe(`TENANT#${tenantId}#PHONE#${PHONE}`);
        }
      },
    );
  });
});
