import { parseArgs } from 'node:util';
import { safeParse } from 'zod/mini';
import { userIdSchema } from '../../lambda/shared/domain/add-dnc-number';

export const usage = `usage: npm run import -- FILE.csv [--api-url URL] [--token T | --token-command CMD] [--user-id U] [--concurrency 4] [--resume]

  FILE.csv           a header line naming phoneNumber (required), reason and userId (optional), then one number per row
  --api-url URL      the API (the stack's ApiUrl); default: the running npm start
  --token T          bearer token with dnc/write (or set DNC_API_TOKEN); default: a dev token for the running npm start
  --token-command C  a shell command that prints a token; run again if the service answers 401/403
  --user-id U        the userId of rows whose userId cell is empty (default: none, an account-wide entry)
  --concurrency N    requests in parallel, 1 to 16 (default 4)
  --resume           go on from FILE's checkpoint after an interruption`;

export const DEFAULT_CONCURRENCY = 4;
const MAX_CONCURRENCY = 16;

export interface ImportOptions {
  file: string;
  apiUrl?: string | undefined;
  token?: string | undefined;
  tokenCommand?: string | undefined;
  userId: string | null;
  concurrency: number;
  resume: boolean;
}

/** A mistake in the command line: shown with the usage, exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const parseImportOptions = (args: readonly string[], env: NodeJS.ProcessEnv = process.env): ImportOptions => {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'name the CSV file to import' : 'name one CSV file');
  const token = values.token ?? (env.DNC_API_TOKEN || undefined);
  if (token !== undefined && values['token-command'] !== undefined) throw new UsageError('give --token or --token-command, not both');
  const concurrency = values.concurrency === undefined ? DEFAULT_CONCURRENCY : Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > MAX_CONCURRENCY) {
    throw new UsageError(`--concurrency must be a whole number from 1 to ${MAX_CONCURRENCY}, got ${values.concurrency}`);
  }
  const userId = safeParse(userIdSchema, values['user-id']);
  if (!userId.success) throw new UsageError(`--user-id: ${userId.error.issues.map((issue) => issue.message).join('; ')}`);
  return {
    file: positionals[0]!,
    apiUrl: values['api-url'],
    token,
    tokenCommand: values['token-command'],
    userId: userId.data,
    concurrency,
    resume: values.resume ?? false,
  };
};

const parse = (args: readonly string[]) =>
  parseArgs({
    args: [...args],
    allowPositionals: true,
    strict: true,
    options: {
      'api-url': { type: 'string' },
      token: { type: 'string' },
      'token-command': { type: 'string' },
      'user-id': { type: 'string' },
      concurrency: { type: 'string' },
      resume: { type: 'boolean' },
    },
  });

const shellWord = (word: string): string => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`);

/** The command that goes on from the checkpoint: the same arguments with --resume, a --token's value not repeated. */
export const resumeCommandFor = (args: readonly string[]): string => {
  const words: string[] = [];
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index]!;
    if (arg === '--resume') continue;
    if (arg === '--token') {
      words.push(arg, '"$TOKEN"');
      index += 1;
    } else if (arg.startsWith('--token=')) {
      words.push('--token="$TOKEN"');
    } else {
      words.push(shellWord(arg));
    }
  }
  return ['npm', 'run', 'import', '--', ...words, '--resume'].join(' ');
};
