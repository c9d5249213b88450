import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseImportOptions, resumeCommandFor, UsageError } from '../../cli/import/options';
import { normalizeApiUrl, resolveTarget } from '../../cli/import/target';

describe('npm run import options', () => {
  it('defaults: 4 requests in parallel, no --user-id, no resume', () => {
    expect(parseImportOptions(['numbers.csv'], {})).toEqual({
      file: 'numbers.csv',
      apiUrl: undefined,
      token: undefined,
      tokenCommand: undefined,
      userId: null,
      concurrency: 4,
      resume: false,
    });
  });

  it('reads every flag, and DNC_API_TOKEN as --token', () => {
    const options = parseImportOptions(
      ['numbers.csv', '--api-url', 'https://api.example.com/', '--user-id', 'agent-7', '--concurrency', '8', '--resume'],
      { DNC_API_TOKEN: 'secret' },
    );
    expect(options).toMatchObject({ apiUrl: 'https://api.example.com/', token: 'secret', userId: 'agent-7', concurrency: 8, resume: true });
  });

  it.each([
    [[], /name the CSV file/],
    [['a.csv', 'b.csv'], /one CSV file/],
    [['a.csv', '--token', 't', '--token-command', 'c'], /not both/],
    [['a.csv', '--concurrency', '0'], /--concurrency must be/],
    [['a.csv', '--concurrency', '2.5'], /--concurrency must be/],
    [['a.csv', '--user-id', 'bad user'], /--user-id: userId must be/],
    [['a.csv', '--bogus'], /Unknown option/],
  ])('refuses %j', (args, message) => {
    expect(() => parseImportOptions(args, {})).toThrow(UsageError);
    expect(() => parseImportOptions(args, {})).toThrow(message);
  });

  it('the resume hint repeats the command with --resume, quoting for the shell and never repeating a token', () => {
    expect(resumeCommandFor(['my numbers.csv', '--token', 'eyJsecret', '--concurrency', '2'])).toBe(
      `npm run import -- 'my numbers.csv' --token "$TOKEN" --concurrency 2 --resume`,
    );
    expect(resumeCommandFor(['n.csv', '--token-command', "aws x --q 'a b'", '--resume'])).toBe(
      `npm run import -- n.csv --token-command 'aws x --q '\\''a b'\\''' --resume`,
    );
  });
});

describe('the import’s target', () => {
  const running = { pid: 4242, port: 3100, dataDirectory: '/tmp/nowhere' };

  it('normalizes --api-url and refuses what is not an http(s) URL', () => {
    expect(normalizeApiUrl('https://abc.execute-api.eu-west-1.amazonaws.com/')).toBe('https://abc.execute-api.eu-west-1.amazonaws.com');
    expect(() => normalizeApiUrl('abc')).toThrow(/not a URL/);
    expect(() => normalizeApiUrl('ftp://x')).toThrow(/http/);
  });

  it('with a token, uses --api-url, else the running npm start', async () => {
    const given = resolveTarget({ apiUrl: 'https://api.example.com', token: 't' }, undefined);
    expect(given.apiUrl).toBe('https://api.example.com');
    expect(await given.tokens.token()).toBe('t');
    expect(given.tokens.renew).toBeUndefined();
    expect(resolveTarget({ token: 't' }, running).apiUrl).toBe('http://127.0.0.1:3100');
  });

  it('without a token, needs the running npm start (another API needs --token or --token-command)', () => {
    expect(() => resolveTarget({}, undefined)).toThrow(/no npm start is running/);
    expect(() => resolveTarget({ apiUrl: 'https://api.example.com' }, running)).toThrow(/pass --token or --token-command/);
  });

  it('--token-command: its trimmed stdout, run once, again on renewal (once for parallel refusals of one token)', async () => {
    const counter = path.join(mkdtempSync(path.join(tmpdir(), 'dnc-import-token-')), 'runs');
    const command = `n=$(cat ${counter} 2>/dev/null || echo 0); n=$((n+1)); echo $n > ${counter}; echo "  tok-$n  "`;
    const target = resolveTarget({ apiUrl: 'https://api.example.com', tokenCommand: command }, undefined);
    const first = await target.tokens.token();
    expect(first).toBe('tok-1');
    expect(await target.tokens.token()).toBe('tok-1');
    expect(await Promise.all([target.tokens.renew!(first), target.tokens.renew!(first)])).toEqual(['tok-2', 'tok-2']);
    expect(await target.tokens.token()).toBe('tok-2');
    expect(await target.tokens.renew!('tok-2')).toBe('tok-3');
    const failing = resolveTarget({ apiUrl: 'https://api.example.com', tokenCommand: 'echo nope >&2; exit 3' }, undefined);
    await expect(failing.tokens.token()).rejects.toThrow(/--token-command failed \(exit 3\): nope/);
  });
});
