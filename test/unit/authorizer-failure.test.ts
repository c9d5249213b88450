import { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';
import { JwtExpiredError } from 'aws-jwt-verify/error';
import { createAuthorizer } from '../../lambda/authorizer/authorize';
import { describeFailure } from '../../lambda/authorizer/authorizer-failure';
import { captureOutput, logLinesOf } from '../support/captured-output';

/**
 * What operators see when the authorizer cannot decide or a token fails verification: the
 * `errorClass`, `errorCode` and `detail` logged for the failure, and the error the authorizer throws.
 */

class RegistryReadError extends Error {}

describe('describeFailure', () => {
  it.each<[string, unknown, Record<string, unknown>]>([
    [
      'an aws-jwt-verify error, named only by its class',
      new JwtExpiredError('Token expired at 1', 1),
      { errorClass: 'JwtExpiredError', detail: 'Token expired at 1' },
    ],
    [
      'an error with an explicit name, by that name',
      Object.assign(new RegistryReadError('slow'), { name: 'TimeoutError' }),
      { errorClass: 'TimeoutError', detail: 'slow' },
    ],
    [
      'an error whose name is empty, by its class',
      Object.assign(new RegistryReadError('emptied'), { name: '' }),
      { errorClass: 'RegistryReadError', detail: 'emptied' },
    ],
    [
      'an error whose name is not a string, by its class',
      Object.assign(new RegistryReadError('numbered'), { name: 42 }),
      { errorClass: 'RegistryReadError', detail: 'numbered' },
    ],
    [
      'an error with a string code, with that code',
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }),
      { errorClass: 'Error', errorCode: 'ECONNREFUSED', detail: 'connect ECONNREFUSED 127.0.0.1:1' },
    ],
    [
      'an error with a numeric code, without a code',
      Object.assign(new Error('status 503'), { code: 503 }),
      { errorClass: 'Error', detail: 'status 503' },
    ],
    ['a thrown string, by its type', 'plain', { errorClass: 'String', detail: 'plain' }],
    ['a thrown null, by its type', null, { errorClass: 'object', detail: 'null' }],
    [
      'a thrown object without a constructor, by its type',
      { constructor: undefined, toString: () => 'odd value' },
      { errorClass: 'object', detail: 'odd value' },
    ],
    ['a thrown object without a prototype, by its type', Object.create(null), { errorClass: 'object', detail: '[object Object]' }],
  ])('describes %s', (_case, error, described) => {
    expect(describeFailure(error)).toEqual(described);
  });
});

describe('when the tenant registry cannot be read', () => {
  const now = Math.floor(Date.now() / 1000);
  const authorize = createAuthorizer({
    verifier: { verify: async () => ({ sub: 'service-account-7', iat: now, exp: now + 600 }) },
    tenants: {
      resolve: async () => {
        throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
      },
    },
    logger: new Logger({ serviceName: 'authorizer-failure-test', logLevel: 'INFO' }),
  });
  const event = {
    headers: { authorization: 'Bearer a.b.c' },
    identitySource: ['Bearer a.b.c'],
  } as unknown as APIGatewayRequestAuthorizerEventV2;

  it('throws an AuthorizerUnavailableError naming the source and the failure, and logs it as an error', async () => {
    let failure: unknown;
    const output = await captureOutput(async () => {
      failure = await authorize(event).catch((error: unknown) => error);
    });
    expect(failure).toMatchObject({
      name: 'AuthorizerUnavailableError',
      message: 'tenant registry unavailable: Error: connect ECONNREFUSED 127.0.0.1:1',
    });
    const lines = logLinesOf(output);
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'ERROR',
        message: 'authorizer failed: not denying, API Gateway answers 500 and caches nothing',
        source: 'tenant registry',
        errorClass: 'Error',
        errorCode: 'ECONNREFUSED',
        detail: 'connect ECONNREFUSED 127.0.0.1:1',
      }),
    ]);
  });
});
