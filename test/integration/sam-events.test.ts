import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';
import { createAuthorizer } from '../../lambda/authorizer/authorize';
import { createVerifier, readIssuerConfig } from '../../lambda/authorizer/issuer-config';
import type { HttpResponse } from '../../lambda/shared/http/response';
import { authorizerEvent, lambdaContext, proxyEvent } from '../../local/api-gateway-events';
import { DEFAULT_PORT } from '../../local/cli-options';
import { mintDevToken } from '../../local/dev-issuer';
import { generateSigningKey, jwksOf } from '../../local/jwt';
import { CREATE_PATH, createRoute, newTenant } from '../support/create-dnc-number';
import { expectDocumentedResponse } from '../support/openapi';
import { synthesize } from '../support/synth';

// The files `sam local invoke` is pointed at in the README: fed to the real modules here so they never rot.
const readEvent = (name: string) => JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'events', name), 'utf8'));
const samEnvironment: Record<string, string> = readEvent('sam-env.json').Parameters;

const topLevelShape = (value: object) => Object.keys(value).sort();

describe('events/create-dnc-number.json', () => {
  const event = readEvent('create-dnc-number.json');

  it('has the shape of the proxy event the local server and API Gateway send', () => {
    const built = proxyEvent(
      createRoute,
      { method: 'POST', rawPath: CREATE_PATH, body: '{}' },
      { tenantId: 't', subject: 's', scopes: '' },
    );
    expect(topLevelShape(event)).toEqual(topLevelShape(built));
    expect(topLevelShape(event.requestContext)).toEqual(topLevelShape(built.requestContext));
  });

  it('creates the contract example through the real handler, then conflicts', async () => {
    const { handler } = await import('../../lambda/create-dnc-number/index');
    const forFreshTenant = () => {
      const copy = structuredClone(event);
      copy.requestContext.authorizer.lambda.tenantId = tenant;
      return copy;
    };
    const tenant = newTenant();
    const first = (await handler(forFreshTenant(), lambdaContext('CreateDncNumber', 10_000))) as HttpResponse;
    const second = (await handler(forFreshTenant(), lambdaContext('CreateDncNumber', 10_000))) as HttpResponse;
    expectDocumentedResponse('POST', CREATE_PATH, first);
    expect([first.statusCode, second.statusCode]).toEqual([201, 409]);
    expect(JSON.parse(first.body).phoneNumber).toBe('+1234567890');
  });
});

describe('events/authorizer.json with events/sam-env.json', () => {
  const event: APIGatewayRequestAuthorizerEventV2 = readEvent('authorizer.json');

  it('has the shape of the authorizer event the local server and API Gateway send', () => {
    const built = authorizerEvent(createRoute, { method: 'POST', rawPath: CREATE_PATH });
    expect(topLevelShape(event)).toEqual(topLevelShape(built));
  });

  it('is allowed by the real authorizer configured from the env file, with a token of the local issuer', async () => {
    const key = generateSigningKey();
    const config = readIssuerConfig(samEnvironment);
    const verifier = createVerifier(config);
    verifier.cacheJwks(jwksOf(key));
    const authorize = createAuthorizer({ verifier, tenantClaim: config.tenantClaim, logger: new Logger({ logLevel: 'SILENT' }) });
    const token = mintDevToken(key, { port: DEFAULT_PORT });
    const withToken = { ...event, headers: { ...event.headers, authorization: `Bearer ${token}` }, identitySource: [`Bearer ${token}`] };
    await expect(authorize(withToken)).resolves.toEqual({
      isAuthorized: true,
      context: { tenantId: 'local-dev', subject: 'local-dev-client', scopes: 'dnc/write dnc/read' },
    });
    await expect(authorize(event)).resolves.toMatchObject({ isAuthorized: false });
  });
});

describe('events/sam-env.json', () => {
  it('only sets variables the functions declare (SAM ignores the others)', () => {
    const { template } = synthesize();
    const declared = new Set(
      Object.values(template.findResources('AWS::Lambda::Function')).flatMap((fn) => Object.keys(fn.Properties.Environment.Variables)),
    );
    expect(Object.keys(samEnvironment).filter((name) => !declared.has(name))).toEqual([]);
  });
});
