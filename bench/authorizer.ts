import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { findRoute } from '../lib/routes';
import { authorizerEvent, lambdaContext } from '../local/api-gateway-events';
import { localAuthorizerEnvironment, mintDevToken } from '../local/dev-issuer';
import { generateSigningKey, jwksOf } from '../local/jwt';
import { bundleLikeTheStack } from './bundles';
import type { ColdStartFunction } from './cold-start';
import { sideBySide } from './side-by-side';
import { percentile, ratio, round } from './stats';

const AUTHORIZER_ENTRY = 'lambda/authorizer/index.ts';
const RAW_VERIFY_ENTRY = 'bench/raw-verify-handler.ts';
const JWKS_PATH = '/.well-known/jwks.json';

/**
 * The local issuer as `npm start` serves it (an RS256 key, its JWKS at `/.well-known/jwks.json`
 * on loopback), the token it signs, and the environment the authorizer trusts it under (claim
 * mode: the tenant is the token's `tenant_id`). The authorizer and its baseline verify that one
 * token against that one JWKS.
 */
export const startLocalIssuer = async () => {
  const signingKey = generateSigningKey();
  const jwks = JSON.stringify(jwksOf(signingKey));
  let jwksFetches = 0;
  const server = createServer((request, response) => {
    if (request.url !== JWKS_PATH) {
      response.writeHead(404).end();
      return;
    }
    jwksFetches += 1;
    response.writeHead(200, { 'content-type': 'application/json' }).end(jwks);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const token = mintDevToken(signingKey, { port, tenant: 'bench-authorizer' });
  const environment = { ...localAuthorizerEnvironment(port), TENANT_SOURCE: 'claim' };
  const event = () =>
    authorizerEvent(findRoute('POST /v1/dnc_numbers/create')!, {
      method: 'POST',
      rawPath: '/v1/dnc_numbers/create',
      headers: { authorization: `Bearer ${token}` },
    });
  return {
    environment,
    event,
    jwksFetches: () => jwksFetches,
    /** The authorizer's cold start against the baseline's: fresh process, import, one verified token. */
    coldStart: {
      id: 'Authorizer',
      entry: AUTHORIZER_ENTRY,
      rawEntry: RAW_VERIFY_ENTRY,
      environment,
      event,
      expected: { isAuthorized: true },
    },
    stop: () => {
      server.closeAllConnections();
      server.close();
    },
  } satisfies { coldStart: ColdStartFunction } & Record<string, unknown>;
};

export type LocalIssuer = Awaited<ReturnType<typeof startLocalIssuer>>;

type Authorizer = (event: object, context: object) => Promise<{ isAuthorized?: boolean }>;

/** Imports a bundle into this process with `environment` set while its module scope runs. */
const importBundle = async (file: string, environment: Record<string, string>): Promise<Authorizer> => {
  const saved = Object.fromEntries(Object.keys(environment).map((name) => [name, process.env[name]]));
  Object.assign(process.env, environment);
  try {
    return ((await import(pathToFileURL(file).href)) as { handler: Authorizer }).handler;
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
};

const microseconds = (samples: readonly number[], p: number) => round(percentile(samples, p) * 1000, 1);

/**
 * Warm invocations: the authorizer's bundle and its baseline's, built as the stack builds them and
 * loaded into this process, each invoked with the same token, interleaved; the JWKS is cached on
 * both sides by then. The first tenth of the iterations is warm-up.
 */
export const measureAuthorizerWarm = async (issuer: LocalIssuer, { iterations }: { iterations: number }) => {
  // Each cold start so far, of either side, fetched the JWKS once.
  const jwksFetchesByColdStarts = issuer.jwksFetches();
  const [authorizerBundle, rawVerifyBundle] = await Promise.all([
    bundleLikeTheStack(AUTHORIZER_ENTRY, 'authorizer-warm'),
    bundleLikeTheStack(RAW_VERIFY_ENTRY, 'raw-verify-warm'),
  ]);
  // One at a time: each import sets and restores the environment around its module scope.
  const authorizer = await importBundle(authorizerBundle.file, issuer.environment);
  const rawVerify = await importBundle(rawVerifyBundle.file, issuer.environment);
  const event = issuer.event();
  const context = lambdaContext('Authorizer', 10_000);
  // Off the clock: both accept the token (and fetch the JWKS, if they have not yet).
  for (const [name, handler] of Object.entries({ authorizer, rawVerify })) {
    const answer = await handler(event, context);
    if (answer.isAuthorized !== true) throw new Error(`${name} did not accept the bench token: ${JSON.stringify(answer)}`);
  }
  const samples = await sideBySide(
    { authorizer: () => () => authorizer(event, context), rawVerify: () => () => rawVerify(event, context) },
    { warmUp: Math.ceil(iterations / 10), requests: iterations },
  );
  const p50Us = microseconds(samples.authorizer, 50);
  const rawVerifyP50Us = microseconds(samples.rawVerify, 50);
  return {
    invocations: iterations,
    p50Us,
    p99Us: microseconds(samples.authorizer, 99),
    rawVerifyP50Us,
    rawVerifyP99Us: microseconds(samples.rawVerify, 99),
    toRawVerifyP50Ratio: ratio(p50Us, rawVerifyP50Us),
    jwksFetchesByColdStarts,
  };
};
