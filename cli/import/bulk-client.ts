import type { Batch } from './batches';
import { classifyStatus, mayRetry, parseRetryAfter, retryDelayMs } from './retry-policy';

/** Where the bearer token comes from; `renew` (when possible) gets a fresh one after `refused` was answered 401/403. */
export interface TokenSource {
  token(): Promise<string>;
  renew?: (refused: string) => Promise<string>;
}

export interface BatchAnswer {
  created: number;
  existing: number;
}

/** The service refused a batch in a way that sending it again will not fix: the import stops. */
export class ImportStopped extends Error {
  override name = 'ImportStopped';
}

/** The batch was given up because the import is being interrupted (Ctrl-C): not confirmed, not an error. */
export class BatchInterrupted extends Error {
  override name = 'BatchInterrupted';
}

export interface RetryNote {
  batch: Batch;
  failedAttempts: number;
  /** `503`, or the network error's message. */
  cause: string;
  delayMs: number;
}

export interface BulkClientOptions {
  apiUrl: string;
  tokens: TokenSource;
  fetch?: typeof fetch;
  /** Resolves after `ms`, or rejects as soon as `signal` aborts. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  random?: () => number;
  now?: () => number;
  /** API Gateway gives up on an integration after 30 s: past this the answer is not coming. */
  requestTimeoutMs?: number;
}

export interface SendSignals {
  /** No new attempt once aborted: a retry's wait ends at once and the batch is given up. */
  stopRetrying: AbortSignal;
  /** Aborts the request under way (after the grace period of an interrupt). */
  abortRequest: AbortSignal;
}

const abortableSleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });

const drain = async (response: Response): Promise<string> => {
  if (response.body !== null) for await (const _chunk of response.body);
  return '';
};

/** The service's `{"message": …}`, else the start of the body. */
const serviceMessage = (body: string): string => {
  try {
    const message = (JSON.parse(body) as { message?: unknown })?.message;
    if (typeof message === 'string') return message;
  } catch {
    // Not JSON: show it as it is.
  }
  const text = body.trim().replace(/\s+/g, ' ');
  return text === '' ? '(empty body)' : text.length > 300 ? `${text.slice(0, 300)}…` : text;
};

const errorText = (error: unknown): string => {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  const main = error instanceof Error ? error.message : String(error);
  return cause?.code ? `${main} (${cause.code})` : cause?.message ? `${main} (${cause.message})` : main;
};

export const rowRange = (batch: Batch): string => {
  const rows = batch.items.map((item) => item.row);
  return `rows ${Math.min(...rows)}–${Math.max(...rows)}`;
};

const countHeader = (response: Response, name: string): number => {
  const value = Number(response.headers.get(name));
  if (response.headers.get(name) === null || !Number.isInteger(value) || value < 0) {
    throw new ImportStopped(`the service answered ${response.status} without a ${name} header: is ${response.url} the dnc-api bulk route?`);
  }
  return value;
};

/** `POST /v1/dnc_numbers/bulk`, one batch at a time, with the retry policy of retry-policy.ts. */
export const createBulkClient = (options: BulkClientOptions) => {
  const url = `${options.apiUrl}/v1/dnc_numbers/bulk`;
  const doFetch = options.fetch ?? fetch;
  const sleep = options.sleep ?? abortableSleep;
  const now = options.now ?? Date.now;
  const timeoutMs = options.requestTimeoutMs ?? 60_000;

  const bodyOf = (batch: Batch) =>
    JSON.stringify({
      phoneNumbers: batch.items.map(({ phoneNumber, reason }) => (reason === null ? { phoneNumber } : { phoneNumber, reason })),
      ...(batch.userId === null ? {} : { userId: batch.userId }),
    });

  const send = async (batch: Batch, signals: SendSignals, onRetry?: (note: RetryNote) => void): Promise<BatchAnswer> => {
    const body = bodyOf(batch);
    let failedAttempts = 0;
    let renewed = false;
    let token = await options.tokens.token();
    for (;;) {
      if (signals.stopRetrying.aborted && failedAttempts > 0) throw new BatchInterrupted('interrupted');
      // One timer per attempt, cleared with it (AbortSignal.timeout's would live on for its whole delay).
      const attempt = new AbortController();
      const timer = setTimeout(() => attempt.abort(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
      const abortAttempt = () => attempt.abort(signals.abortRequest.reason);
      signals.abortRequest.addEventListener('abort', abortAttempt, { once: true });
      let response: Response;
      let text: string;
      try {
        response = await doFetch(url, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body,
          signal: attempt.signal,
        });
        // The whole answer is read inside the timeout: a body that stops arriving is a failed attempt too. A success's
        // body (up to 1,000 entries, ~250 KB) is only drained, chunk by chunk, never held whole: the counts are in headers.
        text = classifyStatus(response.status) === 'success' ? await drain(response) : await response.text();
      } catch (error) {
        if (signals.abortRequest.aborted) throw new BatchInterrupted('interrupted');
        failedAttempts += 1;
        await wait(
          { batch, failedAttempts, cause: errorText(attempt.signal.aborted ? attempt.signal.reason : error) },
          undefined,
          signals,
          onRetry,
        );
        continue;
      } finally {
        clearTimeout(timer);
        signals.abortRequest.removeEventListener('abort', abortAttempt);
      }
      const kind = classifyStatus(response.status);
      if (kind === 'success') {
        return { created: countHeader(response, 'dnc-created-count'), existing: countHeader(response, 'dnc-existing-count') };
      }
      const message = serviceMessage(text);
      if (kind === 'retry') {
        failedAttempts += 1;
        const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), now());
        await wait({ batch, failedAttempts, cause: `${response.status} ${message}` }, retryAfterMs, signals, onRetry);
        continue;
      }
      if (kind === 'auth' && !renewed && options.tokens.renew !== undefined) {
        // The token may have expired during a long import: one fresh token, once per batch.
        renewed = true;
        token = await options.tokens.renew(token);
        continue;
      }
      throw new ImportStopped(stopMessage(batch, response.status, message, { renewed, canRenew: options.tokens.renew !== undefined }));
    }
  };

  const wait = async (
    { batch, failedAttempts, cause }: Omit<RetryNote, 'delayMs'>,
    retryAfterMs: number | undefined,
    signals: SendSignals,
    onRetry: ((note: RetryNote) => void) | undefined,
  ) => {
    if (!mayRetry(failedAttempts)) {
      throw new ImportStopped(`the service did not take ${rowRange(batch)} after ${failedAttempts} attempts; the last: ${cause}`);
    }
    const delayMs = retryDelayMs({ failedAttempts, retryAfterMs, ...(options.random ? { random: options.random } : {}) });
    onRetry?.({ batch, failedAttempts, cause, delayMs });
    try {
      await sleep(delayMs, signals.stopRetrying);
    } catch {
      throw new BatchInterrupted('interrupted');
    }
  };

  return { send };
};

const stopMessage = (batch: Batch, status: number, message: string, token: { renewed: boolean; canRenew: boolean }): string => {
  const answer = `the service answered ${status} for ${rowRange(batch)}: ${message}`;
  if (status === 400) return `${answer} (rows are checked before sending, so this is unexpected: please report it with the rows)`;
  if (status !== 401 && status !== 403) return answer;
  const renewal = token.renewed
    ? ' (also with a fresh token)'
    : token.canRenew
      ? ''
      : ' (with --token-command the import renews an expired token)';
  const why = status === 401 ? 'the token is missing, expired or not trusted by this API' : 'the token needs the dnc/write scope';
  return `${answer}${renewal}: ${why}`;
};
