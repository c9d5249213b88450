/** Everything written to stdout and stderr while `run` runs (Powertools logs go to stdout). */
export const captureOutput = async (run: () => Promise<void>): Promise<string> => {
  let captured = '';
  const capture = (chunk: unknown) => {
    captured += typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString();
    return true;
  };
  const stdout = jest.spyOn(process.stdout, 'write').mockImplementation(capture);
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(capture);
  try {
    await run();
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
  return captured;
};

/** One JSON line a Powertools logger wrote. */
export interface LogLine {
  level: string;
  message: string;
  [attribute: string]: unknown;
}

/** The JSON log lines of captured output, in order (anything else written is skipped). */
export const logLinesOf = (output: string): LogLine[] =>
  output
    .split('\n')
    .filter((line) => line.trim().startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine);
