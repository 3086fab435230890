/**
 * The offline runtime, composed: a list of services (Lambda workers, embedded DynamoDB, S3 over an object store,
 * SQS with its event source mappings, SES capture and its inbox, SNS topics delivering to queues, functions and the
 * inbox, API Gateway REST APIs, CloudWatch metrics and alarms, Bedrock Runtime over a local model, Step Functions
 * with its task integrations and alias deployments) behind one edge endpoint (local/platform), with serverless.yml
 * deployed into it; local/README.md draws it. `npm start` and the workflow tests both call startRuntime, so what the
 * tests exercise is what users run.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { API_GATEWAY, createApiGatewayModule, type ApiGatewayModule } from './apigateway/apigateway-route';
import { deployService } from './deploy/deploy-service';
import type { DeployPlan } from './deploy/plan';
import { createBedrockModule } from './bedrock/module';
import { CLOUDWATCH, createCloudWatchModule, type CloudWatchModule } from './cloudwatch/module';
import { createDynamoDbModule } from './dynamodb/module';
import { createInboxModule } from './inbox/inbox-route';
import { createLambdaModule, LAMBDA, type LambdaModule } from './lambda/module';
import { acceleratedClock, systemClock, type Clock } from './platform/clock';
import { startPlatform } from './platform/compose';
import type { EmulatedService } from './platform/service';
import { openStateDir, writeFileAtomically } from './platform/state-dir';
import { createS3Module } from './s3/module';
import { createSesModule } from './ses/ses-module';
import { createSnsModule } from './sns/module';
import { createSqsModule, SQS, type SqsModule } from './sqs/module';
import { createStepFunctionsModule, STEP_FUNCTIONS, type StepFunctionsModule } from './stepfunctions/module';
import { explainStartupError } from './startup-errors';

/** The account every local ARN carries, as LocalStack's default. */
export const LOCAL_ACCOUNT_ID = '000000000000';

export interface RuntimeOptions {
  /** The edge port: 4566 (LocalStack's) unless LOCAL_PORT says otherwise; 0 picks a free one (tests). */
  readonly port?: number;
  /** Run `serverless package --stage local` first (default); false deploys what `.serverless/` holds. */
  readonly packageFirst?: boolean;
  /** The directory holding serverless.yml; the project root by default. */
  readonly serviceDir?: string;
  /** Default AWS_REGION, else us-east-1. */
  readonly region?: string;
  /** Where the outputs go; default `<serviceDir>/.local/stack-outputs.json`; `false` writes none. */
  readonly outputsFile?: string | false;
  /** Where function logs and packaging progress go; stdout by default. */
  readonly log?: (line: string) => void;
  /**
   * The clock of executions (Wait, Retry, timeouts, heartbeats) and of queues (visibility, delays). Default: the wall
   * clock, or `$LOCAL_CLOCK_SPEED` times faster (e.g. 3600: an hour a second).
   */
  readonly clock?: Clock;
  /**
   * Task TimeoutSeconds overrides keyed `<state machine name>/<state name>`, so a 24 h callback is testable without
   * editing the ASL. Default: `$LOCAL_TASK_TIMEOUTS` as JSON, e.g. `{"orders-local-order-processing/Ask a manager": 5}`.
   */
  readonly taskTimeoutOverrides?: Readonly<Record<string, number>>;
  /**
   * Durable mode: the directory every service persists under (created if missing; locked against a second runtime).
   * Default: `$LOCAL_STATE_DIR`; absent or empty, state stays in memory.
   */
  readonly stateDir?: string;
}

export interface Runtime {
  /** The edge URL, for AWS_ENDPOINT_URL. */
  readonly url: string;
  readonly region: string;
  /** `EdgeEndpoint` plus every `resources.Outputs` key of serverless.yml, resolved locally. */
  readonly outputs: Readonly<Record<string, string>>;
  /** What was deployed. */
  readonly plan: DeployPlan;
  /** Where the outputs were written, if anywhere. */
  readonly outputsFile?: string;
  /** The state directory in durable mode. */
  readonly stateDir?: string;
  /** Stops executions, the edge, the Lambda workers and DynamoDB; in memory mode, state goes with them. */
  close(): Promise<void>;
}

/**
 * Starts every component, deploys the service and writes the stack outputs. The failures users commonly meet (port
 * taken, packaging failed) come out as a StartupError whose message says what to do; anything else is rethrown as is.
 */
export async function startRuntime(options: RuntimeOptions = {}): Promise<Runtime> {
  try {
    return await startRuntimeComponents(options);
  } catch (error) {
    throw explainStartupError(error, { port: options.port ?? Number(process.env.LOCAL_PORT ?? 4566) }) ?? error;
  }
}

async function startRuntimeComponents(options: RuntimeOptions): Promise<Runtime> {
  const serviceDir = options.serviceDir ?? path.resolve(__dirname, '..');
  const region = options.region ?? process.env.AWS_REGION ?? 'us-east-1';
  const port = options.port ?? Number(process.env.LOCAL_PORT ?? 4566);
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const taskTimeoutOverrides = options.taskTimeoutOverrides ?? timeoutsFromEnvironment();

  const stateDirPath = options.stateDir ?? (process.env.LOCAL_STATE_DIR || undefined);
  const stateDir = stateDirPath === undefined ? undefined : openStateDir(stateDirPath, { log });
  const services = runtimeServices({ taskTimeoutOverrides });
  let platform: Awaited<ReturnType<typeof startPlatform>>;
  try {
    const clock = options.clock ?? clockFromEnvironment(stateDir?.root);
    platform = await startPlatform({ services, port, region, accountId: LOCAL_ACCOUNT_ID, clock, log, stateDir });
  } catch (error) {
    stateDir?.release();
    throw error;
  }
  const close = async () => {
    try {
      await platform.close();
    } finally {
      stateDir?.release();
    }
  };
  try {
    // The deploy puts functions, event source mappings and REST APIs into the services that serve them.
    const { service } = platform.context;
    const lambda = service<LambdaModule>(LAMBDA);
    const sqs = service<SqsModule>(SQS);
    const apiGateway = service<ApiGatewayModule>(API_GATEWAY);
    const plan = await deployService({
      serviceDir,
      region,
      accountId: LOCAL_ACCOUNT_ID,
      endpoint: platform.url,
      lambda: lambda.runtime,
      restApis: apiGateway,
      eventSourceMappings: sqs.eventSourceMappings,
      aliasDeployer: service<StepFunctionsModule>(STEP_FUNCTIONS).aliasDeployer,
      alarms: service<CloudWatchModule>(CLOUDWATCH).alarms,
      packageFirst: options.packageFirst,
    });
    // Durable mode: executions left running by the last runtime run on, now that their functions are deployed.
    service<StepFunctionsModule>(STEP_FUNCTIONS).api?.resume();
    const outputs = { EdgeEndpoint: platform.url, ...plan.outputs };
    const outputsFile = options.outputsFile === false ? undefined : (options.outputsFile ?? path.join(serviceDir, '.local', 'stack-outputs.json'));
    if (outputsFile) {
      mkdirSync(path.dirname(outputsFile), { recursive: true });
      writeFileSync(outputsFile, `${JSON.stringify(outputs, null, 2)}\n`);
    }
    return { url: platform.url, region, outputs, plan, ...(outputsFile ? { outputsFile } : {}), ...(stateDir ? { stateDir: stateDir.root } : {}), close };
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
}

/**
 * Every service of the runtime, in start order (closed in reverse): a service may use those before it while it
 * starts, so Lambda comes first (SQS's event source mappings, API Gateway and Step Functions' integrations invoke
 * functions), the inbox after SES (it reads SES's captured mail), SNS after SQS, Lambda and SES (it delivers through
 * them) and CloudWatch before Step Functions (whose executions feed its metrics and whose alias deployments watch its
 * alarms).
 */
export function runtimeServices(options: { taskTimeoutOverrides?: Readonly<Record<string, number>> } = {}): EmulatedService[] {
  return [
    createLambdaModule(),
    createDynamoDbModule(),
    createS3Module(),
    createSqsModule(),
    createSesModule(),
    createInboxModule(),
    createSnsModule(),
    createApiGatewayModule(),
    createCloudWatchModule(),
    createBedrockModule(),
    createStepFunctionsModule({ taskTimeoutOverrides: options.taskTimeoutOverrides }),
  ];
}

/**
 * `$LOCAL_CLOCK_SPEED` (a positive number) speeds the runtime's clock up; absent, the wall clock. In durable mode the
 * sped-up clock's origin is kept in `<state dir>/clock.json`, so it carries on across restarts (history timestamps and
 * Wait deadlines written by the last runtime stay in the past or the future they were in).
 */
export function clockFromEnvironment(stateRoot?: string): Clock {
  const speed = process.env.LOCAL_CLOCK_SPEED;
  if (speed === undefined || speed === '') return systemClock;
  const factor = Number(speed);
  if (!(factor > 0)) throw new Error(`LOCAL_CLOCK_SPEED must be a positive number, got '${speed}'`);
  if (stateRoot === undefined) return acceleratedClock(factor);
  const file = path.join(stateRoot, 'clock.json');
  let origin: number | undefined;
  try {
    const saved = (JSON.parse(readFileSync(file, 'utf8')) as { origin?: unknown }).origin;
    if (typeof saved === 'number' && Number.isFinite(saved) && saved <= Date.now()) origin = saved;
  } catch {
    // None yet (or unreadable): this runtime's start is the origin.
  }
  if (origin === undefined) {
    origin = Date.now();
    writeFileAtomically(file, `${JSON.stringify({ origin })}\n`);
  }
  return acceleratedClock(factor, origin);
}

/** `$LOCAL_TASK_TIMEOUTS`: a JSON object of `<state machine name>/<state name>` → seconds. */
function timeoutsFromEnvironment(): Record<string, number> | undefined {
  const text = process.env.LOCAL_TASK_TIMEOUTS;
  if (!text) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`LOCAL_TASK_TIMEOUTS must be a JSON object of "<state machine>/<state>": seconds, got '${text}'`);
  }
  const entries = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? Object.entries(parsed) : [];
  if (entries.length === 0 || entries.some(([key, value]) => !key.includes('/') || !Number.isInteger(value) || (value as number) <= 0)) {
    throw new Error(`LOCAL_TASK_TIMEOUTS must map "<state machine>/<state>" to positive whole seconds, got '${text}'`);
  }
  return Object.fromEntries(entries) as Record<string, number>;
}
