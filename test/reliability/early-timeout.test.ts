import { setTimeout as sleep } from 'node:timers/promises';
import { EARLY_TIMEOUT_MILLIS } from '../../lambda/shared/http/http-handler';
import { createDocumentClient } from '../../lambda/shared/dynamodb/document-client';
import { CREATE_PATH, invokeCreate, newTenant } from '../support/create-dnc-number';
import { callerFor } from '../support/factories';
import { invokeRoute } from '../support/invoke-route';
import { interceptDynamoDbHttp, slowAnswer, type SlowAnswers } from '../support/dynamodb-faults';
import { expectDocumentedResponse } from '../support/openapi';
import { itemsOfTenant } from '../support/table';

const documentClient = createDocumentClient();
afterAll(() => documentClient.destroy());

const FUNCTION_TIMEOUT_MILLIS = 1500;
const DYNAMODB_DELAY_MILLIS = 2500;

describe('DynamoDB slower than the function’s remaining time', () => {
  it('answers a 503 JSON error before Lambda would kill the function, and aborts the write', async () => {
    const tenant = newTenant();
    const answers: SlowAnswers = { forwarded: 0, aborted: 0 };
    const interception = interceptDynamoDbHttp((fault) => slowAnswer(fault, DYNAMODB_DELAY_MILLIS, answers));
    try {
      const started = Date.now();
      const response = await invokeCreate({
        body: { phoneNumber: '+14155550195' },
        authorizer: { tenantId: tenant },
        timeoutMillis: FUNCTION_TIMEOUT_MILLIS,
      });
      const elapsed = Date.now() - started;

      expectDocumentedResponse('POST', CREATE_PATH, response);
      expect(response.statusCode).toBe(503);
      expect(response.headers?.['retry-after']).toBe('1');
      expect(elapsed).toBeGreaterThanOrEqual(FUNCTION_TIMEOUT_MILLIS - EARLY_TIMEOUT_MILLIS - 50);
      expect(elapsed).toBeLessThan(FUNCTION_TIMEOUT_MILLIS);
      expect(answers.aborted).toBe(1);

      await sleep(DYNAMODB_DELAY_MILLIS);
      expect(answers.forwarded).toBe(0);
    } finally {
      interception.restore();
    }
    expect(await itemsOfTenant(documentClient, tenant)).toEqual([]);
  });

  it.each([
    ['a batch check', 'CheckDncNumbers', { body: { phoneNumbers: ['+14155550197', '+14155550198'] } }],
    ['a history read', 'GetDncNumberHistory', { query: { phoneNumber: '+14155550196' } }],
  ] as const)('answers %s with a 503 and aborts its read', async (_read, route, request) => {
    const answers: SlowAnswers = { forwarded: 0, aborted: 0 };
    const interception = interceptDynamoDbHttp((fault) => slowAnswer(fault, DYNAMODB_DELAY_MILLIS, answers));
    try {
      const response = await invokeRoute(route, { ...request, authorizer: callerFor(newTenant()), timeoutMillis: FUNCTION_TIMEOUT_MILLIS });
      expect(response.statusCode).toBe(503);
      expect(answers.aborted).toBe(1);
      await sleep(DYNAMODB_DELAY_MILLIS);
      expect(answers.forwarded).toBe(0);
    } finally {
      interception.restore();
    }
  });
});
