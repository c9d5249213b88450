import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadOrCreateSigningKey, mintDevToken } from '../../local/dev-issuer';
import { freeLoopbackPort } from '../../local/dynamodb-local';
import { generateSigningKey } from '../../local/jwt';
import { CREATE_PATH } from '../support/create-dnc-number';
import {
  javaProcessesMentioning,
  runningServerFileIn,
  runTokenCommand,
  startLocalServer,
  type RunningLocalServer,
} from '../support/local-server';
import { expectDocumentedResponse } from '../support/openapi';

const contractExample = {
  phoneNumber: '+1234567890',
  userId: '550e8400-e29b-41d4-a716-446655440000',
  reason: 'Customer requested to be removed from calling list',
};

const post = async (server: RunningLocalServer, body: unknown, token?: string) => {
  const response = await fetch(`${server.url}${CREATE_PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { statusCode: response.status, headers: response.headers, body: text, json: JSON.parse(text) };
};

describe('npm start: the local HTTP API over real HTTP', () => {
  const dataDirectory = mkdtempSync(path.join(tmpdir(), 'dnc-api-e2e-'));
  const runningServerFile = runningServerFileIn(dataDirectory);
  let port: number;
  let server: RunningLocalServer;
  let token: string;

  beforeAll(async () => {
    port = await freeLoopbackPort();
    server = await startLocalServer({ port, dataDirectory });
    token = mintDevToken(loadOrCreateSigningKey(dataDirectory), { port });
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('npm run token without flags signs for the running server’s port and data dir (neither the default)', async () => {
    const { token: discovered, stderr } = runTokenCommand([], runningServerFile);
    expect(stderr).toBe('');
    const response = await post(server, { phoneNumber: '+14155550100' }, discovered);
    expect(response.statusCode).toBe(201);
  });

  it('npm run token with a flag that differs from the running server warns, naming the server’s port', async () => {
    const otherPort = port === 3999 ? 3998 : 3999;
    const { token: misfit, stderr } = runTokenCommand(['--port', String(otherPort)], runningServerFile);
    expect(stderr).toContain(`uses port ${port}`);
    expect(stderr).toContain(`will refuse this token for port ${otherPort}`);
    expect((await post(server, { phoneNumber: '+14155550101' }, misfit)).statusCode).toBe(403);
  });

  it('creates the contract example (201, documented body), then answers 409 for it', async () => {
    const created = await post(server, contractExample, token);
    expect(created.statusCode).toBe(201);
    expectDocumentedResponse('POST', CREATE_PATH, created);
    expect(created.json).toMatchObject(contractExample);
    expect(created.headers.get('apigw-requestid')).toBeTruthy();

    const again = await post(server, contractExample, token);
    expect(again.statusCode).toBe(409);
    expectDocumentedResponse('POST', CREATE_PATH, again);
    expect(again.json.dncNumber).toEqual(created.json);
  });

  it('answers 401 like API Gateway without a token', async () => {
    const response = await post(server, contractExample);
    expect(response.statusCode).toBe(401);
    expect(response.json).toEqual({ message: 'Unauthorized' });
  });

  it('answers 403 like API Gateway for a token signed by another key', async () => {
    const forged = mintDevToken(generateSigningKey(), { port });
    const response = await post(server, contractExample, forged);
    expect(response.statusCode).toBe(403);
    expect(response.json).toEqual({ message: 'Forbidden' });
  });

  it('answers 403 for an expired token', async () => {
    const expired = mintDevToken(loadOrCreateSigningKey(dataDirectory), { port, ttlSeconds: -60 });
    const response = await post(server, contractExample, expired);
    expect(response.statusCode).toBe(403);
    expect(response.json).toEqual({ message: 'Forbidden' });
  });

  it('answers 403 in the error shape for a valid token without dnc/write', async () => {
    const { token: readOnly } = runTokenCommand(['--scope', 'dnc/read'], runningServerFile);
    const response = await post(server, { phoneNumber: '+14155550000' }, readOnly);
    expect(response.statusCode).toBe(403);
    expectDocumentedResponse('POST', CREATE_PATH, response);
    expect(response.json.message).toContain('dnc/write');
  });

  it('keeps tenants apart: the token’s tenant, not the request, decides', async () => {
    const { token: otherTenant } = runTokenCommand(['--tenant', 'another-tenant'], runningServerFile);
    const response = await post(server, contractExample, otherTenant);
    expect(response.statusCode).toBe(201);
  });

  it('answers 404 for an unknown route and serves openapi.yml', async () => {
    const unknown = await fetch(`${server.url}/v1/nope`, { headers: { authorization: `Bearer ${token}` } });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ message: 'Not Found' });
    const openapi = await fetch(`${server.url}/openapi.yml`);
    expect(openapi.status).toBe(200);
    expect(await openapi.text()).toContain('/v1/dnc_numbers/create');
  });

  it('routes a literal path to its own route and a path template with its parameter', async () => {
    const created = await post(server, { phoneNumber: '+14155550102' }, token);
    const headers = { authorization: `Bearer ${token}` };
    const check = await fetch(`${server.url}/v1/dnc_numbers/check?phoneNumber=%2B14155550102`, { headers });
    expect(check.status).toBe(200);
    expect(await check.json()).toMatchObject({ blocked: true });
    const byId = await fetch(`${server.url}/v1/dnc_numbers/${encodeURIComponent(created.json.id)}`, { headers });
    expect(byId.status).toBe(200);
    expect(await byId.json()).toEqual(created.json);
    const wrongMethod = await fetch(`${server.url}/v1/dnc_numbers/${created.json.id}`, { method: 'PATCH', headers });
    expect(wrongMethod.status).toBe(404);
    expect(await wrongMethod.json()).toEqual({ message: 'Not Found' });
  });

  it('keeps data across a restart, exits 0 on SIGTERM and leaves no DynamoDB Local or running-server record behind', async () => {
    expect(javaProcessesMentioning(dataDirectory).length).toBeGreaterThan(0);
    expect(existsSync(runningServerFile)).toBe(true);
    expect(await server.stop()).toBe(0);
    expect(javaProcessesMentioning(dataDirectory)).toEqual([]);
    expect(existsSync(runningServerFile)).toBe(false);
    expect(server.output()).toContain('SIGTERM received');

    const { stderr } = runTokenCommand(['--data-dir', dataDirectory], runningServerFile);
    expect(stderr).toContain('No npm start is running: this token is for a server on port 3000');

    server = await startLocalServer({ port, dataDirectory });
    const afterRestart = await post(server, contractExample, token);
    expect(afterRestart.statusCode).toBe(409);
    expect(await server.stop()).toBe(0);
    expect(javaProcessesMentioning(dataDirectory)).toEqual([]);
  }, 120_000);
});

describe('npm start -- --in-memory', () => {
  it('keeps nothing across a restart', async () => {
    const dataDirectory = mkdtempSync(path.join(tmpdir(), 'dnc-api-e2e-memory-'));
    const port = await freeLoopbackPort();
    const token = mintDevToken(loadOrCreateSigningKey(dataDirectory), { port });
    for (let run = 0; run < 2; run += 1) {
      const server = await startLocalServer({ port, dataDirectory, args: ['--in-memory'] });
      try {
        expect((await post(server, contractExample, token)).statusCode).toBe(201);
      } finally {
        expect(await server.stop()).toBe(0);
      }
    }
  }, 180_000);
});
