/**
 * Variables that adapt the functions to running outside AWS: `DYNAMODB_ENDPOINT` (DynamoDB
 * Local), `EVENTBRIDGE_ENDPOINT` (the local event sink), `LOCAL_SDK_TIMEOUT_MILLIS` (DynamoDB
 * Local on a loaded machine). A production stage (`PRODUCTION_STAGE=true`) refuses a non-empty
 * one: the function fails its cold start instead of sending data off AWS or waiting too long.
 */
export const localOverride = (name: string, env: NodeJS.ProcessEnv = process.env): string | undefined => {
  const value = env[name];
  if (!value) return undefined;
  if (env.PRODUCTION_STAGE === 'true') {
    throw new Error(`environment variable ${name} must be empty in a production stage (PRODUCTION_STAGE=true): it is for local use only`);
  }
  return value;
};

/** The `endpoint` setting of an SDK client from such a variable, or none when it is empty. */
export const endpointOverride = (name: string, env: NodeJS.ProcessEnv = process.env): { endpoint?: string } => {
  const endpoint = localOverride(name, env);
  return endpoint === undefined ? {} : { endpoint };
};
