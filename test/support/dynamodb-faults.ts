import { Readable } from 'node:stream';
import { NodeHttpHandler } from '@smithy/node-http-handler';

type Handle = NodeHttpHandler['handle'];
type HandleResult = ReturnType<Handle>;
type HandleOptions = NonNullable<Parameters<Handle>[1]>;
type HandleRequest = Parameters<Handle>[0];

export interface Fault {
  /** 1 for the first HTTP request the SDK sends, 2 for its first retry, … */
  attempt: number;
  /** Sends the request to DynamoDB Local for real. */
  forward: () => HandleResult;
  options: HandleOptions;
  /** The HTTP request: `headers['x-amz-target']` names the operation (`DynamoDB_20120810.PutItem`, `AWSEvents.PutEvents`). */
  request: HandleRequest;
}

/**
 * Injects faults beneath the SDK's retry layer, at its HTTP handler, so the SDK's real retry
 * strategy, timeouts and abort handling run. (aws-sdk-client-mock replaces `send` as a
 * whole, which would skip them.) It sees every SDK client's requests, DynamoDB's and
 * EventBridge's alike; everything not faulted goes where it was sent (DynamoDB Local, the event sink).
 */
export const interceptDynamoDbHttp = (behaviour: (fault: Fault) => HandleResult) => {
  const original = NodeHttpHandler.prototype.handle;
  let attempts = 0;
  const spy = jest.spyOn(NodeHttpHandler.prototype, 'handle').mockImplementation(function (this: NodeHttpHandler, request, options) {
    attempts += 1;
    return behaviour({ attempt: attempts, forward: () => original.call(this, request, options), options: options ?? {}, request });
  });
  return { attempts: () => attempts, restore: () => spy.mockRestore() };
};

/** An answer of DynamoDB's JSON protocol with this status and body. */
export const dynamoDbAnswer = (statusCode: number, body: object): HandleResult =>
  Promise.resolve({
    response: {
      statusCode,
      reason: statusCode === 200 ? 'OK' : 'fault',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': 'injected-fault' },
      body: Readable.from([Buffer.from(JSON.stringify(body))]),
    },
  } as Awaited<HandleResult>);

/** What DynamoDB answers with an error of this type (e.g. ProvisionedThroughputExceededException). */
export const dynamoDbError = (type: string, statusCode = 400): HandleResult =>
  dynamoDbAnswer(statusCode, { __type: `com.amazonaws.dynamodb.v20120810#${type}`, message: `injected ${type}` });

export interface CancellationReason {
  Code: string;
  Message?: string;
}

/** What DynamoDB answers when it cancels a transaction: one reason per item, in the order of TransactItems. */
export const transactionCanceled = (reasons: readonly CancellationReason[]): HandleResult =>
  dynamoDbAnswer(400, {
    __type: 'com.amazonaws.dynamodb.v20120810#TransactionCanceledException',
    message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r.Code).join(', ')}]`,
    CancellationReasons: reasons,
  });

/** The bytes of a request's or an answer's body, however the SDK holds it (string, bytes or stream). */
export const bodyBytes = async (body: unknown): Promise<Buffer> => {
  if (typeof body === 'string' || body instanceof Uint8Array) return Buffer.from(body);
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Uint8Array | string>) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
};

/** A JSON request or answer body, parsed (DynamoDB's wire format: attribute values stay typed). */
export const jsonBodyOf = async <T>(body: unknown): Promise<T> => JSON.parse((await bodyBytes(body)).toString('utf8')) as T;

/** What a slow DynamoDB did with a request: sent it on after the delay, or saw the SDK abort it first. */
export interface SlowAnswers {
  forwarded: number;
  aborted: number;
}

/**
 * Answers the request as a DynamoDB slower than `delayMillis` would: forwarded once the delay has
 * passed, unless the SDK aborts it first (then rejected as its HTTP handler does, never sent).
 */
export const slowAnswer = ({ forward, options }: Fault, delayMillis: number, answers: SlowAnswers): HandleResult =>
  new Promise((resolve, reject) => {
    const slow = setTimeout(() => {
      answers.forwarded += 1;
      forward().then(resolve, reject);
    }, delayMillis);
    (options.abortSignal as AbortSignal | undefined)?.addEventListener('abort', () => {
      answers.aborted += 1;
      clearTimeout(slow);
      reject(Object.assign(new Error('Request aborted'), { name: 'AbortError' }));
    });
  });

/** A socket timeout as Node's HTTP handler reports it: retryable for the SDK. */
export const socketTimeout = (): Error => Object.assign(new Error('socket hang up: injected timeout'), { name: 'TimeoutError' });

/** The operation a request calls, e.g. `PutItem`, `PutEvents`. */
export const operationOf = (request: { headers: Record<string, string> }): string =>
  (request.headers['x-amz-target'] ?? '').split('.').pop() ?? '';

/** What EventBridge answers when it takes the request but refuses an entry. */
export const eventBridgeEntryRefused = (
  entry: { ErrorCode?: string; ErrorMessage?: string } = { ErrorCode: 'InternalFailure', ErrorMessage: 'injected' },
): HandleResult =>
  Promise.resolve({
    response: {
      statusCode: 200,
      reason: 'OK',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 'injected-fault' },
      body: Readable.from([Buffer.from(JSON.stringify({ FailedEntryCount: 1, Entries: [entry] }))]),
    },
  } as Awaited<HandleResult>);

/** An EventBridge service error (retryable for the SDK when 5xx). */
export const eventBridgeError = (type: string, statusCode = 500): HandleResult =>
  Promise.resolve({
    response: {
      statusCode,
      reason: 'fault',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 'injected-fault' },
      body: Readable.from([Buffer.from(JSON.stringify({ __type: type, message: `injected ${type}` }))]),
    },
  } as Awaited<HandleResult>);
