import { statSync } from 'node:fs';
import * as path from 'node:path';
import { build } from 'esbuild';
import { bundlingOptions, projectRoot } from '../lib/constructs/service-function';

export const workDirectory = path.join(projectRoot, 'bench', '.work');

/** Builds `entry` exactly as the stack's NodejsFunction does (same esbuild options). */
export const bundleLikeTheStack = async (entry: string, name: string): Promise<{ file: string; sizeKb: number }> => {
  const file = path.join(workDirectory, name, 'index.mjs');
  await build({
    entryPoints: [path.join(projectRoot, entry)],
    outfile: file,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: bundlingOptions.target,
    minify: bundlingOptions.minify,
    sourcemap: bundlingOptions.sourceMap,
    sourcesContent: bundlingOptions.sourcesContent,
    mainFields: [...bundlingOptions.mainFields],
    external: [...bundlingOptions.externalModules],
    banner: { js: bundlingOptions.banner },
    logLevel: 'silent',
  });
  return { file, sizeKb: Math.round(statSync(file).size / 1024) };
};
