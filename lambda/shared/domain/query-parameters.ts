import * as z from 'zod/mini';
import { phoneNumberSchema } from './add-dnc-number.js';

/**
 * Query-string building blocks. Every value arrives as a string; a `+` that was not
 * percent-encoded arrives decoded as a space (form encoding), so a leading space before a
 * digit is read back as `+` (DESIGN §4).
 */
export const restorePlus = (value: string): string => value.replace(/^ (?=\d)/, '+');

export const integerParameter = (name: string, { min, max }: { min: number; max: number }) =>
  z.pipe(
    z.string(),
    z.transform((value: string, context) => {
      const number = /^\d{1,9}$/.test(value) ? Number(value) : Number.NaN;
      if (Number.isInteger(number) && number >= min && number <= max) return number;
      context.issues.push({ code: 'custom', input: value, message: `${name} must be a whole number from ${min} to ${max}` });
      return z.NEVER;
    }),
  );

export const enumParameter = <const T extends readonly [string, ...string[]]>(name: string, values: T) =>
  z.enum(values, { error: `${name} must be one of ${values.join(', ')}` });

export const booleanParameter = (name: string) =>
  z.pipe(
    enumParameter(name, ['true', 'false']),
    z.transform((value: 'true' | 'false') => value === 'true'),
  );

/** A JSON object carried in one query parameter (`filters={"userId":"u1"}`), checked by `schema`. */
export const jsonParameter = <T extends z.core.$ZodType>(name: string, schema: T) =>
  z.pipe(
    z.pipe(
      z.string(),
      z.transform((value: string, context) => {
        try {
          return JSON.parse(value) as unknown;
        } catch {
          context.issues.push({ code: 'custom', input: value, message: `${name} must be a JSON object` });
          return z.NEVER;
        }
      }),
    ),
    schema,
  );

/** A phone number in the query string, normalized as everywhere else. */
export const phoneNumberParameter = z.pipe(
  z.pipe(z.string({ error: 'phoneNumber is required' }), z.transform(restorePlus)),
  phoneNumberSchema,
);
