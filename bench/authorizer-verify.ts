import { createPublicKey, verify } from 'node:crypto';
import { JwtVerifier } from 'aws-jwt-verify';
import { generateSigningKey, jwksOf, signJwt } from '../local/jwt';
import { percentile, ratio, round } from './stats';

/** aws-jwt-verify with a cached JWKS against bare node:crypto RS256 verification of the same token. */
export const measureAuthorizerVerify = async ({ iterations }: { iterations: number }) => {
  const key = generateSigningKey();
  const now = Math.floor(Date.now() / 1000);
  const token = signJwt(key, { iss: 'https://issuer.bench', aud: 'dnc-api', sub: 'bench', scope: 'dnc/write', iat: now, exp: now + 3600 });
  const verifier = JwtVerifier.create({ issuer: 'https://issuer.bench', audience: 'dnc-api', jwksUri: 'https://issuer.bench/jwks' });
  verifier.cacheJwks(jwksOf(key));
  const publicKey = createPublicKey(key.privateKey);
  const [header, payload, signature] = token.split('.') as [string, string, string];
  const signingInput = Buffer.from(`${header}.${payload}`);
  const signatureBytes = Buffer.from(signature, 'base64url');

  const library: number[] = [];
  const crypto: number[] = [];
  for (let i = 0; i < iterations; i += 1) {
    let started = performance.now();
    await verifier.verify(token);
    library.push(performance.now() - started);
    started = performance.now();
    if (!verify('RSA-SHA256', signingInput, publicKey, signatureBytes)) throw new Error('signature did not verify');
    crypto.push(performance.now() - started);
  }
  const libraryP50Us = round(percentile(library.slice(iterations / 10), 50) * 1000, 1);
  const cryptoP50Us = round(percentile(crypto.slice(iterations / 10), 50) * 1000, 1);
  return {
    iterations,
    verifyP50Us: libraryP50Us,
    nodeCryptoP50Us: cryptoP50Us,
    verifyToNodeCryptoP50Ratio: ratio(libraryP50Us, cryptoP50Us),
  };
};
