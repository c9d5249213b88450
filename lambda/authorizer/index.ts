import { logger } from '../shared/logger.js';
import { createAuthorizerFromEnvironment } from './authorizer-from-environment.js';
import { hasLocalJwks } from './issuer-config.js';
import { loadJwksAtInit } from './load-jwks-at-init.js';

// At module scope: the verifier's JWKS cache and the registry's cache live as long as the
// execution environment.
const { config, verifier, handler: authorize } = createAuthorizerFromEnvironment(process.env, { logger });

// Started during init, not awaited: tests and the local server load this module as CommonJS,
// where top-level await does not exist. In Lambda the fetch goes on while the first request
// is verified, which joins it (aws-jwt-verify shares one in-flight fetch per JWKS URI). The
// local issuer's JWKS is served by the very process importing this module, not listening yet.
export const jwksLoadedAtInit: Promise<void> = hasLocalJwks(config) ? Promise.resolve() : loadJwksAtInit(verifier, logger);

export const handler = authorize;
