import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { changeStreamSettings } from '../../lib/change-stream-settings';
import { freeLoopbackPort, localDynamoDbClient } from '../../local/dynamodb-local';
import { type DeliveredEvent, readDeliveredEvents } from '../../local/event-sink';
import {
  eventsFileIn,
  type RunningLocalServer,
  runningServerFileIn,
  runTokenCommand,
  startLocalServer,
  streamFailuresFileIn,
} from '../support/local-server';
import { documentedCaller } from '../support/documented-call';

/**
 * Removals, expiry and each number's history over real HTTP against `npm start`: the table's
 * stream is polled by the server and the real change consumer records history and writes events
 * to `<data dir>/events.jsonl`. Tokens come from `npm run token`, as a user gets them.
 */
describe('npm start: DELETE, expiry, history and change events over HTTP', () => {
  const dataDirectory = mkdtempSync(path.join(tmpdir(), 'dnc-api-e2e-history-'));
  const tenant = 'e2e-history';
  const subject = 'e2e-history-client';
  let server: RunningLocalServer;
  let token: string;
  let noDeleteToken: string;

  beforeAll(async () => {
    const port = await freeLoopbackPort();
    server = await startLocalServer({ port, dataDirectory, args: ['--in-memory'] });
    const runningServerFile = runningServerFileIn(dataDirectory);
    token = runTokenCommand(['--tenant', tenant, '--sub', subject], runningServerFile).token;
    noDeleteToken = runTokenCommand(['--tenant', tenant, '--sub', subject, '--scope', 'dnc/write dnc/read'], runningServerFile).token;
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });

  const call = documentedCaller(
    () => server.url,
    () => token,
  );
  const create = (body: Record<string, unknown>) => call('POST', '/v1/dnc_numbers/create', '/v1/dnc_numbers/create', { body });
  const blocked = async (phoneNumber: string) =>
    (await call('GET', `/v1/dnc_numbers/check?phoneNumber=${encodeURIComponent(phoneNumber)}`, '/v1/dnc_numbers/check')).json
      .blocked as boolean;
  const remove = (id: string, query = '', bearer?: string) =>
    call('DELETE', `/v1/dnc_numbers/${id}${query}`, '/v1/dnc_numbers/{id}', bearer === undefined ? {} : { bearer });
  const history = async (phoneNumber: string) =>
    (await call('GET', `/v1/dnc_numbers/history?phoneNumber=${encodeURIComponent(phoneNumber)}`, '/v1/dnc_numbers/history')).json;

  /** Polls `probe` until `done` holds of its answer; the last answer, whether or not it did. */
  const pollUntil = async <T>(probe: () => Promise<T>, done: (value: T) => boolean, withinMillis: number): Promise<T> => {
    const deadline = Date.now() + withinMillis;
    let value = await probe();
    while (!done(value) && Date.now() < deadline) {
      await sleep(100);
      value = await probe();
    }
    return value;
  };

  /** The history once it holds `count` events (the consumer follows the stream within a second or so). */
  const historyOf = (phoneNumber: string, count: number) =>
    pollUntil(
      () => history(phoneNumber),
      (page) => page.events.length >= count,
      3000,
    );

  /** The events the server's sink wrote for an entry of this file's tenant, oldest first. */
  const deliveredFor = (dncNumberId: string): DeliveredEvent[] => {
    const file = path.join(dataDirectory, 'events.jsonl');
    expect(eventsFileIn(dataDirectory)).toBe(file);
    if (!existsSync(file)) return [];
    return readDeliveredEvents(readFileSync(file, 'utf8')).filter(
      (event) => event.detail.tenantId === tenant && (event.detail.dncNumber as { id?: string } | undefined)?.id === dncNumberId,
    );
  };

  it('add → blocked → DELETE with a reason → not blocked; history shows who added and removed it and why; both events are written', async () => {
    const phoneNumber = '+14155550180';
    const created = await create({ phoneNumber, reason: 'asked at signup' });
    expect(created.statusCode).toBe(201);
    const entry = created.json;
    expect(await blocked(phoneNumber)).toBe(true);

    const removed = await remove(entry.id, `?reason=${encodeURIComponent('customer called back')}`);
    expect(removed.statusCode).toBe(200);
    expect(removed.json).toEqual(entry);
    expect(await blocked(phoneNumber)).toBe(false);

    const page = await historyOf(phoneNumber, 2);
    expect(page).toEqual({
      phoneNumber,
      events: [
        { type: 'added', at: entry.createdAt, by: subject, reason: 'asked at signup', dncNumber: entry },
        { type: 'removed', at: expect.any(String), by: subject, reason: 'customer called back', dncNumber: entry },
      ],
      nextCursor: null,
    });
    expect(Date.parse(page.events[1].at)).toBeGreaterThanOrEqual(Date.parse(entry.createdAt));

    const events = await pollUntil(
      async () => deliveredFor(entry.id),
      (found) => found.length >= 2,
      3000,
    );
    expect(events.map((event) => event['detail-type'])).toEqual(['DncNumberAdded', 'DncNumberRemoved']);
    const [added, removal] = events as [DeliveredEvent, DeliveredEvent];
    for (const event of events) {
      expect(event).toMatchObject({ version: '0', source: 'dnc-api', time: expect.any(String) });
      expect(event.detail.eventId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    }
    expect(added.detail).toEqual({ eventId: expect.any(String), tenantId: tenant, dncNumber: entry, at: entry.createdAt, by: subject });
    expect(removal.detail).toEqual({
      eventId: expect.any(String),
      tenantId: tenant,
      dncNumber: entry,
      at: page.events[1].at,
      by: subject,
      reason: 'customer called back',
    });
    expect(added.detail.eventId).not.toBe(removal.detail.eventId);
    expect(server.output()).toContain(`event DncNumberRemoved {"eventId":"${removal.detail.eventId}"`);
  });

  it('an entry with expiresAt 2 s ahead blocks, stops blocking at that time, and the number can be added again', async () => {
    const phoneNumber = '+14155550181';
    const expiresAt = new Date(Date.now() + 2000);
    const created = await create({ phoneNumber, reason: 'two seconds', expiresAt: expiresAt.toISOString() });
    expect(created.statusCode).toBe(201);
    const first = created.json;
    expect(first.expiresAt).toBe(expiresAt.toISOString());
    expect(await blocked(phoneNumber)).toBe(true);

    const stillBlocked = await pollUntil(
      () => blocked(phoneNumber),
      (answer) => !answer,
      expiresAt.getTime() - Date.now() + 3000,
    );
    // The answer that no longer blocks came after the expiry, never before it.
    expect(stillBlocked).toBe(false);
    expect(Date.now()).toBeGreaterThanOrEqual(expiresAt.getTime());
    expect((await call('GET', `/v1/dnc_numbers/${first.id}`, '/v1/dnc_numbers/{id}')).statusCode).toBe(404);

    const again = await create({ phoneNumber, reason: 'back again' });
    expect(again.statusCode).toBe(201);
    expect(again.json.id).not.toBe(first.id);
    expect(await blocked(phoneNumber)).toBe(true);

    // The add replaced the lapsed item: the consumer records the expiry, then the new entry.
    const page = await historyOf(phoneNumber, 3);
    expect(page.events.map((event: { type: string; dncNumber: { id: string } }) => [event.type, event.dncNumber.id])).toEqual([
      ['added', first.id],
      ['expired', first.id],
      ['added', again.json.id],
    ]);
    expect(page.events[1]).toMatchObject({ at: first.expiresAt, by: 'expiry', reason: null });
    const expired = await pollUntil(
      async () => deliveredFor(first.id),
      (found) => found.length >= 2,
      3000,
    );
    expect(expired.map((event) => event['detail-type'])).toEqual(['DncNumberAdded', 'DncNumberExpired']);
  });

  it('DELETE of an id that is not there → 404', async () => {
    const response = await remove('3f0c6d1e-8a3b-4c2d-9e7f-1a2b3c4d5e6f');
    expect(response.statusCode).toBe(404);
  });

  it('DELETE with a token without dnc/delete → 403, and the entry stays', async () => {
    const phoneNumber = '+14155550182';
    const created = await create({ phoneNumber });
    expect(created.statusCode).toBe(201);
    const response = await remove(created.json.id, '', noDeleteToken);
    expect(response.statusCode).toBe(403);
    expect(response.json.message).toContain('dnc/delete');
    expect(await blocked(phoneNumber)).toBe(true);
  });

  it('a stream record the consumer cannot read is retried, then written to stream-failures.jsonl; the records after it are recorded', async () => {
    // An entry item without id, tenantId, … written behind the API's back (as a console edit could).
    const client = localDynamoDbClient(`http://127.0.0.1:${server.dynamoDbPort}`);
    const pk = `TENANT#${tenant}#PHONE#+14155550189`;
    try {
      await client.send(new PutItemCommand({ TableName: 'dnc-numbers-local', Item: { pk: { S: pk }, sk: { S: 'SCOPE#GLOBAL' } } }));
    } finally {
      client.destroy();
    }
    const after = await create({ phoneNumber: '+14155550183' });
    expect(after.statusCode).toBe(201);
    expect((await historyOf('+14155550183', 1)).events).toMatchObject([{ type: 'added', dncNumber: after.json }]);

    const file = streamFailuresFileIn(dataDirectory);
    const failures = await pollUntil(
      async () => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : []).map((line) => JSON.parse(line)),
      (found) => found.some((failure) => failure.record.dynamodb.Keys.pk.S === pk),
      // The retries back off from 150 ms to 2 s each.
      30_000,
    );
    const failure = failures.find((candidate) => candidate.record.dynamodb.Keys.pk.S === pk);
    expect(failure).toMatchObject({
      at: expect.any(String),
      record: { eventName: 'INSERT', eventSourceARN: expect.stringContaining('dnc-numbers-local') },
    });
    expect(failure.reason).toContain(`still failing after ${changeStreamSettings.retryAttempts} retries`);
    const line = `stream record ${failure.record.dynamodb.SequenceNumber} (INSERT ${pk}) not recorded, written to`;
    // Printed just after the file is written, and it reaches this process through a pipe: it may come a moment later.
    expect(
      await pollUntil(
        async () => server.output(),
        (output) => output.includes(line),
        5_000,
      ),
    ).toContain(line);
  }, 60_000);
});
