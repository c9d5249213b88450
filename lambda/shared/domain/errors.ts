import type { DncNumber } from './dnc-number.js';

/** A failure the domain names; `lambda/shared/http/to-http-error.ts` decides how each is answered. */
export abstract class DomainError extends Error {}

/** The number is already on the list in that scope; carries the entry that was there first. */
export class DuplicateDncNumberError extends DomainError {
  override readonly name = 'DuplicateDncNumberError';

  constructor(readonly existing: DncNumber) {
    super('phoneNumber is already on the DNC list in this scope');
  }
}

/** The Idempotency-Key was first used for a different request. */
export class IdempotencyKeyReusedError extends DomainError {
  override readonly name = 'IdempotencyKeyReusedError';

  constructor() {
    super('Idempotency-Key was already used with a different request body; use a new key for a new request');
  }
}

/** No live entry with that id in the caller's tenant (another tenant's entry is answered the same way). */
export class DncNumberNotFoundError extends DomainError {
  override readonly name = 'DncNumberNotFoundError';

  constructor() {
    super('no DNC entry with this id');
  }
}

/** A request that passed the schema but asks for something the service cannot answer as asked. */
export class UnsupportedRequestError extends DomainError {
  override readonly name = 'UnsupportedRequestError';
}

/** A cursor that was not issued for this tenant and this query, or was altered. */
export class InvalidCursorError extends DomainError {
  override readonly name = 'InvalidCursorError';

  constructor(message = 'cursor is invalid: pass the nextCursor of the previous page, with the same type, sort and filters') {
    super(message);
  }
}
