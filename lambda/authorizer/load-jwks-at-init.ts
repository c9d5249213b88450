import type { Logger } from '@aws-lambda-powertools/logger';
import { describeFailure } from './authorizer-failure.js';

/**
 * Fetches the issuer's JWKS ahead of the first request. Never rejects: a failure is logged and
 * the first verification fetches again (aws-jwt-verify keeps no memory of a failed fetch).
 */
export const loadJwksAtInit = async (verifier: { hydrate(): Promise<void> }, logger: Logger): Promise<void> => {
  try {
    await verifier.hydrate();
  } catch (error) {
    logger.error('JWKS not loaded at init: the first request fetches it again', describeFailure(error));
  }
};
