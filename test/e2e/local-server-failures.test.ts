import { mkdtempSync } from 'node:fs';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { freeLoopbackPort } from '../../local/dynamodb-local';
import { javaProcessesMentioning, runLocalServerToExit } from '../support/local-server';

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
