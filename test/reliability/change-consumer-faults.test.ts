import { ALL_SCOPES, createEntry, deliveredEvents, historyItems as storedHistory, useChangeStream } from '../support/change-stream';
import { dynamoDbError, eventBridgeEntryRefused, eventBridgeError, interceptDynamoDbHttp, operationOf } from '../support/dynamodb-faults';
import { invokeRoute } from '../support/invoke-route';

const PHONE = '+14155550100';
const fixture = useChangeStream();
const { tenant } = fixture;

const create = (tenantId: string, phoneNumber = PHONE) => createEntry(tenantId, { phoneNumber });
const historyItems = (tenantId: string, phoneNumber = PHONE) => storedHistory(fixture.client, tenantId, phoneNumber);

/** Faults every call of one operation while `failing()` is true; the rest goes through. */
const faultWhile = (operation: string, failing: () => boolean, fault: () => ReturnType<typeof dynamoDbError>) => {
  let faulted = 0;
  const interceptor = interceptDynamoDbHttp(({ request, forward }) => {
    if (operationOf(request) !== operation || !failing()) return forward();
    faulted += 1;
    return fault();
  });
  return { faulted: () => faulted, restore: interceptor.restore };
};

describe('change consumer faults', () => {
  it('rides out a brief EventBridge outage inside the SDK’s retries: one event, one history item', async () => {
    const tenantId = tenant();
    await create(tenantId);
    let failures = 1;
    const fault = faultWhile(
      'PutEvents',
      () => failures-- > 0,
      () => eventBridgeError('InternalException'),
    );
    try {
      expect((await fixture.stream.consume()).failures).toEqual([]);
    } finally {
      fault.restore();
    }
    expect(fault.faulted()).toBe(1);
    expect(deliveredEvents(tenantId)).toHaveLength(1);
    expect(await historyItems(tenantId)).toEqual([expect.objectContaining({ type: 'added', published: true })]);
  });

  it('fails the record when EventBridge stays down, keeps its history item unpublished, and publishes exactly once on redelivery', async () => {
    const tenantId = tenant();
    await create(tenantId);
    const records = await fixture.stream.records();
    const fault = faultWhile(
      'PutEvents',
      () => true,
      () => eventBridgeError('InternalException'),
    );
    try {
      expect((await fixture.stream.consume(records)).failures).toEqual([records[0]?.dynamodb?.SequenceNumber]);
    } finally {
      fault.restore();
    }
    expect(await historyItems(tenantId)).toEqual([expect.objectContaining({ published: false })]);
    expect(deliveredEvents(tenantId)).toEqual([]);

    expect((await fixture.stream.consume(records)).failures).toEqual([]);
    expect((await fixture.stream.consume(records)).failures).toEqual([]);
    expect(deliveredEvents(tenantId)).toHaveLength(1);
    expect(await historyItems(tenantId)).toEqual([expect.objectContaining({ published: true })]);
  });

  it('fails the record when EventBridge refuses the entry (FailedEntryCount), and publishes it on redelivery', async () => {
    const tenantId = tenant();
    await create(tenantId);
    const records = await fixture.stream.records();
    const fault = faultWhile('PutEvents', () => true, eventBridgeEntryRefused);
    try {
      expect((await fixture.stream.consume(records)).failures).toHaveLength(1);
    } finally {
      fault.restore();
    }
    expect((await fixture.stream.consume(records)).failures).toEqual([]);
    expect(deliveredEvents(tenantId)).toHaveLength(1);
  });

  it('fails only the records DynamoDB throttles past the SDK’s retries; their redelivery records them once', async () => {
    const tenantId = tenant();
    await create(tenantId, '+14155550101');
    await create(tenantId, '+14155550102');
    const records = await fixture.stream.records();
    // The first history write is throttled on every attempt; the other number's goes through.
    let throttledPk: string | undefined;
    const interceptor = interceptDynamoDbHttp(({ request, forward }) => {
      if (operationOf(request) !== 'PutItem') return forward();
      const pk = (JSON.parse(Buffer.from(request.body as Uint8Array).toString('utf8')) as { Item: { pk: { S: string } } }).Item.pk.S;
      throttledPk ??= pk;
      return pk === throttledPk ? dynamoDbError('ProvisionedThroughputExceededException') : forward();
    });
    let failures: string[];
    try {
      ({ failures } = await fixture.stream.consume(records));
    } finally {
      interceptor.restore();
    }
    expect(failures).toHaveLength(1);
    expect(deliveredEvents(tenantId)).toHaveLength(1);

    expect((await fixture.stream.consume(records)).failures).toEqual([]);
    expect(deliveredEvents(tenantId)).toHaveLength(2);
    expect([...(await historyItems(tenantId, '+14155550101')), ...(await historyItems(tenantId, '+14155550102'))]).toHaveLength(2);
  });

  it('holds back a number’s later changes while an earlier one fails, so they are announced in order', async () => {
    const tenantId = tenant();
    const entry = await create(tenantId);
    await invokeRoute('DeleteDncNumber', { pathParameters: { id: entry.id }, authorizer: { tenantId, scopes: ALL_SCOPES } });
    const records = await fixture.stream.records();
    expect(records).toHaveLength(2);
    let calls = 0;
    const fault = faultWhile(
      'PutEvents',
      () => ++calls === 1,
      () => eventBridgeError('ValidationException', 400),
    );
    try {
      const { failures } = await fixture.stream.consume(records);
      expect(failures).toEqual(records.map((record) => record.dynamodb?.SequenceNumber));
    } finally {
      fault.restore();
    }
    expect(deliveredEvents(tenantId)).toEqual([]);
    expect((await fixture.stream.consume(records)).failures).toEqual([]);
    expect(deliveredEvents(tenantId).map((event) => event['detail-type'])).toEqual(['DncNumberAdded', 'DncNumberRemoved']);
  });
});
