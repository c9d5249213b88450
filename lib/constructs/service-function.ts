import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, LoggingFormat, Runtime, Tracing, ApplicationLogLevel, SystemLogLevel } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import * as path from 'node:path';
import { functionDefaults } from '../function-defaults';

/** Repository root: route entries and bundling paths are relative to it. */
export const projectRoot = path.resolve(__dirname, '..', '..');

/**
 * esbuild options every function is built with. Exported so the benchmark builds
 * its bundles exactly as the stack does.
 */
export const bundlingOptions = {
  format: OutputFormat.ESM,
  target: 'node24',
  platform: 'node',
  minify: true,
  // Error classes keep their names in logs (`errorClass: "FetchError"`, not a minified `rr`).
  keepNames: true,
  sourceMap: true,
  sourcesContent: false,
  mainFields: ['module', 'main'],
  // Bundle the AWS SDK too: the deployed code then runs the SDK version we tested.
  externalModules: [],
  // Some CommonJS dependencies call require() for Node built-ins inside the ESM bundle.
  banner: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
} as const;

export interface ServiceFunctionProps {
  /** Handler module relative to the repository root; it exports `handler`. */
  entry: string;
  environment?: Record<string, string>;
  logRetentionDays: number;
  memorySize?: number;
  timeout?: Duration;
  /** Concurrency kept for this function alone, which also caps it (setting reservedConcurrency). */
  reservedConcurrency?: number;
  /**
   * Why the function needs no dead-letter queue (cdk-nag Serverless-LambdaDLQ): a dead-letter queue
   * only catches failed asynchronous invocations, so say how this function is invoked.
   */
  withoutDeadLetterQueueBecause: string;
  /**
   * Statements on `Resource: *` the caller adds beyond X-Ray's, each with why it cannot name a
   * resource (cdk-nag AwsSolutions-IAM5 reports them all as one finding on the role).
   */
  otherWildcardResourceGrants?: readonly string[];
}

const xrayGrant = 'the X-Ray tracing statement (xray:PutTraceSegments, xray:PutTelemetryRecords): X-Ray has no resource-level permissions';

/**
 * The house Lambda: Node 24 on Graviton, ESM bundle, JSON logs to a log group with
 * retention, X-Ray tracing, and a role that can do nothing beyond writing its own logs
 * until the caller grants more.
 */
export class ServiceFunction extends Construct {
  readonly function: NodejsFunction;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: ServiceFunctionProps) {
    super(scope, id);

    this.logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetentionDays,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const role = new Role(this, 'Role', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    this.logGroup.grantWrite(role);

    this.function = new NodejsFunction(this, 'Function', {
      entry: path.join(projectRoot, props.entry),
      handler: 'handler',
      projectRoot,
      depsLockFilePath: path.join(projectRoot, 'package-lock.json'),
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? functionDefaults.memorySize,
      timeout: props.timeout ?? Duration.seconds(functionDefaults.timeoutSeconds),
      role,
      ...(props.reservedConcurrency === undefined ? {} : { reservedConcurrentExecutions: props.reservedConcurrency }),
      logGroup: this.logGroup,
      loggingFormat: LoggingFormat.JSON,
      applicationLogLevelV2: ApplicationLogLevel.INFO,
      // INFO keeps Lambda's START, END and REPORT lines: duration, memory and cold starts per invocation.
      systemLogLevelV2: SystemLogLevel.INFO,
      tracing: Tracing.ACTIVE,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: 'dnc-api',
        ...props.environment,
      },
      bundling: { ...bundlingOptions, mainFields: [...bundlingOptions.mainFields], externalModules: [...bundlingOptions.externalModules] },
    });

    Validations.of(this.function).acknowledge({
      id: 'Serverless::Serverless-LambdaDLQ',
      reason: props.withoutDeadLetterQueueBecause,
    });
    const wildcardGrants = [xrayGrant, ...(props.otherWildcardResourceGrants ?? [])];
    Validations.of(role).acknowledge({
      id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
      reason: `Only ${wildcardGrants.join('; and ')}.`,
    });
  }
}
