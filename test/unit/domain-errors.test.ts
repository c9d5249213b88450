import type { DncNumber } from '../../lambda/shared/domain/dnc-number';
import {
  DncNumberNotFoundError,
  DomainError,
  DuplicateDncNumberError,
  IdempotencyKeyReusedError,
  InvalidCursorError,
  UnsupportedRequestError,
} from '../../lambda/shared/domain/errors';

const existing: DncNumber = {
  id: '550e8400-e29b-41d4-a716-446655440000',
  tenantId: 'tenant-a',
  phoneNumber: '+14155550123',
  userId: null,
  reason: null,
  createdAt: '2026-01-01T10:00:00.000Z',
  updatedAt: '2026-01-01T10:00:00.000Z',
  createdBy: 'client-1',
  expiresAt: null,
};

describe('domain errors', () => {
  // The name is what a log line shows of an error (`String(error)`, loggableError): each says which failure it was.
  it.each<[string, DomainError, string]>([
    ['DuplicateDncNumberError', new DuplicateDncNumberError(existing), 'phoneNumber is already on the DNC list in this scope'],
    [
      'IdempotencyKeyReusedError',
      new IdempotencyKeyReusedError(),
      'Idempotency-Key was already used with a different request body; use a new key for a new request',
    ],
    ['DncNumberNotFoundError', new DncNumberNotFoundError(), 'no DNC entry with this id'],
    ['UnsupportedRequestError', new UnsupportedRequestError('page and cursor do not go together'), 'page and cursor do not go together'],
    [
      'InvalidCursorError',
      new InvalidCursorError(),
      'cursor is invalid: pass the nextCursor of the previous page, with the same type, sort and filters',
    ],
  ])('%s is a DomainError named after its class, with its message', (name, error, message) => {
    expect(error).toBeInstanceOf(DomainError);
    expect(error.name).toBe(name);
    expect(error.message).toBe(message);
    expect(String(error)).toBe(`${name}: ${message}`);
  });

  it('a duplicate carries the entry that was there first', () => {
    expect(new DuplicateDncNumberError(existing).existing).toBe(existing);
  });

  it('an invalid cursor can say what was wrong with it', () => {
    expect(new InvalidCursorError('cursor has expired').message).toBe('cursor has expired');
  });
});
