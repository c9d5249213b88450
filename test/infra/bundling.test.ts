import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import * as path from 'node:path';
import { synthesize } from '../support/synth';

const loadEnvironment = {
  TABLE_NAME: 'bundle-check',
  EVENT_BUS_NAME: 'bundle-check',
  JWT_ISSUER: 'https://issuer.example.com',
  JWT_AUDIENCE: 'dnc-api',
  TENANT_SOURCE: 'claim',
  TENANT_CLAIM: 'org_id',
  AWS_REGION: 'us-east-1',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
};

describe('function bundles (real esbuild synth)', () => {
  const { template, assembly } = synthesize({}, { bundle: true });
  const functions = Object.entries(template.findResources('AWS::Lambda::Function')).map(([id, resource]) => ({
    id,
    bundle: path.join(assembly.directory, resource.Metadata['aws:asset:path'], 'index.mjs'),
  }));

  it('builds one ESM bundle per function', () => {
    expect(functions.length).toBeGreaterThanOrEqual(2);
    for (const { bundle } of functions) expect(statSync(bundle).size).toBeGreaterThan(1000);
  });

  it.each(functions.map((fn) => [fn.id, fn.bundle]))('%s loads in a fresh Node process and exports a handler', (_id, bundle) => {
    const exported = execFileSync(
      process.execPath,
      ['--input-type=module', '-e', `const m = await import(${JSON.stringify(bundle)}); console.log(typeof m.handler);`],
      { env: { ...process.env, ...loadEnvironment }, encoding: 'utf8' },
    );
    expect(exported.trim()).toBe('function');
  });
});
