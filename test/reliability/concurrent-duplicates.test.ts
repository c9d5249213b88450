import { createDocumentClient } from '../../lambda/shared/dynamodb/document-client';
import { invokeCreate, newTenant } from '../support/create-dnc-number';
import { itemsOfTenant } from '../support/table';

const documentClient = createDocumentClient();
afterAll(() => documentClient.destroy());

const spellings = ['+14155550160', '+1 415 555 0160', '+1-415-555-0160', '+1.415.555.0160', '+1 (415) 555-0160', '+1(415)5550160'];

describe('200 concurrent creates of one number, in mixed spellings', () => {
  it('create exactly one entry: one 201, 199 × 409 carrying it, no 5xx', async () => {
    const tenant = newTenant();
    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, index) =>
        invokeCreate({ body: { phoneNumber: spellings[index % spellings.length] }, authorizer: { tenantId: tenant } }),
      ),
    );
    const created = responses.filter((response) => response.statusCode === 201);
    const conflicts = responses.filter((response) => response.statusCode === 409);
    expect(responses.filter((response) => response.statusCode >= 500)).toEqual([]);
    expect(created).toHaveLength(1);
    expect(conflicts).toHaveLength(199);
    for (const conflict of conflicts) expect(conflict.json.dncNumber).toEqual(created[0]!.json);
    const items = await itemsOfTenant(documentClient, tenant);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ id: created[0]!.json.id, phoneNumber: '+14155550160' });
  });
});
