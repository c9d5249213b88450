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
