import { loadHandler } from '../../local/handler-modules';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { APIGatewayRequestAuthorizerEventV2, DynamoDBStreamEvent } from 'aws-lambda';
import { createAuthorizerFromEnvironment } from '../../lambda/authorizer/authorizer-from-environment';
import { fromEntryItem, toEntryItem } from '../../lambda/shared/dynamodb/items';
import type { HttpResponse } from '../../lambda/shared/http/response';
import { authorizerEvent, lambdaContext, proxyEvent } from '../../local/api-gateway-events';
import { DEFAULT_PORT } from '../../local/cli-options';
import { mintDevToken } from '../../local/dev-issuer';
import { generateSigningKey, jwksOf } from '../../local/jwt';
import { changeStreamSettings } from '../../lib/change-stream-settings';
import { deliveredEvents } from '../support/change-stream';
import { CREATE_PATH, createRoute, newTenant } from '../support/create-dnc-number';
import { expectDocumentedResponse } from '../support/openapi';
import { synthesize } from '../support/synth';
import { routeById } from '../../lib/routes';

type SamHandler = (event: unknown, context: ReturnType<typeof lambdaContext>) => Promise<unknown>;

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

describe('the read routes’ events, after the contract example was created', () => {
  const forTenant = (name: string, tenantId: string) => {
    const event = readEvent(name);
    event.requestContext.authorizer.lambda.tenantId = tenantId;
    return event;
  };
  const invoke = async (routeId: string, event: unknown) => {
    const route = routeById(routeId);
    const handler = await loadHandler<SamHandler>(route.entry);
    const response = (await handler(event, lambdaContext(routeId, 10_000))) as HttpResponse;
    expectDocumentedResponse(route.method, route.path, response);
    return { ...response, json: JSON.parse(response.body) };
  };
  const seeded = async () => {
    const tenantId = newTenant();
    const created = await invoke('CreateDncNumber', forTenant('create-dnc-number.json', tenantId));
    expect(created.statusCode).toBe(201);
    return { tenantId, id: created.json.id as string };
  };

  it('check-dnc-number.json: the example number is blocked for the example user', async () => {
    const { tenantId, id } = await seeded();
    const response = await invoke('CheckDncNumber', forTenant('check-dnc-number.json', tenantId));
    expect(response.json).toMatchObject({ phoneNumber: '+1234567890', blocked: true, entries: [{ id }] });
  });

  it('check-dnc-numbers.json: one result per number, in order', async () => {
    const { tenantId } = await seeded();
    const response = await invoke('CheckDncNumbers', forTenant('check-dnc-numbers.json', tenantId));
    expect(response.json.results.map((result: { blocked: boolean }) => result.blocked)).toEqual([true, false]);
  });

  it('list-dnc-numbers.json: lists the example user’s entry', async () => {
    const { tenantId, id } = await seeded();
    const response = await invoke('ListDncNumbers', forTenant('list-dnc-numbers.json', tenantId));
    expect(response.json).toMatchObject({ data: [{ id }], page: 1, size: 20, hasMore: false, nextCursor: null });
  });

  it('get-dnc-number.json: 404 for its placeholder id, 200 with the id of an entry that exists', async () => {
    const { tenantId, id } = await seeded();
    expect((await invoke('GetDncNumber', forTenant('get-dnc-number.json', tenantId))).statusCode).toBe(404);
    const event = forTenant('get-dnc-number.json', tenantId);
    event.pathParameters.id = id;
    event.rawPath = `/v1/dnc_numbers/${id}`;
    const response = await invoke('GetDncNumber', event);
    expect(response.json).toMatchObject({ id, phoneNumber: '+1234567890' });
  });

  it('delete-dnc-number.json: 404 for its placeholder id; with the id of an entry that exists, 200 once, then 404', async () => {
    const { tenantId, id } = await seeded();
    expect((await invoke('DeleteDncNumber', forTenant('delete-dnc-number.json', tenantId))).statusCode).toBe(404);
    const withId = () => {
      const event = forTenant('delete-dnc-number.json', tenantId);
      event.pathParameters.id = id;
      event.rawPath = `/v1/dnc_numbers/${id}`;
      event.requestContext.http.path = event.rawPath;
      return event;
    };
    const removed = await invoke('DeleteDncNumber', withId());
    expect([removed.statusCode, removed.json.id]).toEqual([200, id]);
    expect((await invoke('DeleteDncNumber', withId())).statusCode).toBe(404);
  });

  it.each([
    'check-dnc-number.json',
    'check-dnc-numbers.json',
    'list-dnc-numbers.json',
    'get-dnc-number.json',
    'delete-dnc-number.json',
    'get-dnc-number-history.json',
  ])('%s has the proxy event’s top-level shape', (name) => {
    const built = proxyEvent(
      createRoute,
      { method: 'POST', rawPath: CREATE_PATH, body: '{}' },
      { tenantId: 't', subject: 's', scopes: '' },
    );
    const shared = topLevelShape(built).filter((key) => !['body', 'queryStringParameters', 'pathParameters'].includes(key));
    expect(topLevelShape(readEvent(name))).toEqual(expect.arrayContaining(shared));
    expect(topLevelShape(readEvent(name).requestContext)).toEqual(topLevelShape(built.requestContext));
  });
});

describe('events/stream-consumer.json, then events/get-dnc-number-history.json', () => {
  const event: DynamoDBStreamEvent = readEvent('stream-consumer.json');
  const [record] = event.Records;

  /** The same record for another tenant: its keys, index attributes and tenantId moved over. */
  const forTenant = (tenantId: string): DynamoDBStreamEvent => {
    const copy = structuredClone(event);
    const { Keys, NewImage } = copy.Records[0]!.dynamodb!;
    for (const value of [...Object.values(Keys!), ...Object.values(NewImage!)]) {
      if (value.S !== undefined) value.S = value.S.replace('TENANT#local-dev#', `TENANT#${tenantId}#`);
    }
    NewImage!.tenantId = { S: tenantId };
    return copy;
  };

  it('holds one INSERT of an entry item exactly as the service writes it, which the stream filter lets through', () => {
    expect(event.Records).toHaveLength(1);
    const { Keys, NewImage, StreamViewType } = record!.dynamodb!;
    const item = unmarshall(NewImage as never);
    expect(item).toEqual(toEntryItem(fromEntryItem(item)));
    expect(unmarshall(Keys as never)).toEqual({ pk: item.pk, sk: item.sk });
    expect(item.sk.startsWith(changeStreamSettings.entrySortKeyPrefix)).toBe(true);
    expect([record!.eventName, StreamViewType]).toEqual(['INSERT', changeStreamSettings.viewType]);
  });

  it('is recorded by the real consumer as an added event, which the history route then shows', async () => {
    const tenantId = newTenant();
    const { handler } = await import('../../lambda/stream-consumer/index');
    await expect(handler(forTenant(tenantId), lambdaContext('ChangeStreamConsumer', 10_000))).resolves.toEqual({ batchItemFailures: [] });

    const historyEvent = readEvent('get-dnc-number-history.json');
    historyEvent.requestContext.authorizer.lambda.tenantId = tenantId;
    const route = routeById('GetDncNumberHistory');
    const history = await loadHandler<SamHandler>(route.entry);
    const response = (await history(historyEvent, lambdaContext(route.id, 10_000))) as HttpResponse;
    expectDocumentedResponse(route.method, route.path, response);
    const entry = fromEntryItem(unmarshall(record!.dynamodb!.NewImage as never));
    expect(JSON.parse(response.body)).toEqual({
      phoneNumber: '+14155550100',
      events: [
        {
          type: 'added',
          at: entry.createdAt,
          by: entry.createdBy,
          reason: entry.reason,
          dncNumber: expect.objectContaining({ id: entry.id, phoneNumber: entry.phoneNumber, userId: null }),
        },
      ],
      nextCursor: null,
    });
    expect(deliveredEvents(tenantId).map((delivered) => [delivered['detail-type'], delivered.source])).toEqual([
      ['DncNumberAdded', 'dnc-api'],
    ]);
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
    const { verifier, handler: authorize } = createAuthorizerFromEnvironment(samEnvironment, {
      logger: new Logger({ logLevel: 'SILENT' }),
    });
    verifier.cacheJwks(jwksOf(key));
    const token = mintDevToken(key, { port: DEFAULT_PORT });
    const withToken = { ...event, headers: { ...event.headers, authorization: `Bearer ${token}` }, identitySource: [`Bearer ${token}`] };
    await expect(authorize(withToken)).resolves.toEqual({
      isAuthorized: true,
      context: { tenantId: 'local-dev', subject: 'local-dev-client', scopes: 'dnc/write dnc/read dnc/delete' },
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
