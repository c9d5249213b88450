import type { DncNumberRecord } from './dnc-number.js';

/** The number is already on the list in that scope; carries the entry that was there first. */
export class DuplicateDncNumberError extends Error {
  override readonly name = 'DuplicateDncNumberError';

  constructor(readonly existing: DncNumberRecord) {
    super('phoneNumber is already on the DNC list in this scope');
  }
}

/** The Idempotency-Key was first used for a different request. */
export class IdempotencyKeyReusedError extends Error {
  override readonly name = 'IdempotencyKeyReusedError';

  constructor() {
    super('Idempotency-Key was already used with a different request body; use a new key for a new request');
  }
}
