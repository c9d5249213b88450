import { NodeHttpHandler } from '@smithy/node-http-handler';

/** Per operation (`PutItem`, `TransactWriteItems`, `PutEvents`…): requests sent, and the most in flight at once. */
export interface RequestCounts {
  sent: Record<string, number>;
  maxInFlight: Record<string, number>;
}

/**
 * Counts the AWS requests of every SDK client that reach its HTTP handler while `run` runs, by the
 * operation their `x-amz-target` names; a request counts as in flight until its answer arrives.
 */
export const countRequests = async (run: () => Promise<unknown>): Promise<RequestCounts> => {
  const original = NodeHttpHandler.prototype.handle;
  const sent: Record<string, number> = {};
  const inFlight: Record<string, number> = {};
  const maxInFlight: Record<string, number> = {};
  NodeHttpHandler.prototype.handle = function (this: NodeHttpHandler, request, options) {
    const operation = String(request.headers['x-amz-target']).split('.').at(-1)!;
    sent[operation] = (sent[operation] ?? 0) + 1;
    inFlight[operation] = (inFlight[operation] ?? 0) + 1;
    maxInFlight[operation] = Math.max(maxInFlight[operation] ?? 0, inFlight[operation]!);
    return original.call(this, request, options).finally(() => {
      inFlight[operation]! -= 1;
    });
  };
  try {
    await run();
  } finally {
    NodeHttpHandler.prototype.handle = original;
  }
  return { sent, maxInFlight };
};
