import type { Batch } from '../../cli/import/batches';
import { BatchInterrupted, createBulkClient, ImportStopped, type RetryNote, type TokenSource } from '../../cli/import/bulk-client';

const batch: Batch = {
  userId: 'agent-1',
  items: [
    { row: 11, phoneNumber: '+14155550100', reason: 'asked', userId: 'agent-1' },
    { row: 14, phoneNumber: '+14155550101', reason: null, userId: 'agent-1' },
  ],
};

const created = (createdCount: number, existingCount: number) =>
  new Response('[]', { status: 201, headers: { 'dnc-created-count': String(createdCount), 'dnc-existing-count': String(existingCount) } });
const answer = (status: number, message: string, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify({ message }), { status, headers: { 'content-type': 'application/json', ...headers } });

const setUp = (answers: (Response | Error)[], tokens: TokenSource = { token: async () => 't1' }) => {
  const requests: { url: string; authorization: string; body: unknown }[] = [];
  const sleeps: number[] = [];
  const notes: RetryNote[] = [];
  const fetch = (async (url: string, init: RequestInit) => {
    requests.push({ url, authorization: (init.headers as Record<string, string>).authorization!, body: JSON.parse(init.body as string) });
    const next = answers.shift();
    if (next === undefined) throw new Error('no more answers');
    if (next instanceof Error) throw next;
    return next;
  }) as unknown as typeof globalThis.fetch;
  const client = createBulkClient({
    apiUrl: 'https://api.example.com',
    tokens,
    fetch,
    random: () => 0.5,
    now: () => Date.parse('2026-01-01T00:00:00Z'),
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
  const signals = { stopRetrying: new AbortController().signal, abortRequest: new AbortController().signal };
  return { send: () => client.send(batch, signals, (note) => notes.push(note)), requests, sleeps, notes };
};

describe('the bulk client: POST /v1/dnc_numbers/bulk with retries', () => {
  it('sends the batch as the bulk body (one userId, canonical numbers, no null reason) and reads the count headers', async () => {
    const { send, requests } = setUp([created(1, 1)]);
    await expect(send()).resolves.toEqual({ created: 1, existing: 1 });
    expect(requests).toEqual([
      {
        url: 'https://api.example.com/v1/dnc_numbers/bulk',
        authorization: 'Bearer t1',
        body: { phoneNumbers: [{ phoneNumber: '+14155550100', reason: 'asked' }, { phoneNumber: '+14155550101' }], userId: 'agent-1' },
      },
    ]);
  });

  it('retries 429, 503, 502, 504 and network errors with growing waits, honouring Retry-After', async () => {
    const refused = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } });
    const { send, sleeps, notes } = setUp([
      answer(503, 'Service Unavailable', { 'retry-after': '7' }),
      answer(429, 'Too Many Requests'),
      refused,
      answer(502, 'Bad Gateway'),
      answer(504, 'Gateway Timeout'),
      created(2, 0),
    ]);
    await expect(send()).resolves.toEqual({ created: 2, existing: 0 });
    expect(sleeps).toEqual([7250, 750, 1500, 3000, 6000]);
    expect(notes.map((note) => note.cause)).toEqual([
      '503 Service Unavailable',
      '429 Too Many Requests',
      'fetch failed (ECONNRESET)',
      '502 Bad Gateway',
      '504 Gateway Timeout',
    ]);
  });

  it('gives up after 10 attempts, naming the rows and the last failure', async () => {
    const { send, requests } = setUp(Array.from({ length: 10 }, () => answer(503, 'Service Unavailable')));
    await expect(send()).rejects.toThrow(
      new ImportStopped('the service did not take rows 11–14 after 10 attempts; the last: 503 Service Unavailable'),
    );
    expect(requests).toHaveLength(10);
  });

  it.each([
    [400, 'phoneNumbers[0].phoneNumber: phoneNumber must be an E.164 number', /answered 400 for rows 11–14: phoneNumbers\[0\].*unexpected/],
    [404, 'Not Found', /answered 404 for rows 11–14: Not Found$/],
    [413, 'Request body too large', /answered 413/],
    [500, 'Internal Server Error', /answered 500/],
  ])('stops at once on %i with the service’s message', async (status, message, expected) => {
    const { send, requests } = setUp([answer(status, message)]);
    await expect(send()).rejects.toThrow(ImportStopped);
    await expect(setUp([answer(status, message)]).send()).rejects.toThrow(expected);
    expect(requests).toHaveLength(1);
  });

  it('on 401/403 renews the token once and sends again; refused again, stops', async () => {
    const renewed: string[] = [];
    const tokens: TokenSource = {
      token: async () => 'old',
      renew: async (refused) => {
        renewed.push(refused);
        return 'new';
      },
    };
    const once = setUp([answer(401, 'Unauthorized'), created(2, 0)], tokens);
    await expect(once.send()).resolves.toEqual({ created: 2, existing: 0 });
    expect(once.requests.map((request) => request.authorization)).toEqual(['Bearer old', 'Bearer new']);
    expect(renewed).toEqual(['old']);

    const twice = setUp([answer(403, 'Forbidden'), answer(403, 'Forbidden')], tokens);
    await expect(twice.send()).rejects.toThrow(
      /answered 403 for rows 11–14: Forbidden \(also with a fresh token\): the token needs the dnc\/write scope/,
    );
  });

  it('with a fixed token, a 401 stops at once and says how to renew tokens', async () => {
    const { send, requests } = setUp([answer(401, 'Unauthorized')]);
    await expect(send()).rejects.toThrow(/401.*with --token-command the import renews an expired token/);
    expect(requests).toHaveLength(1);
  });

  it('a 201 without the count headers is not the bulk route: stop', async () => {
    const { send } = setUp([new Response('[]', { status: 201 })]);
    await expect(send()).rejects.toThrow(/without a dnc-created-count header/);
  });

  it('once interrupted, a retry’s wait ends the batch unconfirmed instead of sending again', async () => {
    const stop = new AbortController();
    const client = createBulkClient({
      apiUrl: 'https://api.example.com',
      tokens: { token: async () => 't' },
      fetch: (async () => answer(503, 'Service Unavailable')) as unknown as typeof fetch,
    });
    stop.abort();
    await expect(client.send(batch, { stopRetrying: stop.signal, abortRequest: new AbortController().signal })).rejects.toThrow(
      BatchInterrupted,
    );
  });
});
