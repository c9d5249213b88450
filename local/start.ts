import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { contextDefaults } from '../lib/settings';
import { functionDefaults } from '../lib/function-defaults';
import { routes } from '../lib/routes';
import { localTableNames, serviceTableEnvironment } from '../lib/table-definition';
import { parseLocalOptions, parsePort, projectRoot } from './cli-options';
import { DEFAULT_TOKEN, localAuthorizerEnvironment, loadOrCreateSigningKey, mintDevToken } from './dev-issuer';
import { ensureServiceTables, localAwsEnvironment, localDynamoDbClient, startDynamoDbLocal } from './dynamodb-local';
import { jwksOf } from './jwt';
import { loadHandler } from './handler-modules';
import { createLocalApi, fileDocument, type LocalAuthorizer, type LocalRouteHandler } from './local-api';
import { watchParent } from './parent-watchdog';
import { forgetRunningServer, recordRunningServer } from './running-server';
import { createShutdown, oneLine } from './shutdown';
import { type ChangeFiles, shown, startChangeConsumer } from './change-consumer';

const log = (line = '') => process.stdout.write(`${line}\n`);

const banner = (url: string, token: string, storage: string, files: ChangeFiles | undefined) => {
  const createCurl = [
    `curl -i -X POST ${url}/v1/dnc_numbers/create`,
    `  -H 'Authorization: Bearer ${token}'`,
    `  -H 'Content-Type: application/json'`,
    `  -d '{"phoneNumber":"+1234567890","userId":"550e8400-e29b-41d4-a716-446655440000","reason":"Customer requested to be removed from calling list"}'`,
  ].join(' \\\n');
  const checkCurl = `curl -s "${url}/v1/dnc_numbers/check?phoneNumber=%2B1234567890" -H 'Authorization: Bearer ${token}'`;
  log();
  log(`dnc-api local API ready at ${url}`);
  log(`  OpenAPI   ${url}/openapi.yml`);
  log(`  JWKS      ${url}/.well-known/jwks.json (issuer ${url})`);
  log(`  DynamoDB  ${storage}`);
  if (files === undefined) {
    log('  Events    off (--without-change-stream): no history, no change events');
  } else {
    log(`  Events    ${shown(files.events)} (each change event, as an EventBridge rule's target gets it: one JSON line)`);
    log(`  Failures  ${shown(files.streamFailures)} (stream records the change consumer gave up on)`);
  }
  log();
  log(
    `Dev token (tenant ${DEFAULT_TOKEN.tenant}, scopes ${DEFAULT_TOKEN.scope}, valid ${DEFAULT_TOKEN.ttlSeconds / 3600} h; more with \`npm run token\`):`,
  );
  log(token);
  log();
  log('Try it:');
  log(createCurl);
  log();
  log(checkCurl);
  log();
  log('Ctrl-C stops the API and DynamoDB Local.');
};

const main = async () => {
  const { flag, dataDirectory, port } = parseLocalOptions(process.argv.slice(2), {
    'in-memory': { type: 'boolean' },
    'without-change-stream': { type: 'boolean' },
  });
  const inMemory = flag('in-memory');

  const shutdown = createShutdown();
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => void shutdown.stop(0, `npm start: ${signal} received, stopping`));
  }
  watchParent((parentPid) => void shutdown.stop(0, `npm start: its parent process (pid ${parentPid}) has exited, stopping`));
  process.on('uncaughtException', (error) => void shutdown.stop(1, `npm start stopped: uncaught exception: ${oneLine(error)}`));
  process.on('unhandledRejection', (reason) => void shutdown.stop(1, `npm start stopped: unhandled promise rejection: ${oneLine(reason)}`));

  try {
    let endpoint = process.env.DYNAMODB_ENDPOINT;
    let storage = `${endpoint} (DYNAMODB_ENDPOINT)`;
    if (!endpoint) {
      const dynamoDbLocal = await startDynamoDbLocal({
        ...(process.env.DYNAMODB_PORT ? { port: parsePort(process.env.DYNAMODB_PORT, 'DYNAMODB_PORT') } : {}),
        ...(inMemory ? {} : { dataDirectory: path.join(dataDirectory, 'dynamodb') }),
        ownProcessGroup: true,
        onSpawn: (stop) => shutdown.onStop(stop),
        onUnexpectedExit: (reason) => void shutdown.stop(1, `npm start stopped: ${reason}`),
      });
      endpoint = dynamoDbLocal.endpoint;
      storage = `DynamoDB Local at ${endpoint}, ${inMemory ? 'in memory (nothing is kept)' : `data in ${path.relative(process.cwd(), dataDirectory) || '.'}/dynamodb`}`;
    }

    const defaults = localTableNames('local');
    const tables = {
      dncTable: process.env.TABLE_NAME || defaults.dncTable,
      idempotencyTable: process.env.IDEMPOTENCY_TABLE_NAME || defaults.idempotencyTable,
      tenantRegistryTable: process.env.TENANT_REGISTRY_TABLE_NAME || defaults.tenantRegistryTable,
    };
    const tableName = tables.dncTable;
    Object.assign(
      process.env,
      { ...localAwsEnvironment, ...process.env },
      {
        DYNAMODB_ENDPOINT: endpoint,
        ...serviceTableEnvironment(tables),
        POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'INFO',
        // EMF documents are for CloudWatch; locally they would bury the logs.
        POWERTOOLS_METRICS_DISABLED: process.env.POWERTOOLS_METRICS_DISABLED ?? 'true',
        // Every route shares one process and one SDK client here, so a large import queues for
        // sockets far longer than one Lambda invocation ever does (lambda/shared/aws/sdk-timeouts.ts).
        LOCAL_SDK_TIMEOUT_MILLIS: process.env.LOCAL_SDK_TIMEOUT_MILLIS || '10000',
        // List cursors are signed; a secret per run (unless given) makes old cursors invalid after a restart.
        CURSOR_SECRET: process.env.CURSOR_SECRET || randomBytes(32).toString('base64url'),
        ...localAuthorizerEnvironment(port),
      },
    );
    const client = localDynamoDbClient(endpoint);
    await ensureServiceTables(client, tables);
    client.destroy();
    const functionTimeoutMillis = functionDefaults.timeoutSeconds * 1000;
    // Without it, a large local import runs about twice as fast: no history, no events.
    const files = flag('without-change-stream')
      ? undefined
      : await startChangeConsumer(
          {
            endpoint,
            tableName,
            dataDirectory,
            functionTimeoutMillis,
            log,
            ...(process.env.EVENT_SINK_PORT ? { eventSinkPort: parsePort(process.env.EVENT_SINK_PORT, 'EVENT_SINK_PORT') } : {}),
          },
          shutdown,
        );

    const signingKey = loadOrCreateSigningKey(dataDirectory);
    // The real modules, imported only now: they read their configuration at module scope.
    const authorizer = await loadHandler<LocalAuthorizer>('lambda/authorizer/index.ts');
    const handlers = await Promise.all(
      routes.map(async (route) => ({ route, handler: await loadHandler<LocalRouteHandler>(route.entry) })),
    );

    const server = createLocalApi({
      routes: handlers,
      authorizer,
      authorizerCacheTtlSeconds: Number(process.env.AUTHORIZER_CACHE_TTL ?? contextDefaults.authorizerCacheTtl),
      functionTimeoutMillis,
      documents: {
        '/.well-known/jwks.json': { contentType: 'application/json', body: () => JSON.stringify(jwksOf(signingKey)) },
        '/openapi.yml': fileDocument('application/yaml', path.join(projectRoot, 'openapi.yml')),
      },
      onError: (error) => process.stderr.write(`request failed: ${(error as Error)?.stack ?? String(error)}\n`),
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
    server.on('error', (error) => void shutdown.stop(1, `npm start stopped: the API server failed: ${oneLine(error)}`));

    recordRunningServer({ pid: process.pid, port, dataDirectory });
    process.once('exit', () => forgetRunningServer(process.pid));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    banner(url, mintDevToken(signingKey, { port }), storage, files);
  } catch (error) {
    const { code } = error as NodeJS.ErrnoException;
    await shutdown.stop(
      1,
      code === 'EADDRINUSE'
        ? `Port ${port} on 127.0.0.1 is in use. Stop what holds it, or choose another port: PORT=3001 npm start`
        : `npm start failed: ${(error as Error).message}`,
    );
  }
};

main().catch((error: unknown) => {
  process.stderr.write(`npm start failed: ${(error as Error).message}\n`);
  process.exit(1);
});
