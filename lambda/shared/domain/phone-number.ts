/**
 * Canonical E.164: a `+`, a non-zero country code digit, 7 to 15 digits in all.
 * Syntax only, on purpose: the contract's own example `+1234567890` is not a
 * "possible" number for libphonenumber, yet it must be accepted.
 */
export const E164_PATTERN = '^\\+[1-9]\\d{6,14}$';

const e164 = new RegExp(E164_PATTERN);
const separators = /[ \-.()]/g;
// `+44 (0)20 7946 0958`: a parenthesized 0 right after the country code is the national trunk
// prefix, never dialled from abroad. Only the parenthesized form: Italy writes a real 0 (+39 06…).
// The country code may itself be parenthesized (`(+44) (0)20…`), but only as a pair: in `+6)(0)6…`
// the `)` closes nothing, so the `(0)` there is no trunk prefix and its 0 is kept. Not anchored:
// whatever comes before the `+` is either a separator, stripped next, or makes the number invalid.
const trunkPrefix = /(\(\+\d{1,3}\)|\+\d{1,3})[\s.-]*\(0\)/;

/** Returns the canonical E.164 form, or `undefined` when the input is not a phone number. */
export const normalizePhoneNumber = (input: string): string | undefined => {
  const candidate = input.replace(trunkPrefix, '$1').replace(separators, '');
  return e164.test(candidate) ? candidate : undefined;
};
