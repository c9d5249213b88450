/**
 * Every function's handler, by its entry file (the route table's `entry`), imported when first
 * asked for: the modules read their configuration at module scope. The paths are literal on
 * purpose: jest's `--findRelatedTests`, which picks the tests `npm run mutate` runs against a
 * mutant, follows only imports it can read, and a path joined at run time hides every handler
 * from it.
 */
const handlerModules: Record<string, () => Promise<{ handler: unknown }>> = {
  'lambda/authorizer/index.ts': () => import('../lambda/authorizer/index'),
  'lambda/bulk-add-dnc-numbers/index.ts': () => import('../lambda/bulk-add-dnc-numbers/index'),
  'lambda/check-dnc-number/index.ts': () => import('../lambda/check-dnc-number/index'),
  'lambda/check-dnc-numbers/index.ts': () => import('../lambda/check-dnc-numbers/index'),
  'lambda/create-dnc-number/index.ts': () => import('../lambda/create-dnc-number/index'),
  'lambda/delete-dnc-number/index.ts': () => import('../lambda/delete-dnc-number/index'),
  'lambda/get-dnc-number/index.ts': () => import('../lambda/get-dnc-number/index'),
  'lambda/get-dnc-number-history/index.ts': () => import('../lambda/get-dnc-number-history/index'),
  'lambda/list-dnc-numbers/index.ts': () => import('../lambda/list-dnc-numbers/index'),
  'lambda/stream-consumer/index.ts': () => import('../lambda/stream-consumer/index'),
};

/** The handler exported by `entry` (a path from the project root, as in the route table). */
export const loadHandler = async <Handler>(entry: string): Promise<Handler> => {
  const load = handlerModules[entry];
  if (load === undefined) throw new Error(`no handler module for ${entry}: add it to local/handler-modules.ts`);
  return (await load()).handler as Handler;
};
