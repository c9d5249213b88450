import { parseJsonBody } from '../../lambda/shared/http/middleware/parse-json-body';
import { HttpError } from '../../lambda/shared/http/http-error';

type Event = { body?: unknown; isBase64Encoded: boolean; headers?: Record<string, string | undefined> };

const parse = (event: Event): Event => {
  const request = { event, context: {}, response: undefined, error: undefined, internal: {} };
  parseJsonBody<Event>().before!(request as never);
  return event;
};

const rejection = (event: Event): HttpError => {
  try {
    parse(event);
  } catch (error) {
    if (error instanceof HttpError) return error;
    throw error;
  }
  throw new Error('expected the body to be refused');
};

const json = (body: string, contentType: string | null = 'application/json', isBase64Encoded = false): Event => ({
  body,
  isBase64Encoded,
  headers: contentType === null ? {} : { 'content-type': contentType },
});

describe('parseJsonBody', () => {
  it.each([
    'application/json',
    'application/json; charset=utf-8',
    'application/json;charset="UTF-8"',
    'application/merge-patch+json',
    'Application/JSON',
    // A parameter other than charset is not taken for one.
    'application/json; version=2',
  ])('parses a body declared %s', (contentType) => {
    expect(parse(json('{"phoneNumber":"+14155550100"}', contentType)).body).toEqual({ phoneNumber: '+14155550100' });
  });

  it('decodes a base64-encoded UTF-8 body', () => {
    const body = Buffer.from('{"reason":"café ☎"}').toString('base64');
    expect(parse(json(body, 'application/json', true)).body).toEqual({ reason: 'café ☎' });
  });

  it.each([['text/plain'], ['application/x-www-form-urlencoded'], ['application/jsonx'], ['x-application/json'], [null]])(
    'answers Content-Type %s with 415',
    (contentType) => {
      const error = rejection(json('{}', contentType));
      expect(error.statusCode).toBe(415);
      expect(error.message).toBe('Content-Type must be application/json');
    },
  );

  it.each(['iso-8859-1', 'utf-16', 'latin1'])('answers charset=%s with 415 naming utf-8', (charset) => {
    const error = rejection(json('{}', `application/json; charset=${charset}`));
    expect(error.statusCode).toBe(415);
    expect(error.message).toBe('Content-Type charset must be utf-8');
  });

  it.each([
    ['a lone continuation byte', [0x7b, 0x22, 0x72, 0x22, 0x3a, 0x22, 0x80, 0x22, 0x7d]],
    ['Latin-1 é', [0x7b, 0x22, 0x72, 0x22, 0x3a, 0x22, 0xe9, 0x22, 0x7d]],
    ['a truncated 3-byte sequence', [0x7b, 0x22, 0x72, 0x22, 0x3a, 0x22, 0xe2, 0x98, 0x22, 0x7d]],
  ])('answers a body with %s (not UTF-8) with 400 instead of storing U+FFFD', (_case, bytes) => {
    const error = rejection(json(Buffer.from(bytes).toString('base64'), 'application/json', true));
    expect(error.statusCode).toBe(400);
    expect(error.message).toBe('body is not valid UTF-8');
  });

  it.each([[undefined], ['']])('answers a missing body (%j) with 400 "body is required"', (body) => {
    const error = rejection({ body, isBase64Encoded: false, headers: { 'content-type': 'application/json' } });
    expect(error.statusCode).toBe(400);
    expect(error.message).toMatch(/^body is required/);
  });

  it.each(['{"phoneNumber":', 'not json', '{"a":1}}'])('answers malformed JSON %j with 400, without echoing it', (body) => {
    const error = rejection(json(body));
    expect(error.statusCode).toBe(400);
    expect(error.message).toBe('body is not valid JSON');
  });

  it.each(['__proto__', 'constructor'])('refuses the key %s anywhere in the body', (key) => {
    const error = rejection(json(`{"a":{"${key}":{"polluted":true}}}`));
    expect(error.statusCode).toBe(400);
    expect(error.message).toBe(`body must not contain the key "${key}"`);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
