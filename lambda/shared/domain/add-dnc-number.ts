// zod/mini: the same checks as zod's classic API at a fraction of the bundle (cold start).
import * as z from 'zod/mini';
import { isoDateTimeSchema } from './date-time.js';
import { normalizePhoneNumber } from './phone-number.js';

export const USER_ID_PATTERN = '^[A-Za-z0-9._:@-]{1,128}$';
export const REASON_MAX_CHARACTERS = 500;
export const MAX_EXPIRY_YEARS = 10;

// Control characters other than tab/CR/LF, bidi overrides (trojan-source style
// spoofing when a reason is displayed) and lone surrogates (they cannot be
// stored as UTF-8, so the entry would not round-trip exactly).
const unsafeReasonCharacter = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/u;
const allowedControl = /[\t\n\r]/g;

const isSafeReason = (reason: string): boolean => reason.isWellFormed() && !unsafeReasonCharacter.test(reason.replace(allowedControl, ''));

const absentAsNull = <T>(value: T | null | undefined): T | null => value ?? null;

export const phoneNumberSchema = z.pipe(
  z.string({ error: (issue) => (issue.input === undefined ? 'phoneNumber is required' : 'phoneNumber must be a string') }),
  z.transform((value: string, context) => {
    const canonical = normalizePhoneNumber(value);
    if (canonical === undefined) {
      context.issues.push({
        code: 'custom',
        input: value,
        message: 'phoneNumber must be an E.164 number such as +14155550123 (spaces, dashes, dots and parentheses are ignored)',
      });
      return z.NEVER;
    }
    return canonical;
  }),
);

export const userIdSchema = z.pipe(
  z.nullish(
    z
      .string({ error: 'userId must be a string or null' })
      .check(z.regex(new RegExp(USER_ID_PATTERN), { error: 'userId must be 1 to 128 characters of A-Z, a-z, 0-9 and . _ : @ -' })),
  ),
  z.transform(absentAsNull<string>),
);

export const reasonSchema = z.pipe(
  z.nullish(
    z.string({ error: 'reason must be a string or null' }).check(
      z.refine((value: string) => [...value].length <= REASON_MAX_CHARACTERS, {
        error: `reason must be at most ${REASON_MAX_CHARACTERS} characters`,
      }),
      z.refine(isSafeReason, {
        error: 'reason must not contain control characters, bidirectional overrides or unpaired surrogates',
      }),
    ),
  ),
  z.transform(absentAsNull<string>),
);

const latestExpiry = (now: Date): number => {
  const latest = new Date(now);
  latest.setUTCFullYear(latest.getUTCFullYear() + MAX_EXPIRY_YEARS);
  return latest.getTime();
};

/** When the entry lapses: strictly in the future, at most 10 years ahead, canonical (UTC, ms, `Z`). */
export const expiresAtSchema = z.pipe(
  z.nullish(isoDateTimeSchema('expiresAt')),
  z.transform((value: string | null | undefined, context) => {
    if (value === null || value === undefined) return null;
    const now = new Date();
    const at = Date.parse(value);
    const problem =
      at <= now.getTime()
        ? 'expiresAt must be in the future'
        : at > latestExpiry(now)
          ? `expiresAt must be at most ${MAX_EXPIRY_YEARS} years ahead`
          : undefined;
    if (problem === undefined) return value;
    context.issues.push({ code: 'custom', input: value, message: problem });
    return z.NEVER;
  }),
);

/** `AddDncNumberDto` of the contract: the runtime check and, through `z.output`, the type. */
export const addDncNumberSchema = z.strictObject(
  { phoneNumber: phoneNumberSchema, userId: userIdSchema, reason: reasonSchema, expiresAt: expiresAtSchema },
  { error: (issue) => (issue.code === 'invalid_type' ? 'body must be a JSON object' : undefined) },
);

export type AddDncNumber = z.output<typeof addDncNumberSchema>;
