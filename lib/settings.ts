import type { Node } from 'constructs';
import { routes } from './routes';
import { indexNames } from './table-definition';

export type IdentitySettings =
  | { kind: 'cognito'; domainPrefix?: string }
  | { kind: 'oidc'; issuer: string; audience: string[]; jwksUri?: string; tenantClaim: string };

export type IdentityMode = IdentitySettings['kind'];

/** A table restored from a backup or kept from an earlier stack, used instead of creating one. */
export interface ExistingTable {
  name: string;
  streamArn: string;
}

export interface DncApiSettings {
  stage: string;
  /** Marks a stage whose functions refuse endpoint overrides (`DYNAMODB_ENDPOINT`, …). */
  production: boolean;
  stackName: string;
  identity: IdentitySettings;
  authorizerCacheTtlSeconds: number;
  throttlingRateLimit: number;
  throttlingBurstLimit: number;
  logRetentionDays: number;
  /** How many of the table's GSIs (in declaration order) this deploy creates: one more per update. */
  indexRollout: number;
  /** The authorizer denies a token whose `exp − iat` is longer. */
  maxTokenLifetimeSeconds: number;
  /** Deletion protection of the DNC table, the tenant registry and the user pool (docs/adr/0002-retention-and-deletion.md). */
  deletionProtection: boolean;
  existingTable?: ExistingTable;
  backup: { monthlyRetentionYears: number; vaultLock: boolean };
  alarmEmail?: string;
  /** Reserved concurrency by function id (a route id, `Authorizer` or `ChangeStreamConsumer`); absent: unreserved. */
  reservedConcurrency: Record<string, number>;
}

/** Every setting the app reads (config/{stage}.json or `-c key=value`), with its default; the README's settings table mirrors this. */
export const contextDefaults = {
  authorizerCacheTtl: 300,
  throttleRateLimit: 100,
  throttleBurstLimit: 200,
  logRetentionDays: 365,
  indexRollout: indexNames.length,
  maxTokenLifetime: 24 * 60 * 60,
  backupMonthlyRetentionYears: 6,
  backupVaultLock: false,
  deletionProtection: true,
  production: false,
} as const;

/** Settings without a default. */
const optionalKeys = [
  'identityMode',
  'jwtIssuer',
  'jwtAudience',
  'jwtJwksUri',
  'tenantClaim',
  'cognitoDomainPrefix',
  'stackName',
  'existingTableName',
  'existingTableStreamArn',
  'alarmEmail',
  'reservedConcurrency',
] as const;

/** The keys a stage file may hold. `stage` and `confirmIdentityModeChange` are `-c` only. */
export const settingKeys: readonly string[] = [...Object.keys(contextDefaults), ...optionalKeys];

/** The functions of the stack, by the id reservedConcurrency uses. */
export const functionIds = ['Authorizer', 'ChangeStreamConsumer', ...routes.map((route) => route.id)];

// The values CloudWatch Logs accepts for a retention period.
const retentionDays = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

type Context = Pick<Node, 'tryGetContext'>;

/** A stage's committed settings (config/{stage}.json); `-c` values override them. */
export interface StageConfig {
  name: string;
  /** Where the values came from, for error messages. */
  source: string;
  values: Record<string, unknown>;
}

export const emptyStage = (name = 'dev'): StageConfig => ({ name, source: '(no stage file)', values: {} });

/** One setting: `-c` first, then the stage file; null and '' count as unset. */
const settingOf = (node: Context, stage: StageConfig) => (key: string) => {
  for (const value of [node.tryGetContext(key) as unknown, stage.values[key]]) {
    if (value !== undefined && value !== null && value !== '') return value;
  }
  return undefined;
};

type Setting = ReturnType<typeof settingOf>;

const text = (setting: Setting, key: string): string | undefined => {
  const value = setting(key);
  return value === undefined ? undefined : String(value);
};

const integer = (setting: Setting, key: keyof typeof contextDefaults, min: number, max: number): number => {
  const raw = text(setting, key);
  if (raw === undefined) return contextDefaults[key] as number;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`setting ${key} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return value;
};

const boolean = (setting: Setting, key: string, fallback: boolean): boolean => {
  const raw = text(setting, key);
  if (raw === undefined) return fallback;
  if (raw === 'true' || raw === 'false') return raw === 'true';
  throw new Error(`setting ${key} must be true or false, got "${raw}"`);
};

const identity = (setting: Setting): IdentitySettings => {
  const issuer = text(setting, 'jwtIssuer');
  const tenantClaim = text(setting, 'tenantClaim');
  if (issuer === undefined) {
    for (const key of ['jwtAudience', 'jwtJwksUri', 'tenantClaim']) {
      if (text(setting, key) !== undefined) {
        throw new Error(
          `setting ${key} only applies together with jwtIssuer${key === 'tenantClaim' ? ' (in Cognito mode the tenant registry names each client’s tenant)' : ''}`,
        );
      }
    }
    const domainPrefix = text(setting, 'cognitoDomainPrefix');
    return { kind: 'cognito', ...(domainPrefix ? { domainPrefix } : {}) };
  }
  if (!issuer.startsWith('https://')) throw new Error(`setting jwtIssuer must be an https:// URL, got "${issuer}"`);
  const audience = (text(setting, 'jwtAudience') ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  if (audience.length === 0) throw new Error('setting jwtAudience is required with jwtIssuer (comma-separated for several)');
  if (tenantClaim === undefined) {
    throw new Error(
      'setting tenantClaim is required with jwtIssuer: name the claim that holds the stable tenant id (never a credential id)',
    );
  }
  const jwksUri = text(setting, 'jwtJwksUri');
  if (jwksUri !== undefined && !jwksUri.startsWith('https://')) {
    throw new Error(`setting jwtJwksUri must be an https:// URL, got "${jwksUri}"`);
  }
  return { kind: 'oidc', issuer, audience, tenantClaim, ...(jwksUri ? { jwksUri } : {}) };
};

/**
 * A deploy must not silently switch a stage's identity mode: every tenant id would change with it,
 * so every check would answer "not blocked". The stage file records the mode it deploys.
 */
const guardIdentityMode = (node: Context, stage: StageConfig, effective: IdentityMode) => {
  const committed = stage.values.identityMode;
  if (committed === undefined) return;
  if (committed !== 'cognito' && committed !== 'oidc') {
    throw new Error(`setting identityMode in ${stage.source} must be "cognito" or "oidc", got "${String(committed)}"`);
  }
  if (committed === effective) return;
  if (String(node.tryGetContext('confirmIdentityModeChange')) === 'true') return;
  throw new Error(
    `stage ${stage.name} deploys identityMode "${committed}" (${stage.source}), but these settings give "${effective}". ` +
      'Switching the identity mode changes every tenant id, so existing entries would stop blocking calls. ' +
      `If that is intended, change identityMode in ${stage.source} or pass -c confirmIdentityModeChange=true.`,
  );
};

const existingTable = (setting: Setting): ExistingTable | undefined => {
  const name = text(setting, 'existingTableName');
  const streamArn = text(setting, 'existingTableStreamArn');
  if (name === undefined && streamArn === undefined) return undefined;
  if (name === undefined || streamArn === undefined) {
    throw new Error('settings existingTableName and existingTableStreamArn go together (the change consumer reads the table’s stream)');
  }
  if (!/^[A-Za-z0-9_.-]{3,255}$/.test(name)) throw new Error(`setting existingTableName is not a DynamoDB table name: "${name}"`);
  if (!/^arn:aws[a-z-]*:dynamodb:[a-z0-9-]+:\d{12}:table\/[A-Za-z0-9_.-]+\/stream\/.+$/.test(streamArn)) {
    throw new Error(`setting existingTableStreamArn is not a DynamoDB stream ARN: "${streamArn}"`);
  }
  if (!streamArn.includes(`:table/${name}/stream/`)) {
    throw new Error(`setting existingTableStreamArn belongs to another table than existingTableName "${name}"`);
  }
  return { name, streamArn };
};

const reservedConcurrency = (setting: Setting): Record<string, number> => {
  const raw = setting('reservedConcurrency');
  if (raw === undefined) return {};
  const value: unknown = typeof raw === 'string' ? JSON.parse(raw) : raw;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error('setting reservedConcurrency must be an object of function id → concurrency, e.g. {"CreateDncNumber": 50}');
  }
  for (const [id, concurrency] of Object.entries(value)) {
    if (!functionIds.includes(id))
      throw new Error(`setting reservedConcurrency names an unknown function "${id}" (one of ${functionIds.join(', ')})`);
    if (!Number.isInteger(concurrency) || (concurrency as number) < 1 || (concurrency as number) > 10_000) {
      throw new Error(`setting reservedConcurrency.${id} must be an integer from 1 to 10000, got ${JSON.stringify(concurrency)}`);
    }
  }
  return value as Record<string, number>;
};

const alarmEmail = (setting: Setting): string | undefined => {
  const email = text(setting, 'alarmEmail');
  if (email !== undefined && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
    throw new Error(`setting alarmEmail is not an email address: "${email}"`);
  return email;
};

/**
 * Reads and validates the settings of a stage: its committed file (config/{stage}.json, see
 * lib/stage-config.ts) overridden by `-c key=value`, failing synth with a clear message.
 */
export const readSettings = (node: Context, stage: StageConfig = emptyStage()): DncApiSettings => {
  const setting = settingOf(node, stage);
  const logRetention = integer(setting, 'logRetentionDays', 1, 3653);
  if (!retentionDays.includes(logRetention)) {
    throw new Error(`setting logRetentionDays must be one of ${retentionDays.join(', ')}, got ${logRetention}`);
  }
  const identitySettings = identity(setting);
  guardIdentityMode(node, stage, identitySettings.kind);
  const table = existingTable(setting);
  const email = alarmEmail(setting);
  return {
    stage: stage.name,
    production: boolean(setting, 'production', contextDefaults.production),
    stackName: text(setting, 'stackName') ?? `DncApi-${stage.name}`,
    identity: identitySettings,
    authorizerCacheTtlSeconds: integer(setting, 'authorizerCacheTtl', 0, 3600),
    throttlingRateLimit: integer(setting, 'throttleRateLimit', 1, 100_000),
    throttlingBurstLimit: integer(setting, 'throttleBurstLimit', 1, 5_000),
    logRetentionDays: logRetention,
    indexRollout: integer(setting, 'indexRollout', 0, indexNames.length),
    maxTokenLifetimeSeconds: integer(setting, 'maxTokenLifetime', 300, 7 * 24 * 60 * 60),
    deletionProtection: boolean(setting, 'deletionProtection', contextDefaults.deletionProtection),
    ...(table ? { existingTable: table } : {}),
    backup: {
      monthlyRetentionYears: integer(setting, 'backupMonthlyRetentionYears', 5, 10),
      vaultLock: boolean(setting, 'backupVaultLock', contextDefaults.backupVaultLock),
    },
    ...(email ? { alarmEmail: email } : {}),
    reservedConcurrency: reservedConcurrency(setting),
  };
};
