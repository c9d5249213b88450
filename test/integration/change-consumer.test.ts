import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { logger as serviceLogger } from '../../lambda/shared/logger';
import { captureOutput, logLinesOf } from '../support/captured-output';
import { ALL_SCOPES, createEntry as create, deliveredEvents, historyItems, useChangeStream } from '../support/change-stream';
import { writeExpiredEntry } from '../support/factories';
import { invokeRoute } from '../support/invoke-route';
import { entryKey, getEntry, tableName } from '../support/table';

const fixture = useChangeStream();
const { tenant } = fixture;

const remove = (tenantId: string, id: string, reason?: string, subject = 'client-1') =>
  invokeRoute('DeleteDncNumber', {
    pathParameters: { id },
    ...(reason === undefined ? {} : { query: { reason } }),
    authorizer: { tenantId, subject, scopes: ALL_SCOPES },
  });

const history = async (tenantId: string, phoneNumber: string) => {
  const response = await invokeRoute('GetDncNumberHistory', { query: { phoneNumber }, authorizer: { tenantId, scopes: ALL_SCOPES } });
  expect(response.statusCode).toBe(200);
  return response.json.events as Array<Record<string, any>>;
};

const PHONE = '+14155550100';

describe('change consumer over the table’s real stream', () => {
  it('records an add, a removal through the API and a re-add, oldest first, and publishes one event each', async () => {
    const tenantId = tenant();
    const first = await create(tenantId, { phoneNumber: PHONE, reason: 'asked to stop' }, 'agent-app');
    const removed = await remove(tenantId, first.id, 'consent given again', 'compliance-bot');
    expect(removed.statusCode).toBe(200);
    expect(removed.json).toEqual(first);
    const second = await create(tenantId, { phoneNumber: PHONE, reason: 'asked again' });

    const { records, failures } = await fixture.stream.consume();
    expect(failures).toEqual([]);
    expect(records.map((record) => record.eventName)).toEqual(['INSERT', 'REMOVE', 'INSERT']);

    expect(await history(tenantId, PHONE)).toEqual([
      { type: 'added', at: first.createdAt, by: 'agent-app', reason: 'asked to stop', dncNumber: first },
      { type: 'removed', at: expect.any(String), by: 'compliance-bot', reason: 'consent given again', dncNumber: first },
      { type: 'added', at: second.createdAt, by: 'client-1', reason: 'asked again', dncNumber: second },
    ]);
    const events = deliveredEvents(tenantId);
    expect(events.map((event) => [event.source, event['detail-type'], (event.detail.dncNumber as { id: string }).id])).toEqual([
      ['dnc-api', 'DncNumberAdded', first.id],
      ['dnc-api', 'DncNumberRemoved', first.id],
      ['dnc-api', 'DncNumberAdded', second.id],
    ]);
    expect(events[1]?.detail).toEqual({
      eventId: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
      tenantId,
      dncNumber: first,
      at: expect.any(String),
      by: 'compliance-bot',
      reason: 'consent given again',
    });
    expect(events[0]?.detail).not.toHaveProperty('reason');
    expect(new Set(events.map((event) => event.detail.eventId)).size).toBe(3);
  });

  it('writes nothing new and publishes nothing again when records are delivered again', async () => {
    const tenantId = tenant();
    const entry = await create(tenantId, { phoneNumber: PHONE });
    await remove(tenantId, entry.id, 'reassigned');
    const { records } = await fixture.stream.consume();
    const itemsBefore = await historyItems(fixture.client, tenantId, PHONE);
    const eventsBefore = deliveredEvents(tenantId);
    expect(itemsBefore).toHaveLength(2);
    expect(itemsBefore.every((item) => item.published === true)).toBe(true);

    await fixture.stream.consume(records);
    await fixture.stream.consume([...records].reverse());

    expect(await historyItems(fixture.client, tenantId, PHONE)).toEqual(itemsBefore);
    expect(deliveredEvents(tenantId)).toEqual(eventsBefore);
  });

  it('records changes made outside the API with by "unknown": a hand insert, an in-place edit, a hand delete', async () => {
    const tenantId = tenant();
    const key = entryKey(tenantId, PHONE, 'agent-7');
    const item = {
      ...key,
      id: '0b8d7c2e-3f41-4c1a-9d55-2f6a8e1b7c90',
      tenantId,
      phoneNumber: PHONE,
      userId: 'agent-7',
      reason: 'typed into the console',
      createdAt: '2026-01-02T03:04:05.000Z',
      updatedAt: '2026-01-02T03:04:05.000Z',
    };
    await fixture.client.send(new PutCommand({ TableName: tableName(), Item: item }));
    await fixture.client.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: key,
        UpdateExpression: 'SET reason = :r',
        ExpressionAttributeValues: { ':r': 'edited' },
      }),
    );
    await fixture.client.send(new DeleteCommand({ TableName: tableName(), Key: key }));

    expect((await fixture.stream.consume()).failures).toEqual([]);

    const events = await history(tenantId, PHONE);
    expect(events.map(({ type, by, reason }) => ({ type, by, reason }))).toEqual([
      { type: 'added', by: 'unknown', reason: 'typed into the console' },
      expect.objectContaining({ by: 'unknown' }),
      expect.objectContaining({ by: 'unknown' }),
    ]);
    // The edit and the delete are seen at the same second: either may sort first by event id.
    expect(
      events
        .slice(1)
        .map((event) => event.type)
        .sort(),
    ).toEqual(['changed', 'removed']);
    expect(events.find((event) => event.type === 'changed')?.dncNumber.reason).toBe('edited');
    expect(
      deliveredEvents(tenantId)
        .map((event) => event['detail-type'])
        .sort(),
    ).toEqual(['DncNumberAdded', 'DncNumberChanged', 'DncNumberRemoved']);
  });

  it('records nothing for a write that leaves the entry’s public fields as they were (e.g. the index backfill)', async () => {
    const tenantId = tenant();
    await create(tenantId, { phoneNumber: PHONE });
    await fixture.client.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: entryKey(tenantId, PHONE),
        UpdateExpression: 'SET migratedAt = :now',
        ExpressionAttributeValues: { ':now': new Date().toISOString() },
      }),
    );
    const { records } = await fixture.stream.consume();
    expect(records.map((record) => record.eventName)).toEqual(['INSERT', 'MODIFY']);
    expect((await history(tenantId, PHONE)).map((event) => event.type)).toEqual(['added']);
  });

  it('records an expiry when an add replaces an entry that expired before TTL deleted it', async () => {
    const tenantId = tenant();
    const expired = await writeExpiredEntry(tenantId, { phoneNumber: PHONE });
    const replacement = await create(tenantId, { phoneNumber: PHONE });
    const { records, failures } = await fixture.stream.consume();
    expect(failures).toEqual([]);
    expect(records.map((record) => record.eventName)).toEqual(['INSERT', 'MODIFY']);
    expect((await history(tenantId, PHONE)).map(({ type, at, by, dncNumber }) => ({ type, at, by, id: dncNumber.id }))).toEqual([
      { type: 'added', at: expired.createdAt, by: 'client-1', id: expired.id },
      { type: 'expired', at: expired.expiresAt, by: 'expiry', id: expired.id },
      { type: 'added', at: replacement.createdAt, by: 'client-1', id: replacement.id },
    ]);
    expect(deliveredEvents(tenantId).map((event) => event['detail-type'])).toEqual([
      'DncNumberAdded',
      'DncNumberExpired',
      'DncNumberAdded',
    ]);
  });

  it('records a TTL deletion as an expiry at the entry’s expiresAt (DynamoDB Local does not run TTL: the record is shaped like one)', async () => {
    const tenantId = tenant();
    const expired = await writeExpiredEntry(tenantId, { phoneNumber: PHONE, userId: 'agent-1' });
    await fixture.client.send(new DeleteCommand({ TableName: tableName(), Key: entryKey(tenantId, PHONE, 'agent-1') }));
    const [insert, remove] = await fixture.stream.records();
    // What TTL's deletions carry in the stream, and what a person's never do.
    const ttlDelete: DynamoDBRecord = { ...remove!, userIdentity: { type: 'Service', principalId: 'dynamodb.amazonaws.com' } };
    expect((await fixture.stream.consume([insert!, ttlDelete])).failures).toEqual([]);

    const events = await history(tenantId, PHONE);
    expect(events.map(({ type, at, by, reason }) => ({ type, at, by, reason }))).toEqual([
      { type: 'added', at: expired.createdAt, by: 'client-1', reason: null },
      { type: 'expired', at: expired.expiresAt, by: 'expiry', reason: null },
    ]);
    const expiredEvent = deliveredEvents(tenantId).find((event) => event['detail-type'] === 'DncNumberExpired');
    expect(expiredEvent?.detail).toMatchObject({ tenantId, by: 'expiry', at: expired.expiresAt, dncNumber: { id: expired.id } });
  });

  it('history items carry no TTL attribute and no index attributes', async () => {
    const tenantId = tenant();
    await create(tenantId, { phoneNumber: PHONE, expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
    await fixture.stream.consume();
    const [item] = await historyItems(fixture.client, tenantId, PHONE);
    expect(item).toBeDefined();
    for (const attribute of ['expiresAt', 'expiresAtIso', 'scopePk', 'userPk', 'idPk', 'createdSk'])
      expect(item).not.toHaveProperty(attribute);
    expect(item?.dncNumber.expiresAt).toEqual(expect.any(String));
  });

  it('reports a poison record alone, and records the others of its batch', async () => {
    const tenantId = tenant();
    const good = await create(tenantId, { phoneNumber: PHONE });
    // An entry item nobody can attribute to a tenant: no tenantId, no id.
    await fixture.client.send(
      new PutCommand({ TableName: tableName(), Item: { ...entryKey(tenantId, '+14155550199'), phoneNumber: '+14155550199' } }),
    );
    const other = await create(tenantId, { phoneNumber: '+14155550188' });

    let consumed: Awaited<ReturnType<typeof fixture.stream.consume>> | undefined;
    serviceLogger.setLogLevel('INFO');
    const output = await captureOutput(async () => {
      consumed = await fixture.stream.consume();
    }).finally(() => serviceLogger.setLogLevel('SILENT'));
    const { records, failures } = consumed!;
    expect(records).toHaveLength(3);
    expect(failures).toEqual([records[1]?.dynamodb?.SequenceNumber]);
    expect((await history(tenantId, PHONE)).map((event) => event.dncNumber.id)).toEqual([good.id]);
    expect((await history(tenantId, '+14155550188')).map((event) => event.dncNumber.id)).toEqual([other.id]);
    expect(await getEntry(fixture.client, tenantId, '+14155550199')).toBeDefined();

    // Operators follow a change by these lines, and find the record Lambda will deliver again.
    const lines = logLinesOf(output);
    expect(lines.filter((line) => line.message === 'dnc change recorded')).toEqual(
      [good, other].map((entry) =>
        expect.objectContaining({ level: 'INFO', type: 'added', eventId: expect.any(String), tenantId, dncNumberId: entry.id }),
      ),
    );
    expect(lines.filter((line) => line.level === 'ERROR')).toEqual([
      expect.objectContaining({
        message: 'stream record not recorded; it will be retried',
        eventID: records[1]?.eventID,
        error: expect.objectContaining({ message: expect.any(String) }),
      }),
    ]);
  });
});
