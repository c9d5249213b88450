import { randomUUID } from 'node:crypto';
import { scopes } from '../../lib/routes';
import { captureOutput } from '../support/captured-output';
import { dynamoDbError, interceptDynamoDbHttp } from '../support/dynamodb-faults';
import { invokeRoute, newTenant, type RouteRequest, type RouteResponse } from '../support/invoke-route';

// The handler modules read these when first imported, which invokeRoute does lazily: this suite
// sees the real EMF output (the other suites run with metrics off), and Powertools' warnings.
// Nothing here imports lambda/ code for the same reason; the metric names are spelled out, as
// dashboards and alarms spell them.
process.env.POWERTOOLS_METRICS_DISABLED = 'false';
process.env.POWERTOOLS_METRICS_NAMESPACE = 'DncApiTest';
process.env.POWERTOOLS_LOG_LEVEL = 'WARN';

interface EmfDocument {
  _aws: {
    Timestamp: number;
    CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[];
  };
  [key: string]: unknown;
}

const parsedLines = (output: string): unknown[] =>
  output
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      try {
        return JSON.parse(line);
      } catch {
        return line;
      }
    });

const isEmf = (line: unknown): line is EmfDocument => typeof line === 'object' && line !== null && '_aws' in line;

/** Invokes a route's real handler; answers its response and every EMF document it wrote. */
const invoke = async (routeId: string, request: RouteRequest) => {
  let response: RouteResponse | undefined;
  const output = await captureOutput(async () => {
    response = await invokeRoute(routeId, request);
  });
  const lines = parsedLines(output);
  return { response: response!, documents: lines.filter(isEmf), otherLines: lines.filter((line) => !isEmf(line)) };
};

/** The one EMF document of an invocation, checked for shape; answers its metric values by name. */
const metricsOf = (routeId: string, documents: EmfDocument[], privateValues: string[]): Record<string, unknown> => {
  expect(documents).toHaveLength(1);
  const [document] = documents as [EmfDocument];
  const [directive] = document._aws.CloudWatchMetrics;
  expect(document._aws.CloudWatchMetrics).toHaveLength(1);
  expect(directive!.Namespace).toBe('DncApiTest');
  expect(directive!.Dimensions).toEqual([['service', 'route']]);
  expect(document.service).toBe('dnc-api');
  expect(document.route).toBe(routeId);
  for (const metric of directive!.Metrics) expect(metric.Unit).toBe('Count');
  const serialized = JSON.stringify(document);
  for (const value of privateValues) expect(serialized).not.toContain(value);
  const names = directive!.Metrics.map((metric) => metric.Name);
  expect(Object.keys(document).sort()).toEqual(['_aws', 'route', 'service', ...names].sort());
  return Object.fromEntries(names.map((name) => [name, document[name]]));
};

const ALL_SCOPES = `${scopes.write} ${scopes.read} ${scopes.delete}`;
const USER = 'agent-metrics-7';

const caller = (tenantId: string) => ({ tenantId, subject: 'client-metrics', scopes: ALL_SCOPES });
const privateValuesOf = (tenantId: string, ...more: string[]) => [tenantId, 'client-metrics', USER, ...more];

const create = (tenantId: string, body: Record<string, unknown>) => invoke('CreateDncNumber', { body, authorizer: caller(tenantId) });

describe('business metrics (CloudWatch EMF through Powertools Metrics)', () => {
  it('counts an added entry on create', async () => {
    const tenantId = newTenant();
    const { response, documents } = await create(tenantId, { phoneNumber: '+14155550301', userId: USER });
    expect(response.statusCode).toBe(201);
    expect(metricsOf('CreateDncNumber', documents, privateValuesOf(tenantId, '4155550301', response.json.id))).toEqual({
      EntriesAdded: 1,
    });
  });

  it('counts a duplicate, not an added entry, when create answers 409', async () => {
    const tenantId = newTenant();
    await create(tenantId, { phoneNumber: '+14155550302' });
    const { response, documents } = await create(tenantId, { phoneNumber: '+14155550302' });
    expect(response.statusCode).toBe(409);
    expect(metricsOf('CreateDncNumber', documents, privateValuesOf(tenantId, '4155550302'))).toEqual({
      DuplicateAdds: 1,
    });
  });

  it('counts new and already listed numbers of a bulk add', async () => {
    const tenantId = newTenant();
    await create(tenantId, { phoneNumber: '+14155550303' });
    const { response, documents } = await invoke('BulkAddDncNumbers', {
      body: { phoneNumbers: [{ phoneNumber: '+14155550303' }, { phoneNumber: '+14155550304' }, { phoneNumber: '+14155550305' }] },
      authorizer: caller(tenantId),
    });
    expect(response.statusCode).toBe(201);
    expect(metricsOf('BulkAddDncNumbers', documents, privateValuesOf(tenantId, '4155550303', '4155550304'))).toEqual({
      EntriesAdded: 2,
      DuplicateAdds: 1,
    });
  });

  it.each([
    ['blocked', '+14155550306', 1],
    ['not blocked', '+14155550307', 0],
  ])('counts a single check, and whether it was blocked (%s)', async (_case, phoneNumber, blocked) => {
    const tenantId = newTenant();
    await create(tenantId, { phoneNumber: '+14155550306' });
    const { response, documents } = await invoke('CheckDncNumber', { query: { phoneNumber, userId: USER }, authorizer: caller(tenantId) });
    expect(response.json.blocked).toBe(blocked === 1);
    expect(metricsOf('CheckDncNumber', documents, privateValuesOf(tenantId, phoneNumber.slice(1)))).toEqual({
      NumbersChecked: 1,
      NumbersBlocked: blocked,
    });
  });

  it('counts every number of a batch check, and the blocked ones', async () => {
    const tenantId = newTenant();
    await create(tenantId, { phoneNumber: '+14155550308' });
    await create(tenantId, { phoneNumber: '+14155550309', userId: USER });
    const { response, documents } = await invoke('CheckDncNumbers', {
      body: { userId: USER, phoneNumbers: ['+14155550308', '+14155550309', '+14155550310'] },
      authorizer: caller(tenantId),
    });
    expect(response.statusCode).toBe(200);
    expect(metricsOf('CheckDncNumbers', documents, privateValuesOf(tenantId, '4155550308'))).toEqual({
      NumbersChecked: 3,
      NumbersBlocked: 2,
    });
  });

  it('counts a removal', async () => {
    const tenantId = newTenant();
    const { response: created } = await create(tenantId, { phoneNumber: '+14155550311' });
    const { response, documents } = await invoke('DeleteDncNumber', {
      pathParameters: { id: created.json.id },
      query: { reason: 'consent given again' },
      authorizer: caller(tenantId),
    });
    expect(response.statusCode).toBe(200);
    expect(
      metricsOf('DeleteDncNumber', documents, privateValuesOf(tenantId, '4155550311', created.json.id, 'consent given again')),
    ).toEqual({ EntriesRemoved: 1 });
  });

  it('counts a 503 when DynamoDB stays throttled, and nothing else', async () => {
    const tenantId = newTenant();
    const interception = interceptDynamoDbHttp(() => dynamoDbError('ProvisionedThroughputExceededException'));
    try {
      const { response, documents, otherLines } = await create(tenantId, { phoneNumber: '+14155550312' });
      expect(response.statusCode).toBe(503);
      expect(metricsOf('CreateDncNumber', documents, privateValuesOf(tenantId, '4155550312'))).toEqual({
        UnavailableResponses: 1,
      });
      // The failure's error log shows the logger is live in this suite, so the absence of warnings elsewhere means something.
      expect(otherLines).toEqual([expect.objectContaining({ level: 'ERROR', message: 'request failed' })]);
    } finally {
      interception.restore();
    }
  });

  it('counts the 503 of the early time-out, on any route', async () => {
    const tenantId = newTenant();
    const interception = interceptDynamoDbHttp(
      ({ options }) =>
        new Promise((_resolve, reject) => {
          (options.abortSignal as AbortSignal | undefined)?.addEventListener('abort', () =>
            reject(Object.assign(new Error('Request aborted'), { name: 'AbortError' })),
          );
        }),
    );
    try {
      const { response, documents } = await invoke('CheckDncNumber', {
        query: { phoneNumber: '+14155550313' },
        authorizer: caller(tenantId),
        timeoutMillis: 1500,
      });
      expect(response.statusCode).toBe(503);
      expect(metricsOf('CheckDncNumber', documents, privateValuesOf(tenantId, '4155550313'))).toEqual({
        UnavailableResponses: 1,
      });
    } finally {
      interception.restore();
    }
  });

  it('writes nothing, not even a warning, for an invocation that recorded nothing', async () => {
    const tenantId = newTenant();
    const { response: created } = await create(tenantId, { phoneNumber: '+14155550314' });
    const found = await invoke('GetDncNumber', { pathParameters: { id: created.json.id }, authorizer: caller(tenantId) });
    const missing = await invoke('GetDncNumber', { pathParameters: { id: randomUUID() }, authorizer: caller(tenantId) });
    expect([found.response.statusCode, missing.response.statusCode]).toEqual([200, 404]);
    expect([...found.documents, ...found.otherLines, ...missing.documents, ...missing.otherLines]).toEqual([]);
  });

  it('writes one document per invocation: what one recorded is not written again by the next', async () => {
    const tenantId = newTenant();
    await create(tenantId, { phoneNumber: '+14155550315' });
    const { documents } = await invoke('CheckDncNumber', { query: { phoneNumber: '+14155550315' }, authorizer: caller(tenantId) });
    const again = await invoke('CheckDncNumber', { query: { phoneNumber: '+14155550316' }, authorizer: caller(tenantId) });
    expect(metricsOf('CheckDncNumber', documents, privateValuesOf(tenantId))).toEqual({
      NumbersChecked: 1,
      NumbersBlocked: 1,
    });
    expect(metricsOf('CheckDncNumber', again.documents, privateValuesOf(tenantId))).toEqual({
      NumbersChecked: 1,
      NumbersBlocked: 0,
    });
  });
});
