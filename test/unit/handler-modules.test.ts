import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { routes } from '../../lib/routes';
import { localAuthorizerEnvironment } from '../../local/dev-issuer';
import { loadHandler } from '../../local/handler-modules';

const projectRoot = path.resolve(__dirname, '..', '..');
const functionEntries = readdirSync(path.join(projectRoot, 'lambda'))
  .map((folder) => `lambda/${folder}/index.ts`)
  .filter((entry) => existsSync(path.join(projectRoot, entry)));

describe('loadHandler', () => {
  // The authorizer reads its issuer at load; the local issuer's JWKS is never fetched at init.
  beforeAll(() => Object.assign(process.env, localAuthorizerEnvironment(9)));

  it('finds every function under lambda/, routes and the rest', () => {
    expect(functionEntries).toEqual(
      expect.arrayContaining([...routes.map((route) => route.entry), 'lambda/authorizer/index.ts', 'lambda/stream-consumer/index.ts']),
    );
  });

  it.each(functionEntries)('loads the handler of %s', async (entry) => {
    const expected = (await import(path.join(projectRoot, entry))) as { handler: unknown };
    await expect(loadHandler(entry)).resolves.toBe(expected.handler);
  });

  it('refuses an entry it does not know, naming the file to add it to', async () => {
    await expect(loadHandler('lambda/no-such-function/index.ts')).rejects.toThrow('add it to local/handler-modules.ts');
  });
});
