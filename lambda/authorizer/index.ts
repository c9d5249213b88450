import { logger } from '../shared/logger.js';
import { createAuthorizer } from './authorize.js';
import { createVerifier, readIssuerConfig, readMaxTokenLifetime } from './issuer-config.js';

// At module scope: the verifier's JWKS cache then lives as long as the execution environment.
const issuer = readIssuerConfig(process.env);

const maxTokenLifetimeSeconds = readMaxTokenLifetime(process.env);

export const handler = createAuthorizer({
  verifier: createVerifier(issuer),
  tenantClaim: issuer.tenantClaim,
  logger,
  ...(maxTokenLifetimeSeconds === undefined ? {} : { maxTokenLifetimeSeconds }),
});
