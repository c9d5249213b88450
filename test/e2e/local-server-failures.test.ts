import { existsSync, mkdtempSync } from 'node:fs';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { freeLoopbackPort } from '../../local/dynamodb-local';
import { javaProcessesMentioning, runLocalServerToExit, runningServerFileIn, startLocalServer } from '../support/local-server';

const newDataDirectory = () => mkdtempSync(path.join(tmpdir(), 'dnc-api-e2e-fail-'));

describe('npm start explains what stops it', () => {
  it('names the busy port and how to choose another, and leaves no DynamoDB Local behind', async () => {
    const port = await freeLoopbackPort();
    const blocker = createServer().listen(port, '127.0.0.1');
    await once(blocker, 'listening');
    const dataDirectory = newDataDirectory();
    try {
      const { exitCode, output } = await runLocalServerToExit({ port, dataDirectory });
      expect(exitCode).toBe(1);
      expect(output).toContain(`Port ${port} on 127.0.0.1 is in use`);
      expect(output).toContain('PORT=');
      expect(javaProcessesMentioning(dataDirectory)).toEqual([]);
    } finally {
      blocker.close();
    }
  });

  it('says that DynamoDB Local died, and exits 1, when its Java process is killed', async () => {
    const dataDirectory = newDataDirectory();
    const server = await startLocalServer({ port: await freeLoopbackPort(), dataDirectory });
    try {
      const [javaPid] = javaProcessesMentioning(dataDirectory);
      process.kill(Number(javaPid), 'SIGKILL');
      expect(await server.exited).toBe(1);
      expect(server.output()).toContain(`npm start stopped: DynamoDB Local (pid ${javaPid}) exited unexpectedly (killed by SIGKILL)`);
      expect(existsSync(runningServerFileIn(dataDirectory))).toBe(false);
    } finally {
      await server.stop();
    }
  }, 120_000);

  // A module loaded before the entry that fails asynchronously once the banner is out.
  const failingAfterReady = (failure: string) =>
    `data:text/javascript,${encodeURIComponent(`
      const write = process.stdout.write.bind(process.stdout);
      process.stdout.write = (chunk, ...rest) => {
        if (String(chunk).includes('Ctrl-C stops')) setImmediate(() => { ${failure} });
        return write(chunk, ...rest);
      };
    `)}`;

  it.each([
    ['an uncaught exception', "throw new Error('boom')", 'npm start stopped: uncaught exception: Error: boom'],
    ['an unhandled rejection', "Promise.reject(new Error('boom'))", 'npm start stopped: unhandled promise rejection: Error: boom'],
  ])(
    'after %s, says so in one line, stops DynamoDB Local and exits 1',
    async (_case, failure, reason) => {
      const dataDirectory = newDataDirectory();
      const server = await startLocalServer({
        port: await freeLoopbackPort(),
        dataDirectory,
        nodeArgs: ['--import', failingAfterReady(failure)],
      });
      expect(await server.exited).toBe(1);
      expect(server.output()).toContain(reason);
      expect(javaProcessesMentioning(dataDirectory)).toEqual([]);
    },
    120_000,
  );

  it('says to install Java 17+ or set DYNAMODB_ENDPOINT when Java is missing', async () => {
    const { exitCode, output } = await runLocalServerToExit({
      port: await freeLoopbackPort(),
      dataDirectory: newDataDirectory(),
      env: { PATH: path.dirname(process.execPath) },
    });
    expect(exitCode).toBe(1);
    expect(output).toContain('Java 17');
    expect(output).toContain('DYNAMODB_ENDPOINT');
  });
});
