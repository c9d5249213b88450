import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { freeLoopbackPort } from '../../local/dynamodb-local';
import {
  javaProcessesMentioning,
  killLeftovers,
  type RunningLocalServer,
  spawnNpmStart,
  untilPortCloses,
  untilReady,
} from '../support/local-server';

const STOPPED_WITHIN_MILLIS = 20_000;

// IDEs, process managers and CI signal the npm process alone. SIGTERM and SIGINT reach the
// server only because the script execs node (a shell would hold SIGINT back); after SIGKILL the
// server notices that npm is gone.
describe.each(['SIGTERM', 'SIGINT', 'SIGKILL'] as const)('npm start, when only the npm process gets %s', (signal) => {
  const dataDirectory = mkdtempSync(path.join(tmpdir(), `dnc-api-e2e-${signal}-`));
  let npmStart: RunningLocalServer | undefined;

  afterAll(() => killLeftovers(npmStart?.process.pid, dataDirectory));

  it('stops the API and DynamoDB Local: both ports close and no Java is left', async () => {
    const port = await freeLoopbackPort();
    npmStart = await untilReady(spawnNpmStart({ port, dataDirectory }));
    expect(npmStart.dynamoDbPort).toBeGreaterThan(0);
    expect(javaProcessesMentioning(dataDirectory)).not.toEqual([]);

    process.kill(npmStart.process.pid!, signal);

    await untilPortCloses(port, STOPPED_WITHIN_MILLIS);
    await untilPortCloses(npmStart.dynamoDbPort, STOPPED_WITHIN_MILLIS);
    expect(javaProcessesMentioning(dataDirectory)).toEqual([]);
    expect(npmStart.output()).toMatch(/npm start: .*stopping/);
  }, 180_000);
});
