import { DEFAULT_TOKEN, loadOrCreateSigningKey, mintDevToken } from './dev-issuer';
import { parseDuration, parseLocalOptions } from './cli-options';

const usage = `usage: npm run token -- [--tenant T] [--scope "dnc/write dnc/read"] [--ttl 1h] [--sub S] [--port 3000] [--data-dir .local]`;

try {
  const { text, dataDirectory, port } = parseLocalOptions(process.argv.slice(2), {
    tenant: { type: 'string' },
    scope: { type: 'string' },
    ttl: { type: 'string' },
    sub: { type: 'string' },
  });
  const token = mintDevToken(loadOrCreateSigningKey(dataDirectory), {
    port,
    tenant: text('tenant') ?? DEFAULT_TOKEN.tenant,
    scope: text('scope') ?? DEFAULT_TOKEN.scope,
    ttlSeconds: parseDuration(text('ttl') ?? `${DEFAULT_TOKEN.ttlSeconds}s`),
    subject: text('sub') ?? DEFAULT_TOKEN.subject,
  });
  process.stdout.write(`${token}\n`);
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n${usage}\n`);
  process.exit(2);
}
