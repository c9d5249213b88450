import type { DncNumberRecord } from './dnc-number.js';

/** The number is already on the list in that scope; carries the entry that was there first. */
export class DuplicateDncNumberError extends Error {
  override readonly name = 'DuplicateDncNumberError';

  constructor(readonly existing: DncNumberRecord) {
    super('phoneNumber is already on the DNC list in this scope');
  }
}
