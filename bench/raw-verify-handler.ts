import { createPublicKey, type KeyObject, verify } from 'node:crypto';

// The authorizer's baseline: the least a function can do to accept one RS256 token (node:crypto
// only: no library, no issuer or audience check, no logging), bundled with the same options as the
// real functions. It starts fetching the issuer's JWKS over HTTP when the module loads, as the
// deployed authorizer does (with the loopback issuer the authorizer fetches at its first
// verification instead): each cold start pays one JWKS fetch on both sides.
interface Jwk {
  kid: string;
  kty: string;
  n: string;
  e: string;
}

const keys: Promise<Map<string, KeyObject>> = fetch(process.env.JWT_JWKS_URI as string)
  .then((response) => response.json() as Promise<{ keys: Jwk[] }>)
  .then(({ keys: jwks }) => new Map(jwks.map((jwk) => [jwk.kid, createPublicKey({ key: { ...jwk }, format: 'jwk' })])));
// A failed fetch surfaces at the first invocation, not as an unhandled rejection at load.
keys.catch(() => undefined);

const deny = { isAuthorized: false, context: {} };
const decoded = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));

export const handler = async (event: { headers?: Record<string, string | undefined> }) => {
  const [header, payload, signature] = (event.headers?.authorization ?? '').replace(/^Bearer +/i, '').split('.');
  if (!header || !payload || !signature) return deny;
  const key = (await keys).get((decoded(header) as { kid?: string }).kid ?? '');
  if (!key || !verify('RSA-SHA256', Buffer.from(`${header}.${payload}`), key, Buffer.from(signature, 'base64url'))) return deny;
  const claims = decoded(payload) as { exp?: unknown; sub?: unknown };
  if (typeof claims.exp !== 'number' || claims.exp <= Date.now() / 1000) return deny;
  return { isAuthorized: true, context: { subject: claims.sub } };
};
