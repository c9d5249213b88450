import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { CREATE_PATH, invokeCreate } from '../support/create-dnc-number';
import { expectDocumentedResponse } from '../support/openapi';

// Faults DynamoDB Local cannot produce on demand; everything else in the chain is real.
const dynamoDb = mockClient(DynamoDBDocumentClient);
afterEach(() => dynamoDb.reset());
afterAll(() => dynamoDb.restore());

const body = { phoneNumber: '+14155550123' };

describe('POST /v1/dnc_numbers/create when DynamoDB fails', () => {
  it('answers 503 with Retry-After when DynamoDB is still throttling after the SDK retries', async () => {
    dynamoDb
      .on(PutCommand)
      .rejects(new ProvisionedThroughputExceededException({ message: 'Rate exceeded for table dnc', $metadata: { httpStatusCode: 400 } }));
    const response = await invokeCreate({ body });
    expectDocumentedResponse('POST', CREATE_PATH, response);
    expect(response.statusCode).toBe(503);
    expect(response.headers?.['retry-after']).toBe('1');
    expect(response.json).toMatchObject({ statusCode: 503, error: 'Service Unavailable' });
    expect(response.body).not.toContain('Rate exceeded');
  });

  it('answers a generic 500 for anything unexpected, without the cause or a stack', async () => {
    dynamoDb.on(PutCommand).rejects(new TypeError("Cannot read properties of undefined (reading 'S') at marshall"));
    const response = await invokeCreate({ body });
    expectDocumentedResponse('POST', CREATE_PATH, response);
    expect(response.statusCode).toBe(500);
    expect(response.json).toEqual({ message: 'Internal server error', error: 'Internal Server Error', statusCode: 500 });
  });
});
