import { createHash, createHmac } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import * as https from 'node:https';
import { type AddressInfo, createServer as createTcpServer } from 'node:net';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { SignatureV4 } from '@smithy/signature-v4';
import { createRegistryGetItem, REGISTRY_ATTEMPTS } from '../../lambda/authorizer/registry-get-item';
import { createDocumentClient } from '../../lambda/shared/dynamodb/document-client';
import { startHungServer } from '../support/hung-server';
import { tenantRegistryTableName } from '../support/tenant-registry';

/** The authorizer's signed GetItem of the tenant registry, against DynamoDB Local and against servers that misbehave. */

const credentials = {
  AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  AWS_SESSION_TOKEN: 'session-token',
};

/** node:crypto's SHA-256 in the shape the signer takes, for signing again what the server received. */
type Data = string | ArrayBuffer | ArrayBufferView;
const bytes = (data: Data) =>
  typeof data === 'string'
    ? data
    : ArrayBuffer.isView(data)
      ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
      : new Uint8Array(data);

class Sha256 {
  private readonly hash;
  constructor(secret?: Data) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: Data) {
    this.hash.update(bytes(data));
  }
  async digest() {
    return new Uint8Array(this.hash.digest());
  }
}

interface Received {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/**
 * A loopback DynamoDB stand-in answering each request with the next of `answers` (the last one
 * repeats): an object as JSON, a string as it is.
 */
const startFakeDynamoDb = async (answers: { status: number; body: unknown }[]) => {
  const received: Received[] = [];
  let connections = 0;
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      received.push({ method: request.method!, path: request.url!, headers: request.headers, body });
      const answer = answers[Math.min(received.length - 1, answers.length - 1)]!;
      response
        .writeHead(answer.status, { 'content-type': 'application/x-amz-json-1.0' })
        .end(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body));
    });
  });
  server.on('connection', () => (connections += 1));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    endpoint,
    received,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
};

const getItemAt = (endpoint: string, extra: Record<string, string> = {}) =>
  createRegistryGetItem({ AWS_REGION: 'eu-west-1', DYNAMODB_ENDPOINT: endpoint, ...credentials, ...extra });

describe('against DynamoDB Local', () => {
  const documents = createDocumentClient();
  afterAll(() => documents.destroy());
  const getItem = createRegistryGetItem(process.env);

  it('reads an item as the document client wrote it, strongly consistent', async () => {
    // Not a CLIENT# or TENANT# item: the tenant commands' tests list the same table.
    const pk = `PROBE#get-item-${Date.now()}`;
    const item = {
      pk,
      kind: 'probe',
      tenantId: 'acme',
      status: 'active',
      origin: 'created',
      createdAt: '2026-11-27T10:00:00.000Z',
      count: 3,
      flag: true,
    };
    await documents.send(new PutCommand({ TableName: tenantRegistryTableName(), Item: item }));
    expect(await getItem(tenantRegistryTableName(), { pk })).toEqual(item);
  });

  it('answers undefined for a key that is not there', async () => {
    expect(await getItem(tenantRegistryTableName(), { pk: 'CLIENT#never-registered' })).toBeUndefined();
  });

  it('reads a NULL attribute as null', async () => {
    const pk = `PROBE#null-${Date.now()}`;
    await documents.send(new PutCommand({ TableName: tenantRegistryTableName(), Item: { pk, retiredAt: null } }));
    expect(await getItem(tenantRegistryTableName(), { pk })).toEqual({ pk, retiredAt: null });
  });

  it('refuses an item holding an attribute of another type, naming it', async () => {
    const pk = `PROBE#list-${Date.now()}`;
    await documents.send(new PutCommand({ TableName: tenantRegistryTableName(), Item: { pk, tags: ['a'] } }));
    await expect(getItem(tenantRegistryTableName(), { pk })).rejects.toThrow('tenant registry attribute tags has an unexpected type: L');
  });

  it('rejects, without retrying, for a table that does not exist', async () => {
    await expect(getItem('no-such-registry', { pk: 'CLIENT#x' })).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });
});

describe('the request it sends', () => {
  it('is a signed GetItem whose signature covers exactly what arrived: host, target, date, session token and body', async () => {
    const fake = await startFakeDynamoDb([{ status: 200, body: { Item: { pk: { S: 'CLIENT#c1' }, tenantId: { S: 'acme' } } } }]);
    try {
      expect(await getItemAt(fake.endpoint)('dnc-tenants', { pk: 'CLIENT#c1' })).toEqual({ pk: 'CLIENT#c1', tenantId: 'acme' });
      const [request] = fake.received;
      expect(request!.method).toBe('POST');
      expect(request!.path).toBe('/');
      expect(request!.headers['x-amz-target']).toBe('DynamoDB_20120810.GetItem');
      expect(request!.headers['content-type']).toBe('application/x-amz-json-1.0');
      expect(JSON.parse(request!.body)).toEqual({ TableName: 'dnc-tenants', Key: { pk: { S: 'CLIENT#c1' } }, ConsistentRead: true });

      const authorization = String(request!.headers.authorization);
      const match =
        /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/(\d{8})\/eu-west-1\/dynamodb\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(
          authorization,
        );
      expect(match).not.toBeNull();
      const [, , signedHeaders, signature] = match!;
      expect(signedHeaders!.split(';')).toEqual(
        expect.arrayContaining(['host', 'x-amz-date', 'x-amz-security-token', 'x-amz-target', 'content-type']),
      );
      expect(request!.headers['x-amz-security-token']).toBe('session-token');

      // Sign again, independently, what the server received: any header or body the transport
      // changed after signing would give another signature, as it would at DynamoDB.
      const amzDate = String(request!.headers['x-amz-date']);
      const signingDate = new Date(
        `${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`,
      );
      const resigned = await new SignatureV4({
        service: 'dynamodb',
        region: 'eu-west-1',
        sha256: Sha256,
        credentials: {
          accessKeyId: credentials.AWS_ACCESS_KEY_ID,
          secretAccessKey: credentials.AWS_SECRET_ACCESS_KEY,
          sessionToken: credentials.AWS_SESSION_TOKEN,
        },
      }).sign(
        {
          method: request!.method,
          protocol: 'http:',
          hostname: '127.0.0.1',
          path: request!.path,
          query: {},
          headers: Object.fromEntries(signedHeaders!.split(';').map((name) => [name, String(request!.headers[name])])),
          body: request!.body,
        },
        { signingDate },
      );
      expect(String(resigned.headers.authorization).split('Signature=')[1]).toBe(signature);
    } finally {
      await fake.close();
    }
  });
});

describe('failures', () => {
  it('retries a throttled or failed read once, then rejects with DynamoDB’s error name', async () => {
    const fake = await startFakeDynamoDb([
      { status: 400, body: { __type: 'com.amazonaws.dynamodb.v20120810#ThrottlingException', message: 'slow down' } },
    ]);
    try {
      await expect(getItemAt(fake.endpoint)('dnc-tenants', { pk: 'CLIENT#c1' })).rejects.toMatchObject({
        name: 'ThrottlingException',
        message: 'slow down',
      });
      expect(fake.received).toHaveLength(REGISTRY_ATTEMPTS);
    } finally {
      await fake.close();
    }
  });

  it('succeeds when the retry does', async () => {
    const fake = await startFakeDynamoDb([
      { status: 500, body: { __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError' } },
      { status: 200, body: { Item: { pk: { S: 'CLIENT#c1' } } } },
    ]);
    try {
      expect(await getItemAt(fake.endpoint)('dnc-tenants', { pk: 'CLIENT#c1' })).toEqual({ pk: 'CLIENT#c1' });
      expect(fake.received).toHaveLength(2);
    } finally {
      await fake.close();
    }
  });

  it('does not retry a request DynamoDB refused (access denied)', async () => {
    const fake = await startFakeDynamoDb([
      { status: 400, body: { __type: 'com.amazon.coral.service#AccessDeniedException', Message: 'not allowed' } },
    ]);
    try {
      await expect(getItemAt(fake.endpoint)('dnc-tenants', { pk: 'CLIENT#c1' })).rejects.toMatchObject({
        name: 'AccessDeniedException',
        message: 'not allowed',
      });
      expect(fake.received).toHaveLength(1);
    } finally {
      await fake.close();
    }
  });

  it('names an answer that is not JSON by its status, keeping the first 200 characters of it', async () => {
    const page = `<html>${'x'.repeat(300)}</html>`;
    const fake = await startFakeDynamoDb([{ status: 502, body: page }]);
    try {
      await expect(getItemAt(fake.endpoint)('dnc-tenants', { pk: 'CLIENT#c1' })).rejects.toMatchObject({
        name: 'HTTP502',
        message: page.slice(0, 200),
      });
    } finally {
      await fake.close();
    }
  });

  it('rejects when the answer is cut off mid-body', async () => {
    const server = createServer((request, response) => {
      request.resume();
      response.writeHead(200, { 'content-length': '100' }).write('{"Item":', () => response.socket?.destroy());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    server.unref();
    try {
      await expect(
        getItemAt(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)('dnc-tenants', { pk: 'CLIENT#c1' }),
      ).rejects.toMatchObject({ code: 'ECONNRESET', message: 'aborted' });
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }, 10_000);

  it('gives up on a hung connection after two attempts of 1 s, and closes it', async () => {
    const hung = await startHungServer();
    try {
      await expect(
        createRegistryGetItem({ AWS_REGION: 'eu-west-1', DYNAMODB_ENDPOINT: `http://127.0.0.1:${hung.port}`, ...credentials })(
          'dnc-tenants',
          { pk: 'CLIENT#c1' },
        ),
      ).rejects.toMatchObject({ name: 'TimeoutError', message: 'DynamoDB did not answer within 1000 ms' });
      expect(hung.connections()).toBe(2);
      expect(await hung.allClosed()).toBe(true);
    } finally {
      await hung.close();
    }
  });

  it('refuses DYNAMODB_ENDPOINT in a production stage', () => {
    expect(() => getItemAt('http://127.0.0.1:1', { PRODUCTION_STAGE: 'true' })).toThrow(
      /DYNAMODB_ENDPOINT must be empty in a production stage/,
    );
  });
});

describe('connections', () => {
  it('reuses one kept-alive connection for consecutive reads', async () => {
    const fake = await startFakeDynamoDb([{ status: 200, body: {} }]);
    try {
      const getItem = getItemAt(fake.endpoint);
      await getItem('dnc-tenants', { pk: 'CLIENT#c1' });
      await getItem('dnc-tenants', { pk: 'CLIENT#c2' });
      expect(fake.connections()).toBe(1);
    } finally {
      await fake.close();
    }
  });

  it('speaks TLS to an https endpoint', async () => {
    // A plain TCP listener: what arrives first is a TLS handshake record (0x16), not an HTTP request line.
    const firstBytes: number[] = [];
    const server = createTcpServer((socket) =>
      socket.once('data', (data: Buffer) => {
        firstBytes.push(data[0]!);
        socket.destroy();
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      await expect(
        getItemAt(`https://127.0.0.1:${(server.address() as AddressInfo).port}`)('dnc-tenants', { pk: 'CLIENT#c1' }),
      ).rejects.toThrow();
      expect(firstBytes).toEqual([0x16, 0x16]);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('region and credentials, checked at each read', () => {
  afterEach(() => jest.restoreAllMocks());

  it('connects to DynamoDB in AWS_REGION', async () => {
    // Stops at the connection, before any DNS lookup or traffic leaves the machine.
    const connect = jest.spyOn(https.Agent.prototype, 'createConnection').mockImplementation(() => {
      throw new Error('no network in tests');
    });
    const getItem = createRegistryGetItem({ AWS_REGION: 'eu-west-1', DYNAMODB_ENDPOINT: '', ...credentials });
    await expect(getItem('dnc-tenants', { pk: 'CLIENT#c1' })).rejects.toThrow('no network in tests');
    expect(connect).toHaveBeenCalledWith(
      expect.objectContaining({ host: 'dynamodb.eu-west-1.amazonaws.com', port: 443 }),
      expect.anything(),
    );
  });

  it.each([
    ['AWS_REGION is empty', { AWS_REGION: '', DYNAMODB_ENDPOINT: 'http://127.0.0.1:1' }],
    ['neither AWS_REGION nor AWS_DEFAULT_REGION is set', { AWS_REGION: undefined, AWS_DEFAULT_REGION: undefined, DYNAMODB_ENDPOINT: '' }],
  ])('refuses to read when %s', async (_case, env) => {
    const getItem = createRegistryGetItem({ ...credentials, ...env });
    await expect(getItem('dnc-tenants', { pk: 'CLIENT#c1' })).rejects.toThrow('AWS_REGION is required to read the tenant registry');
  });

  it('refuses to read without credentials', async () => {
    const getItem = getItemAt('http://127.0.0.1:1', { AWS_ACCESS_KEY_ID: '' });
    await expect(getItem('dnc-tenants', { pk: 'CLIENT#c1' })).rejects.toThrow(
      'AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are required to read the tenant registry',
    );
  });
});
