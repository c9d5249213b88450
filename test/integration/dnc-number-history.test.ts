import { scopes } from '../../lib/routes';
import { ALL_SCOPES, createEntry as create, useChangeStream } from '../support/change-stream';
import { interceptDynamoDbHttp, jsonBodyOf, operationOf } from '../support/dynamodb-faults';
import { invokeRoute } from '../support/invoke-route';
import { expectErrorShape } from '../support/table';

const PHONE = '+14155550100';
const fixture = useChangeStream();
const { tenant } = fixture;
const remove = (tenantId: string, id: string) =>
  invokeRoute('DeleteDncNumber', { pathParameters: { id }, authorizer: { tenantId, scopes: ALL_SCOPES } });
const history = (tenantId: string, query: Record<string, string> | string, scope: string = scopes.read) =>
  invokeRoute('GetDncNumberHistory', { query, authorizer: { tenantId, scopes: scope } });

/** Adds and removes the number `rounds` times (global scope), then lets the consumer record it all. */
const churn = async (tenantId: string, rounds: number) => {
  const ids: string[] = [];
  for (let round = 0; round < rounds; round += 1) {
    const entry = await create(tenantId, { phoneNumber: PHONE, reason: `round ${round}` });
    expect((await remove(tenantId, entry.id)).statusCode).toBe(200);
    ids.push(entry.id);
  }
  expect((await fixture.stream.consume()).failures).toEqual([]);
  return ids;
};

describe('GET /v1/dnc_numbers/history', () => {
  it('shows every scope of the number, oldest first, for the number in any spelling', async () => {
    const tenantId = tenant();
    const global = await create(tenantId, { phoneNumber: PHONE });
    const user = await create(tenantId, { phoneNumber: PHONE, userId: 'agent-7' });
    await fixture.stream.consume();
    const response = await history(tenantId, { phoneNumber: '+1 (415) 555-0100' });
    expect(response.statusCode).toBe(200);
    expect(response.json).toEqual({
      phoneNumber: PHONE,
      events: [expect.objectContaining({ type: 'added', dncNumber: global }), expect.objectContaining({ type: 'added', dncNumber: user })],
      nextCursor: null,
    });
    // Stored as a DynamoDB map, answered with the DTO's keys in the DTO's order, as every route does.
    for (const event of response.json.events) expect(Object.keys(event.dncNumber)).toEqual(Object.keys(global));
  });

  it('reads a + that arrived as a space (an unencoded query string) as +', async () => {
    const tenantId = tenant();
    await create(tenantId, { phoneNumber: PHONE });
    await fixture.stream.consume();
    const response = await history(tenantId, `phoneNumber=${PHONE}`);
    expect(response.json.events).toHaveLength(1);
  });

  it('answers an empty history for a number never listed', async () => {
    const response = await history(tenant(), { phoneNumber: '+14155550199' });
    expect(response.json).toEqual({ phoneNumber: '+14155550199', events: [], nextCursor: null });
  });

  it('pages with nextCursor through every event exactly once, in order', async () => {
    const tenantId = tenant();
    const ids = await churn(tenantId, 3);
    const seen: Array<{ type: string; id: string }> = [];
    let cursor: string | null = null;
    do {
      const response: Awaited<ReturnType<typeof history>> = await history(tenantId, {
        phoneNumber: PHONE,
        size: '2',
        ...(cursor ? { cursor } : {}),
      });
      expect(response.statusCode).toBe(200);
      expect(response.json.events.length).toBeLessThanOrEqual(2);
      seen.push(
        ...response.json.events.map((event: { type: string; dncNumber: { id: string } }) => ({ type: event.type, id: event.dncNumber.id })),
      );
      cursor = response.json.nextCursor;
    } while (cursor !== null);
    expect(seen).toEqual(
      ids.flatMap((id) => [
        { type: 'added', id },
        { type: 'removed', id },
      ]),
    );
  });

  it('answers no nextCursor when the events exactly fill the page', async () => {
    const tenantId = tenant();
    await churn(tenantId, 1);
    const response = await history(tenantId, { phoneNumber: PHONE, size: '2' });
    expect(response.json.events).toHaveLength(2);
    expect(response.json.nextCursor).toBeNull();
  });

  it('reads the removal receipt and the history strongly consistent (DynamoDB Local always is, so the requests are checked)', async () => {
    const tenantId = tenant();
    // Reads of the table itself: an index (the removal finds the entry by id) cannot be read consistently.
    type Read = { ConsistentRead?: boolean; IndexName?: string };
    const reads: Array<{ operation: string; body: Read }> = [];
    const interception = interceptDynamoDbHttp(async (fault) => {
      const operation = operationOf(fault.request);
      if (operation === 'GetItem' || operation === 'Query') reads.push({ operation, body: await jsonBodyOf<Read>(fault.request.body) });
      return fault.forward();
    });
    try {
      await churn(tenantId, 1);
      expect((await history(tenantId, { phoneNumber: PHONE })).json.events).toHaveLength(2);
    } finally {
      interception.restore();
    }
    const tableReads = reads.filter(({ body }) => body.IndexName === undefined);
    expect(tableReads.map(({ operation }) => operation)).toEqual(expect.arrayContaining(['GetItem', 'Query']));
    for (const read of tableReads)
      expect(read).toEqual({ operation: read.operation, body: expect.objectContaining({ ConsistentRead: true }) });
  });

  it('never shows another tenant’s history of the same number', async () => {
    const owner = tenant();
    await churn(owner, 1);
    const response = await history(tenant(), { phoneNumber: PHONE });
    expect(response.json.events).toEqual([]);
  });

  describe('400', () => {
    it.each([
      ['no phoneNumber', {}, 'query.phoneNumber'],
      ['a phoneNumber that is not E.164', { phoneNumber: '415-555' }, 'query.phoneNumber'],
      ['size 0', { phoneNumber: PHONE, size: '0' }, 'query.size'],
      ['size 101', { phoneNumber: PHONE, size: '101' }, 'query.size'],
      ['an unknown parameter', { phoneNumber: PHONE, userId: 'agent-7' }, 'userId'],
    ])('%s', async (_, query, named) => {
      const response = await history(tenant(), query);
      expect(response.statusCode).toBe(400);
      expectErrorShape(response);
      expect(response.json.message).toContain(named);
    });

    it('a cursor altered, or used by another tenant or for another number', async () => {
      const tenantId = tenant();
      await churn(tenantId, 2);
      const { json } = await history(tenantId, { phoneNumber: PHONE, size: '1' });
      const cursor = json.nextCursor as string;
      expect((await history(tenantId, { phoneNumber: PHONE, cursor })).statusCode).toBe(200);
      const altered = `${cursor.slice(0, 5)}${cursor[5] === 'A' ? 'B' : 'A'}${cursor.slice(6)}`;
      for (const [owner, query] of [
        [tenantId, { phoneNumber: PHONE, cursor: altered }],
        [tenant(), { phoneNumber: PHONE, cursor }],
        [tenantId, { phoneNumber: '+14155550199', cursor }],
      ] as const) {
        const response = await history(owner, query);
        expect(response.statusCode).toBe(400);
        expect(response.json.message).toContain('cursor is invalid');
      }
    });
  });

  it('403 for a token without dnc/read', async () => {
    const response = await history(tenant(), { phoneNumber: PHONE }, `${scopes.write} ${scopes.delete}`);
    expect(response.statusCode).toBe(403);
  });
});
