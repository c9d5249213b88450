import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import * as path from 'node:path';

const projectRoot = path.resolve(__dirname, '..', '..');
const tsxCli = path.join(projectRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs');

export interface RunningLocalServer {
  url: string;
  process: ChildProcess;
  output: () => string;
  /** Sends SIGTERM (as Ctrl-C would SIGINT) and resolves with the exit code. */
  stop: () => Promise<number | null>;
}

export interface LocalServerOptions {
  port: number;
  dataDirectory: string;
  args?: string[];
  env?: Record<string, string>;
}

/** Runs `npm start`'s entry exactly as the npm script does. */
export const spawnLocalServer = (options: LocalServerOptions) =>
  spawn(process.execPath, [tsxCli, '--conditions=import', 'local/start.ts', '--data-dir', options.dataDirectory, ...(options.args ?? [])], {
    cwd: projectRoot,
    env: {
      ...process.env,
      PORT: String(options.port),
      DYNAMODB_ENDPOINT: '',
      TABLE_NAME: '',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });

/** Runs it to its exit, for the failures it must explain. */
export const runLocalServerToExit = async (options: LocalServerOptions) => {
  const child = spawnLocalServer(options);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const [exitCode] = await once(child, 'exit');
  return { exitCode: exitCode as number | null, output };
};

/** Starts it and waits for its ready banner. */
export const startLocalServer = async (options: LocalServerOptions): Promise<RunningLocalServer> => {
  const child = spawnLocalServer(options);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const stop = async () => {
    if (child.exitCode !== null) return child.exitCode;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const [code] = await exited;
    return code as number | null;
  };

  const ready = /local API ready at (http:\/\/127\.0\.0\.1:\d+)/;
  const deadline = Date.now() + 45_000;
  while (!ready.test(output)) {
    if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${output}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`npm start was not ready within 45 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { url: ready.exec(output)![1]!, process: child, output: () => output, stop };
};

/** `npm run token`'s entry, as a user would run it. */
export const runTokenCommand = (args: string[]): string =>
  execFileSync(process.execPath, [tsxCli, 'local/token.ts', ...args], { cwd: projectRoot, encoding: 'utf8' }).trim();

/** Java processes whose command line mentions `needle` (DynamoDB Local's -dbPath). */
export const javaProcessesMentioning = (needle: string): string[] => {
  try {
    return execFileSync('pgrep', ['-f', needle], { encoding: 'utf8' }).split('\n').filter(Boolean);
  } catch {
    return [];
  }
};
