import type { JwtPayload } from 'aws-jwt-verify/jwt-model';

const MAX_IDENTITY_CLAIM_LENGTH = 256;

export type ClaimReading = { ok: true; value: string } | { ok: false; problem: string };

/**
 * A claim usable as an identity: a non-empty string without surrounding whitespace. ` acme` is
 * refused rather than trimmed: trimming would let one issuer's odd claim land in another tenant,
 * and keeping it would make a second tenant that differs by a space.
 */
export const identityClaim = (payload: JwtPayload, claim: string): ClaimReading => {
  const value = payload[claim];
  if (typeof value !== 'string' || value === '') return { ok: false, problem: `the ${claim} claim is missing or empty` };
  if (value !== value.trim()) return { ok: false, problem: `the ${claim} claim has surrounding whitespace` };
  if (value.length > MAX_IDENTITY_CLAIM_LENGTH) {
    return { ok: false, problem: `the ${claim} claim is longer than ${MAX_IDENTITY_CLAIM_LENGTH} characters` };
  }
  return { ok: true, value };
};
