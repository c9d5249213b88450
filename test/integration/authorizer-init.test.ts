import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '@aws-lambda-powertools/logger';
import { createAuthorizerFromEnvironment } from '../../lambda/authorizer/authorizer-from-environment';
import { loadJwksAtInit } from '../../lambda/authorizer/load-jwks-at-init';
import { authorizerEvent } from '../../local/api-gateway-events';
import { generateSigningKey, jwksOf, signJwt } from '../../local/jwt';
import { CREATE_PATH, createRoute } from '../support/create-dnc-number';
import { tenantRegistryTableName } from '../support/tenant-registry';

/** Issue 11 §4: the JWKS is loaded while the function initializes, and a bad configuration stops it there. */

const key = generateSigningKey();
const now = () => Math.floor(Date.now() / 1000);

const recordingLogger = () => {
  const lines: Array<Record<string, unknown>> = [];
  const record =
    (level: string) =>
    (message: string, attributes: Record<string, unknown> = {}) =>
      lines.push({ level, message, ...attributes });
  return { lines, logger: { error: record('error'), info: record('info'), warn: record('warn') } as unknown as Logger };
};

/** A JWKS endpoint on 127.0.0.1 that answers each request with the next status (200 = the JWKS). */
const startJwksEndpoint = async (statuses: number[]) => {
  let requests = 0;
  const server = createServer((_request, response) => {
    const status = statuses[Math.min(requests, statuses.length - 1)]!;
    requests += 1;
    response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(status === 200 ? jwksOf(key) : {}));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    requests: () => requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};

const authorizerWith = (issuer: string, logger: Logger) =>
  createAuthorizerFromEnvironment({ JWT_ISSUER: issuer, JWT_AUDIENCE: 'dnc-api', TENANT_SOURCE: 'claim', TENANT_CLAIM: 'org' }, { logger });
const tokenOf = (issuer: string) => signJwt(key, { iss: issuer, aud: 'dnc-api', sub: 's-1', org: 'acme', iat: now(), exp: now() + 600 });
const eventWith = (token: string) =>
  authorizerEvent(createRoute, { method: 'POST', rawPath: CREATE_PATH, headers: { authorization: `Bearer ${token}` } });

describe('loadJwksAtInit', () => {
  it('fetches the JWKS once, so the first request verifies without fetching', async () => {
    const endpoint = await startJwksEndpoint([200]);
    try {
      const { logger, lines } = recordingLogger();
      const { verifier, handler } = authorizerWith(endpoint.issuer, logger);
      await loadJwksAtInit(verifier, logger);
      expect(endpoint.requests()).toBe(1);
      await expect(handler(eventWith(tokenOf(endpoint.issuer)))).resolves.toMatchObject({ isAuthorized: true });
      expect(endpoint.requests()).toBe(1);
      expect(lines).toEqual([]);
    } finally {
      await endpoint.close();
    }
  });

  it('logs a failure as an error without rejecting, and the first request fetches again', async () => {
    const endpoint = await startJwksEndpoint([503, 200]);
    try {
      const { logger, lines } = recordingLogger();
      const { verifier, handler } = authorizerWith(endpoint.issuer, logger);
      await expect(loadJwksAtInit(verifier, logger)).resolves.toBeUndefined();
      expect(lines).toEqual([
        {
          level: 'error',
          message: 'JWKS not loaded at init: the first request fetches it again',
          errorClass: 'FetchError',
          detail: expect.stringContaining('503'),
        },
      ]);
      await expect(handler(eventWith(tokenOf(endpoint.issuer)))).resolves.toMatchObject({ isAuthorized: true });
      expect(endpoint.requests()).toBe(2);
    } finally {
      await endpoint.close();
    }
  });
});

describe('lambda/authorizer/index.ts at init', () => {
  const withEnvironment = async <T>(env: NodeJS.ProcessEnv, load: () => Promise<T>): Promise<T> => {
    const saved = { ...process.env };
    Object.assign(process.env, { POWERTOOLS_LOG_LEVEL: 'SILENT' }, env);
    try {
      return await load();
    } finally {
      for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
      Object.assign(process.env, saved);
    }
  };
  const importIndex = () => {
    let loaded: typeof import('../../lambda/authorizer/index') | undefined;
    jest.isolateModules(() => {
      loaded = require('../../lambda/authorizer/index');
    });
    return loaded!;
  };
  const unset = { USER_POOL_ID: '', JWT_ISSUER: '', TENANT_SOURCE: '', TENANT_CLAIM: '' };

  it('fails with a clear message in claim mode without TENANT_CLAIM', async () => {
    await withEnvironment(
      { ...unset, JWT_ISSUER: 'https://idp.example.com', JWT_AUDIENCE: 'dnc-api', TENANT_SOURCE: 'claim' },
      async () => {
        expect(importIndex).toThrow(/TENANT_CLAIM is required with TENANT_SOURCE=claim/);
      },
    );
  });

  it('fails with a clear message for Cognito without the registry', async () => {
    await withEnvironment(
      { ...unset, USER_POOL_ID: 'eu-west-1_Pool', USER_POOL_CLIENT_IDS: 'c-1', TENANT_CLAIM: 'client_id' },
      async () => {
        expect(importIndex).toThrow(/TENANT_SOURCE is required/);
      },
    );
  });

  it('starts loading the JWKS of a Cognito pool without waiting for it, and never rejects (bounded, whatever the network)', async () => {
    await withEnvironment(
      { ...unset, USER_POOL_ID: 'eu-west-1_NoSuchPool1', TENANT_SOURCE: 'registry', TENANT_REGISTRY_TABLE_NAME: tenantRegistryTableName() },
      async () => {
        const started = performance.now();
        const index = importIndex();
        expect(typeof index.handler).toBe('function');
        await expect(index.jwksLoadedAtInit).resolves.toBeUndefined();
        expect(performance.now() - started).toBeLessThan(4000);
      },
    );
  });

  it('does not load the local issuer’s JWKS at init (npm start serves it only after importing the module)', async () => {
    const endpoint = await startJwksEndpoint([200]);
    try {
      await withEnvironment(
        { ...unset, JWT_ISSUER: endpoint.issuer, JWT_AUDIENCE: 'dnc-api', TENANT_SOURCE: 'claim', TENANT_CLAIM: 'org' },
        async () => {
          await importIndex().jwksLoadedAtInit;
          expect(endpoint.requests()).toBe(0);
        },
      );
    } finally {
      await endpoint.close();
    }
  });
});

describe('createAuthorizerFromEnvironment', () => {
  it('denies a token living longer than MAX_TOKEN_LIFETIME_SECONDS', async () => {
    const issuer = 'http://127.0.0.1:1';
    const { verifier, handler } = createAuthorizerFromEnvironment(
      { JWT_ISSUER: issuer, JWT_AUDIENCE: 'dnc-api', TENANT_SOURCE: 'claim', TENANT_CLAIM: 'org', MAX_TOKEN_LIFETIME_SECONDS: '600' },
      { logger: recordingLogger().logger },
    );
    verifier.cacheJwks(jwksOf(key));
    const living = (seconds: number) =>
      signJwt(key, { iss: issuer, aud: 'dnc-api', sub: 's-1', org: 'acme', iat: now(), exp: now() + seconds });
    await expect(handler(eventWith(living(600)))).resolves.toMatchObject({ isAuthorized: true });
    await expect(handler(eventWith(living(601)))).resolves.toEqual({ isAuthorized: false, context: {} });
  });
});
