import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { createDocumentClient } from '../../lambda/shared/dynamodb/document-client';
import { CREATE_PATH, invokeCreate, newTenant } from '../support/create-dnc-number';
import { expectDocumentedResponse } from '../support/openapi';
import {
  type HostileRequest,
  base64Encoded,
  deeplyNested,
  invalidPhones,
  invalidReasons,
  invalidUserIds,
  malformedJson,
  missingPhone,
  notAnObject,
  notJson,
  oversized,
  unknownKeys,
  validBody,
  validBodyText,
  wrongTypes,
} from './support/bodies';
import { expectErrorShape, getEntry, itemsOfTenant, scanItems } from '../support/table';

/**
 * Issue items 10 and 11, property-based: whatever the body, the create endpoint answers
 * 400, 413 or 415 in the error shape and writes nothing, unless the body is valid, in
 * which case it answers 201 and stores exactly what it was sent (numbers canonicalised).
 */

const documentClient = createDocumentClient();
afterAll(() => documentClient.destroy());

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MIN_INVALID_BODIES = 5_000;

describe('hostile bodies (item 10): 400, 413 or 415 in the error shape, never a 5xx, nothing written', () => {
  /**
   * Every invalid body of every category goes to this one tenant, which must end up with no
   * items; the caller's subject is unique too, so a write under any other tenant shows up.
   */
  const tenantId = newTenant();
  const subject = `hostile-${randomUUID()}`;
  const itemsWrittenByTheseRequests = async () => [
    ...(await itemsOfTenant(documentClient, tenantId)),
    ...(await scanItems(documentClient, { expression: 'createdBy = :subject', values: { ':subject': subject } })),
  ];
  const statuses = new Map<number, number>();
  let bodiesTried = 0;

  const send = async (hostile: HostileRequest) => {
    const response = await invokeCreate({
      body: hostile.body,
      headers: 'contentType' in hostile ? { 'content-type': hostile.contentType } : {},
      isBase64Encoded: hostile.isBase64Encoded ?? false,
      authorizer: { tenantId, subject },
    });
    bodiesTried += 1;
    statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
    return response;
  };

  const categories: [string, fc.Arbitrary<HostileRequest>, number][] = [
    ['JSON values that are not objects', notAnObject, 600],
    ['objects with a field of the wrong JSON type', fc.oneof(wrongTypes, base64Encoded(wrongTypes)), 550],
    ['objects with unknown keys, prototype names included', fc.oneof(unknownKeys, base64Encoded(unknownKeys)), 700],
    ['objects without phoneNumber', missingPhone, 150],
    ['invalid phone numbers', invalidPhones, 700],
    ['invalid userIds', fc.oneof(invalidUserIds, base64Encoded(invalidUserIds)), 600],
    ['invalid reasons', fc.oneof(invalidReasons, base64Encoded(invalidReasons)), 700],
    ['bodies over 16 KiB', oversized, 250],
    ['fields nested 1,000 to 10,000 levels deep', deeplyNested, 200],
    ['malformed JSON', fc.oneof(malformedJson, base64Encoded(malformedJson)), 600],
    ['content types other than JSON', notJson, 450],
  ];

  it.each(categories)('%s', async (_name, requests, numRuns) => {
    await fc.assert(
      fc.asyncProperty(requests, async (hostile) => {
        const response = await send(hostile);
        // The kind travels with the status so a failure says which generator produced it.
        expect({ kind: hostile.kind, statusCode: response.statusCode }).toEqual({
          kind: hostile.kind,
          statusCode: hostile.expected,
        });
        expectErrorShape(response);
        expectDocumentedResponse('POST', CREATE_PATH, response);
      }),
      { numRuns },
    );
    expect(await itemsWrittenByTheseRequests()).toEqual([]);
  });

  // Runs after the categories above (jest runs a file's tests in order) and checks them as a whole.
  it(`tried at least ${MIN_INVALID_BODIES} bodies, saw every one of 400/413/415 and no 5xx, and wrote nothing`, async () => {
    const items = await itemsWrittenByTheseRequests();
    const serverErrors = [...statuses].filter(([status]) => status >= 500).reduce((sum, [, count]) => sum + count, 0);
    const perStatus = [...statuses]
      .sort(([a], [b]) => a - b)
      .map(([status, count]) => `${status}: ${count}`)
      .join(', ');
    console.log(
      `hostile bodies tried: ${bodiesTried}; per status: ${perStatus}; 5xx seen: ${serverErrors}; items written: ${items.length}`,
    );
    expect(bodiesTried).toBeGreaterThanOrEqual(MIN_INVALID_BODIES);
    expect(serverErrors).toBe(0);
    expect([...statuses.keys()].sort((a, b) => a - b)).toEqual([400, 413, 415]);
    expect(items).toEqual([]);
  });
});

describe('valid bodies (item 11): 201 and an exact round trip', () => {
  it('stores the canonical number and exactly the userId and reason it was sent', async () => {
    let created = 0;
    await fc.assert(
      fc.asyncProperty(
        validBody,
        fc.constantFrom('application/json', 'application/json; charset=utf-8', 'application/json;charset=UTF-8'),
        async (body, contentType) => {
          // A fresh tenant per body: no generated number can collide with an earlier one.
          const tenantId = newTenant();
          const userId = body.userId ?? null;
          const reason = body.reason ?? null;
          const response = await invokeCreate({
            body: validBodyText(body),
            headers: { 'content-type': contentType },
            authorizer: { tenantId, subject: 'fuzzer' },
          });
          expect(response.statusCode).toBe(201);
          expectDocumentedResponse('POST', CREATE_PATH, response);
          expect(body.phone.input.replace(/[ \-.()]/g, '')).toBe(body.phone.canonical);
          expect(response.json.phoneNumber).toMatch(/^\+[1-9]\d{6,14}$/);
          expect(response.json).toEqual({
            id: expect.stringMatching(uuid),
            phoneNumber: body.phone.canonical,
            userId,
            reason,
            createdAt: expect.any(String),
            updatedAt: response.json.createdAt,
            expiresAt: null,
          });

          const item = await getEntry(documentClient, tenantId, body.phone.canonical, userId);
          expect(item).toBeDefined();
          expect({
            id: item?.id,
            phoneNumber: item?.phoneNumber,
            userId: item?.userId ?? null,
            reason: item?.reason ?? null,
            tenantId: item?.tenantId,
          }).toEqual({ id: response.json.id, phoneNumber: body.phone.canonical, userId, reason, tenantId });
          expect(item).not.toHaveProperty('expiresAt');
          created += 1;
        },
      ),
      { numRuns: 600 },
    );
    console.log(`valid bodies created and read back: ${created}`);
    expect(created).toBeGreaterThanOrEqual(500);
  });
});
