import { createSign, generateKeyPairSync, randomUUID, type KeyObject, createPrivateKey, createPublicKey } from 'node:crypto';

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
}

export type PublicJwk = {
  kty: 'RSA';
  kid: string;
  alg: 'RS256';
  use: 'sig';
  n: string;
  e: string;
};

export const generateSigningKey = (kid: string = randomUUID()): SigningKey => ({
  kid,
  privateKey: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey,
});

export const exportSigningKey = (key: SigningKey): { kid: string; pem: string } => ({
  kid: key.kid,
  pem: key.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
});

export const importSigningKey = ({ kid, pem }: { kid: string; pem: string }): SigningKey => ({
  kid,
  privateKey: createPrivateKey(pem),
});

export const publicJwk = (key: SigningKey): PublicJwk => {
  const { n, e } = createPublicKey(key.privateKey).export({ format: 'jwk' });
  if (!n || !e) throw new Error('not an RSA key');
  return { kty: 'RSA', kid: key.kid, alg: 'RS256', use: 'sig', n, e };
};

export const jwksOf = (...keys: SigningKey[]) => ({ keys: keys.map(publicJwk) });

const base64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Signs `payload` as an RS256 JWT. `header` overrides or adds header fields. */
export const signJwt = (key: SigningKey, payload: Record<string, unknown>, header: Record<string, unknown> = {}): string => {
  const signingInput = `${base64url({ alg: 'RS256', typ: 'JWT', kid: key.kid, ...header })}.${base64url(payload)}`;
  const signature = createSign('RSA-SHA256').update(signingInput).sign(key.privateKey).toString('base64url');
  return `${signingInput}.${signature}`;
};
