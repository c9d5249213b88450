import type { AddDncNumber } from '../../lambda/shared/domain/add-dnc-number';
import type { DncNumber } from '../../lambda/shared/domain/dnc-number';
import { newIdempotencyRecord, requestFingerprint } from '../../lambda/shared/domain/idempotency';

const input = (overrides: Partial<AddDncNumber> = {}): AddDncNumber => ({
  phoneNumber: '+14155550123',
  userId: 'user-1',
  reason: 'asked to stop',
  expiresAt: null,
  ...overrides,
});

const entry: DncNumber = {
  id: '550e8400-e29b-41d4-a716-446655440000',
  tenantId: 'tenant-a',
  phoneNumber: '+14155550123',
  userId: 'user-1',
  reason: 'asked to stop',
  createdAt: '2026-01-01T10:00:00.000Z',
  updatedAt: '2026-01-01T10:00:00.000Z',
  createdBy: 'client-1',
  expiresAt: null,
};

describe('requestFingerprint', () => {
  // Fingerprints are stored with their keys: a retry after a deploy must still match, so the
  // recipe (SHA-256 of the JSON array [phoneNumber, userId, reason, expiresAt if given]) is pinned.
  it.each([
    ['without expiresAt', input(), '519e0e0a355d754c0f03eb618057027bcc207b73ffd2ff4dab2354fcec6da9c4'],
    [
      'with expiresAt',
      input({ expiresAt: '2030-01-01T00:00:00.000Z' }),
      'e7fc422d99c03b7e458ab2423707d9eb841b2caf2f5f7d3c659521aedee0a7f5',
    ],
    [
      'with null userId and reason',
      input({ userId: null, reason: null }),
      'ea3e2299fc02734e92b2d1d5d09219c3cf45fcbea4750db8b8760c9fbcf140be',
    ],
  ])('is stable across deploys (%s)', (_case, request, fingerprint) => {
    expect(requestFingerprint(request)).toBe(fingerprint);
  });

  it('differs between two requests that differ only in expiresAt', () => {
    const fingerprints = [null, '2030-01-01T00:00:00.000Z', '2031-01-01T00:00:00.000Z'].map((expiresAt) =>
      requestFingerprint(input({ expiresAt })),
    );
    expect(new Set(fingerprints).size).toBe(3);
  });
});

describe('newIdempotencyRecord', () => {
  it('remembers the request’s fingerprint and its entry, and expires 24 hours after now (epoch seconds)', () => {
    const now = new Date('2026-01-01T10:00:00.900Z');
    expect(newIdempotencyRecord('key-1', input(), entry, now)).toEqual({
      key: 'key-1',
      tenantId: 'tenant-a',
      fingerprint: requestFingerprint(input()),
      dncNumber: entry,
      createdAt: '2026-01-01T10:00:00.900Z',
      expiresAt: Date.parse('2026-01-02T10:00:00.000Z') / 1000,
    });
  });
});
