import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  type Checkpoint,
  checkpointPathFor,
  readCheckpoint,
  rejectsPathFor,
  removeCheckpoint,
  resumeProblem,
  writeCheckpoint,
} from '../../cli/import/checkpoint';

const directory = mkdtempSync(path.join(tmpdir(), 'dnc-import-checkpoint-'));

const checkpoint: Checkpoint = {
  version: 1,
  input: { path: '/data/numbers.csv', size: 1234, mtimeMs: 1_767_225_600_000.5 },
  apiUrl: 'http://127.0.0.1:3000',
  userId: null,
  confirmedRows: 4000,
  counts: { created: 3900, existing: 40, repeated: 20, rejected: 40 },
  rejectsBytes: 2048,
  updatedAt: '2026-01-01T00:00:00.000Z',
};

describe('the import checkpoint', () => {
  it('lives beside the input, as do the rejects', () => {
    expect(checkpointPathFor('/data/numbers.csv')).toBe('/data/numbers.import-checkpoint.json');
    expect(rejectsPathFor('/data/numbers.CSV')).toBe('/data/numbers.rejects.csv');
    expect(rejectsPathFor('/data/list.txt')).toBe('/data/list.txt.rejects.csv');
  });

  it('is written whole (temp file renamed), read back equal, and removed', () => {
    const file = path.join(directory, 'a.import-checkpoint.json');
    expect(readCheckpoint(file)).toBeUndefined();
    writeCheckpoint(file, checkpoint);
    writeCheckpoint(file, { ...checkpoint, confirmedRows: 5000 });
    expect(readCheckpoint(file)).toEqual({ ...checkpoint, confirmedRows: 5000 });
    expect(readdirSync(directory).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    removeCheckpoint(file);
    expect(existsSync(file)).toBe(false);
    removeCheckpoint(file);
  });

  it('refuses a file that is not a checkpoint, saying to delete it', () => {
    const file = path.join(directory, 'b.import-checkpoint.json');
    writeFileSync(file, '{"version":1,"confirmedRows":-1}');
    expect(() => readCheckpoint(file)).toThrow(/not an import checkpoint.*delete it/);
    writeFileSync(file, 'not json');
    expect(() => readCheckpoint(file)).toThrow(/not an import checkpoint/);
  });

  describe('resumeProblem: --resume continues only the same import', () => {
    const same = { input: { size: 1234, mtimeMs: 1_767_225_600_000.5 }, apiUrl: 'http://127.0.0.1:3000', userId: null };

    it('accepts the same file, API and --user-id', () => {
      expect(resumeProblem(checkpoint, same)).toBeUndefined();
    });

    it('refuses a file whose size or modification time changed', () => {
      expect(resumeProblem(checkpoint, { ...same, input: { size: 1235, mtimeMs: same.input.mtimeMs } })).toMatch(
        /file changed.*1234 → 1235/,
      );
      expect(resumeProblem(checkpoint, { ...same, input: { size: 1234, mtimeMs: same.input.mtimeMs + 1 } })).toMatch(/file changed/);
    });

    it('refuses another API, and another --user-id', () => {
      expect(resumeProblem(checkpoint, { ...same, apiUrl: 'https://api.example.com' })).toMatch(
        /for http:\/\/127\.0\.0\.1:3000, not https:\/\/api\.example\.com/,
      );
      expect(resumeProblem(checkpoint, { ...same, userId: 'agent-1' })).toMatch(/no --user-id.*--user-id agent-1/);
    });
  });
});
