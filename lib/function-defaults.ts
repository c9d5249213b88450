/** Defaults of the house function, free of CDK imports so the local server shares them. */
export const functionDefaults = {
  memorySize: 1024,
  timeoutSeconds: 10,
} as const;
