import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { connect } from 'node:net';
import * as path from 'node:path';

const projectRoot = path.resolve(__dirname, '..', '..');
const tsxCli = path.join(projectRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs');

export interface RunningLocalServer {
  url: string;
  /** DynamoDB Local's port, from the banner. */
  dynamoDbPort: number;
  process: ChildProcess;
  output: () => string;
  /** Resolves with the exit code once the process has exited. */
  exited: Promise<number | null>;
  /** Sends SIGTERM (as Ctrl-C would SIGINT) and resolves with the exit code. */
  stop: () => Promise<number | null>;
}

export interface LocalServerOptions {
  port: number;
  dataDirectory: string;
  args?: string[];
  env?: Record<string, string>;
  /** Extra node flags, before the entry (spawnLocalServer only). */
  nodeArgs?: string[];
}

/** Where a test's server records itself: never the developer's `.local/running-server.json`. */
export const runningServerFileIn = (dataDirectory: string) => path.join(dataDirectory, 'running-server.json');

/** Where `npm start` writes the change events of its data directory (one JSON line each), and the stream records its consumer gave up on. */
export const eventsFileIn = (dataDirectory: string) => path.join(dataDirectory, 'events.jsonl');
export const streamFailuresFileIn = (dataDirectory: string) => path.join(dataDirectory, 'stream-failures.jsonl');

const serverEnvironment = (options: LocalServerOptions) => ({
  ...process.env,
  PORT: String(options.port),
  // Jest's global setup points these at its own DynamoDB Local and event sink: the server runs its own.
  DYNAMODB_ENDPOINT: '',
  TABLE_NAME: '',
  IDEMPOTENCY_TABLE_NAME: '',
  TENANT_REGISTRY_TABLE_NAME: '',
  EVENT_BUS_NAME: '',
  EVENTBRIDGE_ENDPOINT: '',
  LOCAL_EVENTS_FILE: '',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
  LOCAL_RUNNING_SERVER_FILE: runningServerFileIn(options.dataDirectory),
  ...options.env,
});

/** Runs `npm start`'s command exactly as the npm script does, without npm and its shell around it. */
export const spawnLocalServer = (options: LocalServerOptions) =>
  spawn(
    process.execPath,
    [
      '--conditions=import',
      '--import',
      'tsx',
      ...(options.nodeArgs ?? []),
      'local/start.ts',
      '--data-dir',
      options.dataDirectory,
      ...(options.args ?? []),
    ],
    { cwd: projectRoot, env: serverEnvironment(options), stdio: ['ignore', 'pipe', 'pipe'] },
  );

/**
 * Runs the real `npm start` (npm → sh → node → java) with the npm that runs the tests, as the
 * leader of its own process group so that `killProcessGroup` can clean up after a failed test.
 */
export const spawnNpmStart = (options: LocalServerOptions) => {
  const [command, ...npmArgs] = process.env.npm_execpath ? [process.execPath, process.env.npm_execpath] : ['npm'];
  return spawn(command!, [...npmArgs, 'start', '--', '--data-dir', options.dataDirectory, ...(options.args ?? [])], {
    cwd: projectRoot,
    env: serverEnvironment(options),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
};

const collectOutput = (child: ChildProcess) => {
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return () => output;
};

/** Runs it to its exit, for the failures it must explain. */
export const runLocalServerToExit = async (options: LocalServerOptions) => {
  const child = spawnLocalServer(options);
  const output = collectOutput(child);
  const [exitCode] = await once(child, 'exit');
  return { exitCode: exitCode as number | null, output: output() };
};

const READY_WITHIN_MILLIS = 90_000;

/** Waits for the ready banner of a spawned `npm start`. */
export const untilReady = async (child: ChildProcess): Promise<RunningLocalServer> => {
  const output = collectOutput(child);
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    return exited;
  };

  const ready = /local API ready at (http:\/\/127\.0\.0\.1:\d+)/;
  const dynamoDb = /DynamoDB Local at http:\/\/127\.0\.0\.1:(\d+)/;
  const deadline = Date.now() + READY_WITHIN_MILLIS;
  while (!ready.test(output())) {
    if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${output()}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`npm start was not ready within ${READY_WITHIN_MILLIS / 1000} s:\n${output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url: ready.exec(output())![1]!,
    dynamoDbPort: Number(dynamoDb.exec(output())?.[1]),
    process: child,
    output,
    exited,
    stop,
  };
};

/** Starts it and waits for its ready banner. */
export const startLocalServer = (options: LocalServerOptions): Promise<RunningLocalServer> => untilReady(spawnLocalServer(options));

/** `npm run token`'s command, as a user would run it, finding servers recorded in `runningServerFile`. */
export const runTokenCommand = (args: string[], runningServerFile: string): { token: string; stderr: string } => {
  const result = spawnSync(process.execPath, [tsxCli, 'local/token.ts', ...args], {
    cwd: projectRoot,
    env: { ...process.env, LOCAL_RUNNING_SERVER_FILE: runningServerFile },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`npm run token exited with ${result.status}:\n${result.stderr}`);
  return { token: result.stdout.trim(), stderr: result.stderr };
};

/** Pids of DynamoDB Local Java processes whose command line mentions `needle` (their -dbPath). */
export const javaProcessesMentioning = (needle: string): string[] => {
  const pattern = `^java .*${needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`;
  try {
    return execFileSync('pgrep', ['-f', pattern], { encoding: 'utf8' }).split('\n').filter(Boolean);
  } catch {
    return [];
  }
};

/** For clean-up after a failed test: SIGKILL to a process group and to the DynamoDB Local of `dataDirectory`. */
export const killLeftovers = (groupLeaderPid: number | undefined, dataDirectory: string) => {
  const pids = [...(groupLeaderPid === undefined ? [] : [-groupLeaderPid]), ...javaProcessesMentioning(dataDirectory).map(Number)];
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
};

const acceptsConnections = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

/** Resolves once nothing accepts connections on `port`; rejects after `withinMillis`. */
export const untilPortCloses = async (port: number, withinMillis: number): Promise<void> => {
  const deadline = Date.now() + withinMillis;
  while (await acceptsConnections(port)) {
    if (Date.now() > deadline) throw new Error(`port ${port} still accepts connections after ${withinMillis} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};
