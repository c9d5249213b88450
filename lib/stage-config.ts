import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { settingKeys, type StageConfig } from './settings';

/** Where each stage's committed settings live: config/{stage}.json. */
export const stageConfigDirectory = path.resolve(__dirname, '..', 'config');

const STAGE_NAME = /^[a-z][a-z0-9-]{0,19}$/;

/**
 * Loads config/{stage}.json: a stage must be committed before it can be deployed, and its file
 * may only hold known settings (a misspelt key would otherwise be silently ignored).
 */
export const loadStageConfig = (stage: string, directory = stageConfigDirectory): StageConfig => {
  if (!STAGE_NAME.test(stage)) {
    throw new Error(`stage must be lowercase letters, digits and dashes, starting with a letter, at most 20 characters: got "${stage}"`);
  }
  const file = path.join(directory, `${stage}.json`);
  const source = path.relative(path.resolve(directory, '..'), file);
  if (!existsSync(file)) {
    const known = readdirSync(directory)
      .filter((name) => name.endsWith('.json'))
      .map((name) => name.slice(0, -'.json'.length));
    throw new Error(`stage ${stage} has no settings file ${source}; committed stages: ${known.join(', ')}`);
  }
  let values: unknown;
  try {
    values = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${source} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof values !== 'object' || values === null || Array.isArray(values)) throw new Error(`${source} must hold one JSON object`);
  const unknown = Object.keys(values).filter((key) => key !== '$comment' && !settingKeys.includes(key));
  if (unknown.length > 0) throw new Error(`${source} has unknown settings: ${unknown.join(', ')} (known: ${settingKeys.join(', ')})`);
  if (!('identityMode' in values)) throw new Error(`${source} must record identityMode ("cognito" or "oidc")`);
  return { name: stage, source, values: values as Record<string, unknown> };
};
