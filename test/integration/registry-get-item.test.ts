import { createHash, createHmac } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
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

/** A loopback DynamoDB stand-in answering each request with the next of `answers` (the last one repeats). */
const startFakeDynamoDb = async (answers: { status: number; body: unknown }[]) => {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      received.push({ method: request.method!, path: request.url!, headers: request.headers, body });
      const answer = answers[Math.min(received.length - 1, answers.length - 1)]!;
      response.writeHead(answer.status, { 'content-type': 'application/x-amz-json-1.0' }).end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { endpoint, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
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

  it('gives up on a hung connection after two attempts of 1 s, and closes it', async () => {
    const hung = await startHungServer();
    try {
      await expect(
        createRegistryGetItem({ AWS_REGION: 'eu-west-1', DYNAMODB_ENDPOINT: `http://127.0.0.1:${hung.port}`, ...credentials })(
          'dnc-tenants',
          { pk: 'CLIENT#c1' },
        ),
      ).rejects.toMatchObject({ name: 'TimeoutError' });
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
