import type { JwtPayload } from 'aws-jwt-verify/jwt-model';
import type { TenantRegistryReader } from '../shared/tenants/tenant-registry-reader.js';
import { identityClaim } from './identity-claim.js';

export type TenantResolution = { ok: true; tenantId: string } | { ok: false; problem: string };

/** Finds the tenant a verified token acts for; rejects only when it cannot tell (an outage). */
export interface TenantResolver {
  resolve(payload: JwtPayload): Promise<TenantResolution>;
}

const fromReading = (reading: ReturnType<typeof identityClaim>): TenantResolution =>
  reading.ok ? { ok: true, tenantId: reading.value } : { ok: false, problem: reading.problem };

/** `TENANT_SOURCE=claim`: the tenant is the value of one claim the issuer sets. */
export const tenantFromClaim = (claim: string): TenantResolver => ({
  resolve: async (payload) => fromReading(identityClaim(payload, claim)),
});

/** The claim Cognito access tokens (and OAuth client-credentials tokens generally) name their client in. */
export const CLIENT_ID_CLAIM = 'client_id';

/** `TENANT_SOURCE=registry`: the tenant the registry maps the token's client to. */
export const tenantFromRegistry = (registry: TenantRegistryReader): TenantResolver => ({
  async resolve(payload) {
    const client = identityClaim(payload, CLIENT_ID_CLAIM);
    if (!client.ok) return { ok: false, problem: client.problem };
    const access = await registry.accessOf(client.value);
    return access.allowed ? { ok: true, tenantId: access.tenantId } : { ok: false, problem: access.reason };
  },
});
