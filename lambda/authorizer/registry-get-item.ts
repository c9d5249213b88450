import { createHash, createHmac } from 'node:crypto';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { SignatureV4 } from '@smithy/signature-v4';
import { endpointOverride } from '../shared/aws/local-overrides.js';
import { timeoutFor } from '../shared/aws/sdk-timeouts.js';
import type { GetItem } from '../shared/tenants/tenant-registry-reader.js';

/**
 * The authorizer's one DynamoDB call, a strongly consistent GetItem on the tenant registry, made
 * with the SDK's own SigV4 signer over a kept-alive HTTPS connection instead of the DynamoDB
 * client. The client and its middleware would be nine tenths of the authorizer's bundle, paid at
 * every cold start (bench: "cold start authorizer").
 */
/** Two attempts of at most 1 s each (a GetItem takes milliseconds): an outage ends well inside the function's 5 s. */
export const REGISTRY_ATTEMPTS = 2;
export const REGISTRY_ATTEMPT_TIMEOUT_MILLIS = 1_000;

type AttributeValue = { S?: string; N?: string; BOOL?: boolean; NULL?: boolean };

export class DynamoDbRequestError extends Error {
  constructor(
    override readonly name: string,
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

class NodeSha256 {
  private readonly hash;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', toBuffer(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(toBuffer(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}

const toBuffer = (data: string | ArrayBuffer | ArrayBufferView): Buffer =>
  typeof data === 'string'
    ? Buffer.from(data, 'utf8')
    : ArrayBuffer.isView(data)
      ? Buffer.from(data.buffer, data.byteOffset, data.byteLength)
      : Buffer.from(data);

/** Registry items hold strings (and may hold numbers or booleans); anything else is not a registry item. */
const fromAttributeValues = (item: Record<string, AttributeValue>): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries(item).map(([name, value]) => {
      if (value.S !== undefined) return [name, value.S];
      if (value.N !== undefined) return [name, Number(value.N)];
      if (value.BOOL !== undefined) return [name, value.BOOL];
      if (value.NULL) return [name, null];
      throw new Error(`tenant registry attribute ${name} has an unexpected type: ${Object.keys(value).join()}`);
    }),
  );

// DynamoDB's JSON protocol names the error in `__type` (`com.amazonaws.dynamodb.v20120810#ThrottlingException`).
const errorOf = (statusCode: number, body: string): DynamoDbRequestError => {
  let type = `HTTP${statusCode}`;
  let message = body.slice(0, 200);
  try {
    const parsed = JSON.parse(body) as { __type?: string; message?: string; Message?: string };
    type = parsed.__type?.split('#').pop() || type;
    message = parsed.message ?? parsed.Message ?? message;
  } catch {
    // not JSON: keep the status and the start of the body
  }
  const retryable = statusCode >= 500 || /Throttl|ProvisionedThroughputExceeded|RequestLimitExceeded/.test(type);
  return new DynamoDbRequestError(type, message, retryable);
};

interface Exchange {
  url: URL;
  headers: Record<string, string>;
  body: string;
}

const send = (
  agents: { http: HttpAgent; https: HttpsAgent },
  timeoutMillis: number,
  { url, headers, body }: Exchange,
): Promise<{ statusCode: number; body: string }> =>
  new Promise((resolve, reject) => {
    const secure = url.protocol === 'https:';
    const signal = AbortSignal.timeout(timeoutMillis);
    const fail = (error: Error) =>
      reject(signal.aborted ? new DynamoDbRequestError('TimeoutError', `DynamoDB did not answer within ${timeoutMillis} ms`, true) : error);
    const request = (secure ? httpsRequest : httpRequest)(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        agent: secure ? agents.https : agents.http,
        signal,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ statusCode: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', fail);
      },
    );
    request.on('error', fail);
    request.end(body);
  });

/**
 * A GetItem against the table's region (`AWS_REGION`), signed with the function's credentials
 * (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`, as Lambda sets them), or
 * against `DYNAMODB_ENDPOINT` locally (refused in a production stage, as `LOCAL_SDK_TIMEOUT_MILLIS`
 * is, which replaces the attempt's timeout).
 */
export const createRegistryGetItem = (env: NodeJS.ProcessEnv): GetItem => {
  const override = endpointOverride('DYNAMODB_ENDPOINT', env).endpoint;
  // Region and credentials as the SDK finds them: the given environment, else the process's (Lambda
  // sets both). Checked at the first read, as the SDK would.
  const runtime = { ...process.env, ...env };
  const region = runtime.AWS_REGION ?? runtime.AWS_DEFAULT_REGION ?? '';
  const endpoint = new URL(override ?? `https://dynamodb.${region || 'region-missing'}.amazonaws.com`);
  const signer = new SignatureV4({
    service: 'dynamodb',
    region,
    sha256: NodeSha256,
    // Read at each signature: the execution environment's credentials, as Lambda provides them.
    credentials: async () => {
      const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey, AWS_SESSION_TOKEN: sessionToken } = runtime;
      if (!accessKeyId || !secretAccessKey)
        throw new Error('AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are required to read the tenant registry');
      return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
    },
  });
  // One connection kept alive across reads, over http (locally) as over https.
  const keptAlive = { keepAlive: true };
  const agents = { http: new HttpAgent(keptAlive), https: new HttpsAgent(keptAlive) };
  const attemptTimeoutMillis = timeoutFor(env)(REGISTRY_ATTEMPT_TIMEOUT_MILLIS);

  const attempt = async (body: string) => {
    if (!region) throw new Error('AWS_REGION is required to read the tenant registry');
    // The signature covers the method, path, headers (host with its port) and body, not the URL's other parts.
    const signed = await signer.sign({
      method: 'POST',
      protocol: endpoint.protocol,
      hostname: endpoint.hostname,
      path: '/',
      query: {},
      headers: {
        host: endpoint.host,
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'DynamoDB_20120810.GetItem',
      },
      body,
    });
    const response = await send(agents, attemptTimeoutMillis, { url: endpoint, headers: signed.headers, body });
    if (response.statusCode !== 200) throw errorOf(response.statusCode, response.body);
    const { Item } = JSON.parse(response.body) as { Item?: Record<string, AttributeValue> };
    return Item === undefined ? undefined : fromAttributeValues(Item);
  };

  return async (tableName, key) => {
    const body = JSON.stringify({
      TableName: tableName,
      Key: Object.fromEntries(Object.entries(key).map(([name, value]) => [name, { S: value }])),
      ConsistentRead: true,
    });
    for (let attemptNumber = 1; ; attemptNumber += 1) {
      try {
        return await attempt(body);
      } catch (error) {
        const retryable = !(error instanceof DynamoDbRequestError) || error.retryable;
        if (!retryable || attemptNumber >= REGISTRY_ATTEMPTS) throw error;
      }
    }
  };
};
