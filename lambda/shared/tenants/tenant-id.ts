/** Operator-assigned tenant ids: what every DNC key starts with, so they never change once used. */
export const MAX_TENANT_ID_LENGTH = 64;
const TENANT_ID_PATTERN = /^[A-Za-z0-9._-]+$/;

export class InvalidTenantIdError extends Error {
  override readonly name = 'InvalidTenantIdError';
}

/** Why `value` cannot be a tenant id, or undefined when it can. */
export const tenantIdProblem = (value: string): string | undefined => {
  if (value === '') return 'a tenant id must not be empty';
  if (value !== value.trim()) return `tenant id ${JSON.stringify(value)} has surrounding whitespace`;
  if (value.length > MAX_TENANT_ID_LENGTH) return `a tenant id has at most ${MAX_TENANT_ID_LENGTH} characters, got ${value.length}`;
  if (!TENANT_ID_PATTERN.test(value)) return `tenant id ${JSON.stringify(value)} may hold only A-Z a-z 0-9 . _ -`;
  return undefined;
};

export const parseTenantId = (value: string): string => {
  const problem = tenantIdProblem(value);
  if (problem !== undefined) throw new InvalidTenantIdError(problem);
  return value;
};
