import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { findRunningServer, forgetRunningServer, isProcessAlive, recordRunningServer } from '../../local/running-server';

const newFile = () => path.join(mkdtempSync(path.join(tmpdir(), 'dnc-api-running-')), 'nested', 'running-server.json');
const deadPid = (): number => spawnSync(process.execPath, ['-e', '']).pid!;

describe('the running-server record', () => {
  it('finds the recorded server while its process is alive', () => {
    const file = newFile();
    const server = { pid: process.pid, port: 3100, dataDirectory: '/tmp/data' };
    recordRunningServer(server, file);
    expect(findRunningServer(file)).toEqual(server);
  });

  it('ignores the record of a process that has died (a server killed with SIGKILL leaves one)', () => {
    const file = newFile();
    const pid = deadPid();
    expect(isProcessAlive(pid)).toBe(false);
    recordRunningServer({ pid, port: 3100, dataDirectory: '/tmp/data' }, file);
    expect(findRunningServer(file)).toBeUndefined();
  });

  it('ignores a missing or malformed record', () => {
    const file = newFile();
    expect(findRunningServer(file)).toBeUndefined();
    recordRunningServer({ pid: process.pid, port: 3100, dataDirectory: '/tmp/data' }, file);
    writeFileSync(file, '{"pid":');
    expect(findRunningServer(file)).toBeUndefined();
    writeFileSync(file, JSON.stringify({ pid: process.pid, port: '3100' }));
    expect(findRunningServer(file)).toBeUndefined();
  });

  it('is removed only by the process that wrote it: a later server may have replaced it', () => {
    const file = newFile();
    recordRunningServer({ pid: process.pid, port: 3100, dataDirectory: '/tmp/data' }, file);
    forgetRunningServer(process.pid + 1, file);
    expect(existsSync(file)).toBe(true);
    forgetRunningServer(process.pid, file);
    expect(existsSync(file)).toBe(false);
    expect(() => forgetRunningServer(process.pid, file)).not.toThrow();
  });
});
