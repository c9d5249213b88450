import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { startDynamoDbLocal } from '../../local/dynamodb-local';
import { SHARED_DYNAMODB_ENDPOINT } from './global-setup';

/**
 * `npm run mutate`: StrykerJS over lambda/ (stryker.config.mjs), with one DynamoDB Local for the
 * whole run. Stryker starts jest once per mutant batch, and each jest run would otherwise start
 * its own DynamoDB Local (3.5 s). Extra arguments go to `stryker run` (e.g. `--mutate 'lambda/shared/http/**'`).
 */
const projectRoot = path.resolve(__dirname, '..', '..');

const main = async () => {
  const dynamoDb = await startDynamoDbLocal({ ownProcessGroup: true });
  const stryker = spawn(
    process.execPath,
    [path.join(projectRoot, 'node_modules', '@stryker-mutator', 'core', 'bin', 'stryker.js'), 'run', ...process.argv.slice(2)],
    {
      cwd: projectRoot,
      stdio: 'inherit',
      env: { ...process.env, [SHARED_DYNAMODB_ENDPOINT]: dynamoDb.endpoint },
      // Its own process group: Stryker leaves its checker processes behind when interrupted.
      detached: true,
    },
  );
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      if (stryker.pid !== undefined) process.kill(-stryker.pid, signal);
    } catch {
      // the group is already gone
    }
  };
  process.on('SIGINT', () => stryker.kill('SIGINT'));
  process.on('SIGTERM', () => stryker.kill('SIGTERM'));
  const code = await new Promise<number>((resolve) => stryker.on('exit', (exitCode, signal) => resolve(exitCode ?? (signal ? 1 : 0))));
  signalGroup('SIGKILL');
  await dynamoDb.stop();
  process.exit(code);
};

void main();
