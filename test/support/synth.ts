import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { createApp } from '../../lib/app';

/** cdk.json's context (feature flags and CLI settings): the tests synthesize the template `cdk deploy` would. */
const cdkJsonContext: Record<string, unknown> = JSON.parse(readFileSync(path.resolve(__dirname, '..', '..', 'cdk.json'), 'utf8')).context;

export interface ValidationReport {
  pluginReports: {
    pluginName: string;
    conclusion: string;
    violations: { ruleName: string; violatingConstructs: { constructPath: string }[] }[];
    suppressedViolations: { ruleName: string; acknowledgedId: string; reason: string; violatingConstructs: { constructPath: string }[] }[];
  }[];
}

/**
 * Synthesizes the real app into a temporary directory. Bundling is skipped unless
 * asked for: snapshot and assertion tests do not need the function code.
 */
export const synthesize = (context: Record<string, unknown> = {}, { bundle = false } = {}) => {
  const outdir = mkdtempSync(path.join(tmpdir(), 'dnc-api-synth-'));
  const { app, stack } = createApp({
    outdir,
    context: { ...cdkJsonContext, ...(bundle ? { 'aws:cdk:enable-asset-metadata': true } : { 'aws:cdk:bundling-stacks': [] }), ...context },
  });
  const assembly = app.synth();
  const template = Template.fromStack(stack);
  const validationReport = (): ValidationReport =>
    JSON.parse(readFileSync(path.join(assembly.directory, 'validation-report.json'), 'utf8'));
  return { app, stack, template, assembly, validationReport };
};

/**
 * Settings of an external-issuer deploy of the dev stage, whose committed mode is Cognito: switching
 * modes needs the explicit confirmation (lib/settings.ts).
 */
export const externalIssuerContext = {
  jwtIssuer: 'https://login.example.com',
  jwtAudience: 'dnc-api',
  tenantClaim: 'tenant_id',
  confirmIdentityModeChange: 'true',
} as const;
