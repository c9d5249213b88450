import { Readable } from 'node:stream';
import { NodeHttpHandler } from '@smithy/node-http-handler';

type Handle = NodeHttpHandler['handle'];
type HandleResult = ReturnType<Handle>;
type HandleOptions = NonNullable<Parameters<Handle>[1]>;

export interface Fault {
  /** 1 for the first HTTP request the SDK sends, 2 for its first retry, … */
  attempt: number;
  /** Sends the request to DynamoDB Local for real. */
  forward: () => HandleResult;
  options: HandleOptions;
}

/**
 * Injects faults beneath the SDK's retry layer, at its HTTP handler, so the SDK's real retry
 * strategy, timeouts and abort handling run. (aws-sdk-client-mock replaces `send` as a
 * whole, which would skip them.) Everything not faulted goes to DynamoDB Local.
 */
export const interceptDynamoDbHttp = (behaviour: (fault: Fault) => HandleResult) => {
  const original = NodeHttpHandler.prototype.handle;
  let attempts = 0;
  const spy = jest.spyOn(NodeHttpHandler.prototype, 'handle').mockImplementation(function (this: NodeHttpHandler, request, options) {
    attempts += 1;
    return behaviour({ attempt: attempts, forward: () => original.call(this, request, options), options: options ?? {} });
  });
  return { attempts: () => attempts, restore: () => spy.mockRestore() };
};

/** What DynamoDB answers with an error of this type (e.g. ProvisionedThroughputExceededException). */
export const dynamoDbError = (type: string, statusCode = 400): HandleResult =>
  Promise.resolve({
    response: {
      statusCode,
      reason: 'fault',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': 'injected-fault' },
      body: Readable.from([
        Buffer.from(JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${type}`, message: `injected ${type}` })),
      ]),
    },
  } as Awaited<HandleResult>);

/** A socket timeout as Node's HTTP handler reports it: retryable for the SDK. */
export const socketTimeout = (): Error => Object.assign(new Error('socket hang up: injected timeout'), { name: 'TimeoutError' });
