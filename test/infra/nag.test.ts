import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { externalIssuerContext, synthesize } from '../support/synth';

describe('cdk-nag (AwsSolutions and Serverless packs)', () => {
  for (const [mode, context] of [
    ['Cognito identity', {}],
    ['external issuer', externalIssuerContext],
  ] as const) {
    it(`reports no unacknowledged finding (${mode}), and every acknowledgement gives a reason`, () => {
      const { pluginReports } = synthesize(context).validationReport();
      expect(pluginReports.map((report) => report.pluginName).sort()).toEqual(['AwsSolutions', 'Serverless']);
      for (const report of pluginReports) {
        expect(report.violations.map((violation) => `${violation.ruleName} ${violation.violatingConstructs[0]?.constructPath}`)).toEqual(
          [],
        );
        expect(report.conclusion).toBe('success');
        for (const suppressed of report.suppressedViolations) {
          expect(suppressed.reason.length).toBeGreaterThan(40);
        }
      }
    });
  }

  it('is live: synth fails on an unacknowledged finding', () => {
    const app = new App({ outdir: mkdtempSync(path.join(tmpdir(), 'nag-probe-')) });
    const stack = new Stack(app, 'Probe');
    new Role(stack, 'Wide', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') }).addToPolicy(
      new PolicyStatement({ actions: ['dynamodb:*'], resources: ['*'] }),
    );
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
    expect(() => app.synth()).toThrow(/AwsSolutions-IAM5\[Action::dynamodb:\*\]/);
  });
});
