import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as z from 'zod/mini';
import type { ImportCounts } from './counts';

/** `numbers.csv` → `numbers.import-checkpoint.json`, beside the input. */
export const checkpointPathFor = (input: string): string => `${withoutCsvExtension(input)}.import-checkpoint.json`;
/** `numbers.csv` → `numbers.rejects.csv`, beside the input. */
export const rejectsPathFor = (input: string): string => `${withoutCsvExtension(input)}.rejects.csv`;

const withoutCsvExtension = (input: string): string => {
  const resolved = path.resolve(input);
  return path.extname(resolved).toLowerCase() === '.csv' ? resolved.slice(0, -'.csv'.length) : resolved;
};

const count = z.int().check(z.nonnegative());

const checkpointSchema = z.object({
  version: z.literal(1),
  input: z.object({ path: z.string(), size: count, mtimeMs: z.number() }),
  apiUrl: z.string(),
  userId: z.nullable(z.string()),
  /** Every row from 1 to this one is on the list or in the rejects file. */
  confirmedRows: count,
  /** The counts of rows 1..confirmedRows. */
  counts: z.object({ created: count, existing: count, repeated: count, rejected: count }),
  /** The rejects file's length holding exactly the rejects of rows 1..confirmedRows. */
  rejectsBytes: count,
  updatedAt: z.string(),
});

export type Checkpoint = z.output<typeof checkpointSchema> & { counts: ImportCounts };

/** The checkpoint at `file`, or undefined when there is none; a file that is not one is an error. */
export const readCheckpoint = (file: string): Checkpoint | undefined => {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const result = z.safeParse(checkpointSchema, json);
  if (!result.success) throw new Error(`${file} is not an import checkpoint this version can read: delete it to start over`);
  return result.data;
};

/** Written whole (a temporary file renamed over it): a crash leaves the old checkpoint or the new one, never half of one. */
export const writeCheckpoint = (file: string, checkpoint: Checkpoint): void => {
  const partial = `${file}.${process.pid}.tmp`;
  writeFileSync(partial, `${JSON.stringify(checkpoint, null, 2)}\n`);
  renameSync(partial, file);
};

export const removeCheckpoint = (file: string): void => rmSync(file, { force: true });

export interface ImportIdentity {
  input: { size: number; mtimeMs: number };
  apiUrl: string;
  userId: string | null;
}

/** Why `--resume` must not continue from this checkpoint, or undefined when it may. */
export const resumeProblem = (checkpoint: Checkpoint, current: ImportIdentity): string | undefined => {
  if (checkpoint.input.size !== current.input.size || checkpoint.input.mtimeMs !== current.input.mtimeMs) {
    return (
      `the file changed since the checkpoint was written (size ${checkpoint.input.size} → ${current.input.size} bytes, ` +
      `modified ${new Date(checkpoint.input.mtimeMs).toISOString()} → ${new Date(current.input.mtimeMs).toISOString()}): ` +
      'its row numbers may no longer mean the same rows'
    );
  }
  if (checkpoint.apiUrl !== current.apiUrl) {
    return `the checkpoint is for ${checkpoint.apiUrl}, not ${current.apiUrl}`;
  }
  if (checkpoint.userId !== current.userId) {
    const show = (userId: string | null) => (userId === null ? 'no --user-id' : `--user-id ${userId}`);
    return `the checkpoint was written with ${show(checkpoint.userId)}, this run has ${show(current.userId)}`;
  }
  return undefined;
};
