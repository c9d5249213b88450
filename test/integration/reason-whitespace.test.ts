import { callerFor, newTenant } from '../support/factories';
import { invokeRoute } from '../support/invoke-route';

/**
 * A reason may hold tab, line feed and carriage return (a note pasted from a form keeps its
 * lines); other control characters are refused. Through the real handlers, and read back by id.
 */

const reasons = [
  ['a tab', 'called\tat 9pm'],
  ['a line feed', 'first line\nsecond line'],
  ['a carriage return and line feed', 'first line\r\nsecond line'],
  ['a lone carriage return', 'first line\rsecond line'],
  ['all three', '\tindented\r\n\tand again\n'],
] as const;

const readBack = async (tenantId: string, id: string) => {
  const response = await invokeRoute('GetDncNumber', { pathParameters: { id }, authorizer: callerFor(tenantId) });
  expect(response.statusCode).toBe(200);
  return response.json;
};

describe('a reason with a tab or a line break is accepted and kept exactly', () => {
  it.each(reasons)('create: %s', async (_case, reason) => {
    const tenantId = newTenant();
    const created = await invokeRoute('CreateDncNumber', {
      body: { phoneNumber: '+14155550700', reason },
      authorizer: callerFor(tenantId),
    });
    expect(created.statusCode).toBe(201);
    expect(created.json.reason).toBe(reason);
    expect((await readBack(tenantId, created.json.id)).reason).toBe(reason);
  });

  it('bulk: every item keeps its own reason', async () => {
    const tenantId = newTenant();
    const phoneNumbers = reasons.map(([, reason], index) => ({ phoneNumber: `+1415555071${index}`, reason }));
    const response = await invokeRoute('BulkAddDncNumbers', { body: { phoneNumbers }, authorizer: callerFor(tenantId) });
    expect(response.statusCode).toBe(201);
    expect(response.json.map((entry: { reason: string }) => entry.reason)).toEqual(reasons.map(([, reason]) => reason));
    for (const [index, entry] of (response.json as Array<{ id: string }>).entries()) {
      expect((await readBack(tenantId, entry.id)).reason).toBe(reasons[index]![1]);
    }
  });

  it.each([
    ['a vertical tab', 'a\u000bb'],
    ['a form feed', 'a\u000cb'],
    ['an escape', 'a\u001bb'],
  ])('while %s is still refused (create and bulk)', async (_case, reason) => {
    const create = await invokeRoute('CreateDncNumber', { body: { phoneNumber: '+14155550720', reason } });
    expect(create.statusCode).toBe(400);
    const bulk = await invokeRoute('BulkAddDncNumbers', { body: { phoneNumbers: [{ phoneNumber: '+14155550720', reason }] } });
    expect(bulk.statusCode).toBe(400);
  });
});
