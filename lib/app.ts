import { App, type AppProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { DncApiStack } from './dnc-api-stack';
import { readSettings } from './settings';

export const STACK_NAME = 'DncApi';

/** The CDK app, with cdk-nag's AWS Solutions and Serverless packs checking every synth. */
export const createApp = (props: AppProps = {}) => {
  const app = new App(props);
  const stack = new DncApiStack(app, STACK_NAME, {
    settings: readSettings(app.node),
    description: 'dnc-api: Do-Not-Call list service',
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
  return { app, stack };
};
