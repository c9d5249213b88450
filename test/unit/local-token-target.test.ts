import * as path from 'node:path';
import { chooseTokenTarget } from '../../local/token-target';

const defaults = { port: 3000, dataDirectory: path.resolve('/project/.local') };
const running = { pid: 4242, port: 3100, dataDirectory: path.resolve('/tmp/elsewhere') };

describe('chooseTokenTarget: which server npm run token signs for', () => {
  it('without flags, signs for the running server, silently', () => {
    expect(chooseTokenTarget({ given: {}, defaults, running })).toEqual({ port: 3100, dataDirectory: running.dataDirectory, notes: [] });
  });

  it('with flags equal to the running server, is silent', () => {
    const given = { port: 3100, dataDirectory: '/tmp/elsewhere' };
    expect(chooseTokenTarget({ given, defaults, running }).notes).toEqual([]);
  });

  it('honours a flag that differs from the running server, and warns which setting it runs with', () => {
    const target = chooseTokenTarget({ given: { port: 3000 }, defaults, running });
    expect(target).toMatchObject({ port: 3000, dataDirectory: running.dataDirectory });
    expect(target.notes).toHaveLength(1);
    expect(target.notes[0]).toMatch(
      /^Warning: the running npm start \(pid 4242\) uses port 3100, and will refuse this token for port 3000/,
    );
  });

  it('names both settings when port and data dir differ', () => {
    const target = chooseTokenTarget({ given: { port: 3000, dataDirectory: defaults.dataDirectory }, defaults, running });
    expect(target.notes[0]).toContain('uses port 3100 and data dir ');
    expect(target.notes[0]).toContain('elsewhere');
  });

  it('with no running server, uses the defaults and says which port and data dir the token is for', () => {
    const target = chooseTokenTarget({ given: {}, defaults, running: undefined });
    expect(target).toMatchObject({ port: 3000, dataDirectory: defaults.dataDirectory });
    expect(target.notes).toEqual([
      `No npm start is running: this token is for a server on port 3000 with the issuer key in ${path.relative(process.cwd(), defaults.dataDirectory)}.`,
    ]);
  });

  it('with no running server, honours the flags and still says what the token is for', () => {
    const target = chooseTokenTarget({ given: { port: 3005 }, defaults, running: undefined });
    expect(target.port).toBe(3005);
    expect(target.notes[0]).toContain('for a server on port 3005');
  });
});
