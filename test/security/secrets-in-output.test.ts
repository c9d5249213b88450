import { Logger } from '@aws-lambda-powertools/logger';
import { JwtVerifier } from 'aws-jwt-verify';
import { createAuthorizer } from '../../lambda/authorizer/authorize';
import { logger as serviceLogger } from '../../lambda/shared/logger';
import { authorizerEvent } from '../../local/api-gateway-events';
import { generateSigningKey, jwksOf, signJwt } from '../../local/jwt';
import { captureOutput } from '../support/captured-output';
import { CREATE_PATH, createRoute, invokeCreate, newTenant } from '../support/create-dnc-number';
import { dynamoDbError, interceptDynamoDbHttp } from '../support/dynamodb-faults';

const key = generateSigningKey();
const now = Math.floor(Date.now() / 1000);
const token = signJwt(key, { iss: 'https://issuer.test', aud: 'dnc-api', sub: 'svc', tenant: 't', iat: now, exp: now + 600 });
const expiredToken = signJwt(key, { iss: 'https://issuer.test', aud: 'dnc-api', sub: 'svc', tenant: 't', iat: now - 900, exp: now - 600 });
const signatureOf = (jwt: string) => jwt.split('.')[2]!;

const stackFrame = /\n\s+at |\.ts:\d+|\.js:\d+/;

beforeAll(() => serviceLogger.setLogLevel('DEBUG'));
afterAll(() => serviceLogger.setLogLevel('SILENT'));

describe('the token and internals never leak', () => {
  it('no response body and no log line of the create handler contains the token, whatever the outcome', async () => {
    const tenant = newTenant();
    const headers = { authorization: `Bearer ${token}` };
    const bodies: string[] = [];
    const logs = await captureOutput(async () => {
      for (const request of [
        { body: { phoneNumber: '+14155550150' } },
        { body: { phoneNumber: '+14155550150' } },
        { body: { phoneNumber: token } },
        { body: '{"phoneNumber":' },
        { body: 'x'.repeat(20_000) },
        { body: { phoneNumber: '+14155550151' }, headers: { 'content-type': 'text/plain' } },
      ]) {
        const response = await invokeCreate({ ...request, headers: { ...headers, ...request.headers }, authorizer: { tenantId: tenant } });
        bodies.push(response.body);
      }
      const throttled = interceptDynamoDbHttp(() => dynamoDbError('ProvisionedThroughputExceededException'));
      try {
        bodies.push((await invokeCreate({ body: { phoneNumber: '+14155550152' }, headers, authorizer: { tenantId: tenant } })).body);
      } finally {
        throttled.restore();
      }
      const broken = interceptDynamoDbHttp(() => Promise.reject(new TypeError(`kaboom while sending ${token}`)));
      try {
        bodies.push((await invokeCreate({ body: { phoneNumber: '+14155550153' }, headers, authorizer: { tenantId: tenant } })).body);
      } finally {
        broken.restore();
      }
    });

    expect(logs).toContain('"level":"INFO"');
    expect(logs).toContain('"level":"ERROR"');
    expect(logs).not.toContain(signatureOf(token));
    for (const body of bodies) expect(body).not.toContain(signatureOf(token));
    const serverErrors = bodies.map((body) => JSON.parse(body)).filter((body) => body.statusCode >= 500);
    expect(serverErrors.map((body) => body.statusCode).sort()).toEqual([500, 503]);
    for (const body of serverErrors) {
      expect(JSON.stringify(body)).not.toMatch(stackFrame);
      expect(JSON.stringify(body)).not.toMatch(/injected|kaboom|TypeError|Exception/);
    }
  });

  it('the authorizer logs why it denied, never the token', async () => {
    const verifier = JwtVerifier.create({ issuer: 'https://issuer.test', audience: 'dnc-api', jwksUri: 'https://issuer.test/jwks' });
    verifier.cacheJwks(jwksOf(key));
    const authorize = createAuthorizer({
      verifier,
      tenantClaim: 'tenant',
      logger: new Logger({ serviceName: 'authorizer-test', logLevel: 'DEBUG' }),
    });
    const logs = await captureOutput(async () => {
      for (const jwt of [expiredToken, `${token}x`, token.replace('.', '..')]) {
        const result = await authorize(
          authorizerEvent(createRoute, { method: 'POST', rawPath: CREATE_PATH, headers: { authorization: `Bearer ${jwt}` } }),
        );
        expect(result.isAuthorized).toBe(false);
      }
    });
    expect(logs).toContain('denied');
    expect(logs).not.toContain(signatureOf(expiredToken));
    expect(logs).not.toContain(signatureOf(token));
  });
});
