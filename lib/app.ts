import { App, type AppProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { DncApiStack } from './dnc-api-stack';
import { readSettings } from './settings';
import { loadStageConfig } from './stage-config';

export const DEFAULT_STAGE = 'dev';

/**
 * The CDK app: one stack per stage (`-c stage=prod` → `DncApi-prod`, settings from config/prod.json),
 * with cdk-nag's AWS Solutions and Serverless packs checking every synth.
 */
export const createApp = (props: AppProps = {}) => {
  const app = new App(props);
  const stageName = String(app.node.tryGetContext('stage') ?? DEFAULT_STAGE);
  const settings = readSettings(app.node, loadStageConfig(stageName));
  const stack = new DncApiStack(app, settings.stackName, {
    settings,
    description: `dnc-api: Do-Not-Call list service (stage ${settings.stage})`,
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
  return { app, stack };
};
