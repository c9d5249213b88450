import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadOrCreateSigningKey, mintDevToken } from '../../local/dev-issuer';
import { freeLoopbackPort } from '../../local/dynamodb-local';
import { documentedCaller } from '../support/documented-call';
import { startLocalServer, type RunningLocalServer } from '../support/local-server';

/** Every read route over real HTTP with real tokens: `npm start`'s server, as a dialer would call it. */
describe('npm start: check, get by id and list over HTTP', () => {
  const dataDirectory = mkdtempSync(path.join(tmpdir(), 'dnc-api-e2e-reads-'));
  let server: RunningLocalServer;
  let token: string;
  let writeOnlyToken: string;

  beforeAll(async () => {
    const port = await freeLoopbackPort();
    server = await startLocalServer({ port, dataDirectory, args: ['--in-memory'] });
    const key = loadOrCreateSigningKey(dataDirectory);
    token = mintDevToken(key, { port, tenant: 'e2e-reads' });
    writeOnlyToken = mintDevToken(key, { port, tenant: 'e2e-reads', scope: 'dnc/write' });
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });

  const call = documentedCaller(
    () => server.url,
    () => token,
  );

  it('adds, then checks (unencoded + in the query), gets by id and lists the entry', async () => {
    const created = await call('POST', '/v1/dnc_numbers/create', '/v1/dnc_numbers/create', {
      body: { phoneNumber: '+1 415 555 0170', userId: 'agent-1', reason: 'e2e' },
    });
    expect(created.statusCode).toBe(201);
    const { id } = created.json;

    const check = await call('GET', '/v1/dnc_numbers/check?phoneNumber=+14155550170&userId=agent-1', '/v1/dnc_numbers/check');
    expect(check.json).toMatchObject({ phoneNumber: '+14155550170', blocked: true, entries: [{ id }] });
    const otherUser = await call('GET', '/v1/dnc_numbers/check?phoneNumber=%2B14155550170&userId=agent-2', '/v1/dnc_numbers/check');
    expect(otherUser.json).toEqual({ phoneNumber: '+14155550170', blocked: false, entries: [] });

    const batch = await call('POST', '/v1/dnc_numbers/check', '/v1/dnc_numbers/check', {
      body: { phoneNumbers: ['+14155550170', '+14155550171', '+1 (415) 555-0170'], userId: 'agent-1' },
    });
    expect(batch.json.results.map((result: { blocked: boolean }) => result.blocked)).toEqual([true, false, true]);

    const byId = await call('GET', `/v1/dnc_numbers/${id}`, '/v1/dnc_numbers/{id}');
    expect(byId.json).toEqual(created.json);

    const filters = encodeURIComponent(JSON.stringify({ userId: 'agent-1' }));
    const list = await call('GET', `/v1/dnc_numbers/list?type=user-specific&filters=${filters}`, '/v1/dnc_numbers/list');
    expect(list.json).toMatchObject({ data: [created.json], page: 1, size: 20, hasMore: false, nextCursor: null });
  });

  it('routes /check and /list before the {id} template, and answers 400 for an id that is not a UUID', async () => {
    const notUuid = await call('GET', '/v1/dnc_numbers/not-a-uuid', '/v1/dnc_numbers/{id}');
    expect(notUuid.statusCode).toBe(400);
    expect(notUuid.json.message).toBe('path.id: id must be a UUID');
    const unknown = await call('GET', '/v1/dnc_numbers/3f0c6d1e-8a3b-4c2d-9e7f-1a2b3c4d5e6f', '/v1/dnc_numbers/{id}');
    expect(unknown.statusCode).toBe(404);
  });

  it('follows nextCursor through a scope of 45 entries, each exactly once', async () => {
    const numbers = Array.from({ length: 45 }, (_, index) => `+1202555${String(1000 + index)}`);
    for (const phoneNumber of numbers) {
      expect(
        (await call('POST', '/v1/dnc_numbers/create', '/v1/dnc_numbers/create', { body: { phoneNumber, userId: 'pager' } })).statusCode,
      ).toBe(201);
    }
    const filters = encodeURIComponent(JSON.stringify({ userId: 'pager' }));
    const seen: string[] = [];
    let query = `type=user-specific&size=10&sort_column=phoneNumber&sort_desc=false&filters=${filters}`;
    for (let pages = 0; pages < 10; pages += 1) {
      const page = await call('GET', `/v1/dnc_numbers/list?${query}`, '/v1/dnc_numbers/list');
      seen.push(...page.json.data.map((entry: { phoneNumber: string }) => entry.phoneNumber));
      if (page.json.nextCursor === null) break;
      query = `type=user-specific&size=10&sort_column=phoneNumber&sort_desc=false&filters=${filters}&cursor=${encodeURIComponent(page.json.nextCursor)}`;
    }
    expect(seen).toEqual([...numbers].sort());
  });

  it('a write-only token cannot read: 403 on check, and a 409 shows only the id', async () => {
    const check = await call('GET', '/v1/dnc_numbers/check?phoneNumber=%2B14155550170', '/v1/dnc_numbers/check', {
      bearer: writeOnlyToken,
    });
    expect(check.statusCode).toBe(403);
    const duplicate = await call('POST', '/v1/dnc_numbers/create', '/v1/dnc_numbers/create', {
      body: { phoneNumber: '+14155550170', userId: 'agent-1' },
      bearer: writeOnlyToken,
    });
    expect(duplicate.statusCode).toBe(409);
    expect(Object.keys(duplicate.json.dncNumber)).toEqual(['id']);
  });
});
