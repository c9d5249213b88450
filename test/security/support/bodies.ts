import fc from 'fast-check';

/**
 * Request bodies for the property-based hostile-input suite. Every invalid generator
 * builds bodies that are invalid by construction (never "invalid unless lucky") and
 * says which status they must get; the rules are restated here rather than imported
 * from the service so the tests check the contract, not the implementation.
 */

export const MAX_BODY_BYTES = 16 * 1024;

export type ExpectedStatus = 400 | 413 | 415;

export interface HostileRequest {
  kind: string;
  /** Sent as it is: raw JSON text, or not JSON at all. */
  body: string;
  contentType?: string | undefined;
  isBase64Encoded?: boolean;
  expected: ExpectedStatus;
}

const utf8Bytes = (text: string): number => new TextEncoder().encode(text).length;

/** Larger than the limit is 413 whatever else is wrong; otherwise the category's status. */
const request = (kind: string, body: string, expected: ExpectedStatus = 400): HostileRequest => ({
  kind,
  body,
  expected: utf8Bytes(body) > MAX_BODY_BYTES ? 413 : expected,
});

/** A value that is already JSON text (e.g. 5,000 nested arrays), for `rawObject`. */
class RawJson {
  constructor(readonly text: string) {}
}
const raw = (jsonText: string): RawJson => new RawJson(jsonText);

/** A JSON object as raw text, so keys such as `__proto__` really are in the body. */
export const rawObject = (entries: readonly (readonly [string, unknown])[]): string =>
  `{${entries.map(([key, value]) => `${JSON.stringify(key)}:${value instanceof RawJson ? value.text : JSON.stringify(value)}`).join(',')}}`;

const digit = fc.constantFrom(...'0123456789');
const digits = (minLength: number, maxLength: number) => fc.string({ unit: digit, minLength, maxLength });
const separator = fc.constantFrom(' ', '-', '.', '(', ')');

/** Inserts 0–2 separators between the digits of a number that starts with `+`. */
const respell = (plain: string): fc.Arbitrary<string> =>
  fc.array(fc.string({ unit: separator, maxLength: 2 }), { minLength: plain.length, maxLength: plain.length }).map((separators) =>
    // Nothing before the '+' or between it and the country digit: separators go between digits.
    [...plain].map((character, index) => (index <= 1 ? character : `${separators[index]}${character}`)).join(''),
  );

// ---------------------------------------------------------------------------------------------
// Valid fields
// ---------------------------------------------------------------------------------------------

/** Canonical E.164: `+`, a country digit 1-9, then 6 to 14 more digits. */
export const canonicalPhone = fc.tuple(fc.integer({ min: 1, max: 9 }), digits(6, 14)).map(([country, rest]) => `+${country}${rest}`);

/** A valid phone number, canonical or re-spelled with separators between its digits. */
// `+44 (0)20…`: a parenthesized 0 right after the country code is a trunk prefix the service drops,
// so such a spelling names another number; the trunk rule has its own tests (test/unit/phone-number).
const trunkPrefixSpelling = /^\+\d{1,3}[ .-]*\(0\)/;

export const validPhone: fc.Arbitrary<{ input: string; canonical: string }> = canonicalPhone.chain((canonical) =>
  fc
    .oneof(
      fc.constant(canonical),
      respell(canonical).filter((input) => !trunkPrefixSpelling.test(input)),
    )
    .map((input) => ({ input, canonical })),
);

const USER_ID_CHARACTERS = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:@-'];
const userIdCharacter = fc.constantFrom(...USER_ID_CHARACTERS);

export const validUserId = fc.oneof(
  fc.string({ unit: userIdCharacter, minLength: 1, maxLength: 12 }),
  fc.string({ unit: userIdCharacter, minLength: 1, maxLength: 128 }),
  fc.uuid(),
);

/** Control characters other than tab, LF and CR, and the bidi embedding/override/isolate controls. */
const isForbiddenReasonCodePoint = (codePoint: number): boolean =>
  (codePoint <= 0x1f && codePoint !== 0x09 && codePoint !== 0x0a && codePoint !== 0x0d) ||
  (codePoint >= 0x7f && codePoint <= 0x9f) ||
  (codePoint >= 0x202a && codePoint <= 0x202e) ||
  (codePoint >= 0x2066 && codePoint <= 0x2069);

/** Drops forbidden characters and cuts to 500 code points: a valid reason from any well-formed string. */
const toValidReason = (text: string): string =>
  [...text]
    .filter((character) => !isForbiddenReasonCodePoint(character.codePointAt(0)!))
    .slice(0, 500)
    .join('');

const astral = fc.integer({ min: 0x10000, max: 0x10ffff }).map((codePoint) => String.fromCodePoint(codePoint));

export const validReason = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 120 }).map(toValidReason),
  fc.string({ unit: 'binary', maxLength: 500 }).map(toValidReason),
  fc.string({ unit: 'grapheme-ascii', maxLength: 500 }),
  // 500 code points but up to 1,000 UTF-16 units: the limit counts characters, not units.
  fc.string({ unit: astral, minLength: 490, maxLength: 500 }),
  fc.string({ unit: fc.constantFrom('\t', '\n', '\r', ' ', 'é', '\u2028', '\u200f', '\u061c', '\ufeff', '"', '\\'), maxLength: 40 }),
  fc.constantFrom('', ' ', 'Customer requested to be removed from calling list', '\u{1F431}'.repeat(500)),
);

export interface ValidBody {
  phone: { input: string; canonical: string };
  userId: string | null | undefined;
  reason: string | null | undefined;
}

/** `undefined` means the key is absent from the body. */
export const validBody: fc.Arbitrary<ValidBody> = fc.record({
  phone: validPhone,
  userId: fc.oneof(validUserId, fc.constant(null), fc.constant(undefined)),
  reason: fc.oneof({ arbitrary: validReason, weight: 3 }, fc.constant(null), fc.constant(undefined)),
});

export const validEntries = ({ phone, userId, reason }: ValidBody): [string, unknown][] => [
  ['phoneNumber', phone.input],
  ...(userId === undefined ? [] : [['userId', userId] as [string, unknown]]),
  ...(reason === undefined ? [] : [['reason', reason] as [string, unknown]]),
];

export const validBodyText = (body: ValidBody): string => rawObject(validEntries(body));

// ---------------------------------------------------------------------------------------------
// Invalid fields, each invalid by construction
// ---------------------------------------------------------------------------------------------

const insertAt = (text: string, insertion: string, position: number): string => {
  const at = Math.min(position, text.length);
  return `${text.slice(0, at)}${insertion}${text.slice(at)}`;
};

/** Any JSON value that is not a string (and, when `allowNull` is false, not null either). */
const nonStringJson = (allowNull: boolean) =>
  fc.jsonValue({ maxDepth: 3 }).filter((value) => typeof value !== 'string' && (allowNull || value !== null));

/** A character that is neither an ASCII digit, '+', nor one of the separators ' ', '-', '.', '(', ')'. */
const nonPhoneCharacter = fc.oneof(
  fc.constantFrom(...'abcxyzABCXYZ#*,/;', '\u0000', '\t', '\n', '\u00a0', '\u202e', '\ud800', '１', '٣', 'e'),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }).filter((character) => !/^[0-9+ \-.()]$/.test(character)),
);

export const invalidPhone: fc.Arbitrary<[string, unknown]> = fc
  .oneof(
    // A letter (or any other non-separator character) somewhere in an otherwise valid number.
    fc.tuple(validPhone, nonPhoneCharacter, fc.nat()).map(([phone, character, position]) => insertAt(phone.input, character, position)),
    // Too short: 1 to 6 digits.
    fc.tuple(fc.integer({ min: 1, max: 9 }), digits(0, 5)).chain(([country, rest]) => respell(`+${country}${rest}`)),
    // Too long: 16 to 40 digits.
    fc.tuple(fc.integer({ min: 1, max: 9 }), digits(15, 39)).chain(([country, rest]) => respell(`+${country}${rest}`)),
    // No '+'.
    fc.tuple(fc.integer({ min: 1, max: 9 }), digits(6, 14)).map(([country, rest]) => `${country}${rest}`),
    // '+' somewhere else, or twice.
    fc.tuple(canonicalPhone, fc.integer({ min: 1, max: 20 })).map(([phone, position]) => insertAt(phone, '+', position)),
    fc.tuple(canonicalPhone, fc.integer({ min: 2, max: 20 })).map(([phone, position]) => insertAt(phone.slice(1), '+', position)),
    // Leading +0.
    digits(6, 14).chain((rest) => respell(`+0${rest}`)),
    fc.constantFrom('', '+', ' ', '()', '+ - . ( )', '+14155550123\n', '\n+14155550123', '+1 415 555 0123 ext 4', '+١٤١٥٥٥٥٠١٢٣'),
  )
  .map((value) => ['phoneNumber', value] as [string, unknown]);

/** Outside [A-Za-z0-9._:@-]: anything from a NUL, a '#', a bidi override or a lone surrogate to any code point. */
const nonUserIdCharacter = fc.oneof(
  fc.constantFrom('#', '/', ' ', '\u0000', '\n', '\u202e', '\u2066', '\ud800', '\udfff', 'é', '＠', '\u{1F431}', '"', '\\', '+', '*'),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }).filter((character) => !USER_ID_CHARACTERS.includes(character)),
);

export const invalidUserId: fc.Arbitrary<[string, unknown]> = fc
  .oneof(
    fc.constant(''),
    fc.string({ unit: userIdCharacter, minLength: 129, maxLength: 400 }),
    fc
      .tuple(fc.string({ unit: userIdCharacter, maxLength: 40 }), nonUserIdCharacter, fc.nat())
      .map(([base, character, position]) => insertAt(base, character, position)),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 60 }).filter((text) => [...text].some((c) => !USER_ID_CHARACTERS.includes(c))),
  )
  .map((value) => ['userId', value] as [string, unknown]);

/** Forbidden in a reason whatever surrounds it: C0/C1 controls other than tab/LF/CR, bidi controls, and a lone surrogate. */
const forbiddenReasonCharacter = fc
  .oneof(
    fc.integer({ min: 0x00, max: 0x1f }).filter((c) => c !== 0x09 && c !== 0x0a && c !== 0x0d),
    fc.integer({ min: 0x7f, max: 0x9f }),
    fc.integer({ min: 0x202a, max: 0x202e }),
    fc.integer({ min: 0x2066, max: 0x2069 }),
    // One surrogate code unit: inserted into a well-formed string it leaves an odd number of surrogates, so one is unpaired.
    fc.integer({ min: 0xd800, max: 0xdfff }),
  )
  .map((codeUnit) => String.fromCharCode(codeUnit));

export const invalidReason: fc.Arbitrary<[string, unknown]> = fc
  .oneof(
    // More than 500 code points, even when each is a whole astral character.
    fc.string({ unit: 'grapheme-ascii', minLength: 501, maxLength: 1500 }),
    fc.string({ unit: astral, minLength: 501, maxLength: 700 }),
    fc.string({ unit: 'grapheme', minLength: 501, maxLength: 600 }),
    // One forbidden character anywhere in an otherwise valid reason.
    fc.tuple(validReason, forbiddenReasonCharacter, fc.nat()).map(([base, character, position]) => insertAt(base, character, position)),
    fc.constantFrom('\u0000', 'safe\u202Eexe.txt', '\u2066hidden\u2069', '\ud83d', 'end\udc00', '\u0085', '\u001b[31mred'),
  )
  .map((value) => ['reason', value] as [string, unknown]);

/** A wrong JSON type: phoneNumber not a string (null included), userId/reason neither string nor null. */
const wrongType: fc.Arbitrary<[string, unknown]> = fc.oneof(
  nonStringJson(true).map((value) => ['phoneNumber', value] as [string, unknown]),
  nonStringJson(false).map((value) => ['userId', value] as [string, unknown]),
  nonStringJson(false).map((value) => ['reason', value] as [string, unknown]),
);

const KNOWN_KEYS = new Set(['phoneNumber', 'userId', 'reason']);
const PROTOTYPE_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  '__defineGetter__',
  '__lookupSetter__',
];
const unknownKey = fc
  .oneof(
    fc.constantFrom(
      ...PROTOTYPE_KEYS,
      'tenantId',
      'pk',
      'sk',
      'id',
      'createdBy',
      'createdAt',
      'PhoneNumber',
      'phonenumber',
      'phoneNumber ',
      ' userId',
      'reason\u0000',
      'user_id',
      '',
      '\u202ereason',
    ),
    fc.string({ unit: 'binary', maxLength: 30 }),
    fc.string({ maxLength: 30 }),
  )
  .filter((key) => !KNOWN_KEYS.has(key));

const prototypeValue = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constant({ prototype: { polluted: true } }),
  fc.constant({ isAdmin: true, tenantId: 'other' }),
);

// ---------------------------------------------------------------------------------------------
// Whole requests
// ---------------------------------------------------------------------------------------------

/** Some fields of an otherwise valid body, in shuffled order, plus the given bad entries. */
const withBadEntries = (bad: fc.Arbitrary<[string, unknown][]>): fc.Arbitrary<string> =>
  fc.tuple(validBody, bad, fc.nat()).map(([body, badEntries, seed]) => {
    const badKeys = new Set(badEntries.map(([key]) => key));
    const entries = [...validEntries(body).filter(([key]) => !badKeys.has(key)), ...badEntries];
    // Deterministic shuffle from the generated seed, so shrinking stays meaningful.
    const shuffled = entries
      .map((entry, index) => ({ entry, order: (seed * (index + 7919)) % 104729 }))
      .sort((a, b) => a.order - b.order)
      .map(({ entry }) => entry);
    return rawObject(shuffled);
  });

/** fc.jsonValue() / fc.anything() that are not JSON objects: arrays, strings, numbers, booleans, null. */
export const notAnObject: fc.Arbitrary<HostileRequest> = fc
  .oneof(
    fc.jsonValue({ maxDepth: 4 }),
    fc.jsonValue({ maxDepth: 2, stringUnit: 'binary' }),
    fc
      .anything({ maxDepth: 2 })
      .map((value) => JSON.stringify(value) as unknown)
      .filter((text) => typeof text === 'string')
      .map((text) => JSON.parse(text as string) as unknown),
    fc.array(validBody.map(validEntries).map(Object.fromEntries), { minLength: 1, maxLength: 3 }),
    validBody.map((body) => validBodyText(body)),
  )
  .filter((value) => value === null || typeof value !== 'object' || Array.isArray(value))
  .map((value) => request('not an object', JSON.stringify(value)));

export const wrongTypes: fc.Arbitrary<HostileRequest> = withBadEntries(
  fc.uniqueArray(wrongType, { minLength: 1, maxLength: 3, selector: ([key]) => key }),
).map((body) => request('wrong types', body));

export const unknownKeys: fc.Arbitrary<HostileRequest> = withBadEntries(
  fc.uniqueArray(fc.tuple(unknownKey, prototypeValue), { minLength: 1, maxLength: 4, selector: ([key]) => key }),
).map((body) => request('unknown keys', body));

export const invalidPhones = withBadEntries(invalidPhone.map((entry) => [entry])).map((body) => request('invalid phoneNumber', body));
export const invalidUserIds = withBadEntries(invalidUserId.map((entry) => [entry])).map((body) => request('invalid userId', body));
export const invalidReasons = withBadEntries(invalidReason.map((entry) => [entry])).map((body) => request('invalid reason', body));

/** The phoneNumber key missing, and nothing else wrong. */
export const missingPhone = fc
  .record({ userId: fc.option(validUserId), reason: fc.option(validReason) }, { requiredKeys: [] })
  .map((body) => request('missing phoneNumber', JSON.stringify(body)));

/** Over 16 KiB once decoded: valid bodies padded with JSON whitespace, huge fields, garbage, multi-byte text. */
export const oversized: fc.Arbitrary<HostileRequest> = fc
  .tuple(
    fc.constantFrom('padded', 'huge reason', 'huge unknown key', 'multi-byte', 'garbage', 'base64'),
    validBody,
    fc.string({ unit: 'binary', minLength: 1, maxLength: 64 }),
    fc.integer({ min: 1, max: 48 * 1024 }),
    fc.constantFrom(' ', '\n', '\t', '\r\n'),
  )
  .map(([shape, body, chunk, extra, whitespace]): HostileRequest => {
    const target = MAX_BODY_BYTES + extra;
    const fill = (piece: string) => piece.repeat(Math.ceil(target / Math.max(1, utf8Bytes(piece))));
    const valid = validBodyText(body);
    const text = {
      padded: `${fill(whitespace)}${valid}`,
      'huge reason': rawObject([
        ['phoneNumber', body.phone.input],
        ['reason', fill(chunk)],
      ]),
      'huge unknown key': rawObject([
        ['phoneNumber', body.phone.input],
        [fill(chunk), 1],
      ]),
      'multi-byte': rawObject([
        ['phoneNumber', body.phone.input],
        ['reason', fill('é')],
      ]),
      garbage: fill(chunk),
      base64: `${valid}${fill(whitespace)}`,
    }[shape];
    if (utf8Bytes(text) <= MAX_BODY_BYTES) throw new Error(`generator bug: ${shape} is not over the limit`);
    return shape === 'base64'
      ? { kind: 'oversized', body: Buffer.from(text, 'utf8').toString('base64'), isBase64Encoded: true, expected: 413 }
      : { kind: 'oversized', body: text, expected: 413 };
  });

/** 1,000 to 10,000 levels of arrays and/or objects, as a field value or as the whole body. */
export const deeplyNested: fc.Arbitrary<HostileRequest> = fc
  .tuple(
    fc.integer({ min: 1_000, max: 10_000 }),
    fc.constantFrom('arrays', 'objects', 'mixed'),
    fc.constantFrom('phoneNumber', 'userId', 'reason', 'nested', 'body', 'unbalanced'),
    validBody,
  )
  .map(([depth, shape, where, body]) => {
    const open = (level: number) => (shape === 'arrays' || (shape === 'mixed' && level % 2 === 0) ? '[' : '{"a":');
    const close = (level: number) => (shape === 'arrays' || (shape === 'mixed' && level % 2 === 0) ? ']' : '}');
    let opening = '';
    let closing = '';
    for (let level = 0; level < depth; level += 1) {
      opening += open(level);
      closing = close(level) + closing;
    }
    const nested = `${opening}"+14155550123"${closing}`;
    const base = validEntries(body);
    const text =
      where === 'body'
        ? nested
        : where === 'unbalanced'
          ? rawObject([...base, ['nested', raw(opening)]])
          : rawObject([...base.filter(([key]) => key !== where), [where, raw(nested)]]);
    return request(`deeply nested (${where})`, text);
  });

/** Not JSON: truncations of JSON object text, and JSON-ish syntax JSON.parse must refuse. */
export const malformedJson: fc.Arbitrary<HostileRequest> = fc.oneof(
  // Every proper prefix of an object's JSON text is unparseable: its closing brace is the last character.
  fc
    .tuple(
      fc.oneof(
        validBody.map(validBodyText),
        wrongTypes.map((r) => r.body),
        unknownKeys.map((r) => r.body),
      ),
      fc.nat(),
    )
    .map(([text, cut]) => request('truncated JSON', text.slice(0, cut % text.length))),
  validBody.chain((body) => {
    const text = validBodyText(body);
    const inner = text.slice(1, -1);
    return fc
      .constantFrom(
        `{${inner},}`,
        `{${inner.replaceAll('"', "'")}}`,
        `{${inner.replace('"phoneNumber"', 'phoneNumber')}}`,
        `${text} x`,
        `${text}${text}`,
        `${text}}`,
        `{{${inner}}`,
        `[${text}`,
        `{${inner}, "userId": undefined}`,
        `{${inner}, "reason": NaN}`,
        `/* comment */ ${text}`,
        `${text} // comment`,
        'phoneNumber=%2B14155550123',
        '   ',
        '\u0000',
      )
      .map((malformed) => request('malformed JSON', malformed));
  }),
);

/** Content types that are not JSON (or no content type at all), with a body that would otherwise be accepted. */
export const notJson: fc.Arbitrary<HostileRequest> = fc
  .tuple(
    fc.oneof(
      fc.constantFrom(
        undefined,
        '',
        'text/plain',
        'text/plain; charset=utf-8',
        'text/html',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=----x',
        'application/xml',
        'application/octet-stream',
        'application/javascript',
        'application/jsonp',
        'image/png',
        '*/*',
        'json',
        'application/',
        'xapplication/json',
        'application json',
      ),
      fc
        .tuple(
          fc.stringMatching(/^[a-z]{1,12}$/),
          fc.stringMatching(/^[a-z0-9.+-]{1,20}$/).filter((subtype) => !subtype.includes('json')),
        )
        .map(([type, subtype]) => `${type}/${subtype}`),
    ),
    fc.oneof(
      validBody.map(validBodyText),
      invalidPhones.map((r) => r.body),
    ),
  )
  .filter(([, body]) => utf8Bytes(body) <= MAX_BODY_BYTES)
  .map(([contentType, body]) => ({ kind: 'not JSON content type', body, contentType, expected: 415 }));

/** The same bad body, base64-encoded as API Gateway sends binary media: decoding must not make it valid. */
export const base64Encoded = (requests: fc.Arbitrary<HostileRequest>): fc.Arbitrary<HostileRequest> =>
  requests.map((hostile) => ({
    ...hostile,
    kind: `${hostile.kind} (base64)`,
    body: Buffer.from(hostile.body, 'utf8').toString('base64'),
    isBase64Encoded: true,
  }));
