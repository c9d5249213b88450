import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { createApp } from '../../lib/app';

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
    context: { ...(bundle ? { 'aws:cdk:enable-asset-metadata': true } : { 'aws:cdk:bundling-stacks': [] }), ...context },
  });
  const assembly = app.synth();
  const template = Template.fromStack(stack);
  const validationReport = (): ValidationReport =>
    JSON.parse(readFileSync(path.join(assembly.directory, 'validation-report.json'), 'utf8'));
  return { app, stack, template, assembly, validationReport };
};
