import type { DncNumberDto } from '../../lambda/shared/domain/dnc-number';
import { createDocumentClient } from '../../lambda/shared/dynamodb/document-client';
import type { HttpResponse } from '../../lambda/shared/http/response';
import { routeById, scopes } from '../../lib/routes';
import { lambdaContext, proxyEvent } from '../../local/api-gateway-events';
import { callerFor, newTenant, seedPhoneNumber } from '../support/factories';
import { invokeRoute, type RouteRequest, type RouteResponse } from '../support/invoke-route';
import { expectDocumentedResponse } from '../support/openapi';
import { entryKey, expectErrorShape, getEntry, itemsOfTenant, scanItems } from '../support/table';

/**
 * `POST /v1/dnc_numbers/bulk` writes for the token's tenant only (DESIGN §1): another tenant's
 * entries for the same numbers are neither touched, nor returned, nor counted, and a tenant
 * named in the body, query string or headers is refused or ignored.
 */

const documentClient = createDocumentClient();
afterAll(() => documentClient.destroy());

const PHONES = Array.from({ length: 6 }, (_, index) => seedPhoneNumber(index));
const BULK_PATH = '/v1/dnc_numbers/bulk';
const bulkRoute = routeById('BulkAddDncNumbers');

const bulk = (tenantId: string, body: unknown, request: Omit<RouteRequest, 'body' | 'authorizer'> & { subject?: string } = {}) => {
  const { subject, ...rest } = request;
  return invokeRoute('BulkAddDncNumbers', {
    ...rest,
    body,
    authorizer: callerFor(tenantId, subject === undefined ? {} : { subject }),
  });
};

const bodyOf = (phoneNumbers: readonly string[], reason: string | null = null, userId: string | null = null) => ({
  phoneNumbers: phoneNumbers.map((phoneNumber) => ({ phoneNumber, reason })),
  userId,
});

const countsOf = (response: RouteResponse) => ({
  created: response.headers['dnc-created-count'],
  existing: response.headers['dnc-existing-count'],
});

/** Every item of the tenant sits under the tenant's own keys and carries the tenant. */
const expectOwnKeys = async (tenantId: string, dtos: readonly DncNumberDto[], userId: string | null = null) => {
  const items = await itemsOfTenant(documentClient, tenantId);
  expect(items).toHaveLength(dtos.length);
  for (const dto of dtos) {
    expect(await getEntry(documentClient, tenantId, dto.phoneNumber, userId)).toMatchObject({
      ...entryKey(tenantId, dto.phoneNumber, userId),
      id: dto.id,
      tenantId,
      idPk: `TENANT#${tenantId}#ID#${dto.id}`,
    });
  }
};

describe('tenant isolation of POST /v1/dnc_numbers/bulk', () => {
  it.each([
    ['the global scope', null],
    ['a user scope', 'user-1'],
  ])('in %s: B’s bulk of A’s numbers creates B’s own entries, shows none of A’s, and A’s stay as they were', async (_scope, userId) => {
    const tenantA = newTenant();
    const tenantB = newTenant();
    const firstA = await bulk(tenantA, bodyOf(PHONES, 'secret reason of A', userId), { subject: 'client-a' });
    expect(firstA.statusCode).toBe(201);
    expect(countsOf(firstA)).toEqual({ created: '6', existing: '0' });
    const entriesA = firstA.json as DncNumberDto[];

    const firstB = await bulk(tenantB, bodyOf(PHONES, 'reason of B', userId), { subject: 'client-b' });
    expect(firstB.statusCode).toBe(201);
    expect(countsOf(firstB)).toEqual({ created: '6', existing: '0' });
    const entriesB = firstB.json as DncNumberDto[];
    expect(entriesB.map((dto) => dto.reason)).toEqual(PHONES.map(() => 'reason of B'));
    for (const dto of entriesA) expect(firstB.body).not.toContain(dto.id);
    expect(firstB.body).not.toContain('secret reason of A');

    // Each tenant's repeat finds its own entries only.
    const againB = await bulk(tenantB, bodyOf(PHONES, 'again', userId));
    expect(countsOf(againB)).toEqual({ created: '0', existing: '6' });
    expect(againB.json).toEqual(entriesB);
    const againA = await bulk(tenantA, bodyOf(PHONES, 'again', userId));
    expect(countsOf(againA)).toEqual({ created: '0', existing: '6' });
    expect(againA.json).toEqual(entriesA);

    await expectOwnKeys(tenantA, entriesA, userId);
    await expectOwnKeys(tenantB, entriesB, userId);
    for (const phoneNumber of PHONES) {
      expect(await getEntry(documentClient, tenantA, phoneNumber, userId)).toMatchObject({
        reason: 'secret reason of A',
        createdBy: 'client-a',
      });
    }
  });

  it('A’s bulk never writes for B, even when B already lists some of the numbers', async () => {
    const tenantA = newTenant();
    const tenantB = newTenant();
    const seededB = await bulk(tenantB, bodyOf(PHONES.slice(0, 3), 'B only'));
    const beforeB = await itemsOfTenant(documentClient, tenantB);
    const responseA = await bulk(tenantA, bodyOf(PHONES));
    expect(countsOf(responseA)).toEqual({ created: '6', existing: '0' });
    for (const dto of seededB.json as DncNumberDto[]) expect(responseA.body).not.toContain(dto.id);
    expect(responseA.body).not.toContain('B only');
    expect(await itemsOfTenant(documentClient, tenantB)).toEqual(beforeB);
    await expectOwnKeys(tenantA, responseA.json);
  });

  describe('a tenant named by the request', () => {
    it.each([
      ['tenantId', (tenantB: string) => tenantB],
      ['tenant', (tenantB: string) => tenantB],
      ['pk', (tenantB: string) => `TENANT#${tenantB}#PHONE#${PHONES[0]}`],
      ['createdBy', () => 'client-b'],
    ])('%s in the body → 400 naming it, nothing written for anyone', async (field, value) => {
      const tenantA = newTenant();
      const tenantB = newTenant();
      const response = await bulk(tenantA, { ...bodyOf(PHONES), [field]: value(tenantB) });
      expect(response.statusCode).toBe(400);
      expectErrorShape(response);
      expect(response.json.message).toBe(`unknown properties are not allowed: ${field}`);
      expect(await itemsOfTenant(documentClient, tenantA)).toEqual([]);
      expect(await itemsOfTenant(documentClient, tenantB)).toEqual([]);
    });

    it('tenantId, id and createdBy in items → 400 naming each item, nothing written, the injected id nowhere', async () => {
      const tenantA = newTenant();
      const tenantB = newTenant();
      const injectedId = '11111111-1111-4111-8111-111111111111';
      const response = await bulk(tenantA, {
        phoneNumbers: [
          { phoneNumber: PHONES[0], tenantId: tenantB },
          { phoneNumber: PHONES[1] },
          { phoneNumber: PHONES[2], id: injectedId, createdBy: 'client-b' },
        ],
      });
      expect(response.statusCode).toBe(400);
      expect(response.json.message).toBe(
        'phoneNumbers[0]: unknown properties are not allowed: tenantId; phoneNumbers[2]: unknown properties are not allowed: id, createdBy',
      );
      expect(await itemsOfTenant(documentClient, tenantA)).toEqual([]);
      expect(await itemsOfTenant(documentClient, tenantB)).toEqual([]);
      expect(await scanItems(documentClient, { expression: 'id = :id', values: { ':id': injectedId } })).toEqual([]);
    });

    it('query string tenantId=B → 400 naming the parameter, nothing written', async () => {
      const tenantA = newTenant();
      const tenantB = newTenant();
      const response = await bulk(tenantA, bodyOf(PHONES), { query: { tenantId: tenantB, userId: 'user-1' } });
      expect(response.statusCode).toBe(400);
      expectErrorShape(response);
      expect(response.json.message).toBe('unknown query parameters are not allowed: tenantId, userId');
      expect(await itemsOfTenant(documentClient, tenantA)).toEqual([]);
      expect(await itemsOfTenant(documentClient, tenantB)).toEqual([]);
    });

    it('headers, cookies, path parameters and stage variables naming B → written for A only', async () => {
      const tenantA = newTenant();
      const tenantB = newTenant();
      const { handler } = await import('../../lambda/bulk-add-dnc-numbers/index');
      const event = {
        ...proxyEvent(
          bulkRoute,
          {
            method: 'POST',
            rawPath: BULK_PATH,
            headers: {
              'content-type': 'application/json',
              'x-tenant-id': tenantB,
              'x-amzn-tenant-id': tenantB,
              tenant: tenantB,
              'x-amzn-requestcontext': JSON.stringify({ authorizer: { lambda: { tenantId: tenantB } } }),
              authorization: `Bearer tenant:${tenantB}`,
              cookie: `tenantId=${tenantB}`,
            },
            body: JSON.stringify(bodyOf(PHONES)),
          },
          { tenantId: tenantA, subject: 'client-a', scopes: `${scopes.write} ${scopes.read}` },
        ),
        pathParameters: { tenantId: tenantB },
        stageVariables: { tenantId: tenantB },
      };
      const response = (await handler(event as never, lambdaContext(bulkRoute.id, 25_000))) as HttpResponse;
      expectDocumentedResponse('POST', BULK_PATH, response);
      expect(response.statusCode).toBe(201);
      await expectOwnKeys(tenantA, JSON.parse(response.body));
      expect(await itemsOfTenant(documentClient, tenantB)).toEqual([]);
    });
  });

  describe('tenant ids that look like key fragments', () => {
    it.each([
      ['a tenant named after another tenant’s key', (base: string) => [base, `${base}#PHONE#${PHONES[0]}`]],
      ['a trailing #PHONE#', (base: string) => [`${base}#PHONE#`, base]],
      ['a whole key in the tenant id', (base: string) => [`${base}#PHONE#${PHONES[0]}#SCOPE#GLOBAL`, base]],
      ['a TENANT# prefix', (base: string) => [`TENANT#${base}`, base]],
    ])('%s: each tenant’s bulk creates its own entries and finds only its own', async (_case, pair) => {
      const [first, second] = pair(newTenant()) as [string, string];
      const one = await bulk(first, bodyOf(PHONES.slice(0, 2)));
      const two = await bulk(second, bodyOf(PHONES.slice(0, 2)));
      expect([countsOf(one), countsOf(two)]).toEqual([
        { created: '2', existing: '0' },
        { created: '2', existing: '0' },
      ]);
      const oneAgain = await bulk(first, bodyOf(PHONES.slice(0, 2)));
      const twoAgain = await bulk(second, bodyOf(PHONES.slice(0, 2)));
      expect(oneAgain.json).toEqual(one.json);
      expect(twoAgain.json).toEqual(two.json);
      await expectOwnKeys(first, one.json);
      await expectOwnKeys(second, two.json);
    });
  });
});
