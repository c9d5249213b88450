import { DEFAULT_MAX_TOKEN_LIFETIME_SECONDS } from '../lambda/authorizer/authorize';
import { DEFAULT_DATA_DIRECTORY, DEFAULT_PORT, parseDuration, parseLocalOptions } from './cli-options';
import { DEFAULT_TOKEN, loadOrCreateSigningKey, mintDevToken } from './dev-issuer';
import { findRunningServer } from './running-server';
import { chooseTokenTarget } from './token-target';

const usage = `usage: npm run token -- [--tenant T] [--scope "dnc/write dnc/read dnc/delete"] [--ttl 1h] [--sub S] [--port 3000] [--data-dir .local]`;

try {
  const { text, chosen } = parseLocalOptions(process.argv.slice(2), {
    tenant: { type: 'string' },
    scope: { type: 'string' },
    ttl: { type: 'string' },
    sub: { type: 'string' },
  });
  const target = chooseTokenTarget({
    given: chosen,
    defaults: { port: DEFAULT_PORT, dataDirectory: DEFAULT_DATA_DIRECTORY },
    running: findRunningServer(),
  });
  const ttlSeconds = parseDuration(text('ttl') ?? `${DEFAULT_TOKEN.ttlSeconds}s`);
  const token = mintDevToken(loadOrCreateSigningKey(target.dataDirectory), {
    port: target.port,
    tenant: text('tenant') ?? DEFAULT_TOKEN.tenant,
    scope: text('scope') ?? DEFAULT_TOKEN.scope,
    ttlSeconds,
    subject: text('sub') ?? DEFAULT_TOKEN.subject,
  });
  for (const note of target.notes) process.stderr.write(`${note}\n`);
  if (ttlSeconds > DEFAULT_MAX_TOKEN_LIFETIME_SECONDS) {
    process.stderr.write(
      `note: the authorizer denies tokens that live longer than ${DEFAULT_MAX_TOKEN_LIFETIME_SECONDS} s unless npm start runs with a larger MAX_TOKEN_LIFETIME_SECONDS\n`,
    );
  }
  process.stdout.write(`${token}\n`);
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n${usage}\n`);
  process.exit(2);
}
